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

from deterrence.parametric.backend import Progress
from deterrence.parametric.backends import backend_for
from deterrence.parametric.ranges import Range, whole_steps
from deterrence.parametric.reports import THRESHOLDS_SCHEMA, RegimeConditions, SweepCheck, ThresholdReport
from deterrence.parametric.sampling import integer_parameters, parameter_box, sample_points
from deterrence.parametric.sweep import sweep_one


def derive_thresholds(game, samples: int = 200, seed: int = 0, check_sweeps: bool = True,
                      progress: Progress | None = None) -> ThresholdReport:
    """Symbolic thresholds of ``game``, checked at ``samples`` seeded points and by sweeps."""
    report = backend_for(game).thresholds(samples, seed, progress)
    if not check_sweeps:
        return report
    return replace(report, sweeps=tuple(sweep_checks(game, report.box)))


def sweep_checks(game, box) -> list[SweepCheck]:
    """Sweep each parameter across its box: every change point must match a formula."""
    out = []
    counts = set(integer_parameters(game))
    for name, lo, hi in box:
        if not lo < hi:
            continue
        rng = Range(name, lo, hi)
        steps = 3 if name not in counts or whole_steps(rng, 3) else 2
        try:
            s = sweep_one(game, rng, steps=steps)
        except Exception as exc:  # a check must not hide the answer; report it instead
            out.append(SweepCheck(name, lo, hi, ((f"sweep failed: {exc}", ()),)))
            continue
        out.append(SweepCheck(name, lo, hi, tuple((c.text, tuple(c.formula_texts())) for c in s.changes)))
    return out


__all__ = ["derive_thresholds", "sweep_checks", "ThresholdReport", "RegimeConditions", "SweepCheck",
           "parameter_box", "sample_points", "THRESHOLDS_SCHEMA"]
