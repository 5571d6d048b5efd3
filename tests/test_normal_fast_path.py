"""The fast path of matrix-game thresholds gives what the expression path gave.

The symbolic solution is computed in the field of rational functions
(:func:`~deterrence.parametric.normal_symbolic.fraction_candidate`), factored by
:mod:`~deterrence.parametric.factoring` instead of ``sympy.factor``, and the
sampled points are classified by the signs of the conditions' factors
(:class:`~deterrence.parametric.normal_signs.SignTable`) instead of the compiled
formulas. Each must agree exactly with the path it replaced — sympy itself is the
oracle: ``sympy.factor_list``, ``sympy.factor``, the candidates built from sympy
expressions, the lambdified formulas evaluated in Fractions, ``roots_for``.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
import sympy

from deterrence import load_game
from deterrence.io import parse_game
from deterrence.parametric import factoring, normal_symbolic
from deterrence.parametric.normal_formulas import condition_roots
from deterrence.parametric.normal_signs import SignTable
from deterrence.parametric.normal_symbolic import (
    compile_solution,
    solve_normal_symbolic,
)
from deterrence.parametric.roots import roots_for
from deterrence.parametric.sampling import parameter_box, sample_points

# every matrix game of the catalogue but the 4x4 one with six parameters (its expression
# path alone takes seconds: it is in the slow run)
QUICK = ["alliance_volunteers", "battle_of_the_sexes", "friendshoring_dilemma", "hawk_dove",
         "matching_pennies", "mixed_dominance", "offense_defense", "prisoners_dilemma", "stag_hunt"]
CATALOGUE = QUICK + [pytest.param("security_dilemma_trust", marks=pytest.mark.slow)]
#: seeded random games: a few in the default run, more in the slow one
SEEDS = [1, 2, 3, 4] + [pytest.param(s, marks=pytest.mark.slow) for s in (0, 5, 6, 7, 8, 9)]


def _random_polynomial(rng: random.Random, symbols, variables: int, degree: int, terms: int):
    chosen = rng.sample(symbols, variables)
    total = sympy.Integer(0)
    for _ in range(terms):
        term = sympy.Rational(rng.randint(-5, 5), rng.choice([1, 1, 2, 3]))
        for v in chosen:
            term *= v ** rng.randint(0, degree)
        total += term
    return total


@pytest.mark.parametrize("seed", [0, 1] + [pytest.param(s, marks=pytest.mark.slow) for s in range(2, 8)])
def test_factor_list_and_factor_are_sympys(seed):
    """Same coefficient, same factors in the same order; the same factored expression."""
    rng = random.Random(seed)
    symbols = list(sympy.symbols("q R S T P x")) + [sympy.Symbol("V", positive=True),
                                                    sympy.Symbol("p", nonnegative=True)]
    for _ in range(40):
        parts = [_random_polynomial(rng, symbols, rng.randint(1, 4), rng.randint(1, 2), rng.randint(1, 4))
                 for _ in range(rng.randint(1, 3))]
        expr = sympy.Mul(*parts)
        if rng.random() < 0.6:
            expr = sympy.expand(expr)
        expected = sympy.factor_list(expr)
        got = factoring.factor_list(expr)
        assert got == expected and str(got) == str(expected), expr
        d = _random_polynomial(rng, symbols, rng.randint(1, 3), 1, rng.randint(1, 3))
        if d != 0:
            ratio = expr / d + parts[0] / (d + 1)
            assert str(factoring.factor(ratio)) == str(sympy.factor(ratio)), ratio


def test_products_of_factors_linear_in_every_parameter():
    """No parameter of degree one, no content in any: the factors are found by dividing
    out the ones met before, or by sympy — the same either way."""
    P, R, S, T, q = sympy.symbols("P R S T q")
    a = 2*P*q - P + 2*R*q - R - 2*S*q + S - T*q
    b = P*q + R*q - R - S*q + T*q**2 - 2*T*q + T
    for expr in (sympy.expand(a * b), sympy.expand(a * b * (P - S)), sympy.expand(a ** 2 * b)):
        assert factoring.factor_list(expr) == sympy.factor_list(expr)


def _dump(solution):
    out = [solution.free, solution.complete, solution.singular, solution.impossible, solution.warnings]
    for c in solution.candidates:
        out.append((c.supports, [[str(p) for p in s] for s in c.strategies], [str(p) for p in c.payoffs],
                    [(str(k.expr), k.strict, k.reason, str(k.relation), str(k.assumes)) for k in c.conditions],
                    [str(z) for z in c.nonzero]))
    return out


def _expression_path(game, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(normal_symbolic, "fraction_tensors", lambda *args: None)
        return solve_normal_symbolic(game)


def _random_game(seed: int):
    """A 2- or 3-strategy bimatrix game whose payoffs are small polynomials in three
    parameters (one a probability)."""
    rng = random.Random(seed)
    names = ["a", "b", "p"]
    m, n = rng.randint(2, 3), rng.randint(2, 3)

    def payoff() -> str:
        terms = []
        for _ in range(rng.randint(1, 3)):
            coefficient = rng.randint(-4, 4)
            factors = [str(coefficient)] + [v for v in names if rng.random() < 0.4]
            terms.append("*".join(factors))
        return " + ".join(terms).replace("+ -", "- ")

    rows = "\n".join(f'"r{i}" = [' + ", ".join(f'["{payoff()}", "{payoff()}"]' for _ in range(n)) + "]"
                     for i in range(m))
    text = f"""schema = "deterrence/1"
title = "random {seed}"
kind = "normal"
players = ["Row", "Column"]

[parameters]
a = {{ default = 1 }}
b = {{ default = 2, min = 0 }}
p = {{ default = "1/3", type = "probability" }}

[strategies]
Row = [{", ".join(f'"r{i}"' for i in range(m))}]
Column = [{", ".join(f'"c{j}"' for j in range(n))}]

[payoffs]
{rows}
"""
    return parse_game(text)


@pytest.mark.parametrize("name", CATALOGUE)
def test_catalogue_solution_equals_the_expression_path(name, monkeypatch):
    game = load_game(name)
    assert _dump(solve_normal_symbolic(game)) == _dump(_expression_path(game, monkeypatch))


@pytest.mark.parametrize("seed", SEEDS)
def test_random_solution_equals_the_expression_path(seed, monkeypatch):
    game = _random_game(seed)
    assert _dump(solve_normal_symbolic(game)) == _dump(_expression_path(game, monkeypatch))


def _points(game, count: int = 60):
    box = parameter_box(game)
    point = tuple(game.parameters.values()[n] for n in game.parameters.names)
    # the values in force, seeded points, and the box's corners (ties and zeros)
    corners = [tuple(lo for _, lo, _ in box), tuple(hi for _, _, hi in box)]
    return [point] + corners + sample_points(box, count, 0)


@pytest.mark.parametrize("source", QUICK + SEEDS)
def test_signs_equal_the_compiled_formulas(source):
    """Validity, degeneracy and every condition's sign, point by point, as the lambdified
    formulas evaluated in Fractions say."""
    game = load_game(source) if isinstance(source, str) else _random_game(source)
    solution = solve_normal_symbolic(game)
    points = _points(game)
    table = SignTable(solution, points)
    compiled = compile_solution(solution)
    for n, point in enumerate(points):
        valid, degenerate = compiled.valid_exact(point)
        assert table.valid_exact(n) == (valid, degenerate), point
        if degenerate:
            continue
        for k in range(len(solution.candidates)):
            values = compiled.exact_candidate(k, point)[2]
            assert table.condition_signs(n, k) == tuple((v > 0) - (v < 0) for v in values)


def test_signs_are_exact_where_floats_cannot_tell():
    """A factor that vanishes at a point (or nearly: 1e-12 away) is read exactly."""
    game = parse_game('''schema = "deterrence/1"
title = "close call"
kind = "normal"
players = ["Row", "Column"]
[parameters]
x = { default = 1 }
[strategies]
Row = ["U", "D"]
Column = ["L"]
[payoffs]
U = [["x", 0]]
D = [["1", 0]]
''')
    solution = solve_normal_symbolic(game)
    near = Fraction(1) + Fraction(1, 10 ** 12)
    table = SignTable(solution, [(Fraction(1),), (near,), (Fraction(1) - Fraction(1, 10 ** 12),)])
    compiled = compile_solution(solution)
    for n, point in enumerate(table.points):
        assert table.valid_exact(n) == compiled.valid_exact(point)
    assert table.valid_exact(0)[1] and not table.valid_exact(1)[1]


@pytest.mark.parametrize("name", QUICK)
def test_condition_roots_are_roots_for(name):
    solution = solve_normal_symbolic(load_game(name))
    for cand in solution.candidates:
        for c in cand.conditions:
            for s in c.expr.free_symbols:
                assert [str(r) for r in condition_roots(c.expr, s)] == [str(r) for r in roots_for(c.expr, s)]
