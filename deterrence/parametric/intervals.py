"""The one-parameter walk shared by the back ends: critical values, intervals, exact change points.

Given an :class:`~deterrence.parametric.backend.IntervalModel`,
:func:`sweep_by_intervals`

1. asks the model for its *critical values* in the range (the roots of the
   numerators and denominators of its conditions: rationals, or algebraic
   numbers such as ``1 + sqrt(2)``);
2. reads the regime between two critical values at one rational point of
   the interval, **checked there against the exact general solver** where
   the model asks for it (degenerate stretches fall back to solving every
   grid point exactly);
3. computes the regime exactly at each critical value; a change point is a
   critical value where the regimes on its two sides differ, reported with
   the threshold formulas that vanish there (``C = V``);
4. places every grid point in its interval by binary search among the
   critical values, exactly where floating point cannot tell.

Conditions that are not rational functions (``min``/``max`` payoffs) are
handled by :func:`sweep_by_bisection`: every grid point is solved exactly,
and each change located by exact bisection on rationals, then the simplest
rational in the final bracket.

Per-point answers (:func:`point_answers`), payoff series and dense curves are
evaluated from each interval's formulas, in worker processes when asked.

Example
-------
>>> from deterrence import load_game
>>> from deterrence.parametric.normal_backend import NormalModel
>>> from deterrence.parametric.ranges import Range
>>> g = load_game("hawk_dove")
>>> s = sweep_by_intervals(NormalModel(g, ["C"]), Range.parse("C=0:12"), 13)
>>> [c.text for c in s.changes]
['2']
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Sequence

import numpy as np

from deterrence.model.numbers import (as_fraction, equal, less, number_text, rational_between,
                                      simplest_between, to_float, to_sympy)
from deterrence.parametric.backend import IntervalModel, Progress
from deterrence.parametric.ranges import Range
from deterrence.parametric.regimes import Regime, regime_index
from deterrence.parametric.results import ChangePoint, Interval, NumericEquilibrium, Sweep, support_key
from deterrence.parametric.roots import matching_formulas


def sweep_by_intervals(model: IntervalModel, rng: Range, steps: int,
                       progress: Progress | None = None) -> Sweep:
    """Sweep one parameter over ``rng`` on ``steps`` grid points (see the module doc)."""
    game = model.game
    if progress:
        progress(0, 1, "locating thresholds")
    critical = model.critical_values(rng.lo, rng.hi)
    if critical is None:
        return sweep_by_bisection(model, rng, steps, progress)
    inner = [c for c in critical if less(rng.lo, c) and less(c, rng.hi)]
    bounds = [rng.lo] + inner + [rng.hi]
    regimes: list[Regime] = []
    intervals: list[Interval] = []
    warnings: list[str] = []
    agree = total = 0
    for a, b in zip(bounds, bounds[1:]):
        mid = rational_between(a, b)
        regime, valid, degenerate = model.candidate_regime((mid,))
        checked = False
        if model.checks_intervals:
            solver_regime, _ = model.solver_regime((mid,))
            total += 1
            if solver_regime == regime and not degenerate:
                agree += 1
                checked = True
            else:
                warnings.append(f"between {number_text(a)} and {number_text(b)} the game is degenerate: "
                                "each grid point there was solved exactly by the general solver")
                regime, valid = solver_regime, None
        intervals.append(Interval(a, b, regime_index(regimes, regime),
                                  tuple(valid) if isinstance(valid, list) else valid, checked))
    # the regime at each critical value, and the change points
    at_critical = []
    for c in inner:
        f = as_fraction(c)
        regime = model.regime_at((f,))[0] if f is not None else model.regime_at_algebraic(c)
        at_critical.append(regime_index(regimes, model.boundary_regime(regime)))
    for k, r in enumerate(at_critical):
        sides = (intervals[k].regime, intervals[k + 1].regime)
        if r not in sides and not regimes[r].degenerate:
            at_critical[k] = regime_index(regimes, replace(regimes[r], degenerate=True))
    changes = []
    formulas = model.change_formulas(rng.name, [(rational_between(i.lo, i.hi),) for i in intervals])
    for k, c in enumerate(inner):
        before, after = intervals[k].regime, intervals[k + 1].regime
        if before != after or at_critical[k] not in (before, after):
            changes.append(ChangePoint(rng.name, c, before, at_critical[k], after,
                                       matching_formulas(formulas, game, rng.name, c)))
    # grid points: binary search among the critical values, exact where they coincide
    floats = np.linspace(float(rng.lo), float(rng.hi), steps)
    crit_floats = np.array([to_float(c) for c in inner])
    position = np.searchsorted(crit_floats, floats, side="right") if len(inner) else np.zeros(steps, int)
    point_interval = position.astype(int)
    point_regimes = np.array([intervals[i].regime for i in point_interval], dtype=int)
    hits = []
    for j, c in enumerate(critical):
        cf = to_float(c)
        near = np.nonzero(np.abs(floats - cf) <= 1e-9 * max(1.0, abs(cf)))[0]
        for i in near:
            value = rng.value(int(i), steps)
            if equal(value, c):
                if any(c is d for d in inner):
                    point_regimes[i] = at_critical[[k for k, d in enumerate(inner) if d is c][0]]
                else:   # an end of the range that is itself a critical value
                    point_regimes[i] = regime_index(regimes, model.regime_at((value,))[0])
                point_interval[i] = -1 - j
                hits.append((int(i), c))
            else:
                # floating point put it on the wrong side of a critical value: decide exactly
                side = int(np.searchsorted(crit_floats, cf, side="left")) + (1 if less(c, value) else 0)
                side = min(side, len(intervals) - 1)
                point_interval[i] = side
                point_regimes[i] = intervals[side].regime
    return Sweep(game, rng, steps, tuple(regimes), tuple(intervals), tuple(changes), point_regimes,
                 tuple(hits), (agree, total), tuple(dict.fromkeys(warnings)), model, point_interval)


def sweep_by_bisection(model: IntervalModel, rng: Range, steps: int,
                       progress: Progress | None = None) -> Sweep:
    """Grid regimes computed exactly, change points by exact bisection (min/max payoffs)."""
    game = model.game
    grid = rng.grid(steps)
    regimes: list[Regime] = []
    point_regimes = np.zeros(steps, dtype=int)
    for k, value in enumerate(grid):
        point_regimes[k] = regime_index(regimes, model.regime_at((value,))[0])
        if progress:
            progress(k + 1, steps, "solving grid points")
    changes = []
    formulas = None
    for k in range(1, steps):
        if point_regimes[k] == point_regimes[k - 1]:
            continue
        lo, hi = grid[k - 1], grid[k]
        left = point_regimes[k - 1]
        for _ in range(60):
            mid = (lo + hi) / 2
            r = regime_index(regimes, model.regime_at((mid,))[0])
            if r == left:
                lo = mid
            else:
                hi = mid
        value = simplest_between(lo, hi)
        at = regime_index(regimes, model.regime_at((value,))[0])
        if formulas is None:
            formulas = model.change_formulas(rng.name, [])
        changes.append(ChangePoint(rng.name, to_sympy(value), int(left), at, int(point_regimes[k]),
                                   matching_formulas(formulas, game, rng.name, to_sympy(value)),
                                   method="exact bisection"))
    changes, _ = merge_repeated_changes(changes, rng)
    point_interval = np.full(steps, -10**9, dtype=int)   # no intervals: answers solved per point
    return Sweep(game, rng, steps, tuple(regimes), (), tuple(changes), point_regimes, (), (0, 0),
                 ("conditions with min/max: change points located by exact bisection",), model,
                 point_interval)


def merge_repeated_changes(changes: Sequence[ChangePoint], rng: Range) -> tuple[list, list]:
    """One change point per value: a grid point lying exactly on a threshold
    shows up as two changes (into and out of the boundary regime)."""
    merged: list[ChangePoint] = []
    for c in changes:
        if merged and equal(merged[-1].value, c.value):
            last = merged[-1]
            merged[-1] = replace(last, after=c.after, formulas=last.formulas or c.formulas,
                                 method=last.method if last.formulas else c.method)
        else:
            merged.append(c)
    merged = [c for c in merged if c.before != c.after or c.at not in (c.before, c.after)]
    return merged, [rng.lo] + [c.value for c in merged]


# ---------------------------------------------------------------- answers on the grid


def point_answers(sweep: Sweep, indices: Sequence[int], exact: bool = True,
                  progress: Progress | None = None, workers: int = 1) -> list[tuple]:
    """Equilibria at grid points of a sweep, from the formulas of each interval."""
    indices = list(indices)
    model = sweep.backend
    rng, steps = sweep.range, sweep.steps
    out: dict[int, tuple] = {}
    solve_points = []
    by_interval: dict[int, list[int]] = {}
    for i in indices:
        where = int(sweep.point_interval[i])
        if where < 0 or sweep.intervals[where].valid is None:
            solve_points.append(i)
        else:
            by_interval.setdefault(where, []).append(i)
    if not exact:
        for where, members in by_interval.items():
            valid = sweep.intervals[where].valid
            answers = model.interval_answers(valid, None, sweep.floats[members], exact=False)
            out.update(zip(members, answers))
    else:
        jobs = [(i, sweep.intervals[w].valid) for w, ms in by_interval.items() for i in ms]
        results = exact_jobs(model, [(rng.value(i, steps),) for i, _ in jobs], [v for _, v in jobs],
                             workers, progress, len(indices))
        for (i, _), eqs in zip(jobs, results):
            out[i] = eqs
    for n, i in enumerate(solve_points):
        eqs = model.regime_at((rng.value(i, steps),))[1]
        out[i] = eqs if exact else tuple(to_numeric(eq) for eq in eqs)
        if progress:
            progress(len(indices) - len(solve_points) + n + 1, len(indices), "solving points")
    return [out[i] for i in indices]


def to_numeric(eq):
    """A float copy of an exact normal-form equilibrium (tree answers stay exact)."""
    if not hasattr(eq, "strategies"):
        return eq
    return NumericEquilibrium(tuple(tuple(float(p) for p in s) for s in eq.strategies),
                              tuple(float(v) for v in eq.payoffs))


_WORKER_MODELS: dict = {}


def _exact_chunk(args):
    kind, game, free, points, valids = args
    key = (kind, id(game), free)
    model = _WORKER_MODELS.get(key)
    if model is None:
        _WORKER_MODELS.clear()
        model = _WORKER_MODELS[key] = kind(game, free)
    return grouped_answers(model, points, valids)


def exact_jobs(model: IntervalModel, points: Sequence[tuple], valids: Sequence[Any], workers: int,
               progress: Progress | None, total: int) -> list:
    """Exact answers at ``points`` (each with its interval's formulas), in processes when many."""
    if not points:
        return []
    chunk = max(1, min(5000, len(points) // max(1, workers * 4) or 1))
    pieces = [(points[k:k + chunk], valids[k:k + chunk]) for k in range(0, len(points), chunk)]
    results: list = []
    if workers > 1 and len(points) > 2000:
        import concurrent.futures as cf

        with cf.ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(_exact_chunk, (type(model), model.game, model.free, p, v))
                       for p, v in pieces]
            for future in futures:
                results.extend(future.result())
                if progress:
                    progress(len(results), total, "exact payoffs")
        return results
    for p, v in pieces:
        results.extend(grouped_answers(model, p, v))
        if progress:
            progress(len(results), total, "exact payoffs")
    return results


def grouped_answers(model: IntervalModel, points: Sequence[tuple], valids: Sequence[Any]) -> list:
    """Exact answers, one call per run of points sharing an interval."""
    out: list = []
    start = 0
    for k in range(1, len(points) + 1):
        if k == len(points) or valids[k] != valids[start]:
            out.extend(model.interval_answers(valids[start], [q[0] for q in points[start:k]], None,
                                              exact=True))
            start = k
    return out


def interval_series(sweep: Sweep) -> dict[tuple, np.ndarray]:
    """Float payoffs of each equilibrium (keyed by support) along the grid.

    Vectorised over each regime interval; only points on a boundary or in a
    degenerate stretch are solved one by one.
    """
    model = sweep.backend
    n_players = len(sweep.game.players)
    out: dict[tuple, np.ndarray] = {}

    def put(key, rows, values):
        if key not in out:
            out[key] = np.full((sweep.steps, n_players), np.nan)
        out[key][rows] = values

    xs = sweep.floats
    where = sweep.point_interval
    singles = []
    for k, interval in enumerate(sweep.intervals):
        rows = np.nonzero(where == k)[0]
        if not len(rows):
            continue
        if interval.valid is None:
            singles.extend(rows.tolist())
            continue
        for key, payoffs in model.interval_payoffs(interval.valid, xs[rows]):
            put(key, rows, payoffs)
    singles += np.nonzero((where < 0) | (where >= len(sweep.intervals)))[0].tolist()
    for i, eqs in zip(singles, point_answers(sweep, singles, exact=False)):
        for eq in eqs:
            put(support_key(eq), [i], [float(v) for v in eq.payoffs])
    return out


def interval_curves(sweep: Sweep, count: int = 600, outcomes: bool = False):
    """Curves on ``count`` points from the formulas of each interval (see :meth:`Sweep.dense`)."""
    model = sweep.backend
    lo, hi = float(sweep.range.lo), float(sweep.range.hi)
    xs = np.linspace(lo, hi, count)
    edges = np.array([to_float(i.hi) for i in sweep.intervals[:-1]])
    where = np.searchsorted(edges, xs, side="right") if len(edges) else np.zeros(count, int)
    out: dict[Any, np.ndarray] = {}
    for k, interval in enumerate(sweep.intervals):
        rows = np.nonzero(where == k)[0]
        if not len(rows) or interval.valid is None:
            continue
        if outcomes:
            curves = model.interval_outcomes(interval.valid, xs[rows])
            if curves is None:
                return xs, {}
            for label, values in curves.items():
                out.setdefault(label, np.full(count, np.nan))[rows] = values
        else:
            for key, values in model.interval_payoffs(interval.valid, xs[rows]):
                out.setdefault(key, np.full((count, len(sweep.game.players)), np.nan))[rows] = values
    return xs, out


class IntervalAnswers:
    """Mix-in of :class:`~deterrence.parametric.backend.SweepModel`: answers, series and
    curves of a sweep from the formulas of each interval (the functions above)."""

    def answers(self, sweep, indices, exact: bool = True, progress=None, workers: int = 1) -> list:
        return point_answers(sweep, indices, exact, progress, workers)

    def series(self, sweep) -> dict:
        return interval_series(sweep)

    def curves(self, sweep, count: int = 600, outcomes: bool = False):
        return interval_curves(sweep, count, outcomes)


__all__ = ["IntervalAnswers", "sweep_by_intervals", "sweep_by_bisection", "merge_repeated_changes", "point_answers",
           "exact_jobs", "grouped_answers", "interval_series", "interval_curves", "to_numeric"]
