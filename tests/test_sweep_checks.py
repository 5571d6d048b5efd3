"""How many grid points a tree sweep solves exactly, and where.

A tree sweep fills each stretch of the range from the formulas of the
equilibria it solved once there. On a tree with information sets another
equilibrium can appear *beside* those, leaving no trace in their conditions,
so every stretch is found at its middle grid point and two more of its grid
points are solved exactly, the first and the last inside it: one on each side.
More would be slower; fewer misses equilibria (two_sided_uncertainty's status
quo below, and the cases in tests/test_sweep_grids.py and
tests/test_tree_offpath_pieces.py).
"""

from fractions import Fraction

import pytest

from deterrence import load_game
from deterrence.parametric.intervals import points_below
from deterrence.parametric.ranges import Range
from deterrence.parametric.solved import is_solved
from deterrence.parametric.sweep import sweep_one
from deterrence.parametric.tree_walk import CHECKS_PER_STRETCH


def grid_inside(rng: Range, steps: int, lo, hi) -> list[Fraction]:
    """The grid points strictly inside ``(lo, hi)``."""
    return [rng.value(i, steps) for i in range(steps)
            if lo < rng.value(i, steps) < hi]


@pytest.mark.parametrize("name, text, steps", [
    ("kahn_ladder", "p=0:1", 41),
    ("two_sided_uncertainty", "pc=0:1", 21),
])
def test_every_stretch_has_two_of_its_grid_points_solved(name, text, steps):
    game = load_game(name)
    rng = Range.parse(text)
    sweep = sweep_one(game, rng, steps=steps)
    for interval in sweep.intervals:
        if interval.valid is None:
            continue                       # solved grid point by grid point anyway
        inside = grid_inside(rng, steps, interval.lo, interval.hi)
        solved = [x for x in inside if is_solved(game, {rng.name: x})]
        assert len(solved) >= min(CHECKS_PER_STRETCH, len(inside)), (interval.lo, interval.hi)


def test_a_stretch_is_found_at_a_grid_point_and_checked_on_both_sides_of_it():
    game = load_game("kahn_ladder")
    rng = Range.parse("p=0:1")
    sweep = sweep_one(game, rng, steps=41)
    stretches = [i for i in sweep.intervals if i.valid is not None]
    # each stretch: one solve where it is found, a check on each side; and the two ends
    assert sweep.backend.solves <= (1 + CHECKS_PER_STRETCH) * len(stretches) + 2
    for interval in stretches:
        inside = grid_inside(rng, 41, interval.lo, interval.hi)
        found = interval.valid.at
        solved = [x for x in inside if is_solved(game, {rng.name: x})]
        for side in (lambda x: x < found, lambda x: x > found):   # each side with a grid point
            assert not any(map(side, inside)) or any(map(side, solved)), (interval.lo, interval.hi)
    for interval in stretches:
        assert points_below(rng, 41, interval.valid.at)[1], interval.valid.at


def test_an_equilibrium_that_appears_inside_a_stretch_and_lasts_to_its_end_is_found():
    """two_sided_uncertainty over V = 0..3: from V = 1 on, a status quo held by the soft
    Defender's threat off the path joins "the Defender concedes", and lasts to the change at
    V = 3/2. The middle of [0, 3/2] lies below 1, so only a check above it finds the status
    quo; a sweep that checked one side only reported V = 1.05 ... 1.425 without it."""
    from deterrence.parametric.backends import regime_of_result
    from deterrence.solver import solve

    game = load_game("two_sided_uncertainty")
    rng, steps = Range.parse("V=0:3"), 41
    sweep = sweep_one(game, rng, steps=steps)
    for k in range(steps):
        x = sweep.value(k)
        expected = regime_of_result(solve(game.with_values({"V": x}), components=False))
        assert sweep.regimes[sweep.segment_of(k).regime].members == expected.members, x
    assert Fraction(1) in [c.value for c in sweep.changes]


@pytest.mark.parametrize("name", ["kahn_ladder", "two_sided_uncertainty", "denial_investment",
                                  "crisis_bargaining"])
def test_a_check_solve_finds_the_same_equilibria_without_their_components(name):
    from deterrence.parametric.regimes import tree_regime
    from deterrence.solver import solve

    game = load_game(name)
    full, quick = solve(game), solve(game, components=False)
    assert [eq.key(game) for eq in quick.equilibria] == [eq.key(game) for eq in full.equilibria]
    assert tree_regime(quick) == tree_regime(full)
    assert quick.complete == full.complete
    assert all(eq.component == 0 for eq in quick.equilibria)


@pytest.mark.parametrize("name, text", [("kahn_ladder", "p=0:1"), ("two_stage_raid", "vA=0:4"),
                                        ("two_sided_uncertainty", "V=0:3")])
def test_the_table_answers_read_as_the_annotated_equilibria(name, text):
    """The table takes each grid point's profile, payoffs and outcomes from the formulas
    without annotating beliefs and refinements: the same words and numbers, in the order
    the exact solver lists outcomes (the most likely first)."""
    game = load_game(name)
    sweep = sweep_one(game, Range.parse(text), steps=21)
    full, table = sweep.answers(), sweep.answers(detail=False)
    for k, (a, b) in enumerate(zip(full, table)):
        assert [e.label(game) for e in a] == [e.label(game) for e in b], k
        assert [tuple(e.payoffs) for e in a] == [tuple(e.payoffs) for e in b], k
        assert [tuple(e.outcomes) for e in a] == [tuple(e.outcomes) for e in b], k


@pytest.mark.parametrize("name, text", [
    ("kahn_ladder", "p=0:1"),
    ("crisis_bargaining", "p=0:1"),
    ("derisking_spiral", "c=0:6"),
])
def test_a_sweep_that_does_not_locate_components_finds_the_same_changes(name, text):
    # thresholds reads only the change points of its sweeps, so it skips the components
    game = load_game(name)
    rng = Range.parse(text)
    full = sweep_one(game, rng, steps=3)
    quick = sweep_one(load_game(name), rng, steps=3, components=False)
    assert [(c.value, c.formula_texts()) for c in quick.changes] == \
        [(c.value, c.formula_texts()) for c in full.changes]
    assert quick.regimes == full.regimes
