"""Matrix sweeps against solving every grid point exactly, on seeded random games.

Payoffs are random polynomials of degree two in one parameter ``x``, so that the
support systems of a sweep (solved in the field Q(x), fraction-free) have
determinants and mixtures that change with ``x``, vanish at rational and
irrational points, and make supports appear and disappear. At every grid point
the sweep's equilibria must be the exact solver's: the same strategies and
payoffs, in exact numbers.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from deterrence.io import parse_game
from deterrence.parametric.ranges import Range
from deterrence.parametric.sweep import sweep_one
from deterrence.solver import solve


def random_quadratic_game(rng: random.Random, rows: int, cols: int) -> str:
    """A two-player game file whose payoffs are ``a + b*x + c*x^2`` with small integers."""
    def payoff() -> str:
        a, b, c = (rng.randint(-3, 3) for _ in range(3))
        return f'"{a} + {b}*x + {c}*x^2"'

    lines = ['schema = "deterrence/1"', 'title = "random quadratic game"', 'kind = "normal"', 'players = ["Row", "Column"]', "",
             "[parameters]", 'x = { default = "1/2" }', "", "[strategies]",
             f'Row = [{", ".join(f"{chr(34)}r{i}{chr(34)}" for i in range(rows))}]',
             f'Column = [{", ".join(f"{chr(34)}c{j}{chr(34)}" for j in range(cols))}]',
             "", "[payoffs]"]
    for i in range(rows):
        cells = ", ".join(f"[{payoff()}, {payoff()}]" for _ in range(cols))
        lines.append(f'r{i} = [{cells}]')
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", range(8))
def test_every_grid_point_of_a_random_quadratic_game_is_the_exact_solvers(seed):
    rng = random.Random(seed)
    rows, cols = rng.choice([(2, 2), (2, 3), (3, 3), (3, 4)])
    game = parse_game(random_quadratic_game(rng, rows, cols), path=f"random-{seed}.toml")
    lo = Fraction(rng.randint(-6, 0), rng.choice([1, 2]))
    hi = lo + Fraction(rng.randint(2, 8), rng.choice([1, 2, 3]))
    steps = 11
    sweep = sweep_one(game, Range.parse(f"x={lo}:{hi}"), steps=steps)
    answers = sweep.answers(list(range(steps)))
    for value, got in zip(sweep.values, answers):
        expected = solve(game.with_values({"x": value})).equilibria
        assert [e.strategies for e in got] == [e.strategies for e in expected], value
        assert [e.payoffs for e in got] == [e.payoffs for e in expected], value
