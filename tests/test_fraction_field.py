"""FractionField's shortcuts for sums and products give sympy's own elements, in lowest terms."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from deterrence import load_game
from deterrence.parametric.tree_pieces import FractionField


@pytest.fixture(scope="module")
def field():
    return FractionField(load_game("punishment_credibility"))   # parameters p, V, c


def random_element(field, rng):
    import sympy

    expr = sympy.Integer(0)
    for _ in range(rng.randint(0, 3)):
        term = sympy.Rational(rng.randint(-6, 6), rng.choice([1, 1, 2, 3, 4, 6]))
        for s in field.symbols:
            term *= s ** rng.randint(0, 2)
        expr += term
    if rng.random() < 0.3:      # a denominator that is not a number
        expr = expr / (field.symbols[0] + rng.randint(1, 3))
    return field._field.from_sympy(expr)


@pytest.mark.parametrize("seed", range(20))
def test_sums_and_products_are_sympys_own(field, seed):
    rng = random.Random(seed)
    for _ in range(50):
        a, b = random_element(field, rng), random_element(field, rng)
        for got, want in ((field.add(a, b), a + b), (field.mul(a, b), a * b)):
            # the same numerator and denominator, not only an equal value
            assert (got.numer, got.denom) == (want.numer, want.denom)


def test_a_common_factor_of_the_coefficients_cancels(field):
    p = field.of_name("p")
    half, two = field.const(Fraction(1, 2)), field.const(Fraction(2))
    product = field.mul(field.mul(half, p), two)
    assert (product.numer, product.denom) == (p.numer, p.denom)
    assert field.add(field.mul(half, p), field.mul(half, p)) == p


def _random_rational_expression(rng, symbols, depth: int = 3):
    """A seeded rational expression: sums, products, whole powers (negative too), some
    left unevaluated as the thresholds helper rebuilds them."""
    import sympy

    if depth == 0 or rng.random() < 0.2:
        return rng.choice(list(symbols) + [sympy.Rational(rng.randint(-7, 7), rng.choice([1, 2, 3, 5]))])
    a = _random_rational_expression(rng, symbols, depth - 1)
    b = _random_rational_expression(rng, symbols, depth - 1)
    shape = rng.randrange(6)
    if shape == 0:
        return a + b
    if shape == 1:
        return a * b
    if shape == 2:
        return a / b if b != 0 else a
    if shape == 3:
        return a ** rng.choice([2, 3, -1, -2]) if a != 0 else b
    if shape == 4:
        return sympy.Mul(sympy.Rational(1, rng.choice([2, 3])), a + b, evaluate=False)
    return sympy.Add(a, -b, evaluate=False)


@pytest.mark.parametrize("seed", range(10))
def test_an_expression_is_read_into_the_field_as_sympy_reads_it(seed):
    """:func:`~deterrence.parametric.factoring.field_element` builds the numerator and the
    denominator in the ring and cancels once; the element is sympy's, term for term."""
    import sympy
    from sympy import QQ

    from deterrence.parametric.factoring import field_element

    rng = random.Random(seed)
    symbols = sympy.symbols("c p q V")
    field = QQ.frac_field(*symbols)
    for _ in range(40):
        expr = _random_rational_expression(rng, symbols)
        try:
            want = field.from_sympy(expr)
        except ZeroDivisionError:
            with pytest.raises(ZeroDivisionError):
                field_element(field, expr)
            continue
        got = field_element(field, expr)
        assert (got.numer, got.denom) == (want.numer, want.denom), expr


def test_what_the_field_does_not_hold_is_refused_as_sympy_refuses_it():
    import sympy
    from sympy import QQ
    from sympy.polys.polyerrors import CoercionFailed

    from deterrence.parametric.factoring import field_element

    x, y = sympy.symbols("x y")
    field = QQ.frac_field(x)
    for expr in (x + y, sympy.sqrt(x) + 1, x / (1 + y)):
        with pytest.raises((CoercionFailed, ValueError)):
            field.from_sympy(expr)
        with pytest.raises((CoercionFailed, ValueError)):
            field_element(field, expr)
    half = x + sympy.Float(0.5)               # sympy reads a float as a rational
    assert field_element(field, half) == field.from_sympy(half)
