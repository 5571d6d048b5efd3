"""Counts: parameters of ``type = "integer"`` (pool members) are whole numbers everywhere —
in bounds, in sampled points, on a sweep's grid — and a tree built from a count is solved
point by point, because each count is its own tree."""

from fractions import Fraction

import pytest
from click.testing import CliRunner

from deterrence import load_game
from deterrence.cli import cli
from deterrence.errors import UsageError
from deterrence.io import dumps, parse_game
from deterrence.parametric.ranges import Range
from deterrence.parametric.regimes import tree_regime
from deterrence.parametric.sampling import parameter_box, sample_points
from deterrence.parametric.sweep import sweep_one
from deterrence.solver import solve

POOL = "export_control_pool"


def test_a_count_refuses_a_fraction():
    game = load_game(POOL)
    assert game.parameters.get("N").integer
    with pytest.raises(UsageError, match="not a whole number"):
        game.with_values({"N": Fraction(5, 2)})


COUNTED = """
schema = "deterrence/1"
title = "Volunteers"
players = ["Row", "Column"]

[parameters]
N = { default = 3, type = "integer", min = 0, description = "volunteers" }
c = { default = 1, min = 0 }

[strategies]
Row = ["Help", "Wait"]
Column = ["Help", "Wait"]

[payoffs]
Help = [["N - c", "N - c"], ["N - c", "N"]]
Wait = [["N", "N - c"], [0, 0]]
"""


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_the_type_survives_writing_and_reading(fmt):
    game = parse_game(COUNTED)
    assert game.parameters.get("N").integer and not game.parameters.get("c").integer
    again = parse_game(dumps(game, fmt))
    assert again.parameters.get("N").integer and not again.parameters.get("c").integer


def test_sampled_counts_are_whole():
    game = load_game(POOL)
    names = [n for n, _, _ in parameter_box(game)]
    k = names.index("N")
    points = sample_points(parameter_box(game), 50, 3, integers=["N"])
    assert all(p[k].denominator == 1 for p in points)
    assert len({p[k] for p in points}) > 5


def test_a_sweep_of_a_count_needs_whole_grid_points():
    out = CliRunner().invoke(cli, ["sweep", POOL, "N=0:10"])
    assert out.exit_code == 2 and "--steps 11" in out.output


@pytest.mark.parametrize("steps", [11, 6, 2])
def test_a_sweep_of_members_agrees_with_solving_each_count(steps):
    """Each member count is a different tree: every change of regime between whole numbers
    is listed, wherever the grid points fall."""
    game = load_game(POOL)
    s = sweep_one(game, Range.parse("N=0:10"), steps=steps)
    regimes = [tree_regime(solve(game.with_values({"N": n}))) for n in range(11)]
    expected = [n for n in range(1, 11) if regimes[n] != regimes[n - 1]]
    assert [c.value for c in s.changes] == expected
    for c in s.changes:
        assert s.regimes[c.after] == regimes[int(c.value)]
    assert any("changes with N" in w for w in s.warnings)


def test_a_sweep_that_would_solve_too_many_points_is_refused_before_it_starts():
    """Each member count is its own tree, solved exactly: 3,001 of them is beyond the ``solves``
    limit, refused at once with the pool command (one pass over every count) as the way out."""
    out = CliRunner().invoke(cli, ["sweep", POOL, "N=0:3000", "--steps", "3001"])
    assert out.exit_code == 2
    assert "solves" in out.output and "--members 0:3000" in out.output

