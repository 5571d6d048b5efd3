"""A sweep lists a change point wherever its grid shows a change of regime.

Two grid points with different regimes have a change between them (or at one of them);
the sweep's list of change points must name it, however coarse the grid, and with it
every change bisection meets on the way (A, then B, then C between two grid points are
two changes). ``thresholds`` checks its formulas with such sweeps: a change they miss is
a formula left unchecked.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from deterrence import load_game
from deterrence.model.numbers import less, simplest_between
from deterrence.parametric.ranges import Range
from deterrence.parametric.results import END_OF_RANGE
from deterrence.parametric.sampling import parameter_box
from deterrence.parametric.sweep import sweep_one
from deterrence.parametric.thresholds import derive_thresholds


def grid_regimes(s) -> list[int]:
    out: list[int] = []
    for segment in s.segments:
        out += [segment.regime] * (segment.stop - segment.start)
    return out


def unlisted_changes(s) -> list[tuple[str, str]]:
    """Neighbouring grid points of different regimes with no change point between them."""
    regimes = grid_regimes(s)
    missing = []
    for i in range(len(regimes) - 1):
        if regimes[i] != regimes[i + 1]:
            a, b = s.range.value(i, s.steps), s.range.value(i + 1, s.steps)
            if not any(not less(c.value, a) and not less(b, c.value) for c in s.changes):
                missing.append((str(a), str(b)))
    return missing


@pytest.mark.parametrize("steps", [3, 5] + [pytest.param(n, marks=pytest.mark.slow) for n in (2, 4, 21)])
def test_every_change_between_two_grid_points_is_listed(steps):
    """export_control_pool's w: the Target's response changes at 9/5, 9/4 and 3 (min/max
    payoffs: no formulas, bisection). With 3 grid points the sweep said "no change of
    regime" though its own table showed three regimes; with 5 it missed 9/4."""
    s = sweep_one(load_game("export_control_pool"), Range.parse("w=0:6"), steps=steps)
    assert [c.text for c in s.changes] == ["9/5", "9/4", "3"]
    assert unlisted_changes(s) == []


def test_a_probability_of_zero_is_a_change_at_the_end_of_the_range():
    """Powell (1990), ch. 3: at p = 0 the Defender is surely irresolute and war is off the
    table; just inside, the Challenger risks it. The grid shows the two; the change is at
    the end of the range, no threshold."""
    g = load_game("punishment_credibility")
    s = sweep_one(g, Range.parse("p=0:1"), steps=5)
    end = s.changes[0]
    assert (end.value, end.method) == (0, END_OF_RANGE)
    assert s.regimes[end.before].label(g) == "Defender concedes"
    assert s.regimes[end.after].label(g) == "Defender concedes / war"
    assert unlisted_changes(s) == []


def test_a_threshold_at_an_end_of_a_matrix_sweep_is_a_change_point():
    """Hawk-Dove at V = 0 (every strategy as good) and at V = C (Hawk-Hawk joins): both
    ends lie on thresholds, and both are listed with their formulas."""
    s = sweep_one(load_game("hawk_dove"), Range.parse("V=0:6"), steps=7)
    assert [(c.text, c.formula_texts()) for c in s.changes] == [("0", ["V = 0"]), ("6", ["V = C"])]
    assert unlisted_changes(s) == []


@pytest.mark.parametrize("steps", [3, 4, 6])
def test_the_regime_at_a_change_point_is_the_solvers_on_the_grid_or_off_it(steps):
    """Fudenberg and Tirole (1991), section 3.2, the two-stage raid: at vB = 1/2 the
    Attacker is indifferent between raiding and standing down, and beside the raid and the
    status quo it may mix between them there (at that point alone). The change point's own
    regime is the exact solver's there, whether 1/2 is a grid point (3 steps) or not."""
    from deterrence.parametric.backends import regime_of_result
    from deterrence.solver import solve

    game = load_game("two_stage_raid")
    s = sweep_one(game, Range.parse("vB=0:1"), steps=steps)
    (change,) = [c for c in s.changes if c.value == Fraction(1, 2)]
    expected = regime_of_result(solve(game.with_values({"vB": Fraction(1, 2)})))
    assert s.regimes[change.at].members == expected.members
    assert len(expected.members) == 3          # the raid, the status quo, and the mixture


def test_a_check_sweep_may_leave_the_regime_at_a_change_point_to_the_formulas():
    """``thresholds`` reads only where its check sweeps change: with ``point_regimes`` off,
    a change point between grid points is not solved, and its own regime is what both
    sides' formulas give there (the raid and the status quo, not the mixture of vB = 1/2)."""
    game = load_game("two_stage_raid")
    s = sweep_one(game, Range.parse("vB=0:1"), steps=4, point_regimes=False)
    (change,) = [c for c in s.changes if c.value == Fraction(1, 2)]
    assert len(s.regimes[change.at].members) == 2


FAST_TREES = ["punishment_credibility", "entry_deterrence", "two_sided_uncertainty",
              "punishment_commitment", "punishment_deterrence", "export_control_pool"]


@pytest.mark.parametrize("slug", FAST_TREES)
def test_random_sweeps_of_catalogue_trees_list_every_change(slug):
    game = load_game(slug)
    rnd = random.Random(f"consistency-{slug}")
    lines = [line for line in parameter_box(game) if line[1] < line[2]
             and not game.parameters.get(line[0]).integer]
    for name, lo, hi in rnd.sample(lines, min(3, len(lines))):
        steps = rnd.choice([2, 3, 5, 8])
        s = sweep_one(game, Range(name, lo, hi), steps=steps, components=False)
        assert unlisted_changes(s) == [], (name, steps)


@pytest.mark.slow
@pytest.mark.parametrize("slug", ["security_dilemma_trust", "friendshoring_dilemma", "rare_earths_2010",
                                  "drezner_conflict_expectations", "kahn_ladder"])
def test_random_sweeps_of_more_catalogue_games_list_every_change(slug):
    test_random_sweeps_of_catalogue_trees_list_every_change(slug)


def test_the_simplest_rational_in_an_interval_is_found_however_narrow():
    """The simplest rational of an interval (least denominator) against a search over
    denominators; bisection reads a threshold such as 19/270 back from a bracket 2^-48 wide
    (the old search stopped at denominators of 65 and gave the midpoint)."""
    rnd = random.Random(7)
    for _ in range(300):
        a = Fraction(rnd.randint(-400, 400), rnd.randint(1, 60))
        b = a + Fraction(rnd.randint(1, 50), rnd.randint(1, 2000))
        found = simplest_between(a, b)
        assert a <= found <= b
        q = next(q for q in range(1, 10**6) if any(a <= Fraction(p, q) <= b
                                                    for p in range(int(a * q) - 1, int(b * q) + 2)))
        assert found.denominator == q
    tiny = Fraction(1, 2**48)
    assert simplest_between(Fraction(19, 270) - tiny, Fraction(19, 270) + tiny) == Fraction(19, 270)


def test_thresholds_checks_find_the_change_points_a_fine_sweep_finds():
    """punishment_credibility: the check sweep of p finds the change at p = V/(V + c) and
    matches it to that formula; the regime at p = 0 itself is not taken for a threshold."""
    report = derive_thresholds(load_game("punishment_credibility"), samples=30)
    (p,) = [c for c in report.sweeps if c.parameter == "p"]
    assert p.changes == (("1/3", ("p = V/(V + c)",)),)


@pytest.mark.slow
def test_thresholds_checks_of_a_pool_match_the_min_max_formulas():
    """export_control_pool: the coercer's threshold d = D/max(0, Q*sigma*tau - Z - k*w) for
    k = 3, 4, 5 honouring members. Its check sweeps of Q, sigma, tau and w found no change
    at all (three grid points, no bisection next to an end) and a min/max formula could
    match none; now each finds the three changes and matches each to its formula."""
    report = derive_thresholds(load_game("export_control_pool"), samples=40)
    checks = {c.parameter: c for c in report.sweeps}
    assert [v for v, _ in checks["Q"].changes] == ["80", "280/3", "320/3"]
    for name in ("Q", "sigma", "tau", "w"):
        assert checks[name].matched == len(checks[name].changes) == 3, checks[name]
        assert all(f[0].startswith("d = D/Max(0, Q*sigma*tau - Z - ") for _, f in checks[name].changes)


def test_thresholds_say_when_their_checks_speak_against_them():
    """A report whose checks refute it says so in its warnings (it printed "agree at 35" of
    43 and said no more), and so does one with no sampled point at all (``--samples 0``
    listed the regime at the values in force as if it were the only one)."""
    from dataclasses import replace

    from deterrence.parametric.reports import SweepCheck
    from deterrence.parametric.thresholds import check_warnings

    game = load_game("hawk_dove")
    (none,) = derive_thresholds(game, samples=0).warnings
    assert none.startswith("no points were sampled (--samples 0)")
    report = derive_thresholds(game, samples=20)
    assert report.warnings == ()
    refuted = replace(report, agreement=(17, 20))
    unmatched = report.sweeps + (SweepCheck("V", Fraction(0), Fraction(6), (("5", ()),)),)
    (disagree, off) = check_warnings(game, refuted, unmatched)
    assert disagree.startswith("the formulas and the exact solver disagree at 3 of 20 sampled points")
    assert off.startswith("1 change point(s) of the check sweeps lie on no threshold formula (V = 5)")
