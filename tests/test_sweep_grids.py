"""Tree sweeps and regime maps against solving every grid point exactly (issue 12).

For every catalogue game that is a tree, seeded random grids — rational ranges
inside each parameter's box (:func:`~deterrence.parametric.sampling.parameter_box`),
the whole box now and then so that grid points fall on thresholds and on
probabilities of 0 and 1 — are swept (one parameter) and mapped (two), and
every grid point is solved by the exact solver: the regime must be the same,
and a sweep's equilibria must have the solver's labels and payoffs, exactly.
Each change point of a sweep must be an exact number that is a root of a
formula ``deterrence thresholds`` reports. Trees whose exact solve takes a
tenth of a second or more run their grids with the slow tests (``-m slow``),
as does a second, larger set of grids for every tree.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest
import sympy

from deterrence import load_game
from deterrence.errors import DeterrenceError
from deterrence.io.catalogue import slugs
from deterrence.model.numbers import to_sympy
from deterrence.model.tree import GameTree
from deterrence.parametric.backends import regime_of_result
from deterrence.parametric.ranges import Range
from deterrence.parametric.results import END_OF_RANGE
from deterrence.parametric.sampling import parameter_box
from deterrence.parametric.sweep import regime_map, sweep_one
from deterrence.parametric.thresholds import derive_thresholds
from deterrence.solver import solve

#: Trees whose exact solve takes about a tenth of a second or more (reduced forms of the
#: ladders, the yard's 511 nodes, pools rebuilt at every point): grids with the slow tests.
SLOW_TREES = {"kahn_ladder", "tariff_ladder", "small_yard_high_fence", "crisis_bargaining",
              "derisking_spiral", "two_sided_uncertainty", "export_control_pool", "rare_earths_today"}
#: Trees whose ``thresholds`` take more than a second: their change points are checked
#: against the thresholds with the slow tests.
SLOW_THRESHOLDS = SLOW_TREES | {"brinkmanship", "collective_economic_security", "denial_investment",
                                "export_control_supply_pool"}


def _trees(minimum: int = 1, slow: set[str] = SLOW_TREES) -> list:
    out = []
    for slug in slugs():
        game = load_game(slug)
        if isinstance(game, GameTree) and len(game.parameters.names) >= minimum:
            marks = [pytest.mark.slow] if slug in slow else []
            out.append(pytest.param(slug, marks=marks, id=slug))
    return out


def _allowed(game, values: dict) -> bool:
    """Whether the model accepts these values (a built ladder refuses a loss-of-control
    probability above 1, the yard a protection that raises the damage)."""
    try:
        game.with_values(values).exact()
    except DeterrenceError:
        return False
    return True


def _random_range(game, name: str, rng: random.Random) -> tuple[Range, int] | None:
    """A range of ``name`` inside its box and a number of steps: whole numbers for a count,
    else the box itself one time in three and sixths of it otherwise."""
    (lo, hi), = [(a, b) for n, a, b in parameter_box(game) if n == name]
    if game.parameters.get(name).integer:
        first, last = math.ceil(lo), math.floor(hi)
        width = min(rng.randint(2, 4), last - first)
        if width < 1:
            return None
        a = rng.randint(first, last - width)
        return Range(name, Fraction(a), Fraction(a + width)), width + 1
    if rng.random() < 1 / 3:
        a, b = lo, hi
    else:
        a, b = (lo + (hi - lo) * Fraction(rng.randint(*k), 6) for k in ((0, 2), (4, 6)))
    return Range(name, a, b), rng.randint(3, 6)


def sweep_grids(game, rng: random.Random, count: int) -> list[tuple[Range, int]]:
    """``count`` seeded random one-parameter grids the model accepts at both ends."""
    out: list[tuple[Range, int]] = []
    for _ in range(20 * count):
        drawn = _random_range(game, rng.choice(game.parameters.names), rng)
        if drawn is not None and all(_allowed(game, {drawn[0].name: v}) for v in (drawn[0].lo, drawn[0].hi)):
            out.append(drawn)
        if len(out) == count:
            break
    return out


def map_grids(game, rng: random.Random, count: int) -> list[tuple[Range, Range, int]]:
    """``count`` seeded random two-parameter grids the model accepts at the four corners."""
    out: list[tuple[Range, Range, int]] = []
    for _ in range(20 * count):
        a, b = rng.sample(game.parameters.names, 2)
        x, y = _random_range(game, a, rng), _random_range(game, b, rng)
        if x is None or y is None:
            continue
        (x, nx), (y, ny) = x, y
        steps = min(nx, ny, 5)
        if game.parameters.get(a).integer or game.parameters.get(b).integer:
            continue          # a count's whole numbers and the other's grid need one step count
        if all(_allowed(game, {a: u, b: v}) for u in (x.lo, x.hi) for v in (y.lo, y.hi)):
            out.append((x, y, steps))
        if len(out) == count:
            break
    return out


def check_sweep(game, r: Range, steps: int) -> None:
    """Every grid point of the sweep: the exact solver's regime, labels and payoffs."""
    s = sweep_one(game, r, steps=steps)
    answers = s.answers()
    for k in range(steps):
        at = game.with_values({r.name: s.value(k)})
        result = solve(at)
        where = f"{r.text} in {steps} steps, at {r.name} = {s.value(k)}"
        assert s.regimes[s.segment_of(k).regime].members == regime_of_result(result).members, where
        assert sorted(a.label(game) for a in answers[k]) == sorted(eq.label(at) for eq in result.equilibria), where
        assert sorted(tuple(a.payoffs) for a in answers[k]) == \
            sorted(tuple(eq.payoffs) for eq in result.equilibria), where


def check_map(game, x: Range, y: Range, steps: int):
    """Every cell of the map: the exact solver's regime; its own checks agree. The map."""
    m = regime_map(game, x, y, steps=steps)
    xs, ys = x.grid(steps), y.grid(steps)
    for j, v in enumerate(ys):
        for i, u in enumerate(xs):
            expected = regime_of_result(solve(game.with_values({x.name: u, y.name: v})))
            assert m.regimes[m.grid[j, i]].members == expected.members, \
                f"{x.text} x {y.text} in {steps} steps, at {x.name} = {u}, {y.name} = {v}"
    assert m.checks[0] == m.checks[1], m.warnings
    return m


@pytest.mark.parametrize("slug", _trees())
def test_tree_sweeps_agree_with_solving_every_point(slug):
    """Seeded random grids of every catalogue tree: the regime the sweep gives each grid point
    is the exact solver's there, and so are its equilibria (labels and payoffs, exactly)."""
    game = load_game(slug)
    grids = sweep_grids(game, random.Random(f"sweep-{slug}"), 2)
    assert grids
    for r, steps in grids:
        check_sweep(game, r, steps)


@pytest.mark.parametrize("slug", _trees(minimum=2))
def test_tree_regime_maps_agree_with_solving_every_cell(slug):
    """Seeded random two-parameter grids of every catalogue tree: every cell's regime is the
    exact solver's there, cells on a threshold included."""
    game = load_game(slug)
    grids = map_grids(game, random.Random(f"map-{slug}"), 1)
    assert grids
    for x, y, steps in grids:
        check_map(game, x, y, steps)


@pytest.mark.slow
@pytest.mark.parametrize("slug", _trees(slow=set()))
def test_more_random_grids(slug):
    """The slow run: more and other grids of every tree, sweeps and maps."""
    game = load_game(slug)
    rng = random.Random(f"more-{slug}")
    for r, steps in sweep_grids(game, rng, 5):
        check_sweep(game, r, steps)
    if len(game.parameters.names) >= 2:
        for x, y, steps in map_grids(game, rng, 3):
            check_map(game, x, y, steps)


@pytest.mark.slow
@pytest.mark.parametrize("slug", _trees(slow=set()))
def test_fine_grids(slug):
    """The slow run: two parameters' whole boxes in 25 steps each, so that stretches hold
    many grid points and the sweep fills most of them from formulas (the coarse grids
    above solve nearly every point anyway)."""
    game = load_game(slug)
    rng = random.Random(f"fine-{slug}")
    names = [n for n in game.parameters.names if not game.parameters.get(n).integer]
    boxes = {n: (a, b) for n, a, b in parameter_box(game)}
    swept = 0
    for name in rng.sample(names, len(names)):
        lo, hi = boxes[name]
        if swept < 2 and all(_allowed(game, {name: v}) for v in (lo, hi)):
            check_sweep(game, Range(name, lo, hi), 25)
            swept += 1
    if not swept:
        pytest.skip("no continuous parameter whose whole box the model accepts")


# ---------------------------------------------------------------- change points and thresholds


def _rational(value):
    """An exact number (a Fraction, an algebraic number of a sweep) as sympy's."""
    return to_sympy(value)


def on_a_threshold(report, game, name: str, value) -> list[str]:
    """The reported thresholds that ``name = value`` satisfies, the other parameters at their
    values in force (exactly: the difference of the two sides simplifies to zero)."""
    values = game.parameters.values()
    out = []
    for t in report.thresholds:
        gap = t.equation.lhs - t.equation.rhs
        if name not in {s.name for s in gap.free_symbols}:
            continue
        at = gap.subs({s: _rational(value if s.name == name else values[s.name]) for s in gap.free_symbols})
        if sympy.simplify(at) == 0:
            out.append(t.text)
    return out


@pytest.mark.parametrize("slug", _trees(slow=SLOW_THRESHOLDS))
def test_change_points_of_random_sweeps_lie_on_the_thresholds(slug):
    """Every change point of a random sweep of a catalogue tree is exact (a rational, or an
    algebraic number), its formula gives that number at the values in force, and it is a root
    of a threshold ``deterrence thresholds`` reports for the game."""
    game = load_game(slug)
    report = derive_thresholds(game, samples=80, check_sweeps=False)
    values = game.parameters.values()
    for r, steps in sweep_grids(game, random.Random(f"thresholds-{slug}"), 3):
        for c in sweep_one(game, r, steps=steps).changes:
            if game.parameters.get(r.name).integer or c.method == END_OF_RANGE:
                continue          # a count rebuilds the tree: its changes are whole numbers, no formula;
                # an end's own regime (a probability of 0, a cost of 0) is no threshold
            if c.method.startswith("bisection") and not on_a_threshold(report, game, r.name, c.value):
                # where an equilibrium gives no formulas (a pure one resting on beliefs off the
                # path), the change is bracketed by 48 bisections and shown as the simplest
                # rational there: exact only when the threshold is such a rational
                continue
            exact = _rational(c.value)
            assert exact.is_algebraic and not exact.atoms(sympy.Float), c.text
            if c.formulas:
                rhs = c.formulas[0].rhs
                rhs = rhs.subs({s: _rational(values[s.name]) for s in rhs.free_symbols})
                assert sympy.simplify(rhs - _rational(c.value)) == 0, (c.formula_text, c.text)
            assert on_a_threshold(report, game, r.name, c.value), \
                (r.text, c.text, c.formula_texts(), [t.text for t in report.thresholds])


# ---------------------------------------------------------------- regressions


def test_two_sided_uncertainty_map_is_the_exact_solvers_at_every_cell():
    """``sweep two_sided_uncertainty pc=0:1 pd=0:1 --steps 5`` gave pc = 1/2, pd = 1/4 the
    regime found at pc = 1 (the Defender concedes / war): the conditions of that equilibrium
    still hold there, but a second one, deterrence on beliefs off the path (Zagare and
    Kilgour 2000, ch. 5), appears beside it as soon as a soft Challenger exists."""
    game = load_game("two_sided_uncertainty")
    m = check_map(game, Range.parse("pc=0:1"), Range.parse("pd=0:1"), 5)
    assert m.regimes[m.grid[1, 2]].label(game) == "status quo; the Challenger backs down / the Defender concedes / war"
    assert not [w for w in m.warnings if "exact solver finds" in w]


def test_a_second_equilibrium_beside_the_first_is_on_the_map():
    """The Kahn ladder at V_resolute = 33/2, q2 = 1/10 has two equilibria: the resolute
    Defender escalates, or both types back down at once (the Challenger then mixes at a rung
    off the path). The old map gave that cell only the first, found at V_resolute = 297/10
    where it is alone."""
    game = load_game("kahn_ladder")
    check_map(game, Range(name="V_resolute", lo=Fraction(33, 10), hi=Fraction(297, 10)),
              Range(name="q2", lo=Fraction(1, 10), hi=Fraction(1)), 3)


def test_a_map_whose_x_is_declared_after_its_y():
    """Deterrence by denial over (pi, delta): the old map evaluated the conditions with the two
    grids in the parameters' declaration order (delta before pi), not the map's axes, so each
    cell was classified at the transposed point; 12 of 16 cells were on the wrong side of
    pi*(1 - delta)*G = c."""
    game = load_game("denial_capability")
    check_map(game, Range.parse("pi=1/5:1"), Range.parse("delta=1/10:7/10"), 4)


def test_a_grid_point_on_a_change_of_a_pool_does_not_raise():
    """``sweep export_control_pool w=1:5 --steps 5`` raised TypeError: a grid point exactly on a
    change point (w = 3) merged two change points with a keyword ChangePoint does not have."""
    s = sweep_one(load_game("export_control_pool"), Range.parse("w=1:5"), steps=5)
    assert [c.text for c in s.changes] == ["9/5", "9/4", "3"]    # 9/5 between the grid points 1 and 2


def test_a_mixed_equilibriums_change_point_is_among_the_thresholds():
    """two_stage_raid's change at vB = L^2/vA is where the Defender's mixed guess changes
    support; ``thresholds`` derived conditions only from pure profiles and missed it."""
    game = load_game("two_stage_raid")
    report = derive_thresholds(game, samples=20, check_sweeps=False)
    (change,) = sweep_one(game, Range.parse("vB=0:4"), steps=5).changes
    assert change.formula_texts() == ["vB = L**2/vA"]
    assert on_a_threshold(report, game, "vB", change.value)


def test_a_sweep_discovered_on_a_threshold_is_not_stretched_over_both_sides():
    """``sweep denial_investment delta_strong=0:1`` solved first at delta_strong = 1/2, exactly
    where strong denial costs what the partial defence does (delta_strong = delta_partial): both
    were equilibria there, and that pair was given to the whole stretch [0, 3/4]. Solved off the
    threshold, the sweep finds the change at 1/2 (Snyder 1961: the cheaper defence that does
    as well is built)."""
    game = load_game("denial_investment")
    s = sweep_one(game, Range.parse("delta_strong=0:1"), steps=6)
    assert [(c.text, c.formula_texts()) for c in s.changes] == \
        [("1/2", ["delta_strong = delta_partial"]), ("3/4", ["delta_strong = (G*pi - c)/(G*pi)"])]
    check_sweep(game, Range.parse("delta_strong=0:1"), 6)


def test_a_regime_without_formulas_is_not_solved_again_and_again():
    """In crisis_bargaining with ws below 9/20 the mixed equilibrium's indifferences are not
    linear in the probabilities, so no formulas follow it. The sweep went on to try four
    more points of that stretch, each failing the same way (10 solves in all; ``thresholds``
    solved 52 points in its sweeps where 40 do now). Once two points of one regime fail for
    one reason, the stretch is solved point by point at once, with the same answer at
    every grid point."""
    from deterrence.parametric.tree_walk import TreeSweepModel

    game = load_game("crisis_bargaining")
    model = TreeSweepModel(game, ["ws"])
    model.sweep(Range.parse("ws=0:1"), 3)
    # the ends, 1/2 and the two stretches' points 4/5 and 9/20; below 9/20: 9/40 and 9/80
    # only; and the change point itself (its own regime is the solver's there)
    assert model.solves == 8
    check_sweep(game, Range.parse("ws=0:1"), 3)
    check_sweep(game, Range.parse("ws=0:1/4"), 7)


def test_a_map_of_three_players_has_their_mixed_equilibria():
    """The volunteer's dilemma of three allies (Diekmann 1985): where responding pays, each
    ally alone responds, or all mix. The map classified cells by the conditions of the pure
    profiles only (the symbolic candidates of three players or more), so the mixed
    equilibria were missing and a "degenerate game" warning blamed the game."""
    game = load_game("alliance_volunteers")
    m = check_map(game, Range.parse("b=0:4"), Range.parse("c=0:3"), 4)
    assert any("mixed" in r.label(game) for r in m.regimes)
    assert not [w for w in m.warnings if "disagrees" in w]


def test_a_map_lists_only_the_curves_where_regimes_meet():
    """The security dilemma over T and R on whole numbers: the dilemma (A) turns into an
    assurance game (B) at T = R. ``T = R + 1`` (a mixed equilibrium's condition) also lies
    between the two regimes' cells on that grid, and was listed as a second boundary."""
    m = regime_map(load_game("prisoners_dilemma"), Range.parse("T=0:6"), Range.parse("R=0:6"), steps=7)
    assert [b.text for b in m.boundaries] == ["T = R"]
