"""The allow-list expression parser: what it accepts, what it refuses."""

from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

from deterrence.errors import ExpressionError
from deterrence.model.expr import as_expr, format_fraction, parse, to_fraction


@pytest.mark.parametrize("text, env, expected", [
    pytest.param("(V - C)/2", {"V": 2, "C": 6}, Fraction(-2), id="hawk-dove-fight"),
    pytest.param("V/C", {"V": 2, "C": 6}, Fraction(1, 3), id="hawk-dove-mixed"),
    pytest.param("0.1", {}, Fraction(1, 10), id="decimal-is-exact"),
    pytest.param("1/3 + 1/6", {}, Fraction(1, 2), id="fractions"),
    pytest.param("-x^2", {"x": 3}, Fraction(-9), id="power-binds-tighter-than-minus"),
    pytest.param("2^-2", {}, Fraction(1, 4), id="negative-exponent"),
    pytest.param("x**3", {"x": Fraction(1, 2)}, Fraction(1, 8), id="double-star-power"),
    pytest.param("min(a, b) - max(a, b, 0)", {"a": 1, "b": 5}, Fraction(-4), id="min-max"),
    pytest.param("1e3 * s", {"s": Fraction(9, 10)}, Fraction(900), id="exponent-notation"),
    pytest.param("a - b - c", {"a": 10, "b": 3, "c": 2}, Fraction(5), id="left-associative-minus"),
    pytest.param("a / b / c", {"a": 12, "b": 3, "c": 2}, Fraction(2), id="left-associative-divide"),
])
def test_evaluates_exactly(text, env, expected):
    assert parse(text).evaluate(env) == expected


@pytest.mark.parametrize("text", [
    "__import__('os').system('id')",
    "().__class__",
    "open('x')",
    "a.b",
    "x[0]",
    "lambda: 1",
    "f'{x}'",
    "exp(1)",
    "2^99999",
    "x ^ y",
    "1 +",
    "(1",
    "",
    "min",
    "2^3^2",
    "1 == 1",
    "a; b",
    "((((((2^12)^12)^12)^12)^12)^12)",
])
def test_refuses_everything_outside_the_grammar(text):
    with pytest.raises(ExpressionError):
        parse(text)


def test_error_names_the_position():
    with pytest.raises(ExpressionError) as info:
        parse("V - c!")
    assert info.value.position == 5
    assert "'!'" in str(info.value)


def test_division_by_zero_is_a_clear_error():
    with pytest.raises(ExpressionError, match="division by zero"):
        parse("V/C").evaluate({"V": 1, "C": 0})


def test_constant_text_folds_to_a_number():
    assert as_expr("1/3").is_constant
    assert as_expr("1/3").evaluate({}) == Fraction(1, 3)


def test_floats_are_refused_because_they_are_not_exact():
    with pytest.raises(ExpressionError):
        as_expr(0.1)


def test_to_fraction_refuses_names():
    with pytest.raises(ExpressionError):
        to_fraction("p")


def test_sympy_back_end_matches_exact_back_end():
    import sympy

    expr = parse("(V - C)/2 + min(V, 3)^2")
    V, C = sympy.symbols("V C", real=True)
    symbolic = expr.to_sympy({"V": V, "C": C})
    assert symbolic.subs({V: 2, C: 6}) == sympy.Rational(expr.evaluate({"V": 2, "C": 6}))


names = st.sampled_from(["a", "b", "c"])
leaves = st.one_of(st.integers(-20, 20).map(str), names,
                   st.fractions(min_value=-5, max_value=5, max_denominator=9).map(
                       lambda f: f"({format_fraction(f)})"))


def _combine(children):
    return st.one_of(
        st.tuples(children, st.sampled_from("+-*"), children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(children, st.integers(0, 3)).map(lambda t: f"({t[0]})^{t[1]}"),
        st.tuples(children, children).map(lambda t: f"max({t[0]}, {t[1]})"),
    )


@given(st.recursive(leaves, _combine, max_leaves=8),
       st.fixed_dictionaries({n: st.fractions(-5, 5, max_denominator=7) for n in "abc"}))
def test_printing_then_parsing_gives_the_same_value(text, env):
    expr = parse(text)
    assert parse(str(expr)).evaluate(env) == expr.evaluate(env)


def _quotients(children):
    return st.one_of(
        _combine(children),
        st.tuples(children, children).map(lambda t: f"({t[0]}) / ({t[1]})"),
        st.tuples(children, st.integers(-3, -1)).map(lambda t: f"({t[0]})^{t[1]}"),
    )


@given(st.recursive(leaves, _quotients, max_leaves=10),
       st.fixed_dictionaries({n: st.fractions(-4, 4, max_denominator=5) for n in "abc"}))
def test_exact_values_agree_with_sympy_and_undefined_ones_are_errors(text, env):
    """``evaluate`` reduces once at the end (integer pairs on the way): the value is
    sympy's, node by node in its own rationals; where sympy meets a division by zero
    (``zoo``, ``nan``) the evaluation is an ExpressionError, never a wrong number."""
    import sympy

    try:
        expr = parse(text)
    except ExpressionError as exc:    # constant text is folded when read: 0^-1 is refused there
        assert "division by zero" in exc.message
        return
    try:
        exact = expr.to_sympy({n: sympy.Rational(v.numerator, v.denominator) for n, v in env.items()})
    except (ValueError, TypeError):   # sympy's max of nan, say: undefined too
        exact = sympy.nan
    if exact.is_Rational:
        assert expr.evaluate(env) == Fraction(int(exact.p), int(exact.q))
    else:
        with pytest.raises(ExpressionError):
            expr.evaluate(env)


@pytest.mark.parametrize("text, env, message", [
    pytest.param("x^600 * x^600", {"x": 2 ** 10}, "number too large", id="product-past-the-limit"),
    pytest.param("(x^700 + 1) / x^700 - 1", {"x": 3 ** 20}, "number too large", id="sum-past-the-limit"),
    pytest.param("1 / (x - x)", {"x": Fraction(1, 3)}, "division by zero", id="zero-difference"),
    pytest.param("(x - 1)^-2", {"x": 1}, "division by zero", id="zero-to-a-negative-power"),
    pytest.param("y + 1", {"x": 1}, "unknown name", id="unknown-name"),
])
def test_limits_and_undefined_values_are_refused_whatever_the_order(text, env, message):
    with pytest.raises(ExpressionError, match=message):
        parse(text).evaluate(env)


def test_a_value_past_the_limit_only_before_reduction_is_still_exact():
    # each step reduces to 1; unreduced, the numerators pass MAX_NUMBER_BITS
    x, y = Fraction(2 ** 500 + 1, 3 ** 300), Fraction(5 ** 200, 7 ** 170 + 2)
    expr = parse(" * ".join(["(x/y) * (y/x)"] * 12))
    assert expr.evaluate({"x": x, "y": y}) == 1
