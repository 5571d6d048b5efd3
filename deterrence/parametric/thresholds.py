"""Thresholds: the conditions, in the parameters, under which each regime holds.

``deterrence thresholds GAME`` answers "when does the answer change?" with
formulas, derived by the game's back end
(:mod:`~deterrence.parametric.normal_thresholds` for matrix games,
:mod:`~deterrence.parametric.tree_thresholds` for trees) and **checked**: at
sampled points against the exact solver, and by sweeping each parameter
across its box — every change point must lie on a threshold formula.

Example
-------
>>> from deterrence import load_game
>>> t = derive_thresholds(load_game("prisoners_dilemma"), samples=40)
>>> sorted(b.text for b in t.thresholds)
['P = S', 'T = P + R - S', 'T = R']
>>> t.agreement
(40, 40)
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from functools import partial

from deterrence.model.expr import format_fraction
from deterrence.model.numbers import simplest_between
from deterrence.parametric.backend import Progress
from deterrence.parametric.backends import backend_for
from deterrence.parametric.ranges import Range, whole_steps
from deterrence.parametric.reports import THRESHOLDS_SCHEMA, RegimeConditions, SweepCheck, ThresholdReport
from deterrence.parametric.sampling import integer_parameters, parameter_box, sample_points
from deterrence.parametric.sweep import sweep_one


def derive_thresholds(game, samples: int = 200, seed: int = 0, check_sweeps: bool = True,
                      progress: Progress | None = None, workers: int = 1) -> ThresholdReport:
    """Symbolic thresholds of ``game``, checked at ``samples`` seeded points and by sweeps.

    With ``workers`` 2 or more, the sweeps are checked in a second process while this one
    derives the thresholds (:func:`~deterrence.parametric.workers.map_beside`): the same
    report, sooner on a machine with a spare processor.
    """
    from deterrence.parametric.workers import map_beside

    backend = backend_for(game)
    box = parameter_box(game)      # the box the back ends sample (``report.box``)
    lines = [line for line in box if line[1] < line[2]] if check_sweeps else []
    report, checks = map_beside(lambda: backend.thresholds(samples, seed, progress),
                                partial(sweep_check, game, set(integer_parameters(game))), lines,
                                workers)
    if not check_sweeps:
        return report
    if report.box != tuple(box):        # not the box swept beside it: sweep the report's
        checks = sweep_checks(game, report.box)
    return replace(report, sweeps=tuple(checks))


def sweep_checks(game, box) -> list[SweepCheck]:
    """Sweep each parameter across its box: every change point must match a formula (see
    :func:`sweep_check`)."""
    counts = set(integer_parameters(game))
    return [sweep_check(game, counts, line) for line in box if line[1] < line[2]]


def sweep_check(game, counts: set[str], line: tuple[str, Fraction, Fraction]) -> SweepCheck:
    """Sweep the parameter of ``line`` (name, low, high) from low to high, the others at
    their values: the change points and the formulas they match. Where the model refuses
    an end of the line at the values in force (a built ladder's loss of control past 1),
    the sweep covers the part it accepts, and says so; ``counts`` are the whole-number
    parameters."""
    name, lo, hi = line
    lo, hi, note = accepted_range(game, name, lo, hi)
    if note and not lo < hi:
        return SweepCheck(name, lo, hi, ((f"sweep skipped: {note}", ()),))
    rng = Range(name, lo, hi)
    steps = 3 if name not in counts or whole_steps(rng, 3) else 2
    try:
        s = sweep_one(game, rng, steps=steps, components=False)   # only change points are read
    except Exception as exc:  # a check must not hide the answer; report it instead
        return SweepCheck(name, lo, hi, ((f"sweep failed: {exc}", ()),), note)
    return SweepCheck(name, lo, hi, tuple((c.text, tuple(c.formula_texts())) for c in s.changes), note)


#: Halvings that locate where the model starts to refuse a parameter's values.
BOUNDARY_STEPS = 32


def accepted_range(game, name: str, lo: Fraction, hi: Fraction) -> tuple[Fraction, Fraction, str]:
    """The part of ``[lo, hi]`` around the value in force that the model accepts, the other
    parameters at theirs, and a note ("" when it is all of it). Each refused end is moved
    to the boundary, found by exact bisection and then rounded to the simplest rational
    the model still accepts (the ladder's q stops at 1/2, where loss of control reaches 1).

    >>> from deterrence import load_game
    >>> accepted_range(load_game("tariff_ladder"), "q", Fraction(0), Fraction(1))[:2]
    (Fraction(0, 1), Fraction(1, 2))
    """
    here = Fraction(game.parameters.values()[name])
    here_accepted = _refused(game, name, here) is None
    first = None
    ends = []
    for end in (lo, hi):
        reason = _refused(game, name, end)
        if reason is None or not here_accepted:     # nothing accepted to bisect from
            ends.append(end)
            continue
        first = first or reason
        accepted, refused = here, end
        for _ in range(BOUNDARY_STEPS):
            middle = (accepted + refused) / 2
            if _refused(game, name, middle) is None:
                accepted = middle
            else:
                refused = middle
        a, b = sorted((accepted, refused))
        simple = simplest_between(a, b)
        ends.append(simple if _refused(game, name, simple) is None else accepted)
    if first is None:
        return lo, hi, ""
    return ends[0], ends[1], (f"swept over [{format_fraction(ends[0])}, {format_fraction(ends[1])}], "
                              f"where the model accepts {name} at the values in force "
                              f"(past it: {first})")


def _refused(game, name: str, value: Fraction) -> str | None:
    """Why the model refuses ``name = value`` (the others at their values), or ``None``."""
    from deterrence.errors import DeterrenceError

    try:
        at = game.with_values({name: value})
        at.exact() if hasattr(at, "exact") else at.exact_payoffs()    # a tree, or a matrix game
    except DeterrenceError as exc:
        return getattr(exc, "message", str(exc)).splitlines()[0]
    return None


__all__ = ["derive_thresholds", "sweep_checks", "accepted_range", "ThresholdReport", "RegimeConditions", "SweepCheck",
           "parameter_box", "sample_points", "THRESHOLDS_SCHEMA"]
