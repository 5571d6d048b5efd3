"""The remembering printers of ``parametric.texts`` write what sympy writes (issue 12).

``thresholds`` prints each condition in several forms to choose the shortest, and the
conditions of a game share their factors; the printers remember the text of every sum,
product, power and relation. A text must not depend on where the subexpression was met
first, so each is compared with sympy's ``str`` and ``latex`` of the same expression,
printed cold, on seeded random expressions of the shapes conditions take (expanded and
factored polynomials with rational coefficients, quotients, unevaluated products as
the helper process rebuilds them, square roots, ``Max``/``Min``, relations) and on
every condition of catalogue games, in an order that meets the parts before the whole.
"""

from __future__ import annotations

import random

import pytest
import sympy

from deterrence.parametric import texts

SYMBOLS = sympy.symbols("q R Tg Ts P S c_res V L f")


def _term(rng: random.Random):
    coefficient = sympy.Rational(rng.randint(-9, 9) or 1, rng.choice([1, 1, 2, 3, 7]))
    factors = [rng.choice(SYMBOLS) ** rng.choice([1, 1, 1, 2, 3]) for _ in range(rng.randint(0, 3))]
    return sympy.Mul(coefficient, *factors)


def _polynomial(rng: random.Random):
    return sympy.Add(*[_term(rng) for _ in range(rng.randint(1, 5))])


def _expression(rng: random.Random, depth: int = 2):
    """A random expression of the shapes the conditions of a game take."""
    if depth == 0:
        return _polynomial(rng)
    a, b = _expression(rng, depth - 1), _expression(rng, depth - 1)
    shape = rng.randrange(9)
    if shape == 0:
        return sympy.factor(a * b)
    if shape == 1:
        return a / b if b != 0 else a
    if shape == 2:
        return sympy.Mul(sympy.Rational(1, rng.choice([2, 3])), a, evaluate=False)
    if shape == 3:
        return sympy.Mul(-1, a, b, evaluate=False)
    if shape == 4:
        return sympy.sqrt(a) + b
    if shape == 5:
        return sympy.Max(a, 0) - b
    if shape == 6:
        return sympy.Pow(a, rng.choice([2, -1, -2]))
    if shape == 7:
        return sympy.Add(a, b, evaluate=False)
    return sympy.expand(a * b)


def _relation(rng: random.Random, expr):
    kind = rng.choice([sympy.StrictGreaterThan, sympy.GreaterThan, sympy.StrictLessThan, sympy.LessThan,
                       sympy.Eq])
    return kind(expr, _polynomial(rng), evaluate=False)


def _subexpressions(expr):
    """Every part of ``expr``, the parts before the whole (the order that fills the memory)."""
    return list(sympy.postorder_traversal(expr))


@pytest.mark.parametrize("seed", range(6))
def test_texts_of_random_conditions_are_sympys(seed):
    rng = random.Random(seed)
    exprs = [_expression(rng) for _ in range(25)]
    exprs += [-e for e in exprs] + [_relation(rng, e) for e in exprs[:10]]
    for expr in exprs:
        for part in _subexpressions(expr):
            assert texts.text(part) == sympy.sstr(part, order=None)
            assert texts.latex(part) == sympy.latex(part)


def test_a_remembered_text_is_the_same_text_printed_again():
    x, y = sympy.symbols("x y")
    inner = x - y
    first = texts.text(inner)
    assert texts.text(inner) == first == "x - y"
    assert texts.text(inner * (x + 1)) == str(inner * (x + 1))
    assert texts.latex(sympy.Rational(1, 2) * inner) == sympy.latex(sympy.Rational(1, 2) * inner)


def test_the_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(texts, "MAX_KEPT", 8)
    x = sympy.Symbol("x")
    for k in range(40):
        assert texts.text(x + k * x ** 2) == str(x + k * x ** 2)
    assert len(texts.printer("str").kept) <= 8


@pytest.mark.parametrize("slug", ["collective_economic_security", "friendshoring_dilemma",
                                  pytest.param("security_dilemma_trust", marks=pytest.mark.slow),
                                  pytest.param("export_control_pool", marks=pytest.mark.slow)])
def test_every_condition_of_a_catalogue_game_prints_as_sympy_prints_it(slug):
    from deterrence import load_game
    from deterrence.parametric.thresholds import derive_thresholds

    from deterrence.parametric.conditions import Condition

    report = derive_thresholds(load_game(slug), check_sweeps=False)
    forms = []
    for regime in report.regimes:
        for c in regime.conditions:
            if isinstance(c, Condition):
                forms += [c.expr, c.relation]
    assert forms
    for expr in forms:
        for part in _subexpressions(expr) + [expr]:
            assert texts.text(part) == sympy.sstr(part, order=None)
            assert texts.latex(part) == sympy.latex(part)
