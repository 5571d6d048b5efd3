"""A sweep must not carry the equilibria of a tie across a whole stretch.

Where payoffs tie exactly at the point the walk solves first, the solver finds
every combination of the tied moves; those are equilibria *only there*. The walk
must solve its stretches away from such points, so that each grid point lists
exactly the equilibria the exact solver finds there.
"""

from fractions import Fraction

import pytest

from deterrence import load_game
from deterrence.parametric.ranges import Range
from deterrence.parametric.regimes import tree_regime
from deterrence.parametric.sweep import sweep_one
from deterrence.solver import solve

TIE = """
schema = "deterrence/1"
title = "Two rulers who tie at p = 1/2"
kind = "tree"
players = ["Ruler", "Rebel"]
root = "nature"

[parameters]
p = { default = "1/2", type = "probability" }

[nodes.nature]
chance = { a = "1/2", b = "1/2" }
actions = { a = "da", b = "db" }

[nodes.da]
player = "Ruler"
actions = { Fight = "wa", Yield = "ya" }

[nodes.db]
player = "Ruler"
actions = { Fight = "wb", Yield = "yb" }

[outcomes.wa]
payoffs = { Ruler = "p - 1/2", Rebel = 0 }
[outcomes.ya]
payoffs = { Ruler = 0, Rebel = 1 }
[outcomes.wb]
payoffs = { Ruler = "p - 1/2", Rebel = 0 }
[outcomes.yb]
payoffs = { Ruler = 0, Rebel = 1 }
"""


@pytest.fixture
def tie(tmp_path):
    path = tmp_path / "tie.toml"
    path.write_text(TIE)
    return load_game(str(path))


@pytest.mark.parametrize("rng, steps", [("p=0:1", 5), ("p=0:1", 3), ("p=1/4:3/4", 9)])
def test_every_grid_point_lists_what_the_solver_finds(tie, rng, steps):
    s = sweep_one(tie, Range.parse(rng), steps=steps)
    answers = s.answers()
    for i in range(steps):
        x = s.range.value(i, steps)
        exact = solve(tie.with_values({"p": x}))
        assert s.regimes[s.segment_of(i).regime] == tree_regime(exact), x
        assert len(answers[i]) == len(exact.equilibria), x


def test_the_tie_is_a_change_point(tie):
    s = sweep_one(tie, Range.parse("p=0:1"), steps=5)
    assert [c.value for c in s.changes] == [Fraction(1, 2)]
