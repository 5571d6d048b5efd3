"""The shortcuts ``thresholds`` takes on a tree give what the long way gives (issue 12).

* The conditions of a comparison with ``min``/``max`` terms (a pool's shortfall that
  cannot go below 0) are made with each term standing in as a symbol of its sign, then
  put back: the same conditions, text for text, as sympy working on the ``Max`` terms.
* The exact evaluator of conditions (closures over Fractions) gives ``lambdify``'s exact
  values, poles included, on seeded random expressions.
* The boundary equations a pool's thresholds are written as still vanish exactly where
  their factor does.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
import sympy

from deterrence import load_game
from deterrence.parametric.compiled import exact_function
from deterrence.parametric.conditions import make_conditions
from deterrence.parametric.symbols import free_symbols, parameter_symbols
from deterrence.parametric.tree_evaluate import exact_evaluator
from deterrence.parametric.stand_ins import stand_ins
from deterrence.parametric.tree_formulas import conditions_of, node_values


def _pool_comparisons(slug: str, members: int):
    """Every prescribed-minus-alternative payoff of a pool's Target and Coercer, as sympy
    expressions with their ``Max`` terms (the pure profile 'always the first action')."""
    game = load_game(slug).with_values({"N": members})
    symbols = parameter_symbols(game)
    choice = [0] * game.n_infosets
    values = node_values(game, choice, symbols)
    out = []
    for v in range(game.size):
        if game.is_terminal(v) or game.is_chance(v):
            continue
        kids = game.children(v)
        player = int(game.mover[v])
        out += [values[kids[0]][player] - values[kids[b]][player] for b in range(1, len(kids))]
    return game, [d for d in out if d.has(sympy.Max)]


@pytest.mark.parametrize("slug, members", [("export_control_pool", 3), ("export_control_supply_pool", 2)],
                         ids=["export_control_pool-N3", "export_control_supply_pool-N2"])
def test_conditions_with_max_terms_are_those_sympy_makes_on_the_terms(slug, members):
    game, diffs = _pool_comparisons(slug, members)
    assert diffs
    order = free_symbols(game)
    for diff in diffs[:4]:
        for strict in (False, True):
            try:
                expected = [(c.text, c.strict, str(c.expr)) for c in make_conditions(diff, strict, "", order)]
            except Exception as exc:                      # the long way refuses: so must the short
                with pytest.raises(type(exc)):
                    conditions_of(diff, strict, "", order)
                continue
            got = [(c.text, c.strict, str(c.expr)) for c in conditions_of(diff, strict, "", order)]
            assert got == expected, diff


def test_a_stand_in_knows_the_sign_of_its_term():
    x = sympy.Symbol("x", real=True)
    rational, restored = stand_ins(sympy.Max(0, x) + sympy.Min(-1, x))
    (a, b) = sorted(rational.free_symbols - {x}, key=str)
    assert {a.is_nonnegative, b.is_negative} == {True} or {a.is_negative, b.is_nonnegative} == {True}
    assert restored(rational) == sympy.Max(0, x) + sympy.Min(-1, x)


def _random_expression(rng: random.Random, symbols, depth: int):
    if depth == 0:
        return rng.choice(list(symbols) + [sympy.Rational(3, 7), sympy.Integer(-2), sympy.Integer(2)])
    a, b = _random_expression(rng, symbols, depth - 1), _random_expression(rng, symbols, depth - 1)
    kind = rng.randrange(5)
    if kind == 3:
        return sympy.Max(0, a - b)
    if kind == 4:
        return (a + symbols[0]) ** rng.randint(-2, 3)
    return (a + b, a * b, a - b)[kind]


def test_the_exact_evaluator_agrees_with_lambdify_at_random_points():
    symbols = sympy.symbols("x y z", nonnegative=True)
    rng = random.Random("tree-evaluate")
    checked = 0
    while checked < 200:
        try:
            expr = _random_expression(rng, symbols, 4)
        except ValueError:        # sympy refuses Max of a complex infinity
            continue
        if expr.has(sympy.zoo, sympy.nan):
            continue
        point = [Fraction(rng.randint(-5, 5), rng.randint(1, 4)) for _ in symbols]

        def value(f):
            try:
                return f(*point)
            except ZeroDivisionError:
                return "pole"

        assert value(exact_evaluator(symbols, [expr])) == value(exact_function(symbols, [expr])), (expr, point)
        checked += 1


def test_the_exact_evaluator_hands_what_it_does_not_know_to_lambdify():
    x = sympy.Symbol("x", real=True)
    f = exact_evaluator([x], [sympy.Abs(x - 5) * 2, x / 2])
    assert f(Fraction(4)) == [2, Fraction(2)]


def test_the_boundary_equations_of_a_pool_vanish_where_their_factor_does():
    from deterrence.parametric.tree_thresholds import tree_thresholds

    game = load_game("export_control_supply_pool")
    report = tree_thresholds(game, samples=20)
    values = game.parameters.values()
    shown = [t for t in report.thresholds if t.equation.has(sympy.Max)]
    assert shown
    for t in shown:
        gap = t.equation.lhs - t.equation.rhs
        solved_for = t.equation.lhs
        # the equation's right side, at the values in force, is a root of the gap
        at = {s: sympy.Rational(values[s.name]) for s in gap.free_symbols if s != solved_for}
        root = t.equation.rhs.subs(at)
        if root.is_finite:
            assert sympy.simplify(gap.subs(at).subs(solved_for, root)) == 0, t.text
