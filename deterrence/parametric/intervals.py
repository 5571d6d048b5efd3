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

import math
from dataclasses import replace
from fractions import Fraction  # noqa: F401  (the doctests)
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from deterrence.model.numbers import (as_fraction, equal, less, number_text, rational_between,
                                      simplest_between, to_float, to_sympy)
from deterrence.parametric.backend import IntervalModel, Progress
from deterrence.parametric.blocks import Block, value_column
from deterrence.parametric.ranges import Range
from deterrence.parametric.regimes import Regime, regime_index, support_key
from deterrence.parametric.results import ChangePoint, Interval, NumericEquilibrium, Segment, Sweep
from deterrence.parametric.roots import matching_formulas
from deterrence.parametric.univariate import grid_floats


def sweep_by_intervals(model: IntervalModel, rng: Range, steps: int,
                       progress: Progress | None = None, bisection: int | None = None) -> Sweep:
    """Sweep one parameter over ``rng`` on ``steps`` grid points (see the module doc;
    ``bisection``: halvings of a grid step where changes are bisected, 60 when ``None``
    or 0: a matrix game's points are cheap, and its changes are always located)."""
    game = model.game
    if progress:
        progress(0, 1, "locating thresholds")
    critical = model.critical_values(rng.lo, rng.hi)
    if critical is None:
        return sweep_by_bisection(model, rng, steps, progress, bisection or 60)
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
    for k, c in enumerate(inner):
        f = as_fraction(c)
        regime = model.boundary_regime(model.regime_at((f,))[0] if f is not None
                                       else model.regime_at_algebraic(c))
        sides = (regimes[intervals[k].regime], regimes[intervals[k + 1].regime])
        if regime not in sides and not regime.degenerate:
            regime = replace(regime, degenerate=True)    # only at the point: a boundary regime
        at_critical.append(regime_index(regimes, regime))   # registered once, as it is shown
    formulas = FormulaSource(model, rng.name, [(rational_between(i.lo, i.hi),) for i in intervals])
    changes = []
    for k, c in enumerate(inner):
        before, after = intervals[k].regime, intervals[k + 1].regime
        if before != after or at_critical[k] not in (before, after):
            changes.append(ChangePoint(rng.name, c, before, at_critical[k], after, formulas.at(c)))
    ends = {}
    for end, index in ((rng.lo, 0), (rng.hi, steps - 1)):
        if any(equal(end, c) for c in critical):   # an end of the range that is itself a critical value
            ends[index] = (end, regime_index(regimes, model.regime_at((end,))[0]))
    # a threshold at an end of the range: a change there when the end's regime is not the
    # one beside it (the tie at V = 0, where every strategy of Hawk-Dove is as good)
    if 0 in ends and ends[0][1] != intervals[0].regime:
        changes.insert(0, ChangePoint(rng.name, rng.lo, ends[0][1], ends[0][1], intervals[0].regime,
                                      formulas.at(rng.lo)))
    if steps - 1 in ends and ends[steps - 1][1] != intervals[-1].regime:
        changes.append(ChangePoint(rng.name, rng.hi, intervals[-1].regime, ends[steps - 1][1],
                                   ends[steps - 1][1], formulas.at(rng.hi)))
    segments = grid_segments(rng, steps, inner, [i.regime for i in intervals], at_critical, ends)
    return Sweep(game, rng, steps, tuple(regimes), tuple(intervals), tuple(changes), segments,
                 (agree, total), tuple(dict.fromkeys(warnings)), model)


class FormulaSource:
    """The threshold formulas of a model, derived once when a change point first asks."""

    def __init__(self, model, name: str, points) -> None:
        self.model, self.name, self.points = model, name, points
        self._formulas = None

    def formulas(self) -> tuple:
        if self._formulas is None:
            self._formulas = tuple(self.model.change_formulas(self.name, self.points))
        return self._formulas

    def at(self, value) -> Callable[[], tuple]:
        """A function giving the formulas that vanish at ``value``."""
        return lambda: matching_formulas(self.formulas(), self.model.game, self.name, value)


# ---------------------------------------------------------------- the grid


def points_below(rng: Range, steps: int, value) -> tuple[int, bool]:
    """How many grid points lie below the exact ``value``, and whether one equals it.

    >>> points_below(Range.parse("x=0:1"), 5, Fraction(1, 2)), points_below(Range.parse("x=0:1"), 5, Fraction(1, 3))
    ((2, True), (2, False))
    """
    f = as_fraction(value)
    if steps < 2:
        return (0, False) if not less(rng.lo, value) else (1, False)
    if f is not None:
        t = (f - rng.lo) * (steps - 1) / (rng.hi - rng.lo)
        if t.denominator == 1:
            n, hit = int(t), True
        else:
            n, hit = math.ceil(t), False
    else:
        t = (to_float(value) - float(rng.lo)) / float(rng.hi - rng.lo) * (steps - 1)
        k = min(max(int(math.floor(t)), -1), steps - 1)
        while k >= 0 and not less(rng.value(k, steps), value):
            k -= 1
        while k + 1 < steps and less(rng.value(k + 1, steps), value):
            k += 1
        n, hit = k + 1, False
    if n < 0:
        return 0, False
    if n > steps or (n == steps and hit):
        return steps, False
    return n, hit


def grid_segments(rng: Range, steps: int, inner: Sequence, interval_regimes: Sequence[int],
                  at_critical: Sequence[int], ends: dict | None = None) -> tuple[Segment, ...]:
    """The grid as runs: interval ``k`` between ``inner[k-1]`` and ``inner[k]``, and one-point
    segments where a grid point lies exactly on a critical value (or is an end of the range
    that is one: ``ends`` maps index 0 / steps-1 to (value, regime))."""
    ends = ends or {}
    raw: list[tuple[int, int, int, int | None, Any]] = []
    position = 0
    if 0 in ends:
        raw.append((0, 1, ends[0][1], None, ends[0][0]))
        position = 1
    last = steps - 1 if (steps - 1 in ends and steps > 1) else steps
    for k, regime in enumerate(interval_regimes):
        if k < len(inner):
            n, hit = points_below(rng, steps, inner[k])
            n = min(max(n, position), last)
        else:
            n, hit = last, False
        raw.append((position, n, regime, k, None))
        position = n
        if k < len(inner) and hit and position < last:
            raw.append((position, position + 1, at_critical[k], None, inner[k]))
            position += 1
    if last < steps:
        raw.append((last, steps, ends[steps - 1][1], None, ends[steps - 1][0]))
    out: list[Segment] = []
    previous = None
    for a, b, regime, interval, value in raw:
        if a >= b:
            continue
        out.append(Segment(a, b, regime, interval, value, previous is not None and regime != previous))
        previous = regime
    return tuple(_merge_runs(out))


def _merge_runs(segments: Sequence[Segment]) -> list[Segment]:
    """Join neighbours solved point by point with one regime (bisection sweeps)."""
    out: list[Segment] = []
    for s in segments:
        if out and s.interval is None and s.value is None and out[-1].interval is None \
                and out[-1].value is None and out[-1].regime == s.regime and out[-1].stop == s.start:
            out[-1] = replace(out[-1], stop=s.stop)
        else:
            out.append(s)
    return out


def sweep_by_bisection(model: IntervalModel, rng: Range, steps: int,
                       progress: Progress | None = None, bisection: int = 60) -> Sweep:
    """Grid regimes computed exactly, change points by exact bisection (min/max payoffs)."""
    game = model.game
    regimes: list[Regime] = []
    segments: list[Segment] = []
    changes = []
    formulas = FormulaSource(model, rng.name, [])
    previous = None
    for k in range(steps):
        value = rng.value(k, steps)
        r = regime_index(regimes, model.regime_at((value,))[0])
        if progress:
            progress(k + 1, steps, "solving grid points")
        if previous is not None and r != previous:
            for root, before, after, bracket in bisect_changes(model, rng.value(k - 1, steps), value,
                                                               previous, r, regimes, bisection):
                at = regime_index(regimes, model.regime_at((root,))[0])
                changes.append(ChangePoint(rng.name, to_sympy(root), before, at, after,
                                           formulas.at(to_sympy(root)), method="exact bisection",
                                           bracket=bracket))
        if segments and segments[-1].regime == r:
            segments[-1] = replace(segments[-1], stop=k + 1)
        else:
            segments.append(Segment(k, k + 1, r, None, None, previous is not None))
        previous = r
    changes, _ = merge_repeated_changes(changes, rng)
    return Sweep(game, rng, steps, tuple(regimes), (), tuple(changes), tuple(segments), (0, 0),
                 ("conditions with min/max: change points located by exact bisection",), model)


def bisect_changes(model, lo: Fraction, hi: Fraction, left: int, right: int, regimes: list[Regime],
                   steps: int) -> list[tuple[Fraction, int, int, tuple[Fraction, Fraction]]]:
    """Every change of regime the bisection of ``[lo, hi]`` meets, from ``left`` (the regime
    at ``lo``) to ``right`` (at ``hi``): ``(value, before, after)`` in order.

    Each halving solves the middle exactly; where the middle has a third regime, both
    halves hold a change and both are followed (A, B, C along the bracket are two changes,
    not one). After ``steps`` halvings the value is the simplest rational in the final
    bracket, which is given as the fourth item.
    A change that leaves and comes back between two solved points is not seen: a finer
    grid finds it.

    >>> from deterrence.parametric.regimes import Regime
    >>> class Stairs:                       # regime 0 below 1/3, 1 up to 2/3, then 2
    ...     def regime(self, point):
    ...         return Regime.of("stairs", [str(int(3 * point[0]))])
    >>> regimes = [Regime.of("stairs", [k]) for k in "012"]
    >>> [(str(v), a, b) for v, a, b, _ in bisect_changes(Stairs(), Fraction(0), Fraction(1), 0, 2, regimes, 40)]
    [('1/3', 0, 1), ('2/3', 1, 2)]
    """
    out: list[tuple[Fraction, int, int, tuple[Fraction, Fraction]]] = []
    todo = [(lo, left, hi, right, steps)]
    while todo:
        a, ra, b, rb, left_steps = todo.pop()
        if left_steps == 0:
            # a bracket still touching an end of ``[lo, hi]`` changes there (a point solved
            # alone, an end of the range); else at the simplest rational inside it
            out.append((lo if a == lo else hi if b == hi else simplest_between(a, b), ra, rb, (a, b)))
            continue
        middle = (a + b) / 2
        rm = regime_index(regimes, model.regime((middle,)))
        # the right half first onto the stack, so that the left half is finished first
        if rm != rb:
            todo.append((middle, rm, b, rb, left_steps - 1))
        if rm != ra:
            todo.append((a, ra, middle, rm, left_steps - 1))
    return out


def merge_repeated_changes(changes: Sequence[ChangePoint], rng: Range) -> tuple[list, list]:
    """One change point per value: a grid point lying exactly on a threshold
    shows up as two changes (into and out of the boundary regime)."""
    merged: list[ChangePoint] = []
    for c in changes:
        if merged and equal(merged[-1].value, c.value):
            last = merged[-1]
            merged[-1] = replace(last, after=c.after, found=_either(last, c),
                                 method=last.method if last.found else c.method)
        else:
            merged.append(c)
    merged = [c for c in merged if c.before != c.after or c.at not in (c.before, c.after)]
    return merged, [rng.lo] + [c.value for c in merged]


def _either(first: ChangePoint, second: ChangePoint):
    """The formulas of ``first``, else those of ``second``: found when first asked for."""
    if not callable(first.found) and not callable(second.found):
        return tuple(first.found) or tuple(second.found)
    return lambda: first.formulas or second.formulas


# ---------------------------------------------------------------- answers on the grid


def point_answers(sweep: Sweep, indices: Sequence[int], exact: bool = True,
                  progress: Progress | None = None, workers: int = 1, detail: bool = True) -> list[tuple]:
    """Equilibria at grid points of a sweep, from the formulas of each interval (``detail``:
    see :meth:`~deterrence.parametric.results.Sweep.answers`)."""
    indices = list(indices)
    model = sweep.backend
    rng, steps = sweep.range, sweep.steps
    out: dict[int, tuple] = {}
    solve_points = []
    by_interval: dict[int, list[int]] = {}
    for i in indices:
        segment = sweep.segment_of(i)
        if segment.interval is None or sweep.intervals[segment.interval].valid is None:
            solve_points.append(i)
        else:
            by_interval.setdefault(segment.interval, []).append(i)
    if not exact:
        for where, members in by_interval.items():
            valid = sweep.intervals[where].valid
            floats = grid_floats(rng.lo, rng.hi, steps)[members] if len(members) > 64 and steps < 10**6 \
                else np.array([float(rng.value(i, steps)) for i in members])
            out.update(zip(members, model.interval_answers(valid, None, floats, exact=False)))
    else:
        jobs = [(i, sweep.intervals[w].valid) for w, ms in by_interval.items() for i in ms]
        results = exact_jobs(model, [(rng.value(i, steps),) for i, _ in jobs], [v for _, v in jobs],
                             workers, progress, len(indices), detail)
        for (i, _), eqs in zip(jobs, results):
            out[i] = eqs
    for n, i in enumerate(solve_points):
        eqs = model.regime_at((rng.value(i, steps),))[1]
        out[i] = eqs if exact else tuple(to_numeric(eq) for eq in eqs)
        if progress:
            progress(len(indices) - len(solve_points) + n + 1, len(indices), "solving points")
    return [out[i] for i in indices]


def point_blocks(sweep: Sweep, start: int, stop: int, exact: bool = True, detail: bool = False) -> Iterator[Block]:
    """The answers at grid points ``start..stop-1``, a block per run of one interval's formulas
    (its equilibria as columns), and a block per point solved exactly."""
    model = sweep.backend
    rng, steps = sweep.range, sweep.steps
    for segment in sweep.segments:
        a, b = max(segment.start, start), min(segment.stop, stop)
        if a >= b:
            continue
        change = segment.change and a == segment.start
        interval = sweep.intervals[segment.interval] if segment.interval is not None else None
        if interval is not None and interval.valid is not None:
            columns = model.block(interval.valid, rng, steps, a, b, exact, detail)
            if columns is not None:
                yield Block(a, b, segment.regime, change, value_column(rng, steps, a, b, exact), columns)
                continue
            points = [rng.value(i, steps) for i in range(a, b)]
            floats = np.array([float(v) for v in points])
            for k, eqs in enumerate(model.interval_answers(interval.valid, points, floats, exact)):
                yield Block(a + k, a + k + 1, segment.regime, change and k == 0,
                            value_column(rng, steps, a + k, a + k + 1, exact), objects=[eqs])
            continue
        for i in range(a, b):
            eqs = model.regime_at((rng.value(i, steps),))[1]
            if not exact:
                eqs = tuple(to_numeric(eq) for eq in eqs)
            yield Block(i, i + 1, segment.regime, change and i == a, value_column(rng, steps, i, i + 1, exact),
                        objects=[eqs])


def to_numeric(eq):
    """A float copy of an exact equilibrium (a tree's: its profile, payoffs and outcomes)."""
    numeric = getattr(eq, "numeric", None)
    if numeric is not None:
        return numeric()
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
               progress: Progress | None, total: int, detail: bool = True) -> list:
    """Exact answers at ``points`` (each with its interval's formulas), in processes when many."""
    if not points:
        return []
    chunk = max(1, min(5000, len(points) // max(1, workers * 4) or 1))
    pieces = [(points[k:k + chunk], valids[k:k + chunk]) for k in range(0, len(points), chunk)]
    results: list = []
    if workers > 1 and len(points) > 2000:
        from deterrence.parametric.workers import worker_pool

        with worker_pool(workers) as pool:
            futures = [pool.submit(_exact_chunk, (type(model), model.game, model.free, p, v))
                       for p, v in pieces]
            for future in futures:
                results.extend(future.result())
                if progress:
                    progress(len(results), total, "exact payoffs")
        return results
    for p, v in pieces:
        results.extend(grouped_answers(model, p, v, detail))
        if progress:
            progress(len(results), total, "exact payoffs")
    return results


def grouped_answers(model: IntervalModel, points: Sequence[tuple], valids: Sequence[Any],
                    detail: bool = True) -> list:
    """Exact answers, one call per run of points sharing an interval."""
    out: list = []
    start = 0
    for k in range(1, len(points) + 1):
        if k == len(points) or valids[k] != valids[start]:
            out.extend(model.interval_answers(valids[start], [q[0] for q in points[start:k]], None,
                                              exact=True, detail=detail))
            start = k
    return out


def interval_series(sweep: Sweep, indices: Sequence[int] | None = None) -> dict[tuple, np.ndarray]:
    """Float payoffs of each equilibrium (keyed by support) at grid points (all by default).

    Vectorised over each regime interval; only points on a boundary or in a
    degenerate stretch are solved one by one.
    """
    model = sweep.backend
    rng, steps = sweep.range, sweep.steps
    indices = np.arange(steps) if indices is None else np.asarray(indices, dtype=np.int64)
    n_players = len(sweep.game.players)
    out: dict[tuple, np.ndarray] = {}

    def put(key, rows, values):
        if key not in out:
            out[key] = np.full((len(indices), n_players), np.nan)
        out[key][rows] = values

    xs = float(rng.lo) + (float(rng.hi) - float(rng.lo)) * indices / max(steps - 1, 1)
    singles = []
    for segment in sweep.segments:
        rows = np.nonzero((indices >= segment.start) & (indices < segment.stop))[0]
        if not len(rows):
            continue
        interval = sweep.intervals[segment.interval] if segment.interval is not None else None
        if interval is None or interval.valid is None:
            singles.extend(rows.tolist())
            continue
        for key, payoffs in model.interval_payoffs(interval.valid, xs[rows]):
            put(key, rows, payoffs)
    for row, eqs in zip(singles, point_answers(sweep, [int(indices[r]) for r in singles], exact=False)):
        for eq in eqs:
            put(support_key(eq), [row], [float(v) for v in eq.payoffs])
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
    """Mix-in of :class:`~deterrence.parametric.backend.SweepModel`: answers, blocks, series
    and curves of a sweep from the formulas of each interval (the functions above)."""

    def regime(self, point) -> Regime:
        """The exact regime at a rational point, where its equilibria are not needed (a
        model may find it sooner than :meth:`regime_at`)."""
        return self.regime_at(point)[0]

    def answers(self, sweep, indices, exact: bool = True, progress=None, workers: int = 1,
                detail: bool = True) -> list:
        return point_answers(sweep, indices, exact, progress, workers, detail)

    def blocks(self, sweep, start: int, stop: int, exact: bool = True, detail: bool = False) -> Iterator[Block]:
        return point_blocks(sweep, start, stop, exact, detail)

    def series(self, sweep, indices=None) -> dict:
        return interval_series(sweep, indices)

    def curves(self, sweep, count: int = 600, outcomes: bool = False):
        return interval_curves(sweep, count, outcomes)


__all__ = ["IntervalAnswers", "FormulaSource", "bisect_changes", "sweep_by_intervals", "sweep_by_bisection", "grid_segments",
           "points_below", "point_blocks", "merge_repeated_changes", "point_answers",
           "exact_jobs", "grouped_answers", "interval_series", "interval_curves", "to_numeric"]
