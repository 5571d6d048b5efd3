"""Sweeps of random escalation ladders against solving every grid point (issue 12).

The catalogue's ladders (kahn_ladder, tariff_ladder) are two trees; a sweep's
formulas must hold on ladders nobody here drew. Each seed builds a ladder of four
or five rungs with two-sided private resolve (each side resolute with its own
prior, a resolute side valuing the stake at ``x`` instead of 10), random integer
costs, a loss-of-control risk on the higher rungs, and a random chance of
prevailing at the top. These trees have free information sets above free
information sets: where beliefs support several actions there, the exact solver
takes the play off the path from the equilibria of the game with a deviation
forced, and lists several equilibria with one path — the case a piece's formulas
must decline rather than guess (tests/test_tree_offpath_pieces.py). Every grid
point of each sweep is solved: the regime, the labels and the payoffs must be the
solver's.
"""

from __future__ import annotations

import random

import pytest

from deterrence.io import parse_game
from deterrence.parametric.ranges import Range
from test_sweep_grids import check_sweep


def random_ladder(seed: int):
    """A ladder TOML game: players A and B, resolve private on both sides (``pa``, ``pb``),
    the resolute stake ``x`` in [0, 60] (10 for a pragmatic side)."""
    rng = random.Random(seed)
    rungs = rng.choice([4, 5])
    lines = [
        'schema = "deterrence/1"', f'title = "random ladder {seed}"', 'kind = "ladder"',
        'players = ["A", "B"]',
        "[parameters]",
        'x = { default = 20, min = 0, max = 60, description = "the stake to a resolute side" }',
        f'pa = {{ default = "{rng.choice(["1/2", "1/3", "2/3"])}", type = "probability", '
        'description = "A is resolute" }',
        f'pb = {{ default = "{rng.choice(["1/2", "1/4", "3/4"])}", type = "probability", '
        'description = "B is resolute" }',
        "[ladder]", 'first = "A"', 'start = "Status quo"', 'stake = "10"',
        f'worst = "-{rng.randint(10, 40)}"', 'top = "war"',
        f'prevail = {{ "A" = "{rng.choice(["1/2", "1/3", "3/4"])}" }}',
        "[ladder.resolve.A]", 'probability = "pa"', 'stake = "x"', 'types = ["resolute", "pragmatic"]',
        "[ladder.resolve.B]", 'probability = "pb"', 'stake = "x"', 'types = ["resolute", "pragmatic"]',
    ]
    for k in range(rungs):
        risk = rng.choice(["0", "1/20", "1/10"]) if k else "0"
        lines += ["[[ladder.rungs]]", f'name = "Rung {k + 1}"',
                  f'cost = {{ "A" = {rng.randint(0, 4)}, B = {rng.randint(0, 4)} }}',
                  f'loss_of_control = "{risk}"']
    return parse_game("\n".join(lines) + "\n", f"random_ladder_{seed}.toml")


def test_a_random_ladder_has_forced_play_off_the_path():
    """Seed 16 is such a ladder: at x = 5 the solver lists five equilibria, several with the
    same path and different play off it (from the games with a deviation forced)."""
    from fractions import Fraction

    from deterrence.solver import solve

    game = random_ladder(16)
    result = solve(game.with_values({"x": Fraction(5)}))
    paths = [tuple(sorted(eq.outcomes)) for eq in result.equilibria]
    assert len(paths) > len(set(paths))


def test_a_random_ladder_sweep_is_the_solvers_at_every_point():
    check_sweep(random_ladder(16), Range.parse("x=6:8"), 3)     # five equilibria at 7, two at 8


@pytest.mark.slow
@pytest.mark.parametrize("seed", [6, 16, 19, 20, 25])
@pytest.mark.parametrize("grid", ["x=0:60@13", "pa=0:1@11"])
def test_random_ladder_sweeps_are_the_solvers_at_every_point(seed, grid):
    text, steps = grid.split("@")
    check_sweep(random_ladder(seed), Range.parse(text), int(steps))
