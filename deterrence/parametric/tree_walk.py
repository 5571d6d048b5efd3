"""Sweeping one parameter of a game tree by regimes, not by points.

A tree's equilibrium play is piecewise constant in a parameter. The walk
(:meth:`TreeSweepModel.sweep`) solves the tree exactly at one point of a
stretch of the range, turns every equilibrium found there into formulas
(:mod:`~deterrence.parametric.tree_pieces`: mixed ones included), and reads
off, from the exact roots of their conditions, how far that answer reaches
on each side; it then solves again only beyond, in the stretches not yet
covered. Each grid point takes the answer of the stretch it lies in —
exactly, by comparing grid values with the exact ends — and its equilibrium
is the formulas' value there. On a tree with information sets two grid
points of each stretch are solved as a check (a second equilibrium can appear
beside those found without any of their conditions changing); where one finds
another regime, the stretch starts again from there. Only the two ends of the
range (where a chance probability of 0 or 1 changes the tree's shape), stretches whose
equilibria give no formulas (nonlinear indifference, then every grid point
is solved and changes are bracketed by exact bisection) and grid points
lying exactly on a change point are solved point by point.

Example
-------
>>> from deterrence import load_game
>>> from deterrence.parametric.ranges import Range
>>> s = TreeSweepModel(load_game("punishment_credibility"), ["p"]).sweep(Range.parse("p=0:1"), 5)
>>> [(c.text, c.formula_texts() or c.method) for c in s.changes]
[('0', 'end of the range'), ('1/3', ['p = V/(V + c)'])]
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any, Iterator, Sequence

import numpy as np

from deterrence.model.numbers import as_fraction, less, rational_between, to_float
from deterrence.parametric.blocks import EqColumns, column
from deterrence.parametric.intervals import (IntervalAnswers, bisect_changes, grid_segments, merge_repeated_changes,
                                             points_below)
from deterrence.parametric.ranges import Range
from deterrence.parametric.regimes import Regime, on_boundary, regime_index, tree_regime
from deterrence.parametric.results import BRACKETED, END_OF_RANGE, ChangePoint, Interval, ProfileAnswer, Segment, Sweep
from deterrence.parametric.tree_pieces import NoFormulas, Piece, RationalField, pieces_at
from deterrence.parametric.univariate import NotRational

#: Sweeps of at most this many points answer each point with the full equilibrium
#: (strategies, beliefs, refinements: checked exactly); longer ones from the formulas.
DETAIL_LIMIT = 200
#: Exact bisection steps where no formulas bracket a change.
BISECTION_STEPS = 48
#: Whole numbers of a count between two grid points that are each solved (more: bisection).
WHOLE_SCAN = 64
#: Grid points of each stretch solved as a check on a tree with information sets.
CHECKS_PER_STRETCH = 2


def _grid_inside(rng: Range, steps: int, left, right) -> tuple[int, int]:
    """The index of the first grid point strictly inside ``(left, right)`` and how many are."""
    below, hit = points_below(rng, steps, left)
    start = below + 1 if hit else below
    return start, points_below(rng, steps, right)[0] - start


def _start_point(rng: Range, steps: int, a, b) -> Fraction:
    """Where a stretch inside ``(a, b)`` is first solved: the middle grid point inside it,
    else the simplest rational (unless the values in force lie inside, solved already)."""
    q = _middle_grid_point(rng, steps, a, b)
    return rational_between(a, b) if q is None else q


def _middle_grid_point(rng: Range, steps: int, a, b) -> Fraction | None:
    """The middle one of the grid points strictly inside ``(a, b)``, or ``None``."""
    start, inside = _grid_inside(rng, steps, a, b)
    return rng.value(start + (inside - 1) // 2, steps) if inside > 0 else None


@dataclass
class PieceSet:
    """The equilibria of one regime as formulas, valid together on a stretch."""

    regime: Regime
    pieces: list[Piece]
    #: Where the exact solver found them (formulas for all parameters are derived there).
    at: Fraction | None = None

    def holds_at(self, x: Fraction) -> bool:
        return all(p.holds_at((x,)) for p in self.pieces)

    def critical(self, lo, hi) -> list:
        """Where a condition of some equilibrium may change sign, in ``[lo, hi]``."""
        from deterrence.model.numbers import sorted_unique

        found = []
        for p in self.pieces:
            for c in p.conditions:
                found += c.expr.roots(_fraction(lo), _fraction(hi)) if not c.expr.is_constant else []
        return sorted_unique(found)

    def vanishes_at(self, x: Fraction) -> bool:
        """Whether a condition of some equilibrium is zero at ``x`` (``x`` lies on a threshold:
        a tie, where the solver also finds equilibria that hold at that point only)."""
        return any(not c.expr.is_constant and _may_vanish(p.field, c.expr, (x,))
                   for p in self.pieces for c in p.conditions)

    def valid_at_algebraic(self, x) -> list[Piece]:
        from deterrence.parametric.normal_univariate import sign_at_algebraic

        out = []
        for p in self.pieces:
            ok = True
            for c in p.conditions:
                s = sign_at_algebraic(c.expr, x)
                if s < 0 or (c.strict and s == 0):
                    ok = False
                    break
            if ok:
                out.append(p)
        return out

    def _key(self) -> tuple:
        return (self.regime, tuple((p.outcome_key, p.text, tuple(str(v) for v in p.payoffs)) for p in self.pieces))

    def __eq__(self, other) -> bool:
        return isinstance(other, PieceSet) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())


def _fraction(value) -> Fraction:
    f = as_fraction(value)
    if f is not None:
        return f
    return Fraction(to_float(value))


class SolvedAnswer:
    """An equilibrium from the exact solver at one point, labelled with that point's tree
    (a probability of 0 or 1 can remove branches, and with them information sets)."""

    def __init__(self, equilibrium, game) -> None:
        self.equilibrium, self.game = equilibrium, game

    def __getattr__(self, name: str):
        return getattr(self.equilibrium, name)

    def label(self, game=None) -> str:
        return self.equilibrium.label(self.game)

    def to_json(self, game, as_float: bool = False) -> dict[str, Any]:
        return self.equilibrium.to_json(self.game, as_float)

    def numeric(self) -> ProfileAnswer:
        """The profile, payoffs and outcome probabilities in floating point."""
        eq = self.equilibrium
        return ProfileAnswer(eq.label(self.game), tuple(float(v) for v in eq.payoffs),
                             tuple((label, float(p)) for label, p in eq.outcomes))


class TreeSweepModel(IntervalAnswers):
    """A game tree prepared for sweeping one parameter (see the module doc)."""

    checks_intervals = False

    def __init__(self, game, free: Sequence[str]) -> None:
        (name,) = free
        self.game, self.free = game, (name,)
        try:
            self.field = RationalField(game, name)
        except NotRational:              # a definition with min/max: every point is solved
            self.field = None
        self.detail = True
        #: Whether the equilibria solved are located in components (see :meth:`solved`).
        self.components = True
        #: Processes the sweep may use: with 2, the points every walk solves are solved
        #: ahead in a helper (:meth:`sweep`).
        self.workers = 1
        self.integer = game.parameters.get(name).integer
        self.reshaped = False
        self.notes: list[str] = []
        self.solves = 0
        #: Halvings of a grid step that locate a change where no formulas do (a check that
        #: compares the bracket with formulas needs fewer than a sweep that shows the value;
        #: 0: none, the change is left :data:`~deterrence.parametric.results.BRACKETED`).
        self.bisection_steps = BISECTION_STEPS
        #: Whether a rational change point between grid points, and an end of the range where
        #: the formulas beside it hold, is solved for the regime at the point itself (else the
        #: formulas give it: a check's sweep, which reads only where the changes are inside
        #: the range, spares those solves).
        self.point_regimes = True
        self.progress = None
        self._cache: dict[Fraction, tuple] = {}
        self._formula_field = None

    # -- exact, one point

    def at(self, point):
        return self.game.with_values(dict(zip(self.free, point)))

    def solved(self, x: Fraction, components: bool = True):
        """The exact solver's result at ``x`` (cached, and shared with anything else that
        solved this game there: :mod:`~deterrence.parametric.solved`) and the tree there.
        Without ``components`` (or when the sweep was asked not to locate them), the
        equilibria may lack their components (enough for a check, which compares regimes)."""
        components = components and self.components
        if x not in self._cache or (components and not self._cache[x][2]):
            from deterrence.parametric.solved import is_solved, solved_at

            point = {self.free[0]: x}
            self.solves += not is_solved(self.game, point, components)
            self._cache[x] = solved_at(self.game, point, components) + (components,)
        return self._cache[x][:2]

    def regime_at(self, point) -> tuple[Regime, tuple]:
        result, at = self.solved(Fraction(point[0]))
        return tree_regime(result), tuple(SolvedAnswer(eq, at) for eq in result.equilibria)

    def regime(self, point) -> Regime:
        """The regime at ``point``, solved without locating components (see :meth:`solved`)."""
        return tree_regime(self.solved(Fraction(point[0]), False)[0])

    def piece_set(self, x: Fraction) -> tuple[Regime, PieceSet | None]:
        regime, pieces, _ = self._piece_set(x)
        return regime, pieces

    def _piece_set(self, x: Fraction) -> tuple[Regime, PieceSet | None, str]:
        """:meth:`piece_set`, and why there are no formulas ("" when there are)."""
        result, at = self.solved(x)
        regime = tree_regime(result)
        try:
            if not result.equilibria or self.field is None:
                raise NoFormulas("no equilibrium found here, or no formulas for the parameter")
            return regime, PieceSet(regime, pieces_at(self.game, at, result, self.field, (x,)), x), ""
        except (NoFormulas, NotRational, ZeroDivisionError) as exc:
            # min/max payoffs (a shortfall that cannot go below 0) are not rational functions:
            # this stretch is solved grid point by grid point
            return regime, None, f"{type(exc).__name__}: {exc}"

    # -- the walk

    def sweep(self, rng: Range, steps: int, progress=None) -> Sweep:
        self.detail = steps <= DETAIL_LIMIT
        lo, hi = rng.lo, rng.hi
        self.reshaped = self.field is not None and self._reshapes(rng)
        if self.reshaped:
            self.field = None      # formulas from one tree do not hold on another: point by point
            self.notes.append(f"the tree itself changes with {rng.name} (a built model: "
                              f"{rng.name} adds or removes moves), so every grid point was solved")
        elif self.field is not None and self.integer:
            # a count is solved at whole numbers only, where a stretch's formulas would be
            # found at a point between them: whole numbers one by one, as for a built model
            self.field = None
            self.notes.append(f"{rng.name} counts something (whole numbers only), so every grid "
                              f"point was solved")
        regimes: list[Regime] = []
        stretches: list[tuple[Any, Any, Regime, PieceSet | None]] = []
        todo = [(lo, hi)] if self.field is not None else []
        if self.field is None:      # no formulas at all: every grid point is solved
            self._may_solve(rng, steps)
            stretches.append((lo, hi, self.regime_at((lo,))[0], None))
        width = hi - lo
        with self._ahead(rng, steps, bool(todo)):
            return self._walk(rng, steps, todo, stretches, regimes, width, progress)

    def _walk(self, rng: Range, steps: int, todo: list, stretches: list, regimes: list, width,
              progress) -> Sweep:
        """Cover ``todo`` with checked stretches (see :meth:`sweep`)."""
        while todo:
            a, b = todo.pop()
            regime, pieces, q = self._discover(a, b, rng, steps)
            if progress:
                covered = sum(to_float(s[1]) - to_float(s[0]) for s in stretches)
                progress(int(1000 * covered / float(width)), 1000, "following the equilibrium")
            if pieces is None:
                stretches.append((a, b, regime, None))
                continue
            left, right, regime, pieces = self._checked(rng, steps, a, b, regime, pieces, q)
            stretches.append((left, right, regime, pieces))
            if less(a, left):
                todo.append((a, left))
            if less(right, b):
                todo.append((right, b))
        stretches.sort(key=lambda s: to_float(s[0]))
        return self._assemble(rng, steps, stretches, regimes)

    @contextlib.contextmanager
    def _ahead(self, rng: Range, steps: int, walking: bool) -> Iterator[None]:
        """With two workers, a helper process solves the points the walk is sure to solve
        (where it starts, the grid's ends) or likely to (its first and last inner points,
        which check the stretches at the ends), while this one builds the field of the
        change formulas; the same answers (:func:`~deterrence.parametric.solved.solving_ahead`)."""
        from deterrence.parametric.solved import solving_ahead

        if self.workers < 2 or not walking:
            yield
            return
        name = self.free[0]
        points = [_start_point(rng, steps, rng.lo, rng.hi)]
        components = [self.components]
        if steps >= 3 and not self.game.is_perfect_information:
            points += [rng.value(1, steps), rng.value(steps - 2, steps)]
            components += [False, False]
        points += [rng.lo, rng.hi]
        components += [self.components, self.components]
        with solving_ahead(self.game, [{name: Fraction(x)} for x in points], components):
            self._formula_field_ready()
            yield

    def _formula_field_ready(self) -> None:
        """Build the field the change formulas are solved in (sympy's import the most of it),
        as :meth:`formulas` would when first asked."""
        from deterrence.parametric.tree_pieces import FractionField, NotRational

        if self._formula_field is None and self.field is not None:
            try:
                self._formula_field = FractionField(self.game)
            except NotRational:
                pass

    def _may_solve(self, rng: Range, count: int) -> None:
        """Refuse, before the work starts, to solve more grid points one by one than the
        ``solves`` limit allows (``--limit solves=N``)."""
        from deterrence.model import limits

        why = f"the tree changes with {rng.name}" if self.reshaped else "no formulas cover them"
        hint = None
        if self.integer and getattr(self.game, "rebuild", None) is not None:
            hint = (f"for a pool, `deterrence pool GAME --members {rng.lo}:{rng.hi}` counts every "
                    f"member number in one pass; or use fewer --steps")
        limits.check("solves", count, f"{count:,} grid points of {rng.text} would each be solved "
                     f"exactly ({why})", usage=True, hint=hint or "use fewer --steps")

    def _reshapes(self, rng: Range) -> bool:
        """Whether moving the parameter across ``rng`` changes the tree, not only its numbers
        (a built model whose parameter counts members or rungs). Probed inside the range: a
        probability of 0 or 1 at an end prunes nothing from the tree but is solved anyway."""
        if getattr(self.game, "rebuild", None) is None:
            return False
        if self.integer:
            probes = sorted({rng.lo, rng.hi, Fraction(math.floor((rng.lo + rng.hi) / 2))})
        else:
            probes = [rng.lo + (rng.hi - rng.lo) * Fraction(k, 3) for k in (1, 2)]
        return any(self.at((x,)).structure != self.game.structure for x in probes)

    def _discover(self, a, b, rng: Range, steps: int):
        """Solve at a point inside ``(a, b)``: the middle grid point when the grid has one
        there (it then counts as one of the stretch's checks, :meth:`_checked`), else the
        simplest rational; its regime, formulas (or ``None``) and the point.

        A point where a condition of the formulas is exactly zero (a tie: the simplest
        rationals are prone to them) is no place to start a stretch: there the solver also
        finds the equilibria of the tie, which hold nowhere else. Other points are tried;
        if every one is tied, the stretch is solved grid point by grid point. So is it when
        two points of one regime give no formulas for the same reason (indifferences not
        linear in the probabilities, say): that lies in the regime, not in the point, and
        more points would only be solved in vain.
        """
        q = _start_point(rng, steps, a, b)
        here = self.game.parameters.values()[self.free[0]]
        if less(a, here) and less(here, b):
            from deterrence.parametric.solved import is_solved

            if is_solved(self.game, {self.free[0]: here}):
                q = here               # the values in force, solved already: start there
        regime, pieces, why = self._piece_set(q)
        failures = {(regime, why)} if why else set()
        for k in (3, 5, 7, 11):
            if pieces is not None and not pieces.vanishes_at(q):
                break
            alt = rational_between(a, q) if k == 3 else _fraction(a) + (_fraction(b) - _fraction(a)) * 2 / k
            if not (less(a, alt) and less(alt, b)):
                continue
            r2, p2, why2 = self._piece_set(alt)
            if p2 is not None and not p2.vanishes_at(alt):
                q, regime, pieces = alt, r2, p2
            elif why2 and (r2, why2) in failures:
                break               # the same regime fails the same way again: it is the regime
            elif why2:
                failures.add((r2, why2))
        if pieces is not None and pieces.vanishes_at(q):
            pieces = None          # every point tried lies on a threshold: solved point by point
        return regime, pieces, q

    def _checked(self, rng: Range, steps: int, a, b, regime: Regime, pieces: PieceSet, q: Fraction):
        """The stretch around ``q`` in ``[a, b]`` and its regime and formulas, checked on a tree
        with information sets at up to :data:`CHECKS_PER_STRETCH` grid points inside it: an
        equilibrium that appears beside those found at ``q`` leaves no trace in their
        conditions. Where a check finds another regime, the stretch starts again from that
        point; where that regime gives no formulas, the stretch is solved point by point
        (``pieces`` ``None``)."""
        left, right = self._extent(pieces, q, a, b)
        if self.game.is_perfect_information:        # strict comparisons: one equilibrium
            return left, right, regime, pieces
        tried = {q}
        while True:
            wrong = next((x for x in self._check_points(rng, steps, left, right, q)
                          if x not in tried and tree_regime(self.solved(x, False)[0]) != regime), None)
            if wrong is None:
                return left, right, regime, pieces
            tried.add(wrong)
            regime, pieces = self.piece_set(wrong)
            if pieces is None or pieces.vanishes_at(wrong):
                return left, right, regime, None
            left, right = self._extent(pieces, wrong, a, b)

    @staticmethod
    def _check_points(rng: Range, steps: int, left, right, solved=None) -> list[Fraction]:
        """Grid points strictly inside ``(left, right)`` to solve (:data:`CHECKS_PER_STRETCH`):
        the first and the last, so that both sides of the point where the stretch was found
        (``solved``, in the middle) have a grid point solved, as close to the ends as the
        grid allows. An equilibrium that appears beside the stretch's own at a threshold
        and lasts to one of its ends is then found whichever end it is, and found however
        short its part of the stretch (two_sided_uncertainty's status quo from V = 1 on, and
        random signalling games whose mixtures appear at the stretch's own threshold:
        tests/test_sweep_checks.py, tests/test_tree_offpath_pieces.py)."""
        start, inside = _grid_inside(rng, steps, left, right)
        if inside <= 0:
            return []
        order = [start, start + inside - 1, start + 1, start + inside - 2]
        picks = [rng.value(i, steps) for i in dict.fromkeys(i for i in order if start <= i < start + inside)]
        return [x for x in picks if x != solved][:CHECKS_PER_STRETCH]

    def _extent(self, pieces: PieceSet, q: Fraction, a, b):
        """The stretch around ``q`` inside ``[a, b]`` where the formulas stay valid."""
        roots = pieces.critical(a, b)
        right_roots = [r for r in roots if less(q, r) and less(r, b)]
        left_roots = [r for r in reversed(roots) if less(r, q) and less(a, r)]
        right = b
        for k, r in enumerate(right_roots):
            beyond = right_roots[k + 1] if k + 1 < len(right_roots) else b
            if not pieces.holds_at(rational_between(r, beyond)):
                right = r
                break
        left = a
        for k, r in enumerate(left_roots):
            beyond = left_roots[k + 1] if k + 1 < len(left_roots) else a
            if not pieces.holds_at(rational_between(beyond, r)):
                left = r
                break
        return left, right

    def _assemble(self, rng: Range, steps: int, stretches, regimes: list[Regime]) -> Sweep:
        """Intervals, change points and grid segments from the covering stretches."""
        intervals: list[Interval] = []
        for a, b, regime, pieces in stretches:
            intervals.append(Interval(a, b, regime_index(regimes, regime), pieces, pieces is not None))
        changes: list[ChangePoint] = []
        inner = [i.lo for i in intervals[1:]]
        on_grid = []
        for k, c in enumerate(inner):
            before, after = intervals[k], intervals[k + 1]
            _, hit = points_below(rng, steps, c)
            f = as_fraction(c)
            solved = None
            if f is not None and (hit or self.point_regimes or before.valid is None or after.valid is None):
                # a rational change point is solved, on the grid or not: an equilibrium there may
                # hold at the point alone (a mixture on the threshold itself), which neither
                # side's formulas give; only an irrational one is read from both sides' formulas
                # (off the grid only its regime is needed: solved without components)
                solved = self.regime_at((f,))[0] if hit else self.regime((f,))
            on_grid.append(regime_index(regimes, solved) if hit else -1)
            if solved is not None:
                at = regime_index(regimes, on_boundary(solved))
            elif before.regime != after.regime:
                at = regime_index(regimes, on_boundary(self._boundary(c, before.valid, after.valid,
                                                                      before.regime, regimes)))
            else:
                at = before.regime
            if before.regime != after.regime or at not in (before.regime, after.regime):
                changes.append(ChangePoint(rng.name, c, before.regime, at, after.regime,
                                           self._formulas_at(c, before, after), "symbolic roots"))
        # no formulas: every grid point of the stretch solved, changes by exact bisection
        opaque = [k for k, i in enumerate(intervals) if i.valid is None]
        if opaque and self.field is not None:
            self._may_solve(rng, sum(points_below(rng, steps, intervals[k].hi)[0] -
                                     points_below(rng, steps, intervals[k].lo)[0] for k in opaque))
        ends = {0: (rng.lo, self._end_regime(rng.lo, intervals[0], regimes)),
                steps - 1: (rng.hi, self._end_regime(rng.hi, intervals[-1], regimes))}
        segments = list(grid_segments(rng, steps, inner, [i.regime for i in intervals], on_grid, ends))
        changes = _at_ends(rng, intervals, ends, steps) + changes
        if opaque:
            segments, more = self._scan(rng, steps, segments, set(opaque), regimes)
            changes = sorted(changes + more, key=lambda c: to_float(c.value))
        segments = _recount(segments)
        changes, _ = merge_repeated_changes(changes, rng)
        regimes, intervals, changes, segments = _in_order(regimes, intervals, changes, segments)
        return Sweep(self.game, rng, steps, tuple(regimes), tuple(intervals), tuple(changes),
                     tuple(segments), (sum(i.checked for i in intervals), len(intervals)),
                     tuple(_warnings(intervals, self.notes)), self)

    def _end_regime(self, x, interval: Interval, regimes: list[Regime]) -> int:
        """The regime at an end of the range: solved there (a probability of 0 or 1 can remove
        branches; a cost of 0 is a tie), but for a check's sweep (:attr:`point_regimes` off),
        which reads only where the regime changes inside the range, where the formulas of
        the stretch beside it hold at the end itself."""
        if not self.point_regimes and interval.valid is not None and interval.valid.holds_at(as_fraction(x)):
            return interval.regime
        return regime_index(regimes, self.regime_at((x,))[0])

    def _boundary(self, c, left: PieceSet | None, right: PieceSet | None, fallback: int, regimes) -> Regime:
        """The regime exactly at a change point off the grid: the equilibria of both sides whose
        conditions still hold there (exact signs, at a rational or an algebraic value)."""
        f = as_fraction(c)
        if f is not None:
            valid = [p for side in (left, right) if side is not None for p in side.pieces if p.holds_at((f,))]
            return Regime.of("tree", [p.outcome_key for p in valid]) if valid else regimes[fallback]
        valid = [p for side in (left, right) if side is not None for p in side.valid_at_algebraic(c)]
        if not valid:
            return regimes[fallback]
        return Regime.of("tree", [p.outcome_key for p in valid])

    def _formulas_at(self, c, before: Interval, after: Interval):
        """A function giving the threshold formulas (all parameters free) that vanish at ``c``."""
        def find():
            from deterrence.parametric.roots import matching_formulas

            name = self.free[0]
            points = [i.valid.at if i.valid.at is not None else rational_between(i.lo, i.hi)
                      for i in (before, after) if i.valid is not None]
            return matching_formulas(self.formulas(name, points, vanishing_at=c), self.game,
                                     name, c)

        return find

    def formulas(self, name: str, points, vanishing_at=None) -> tuple:
        """Thresholds solved for ``name`` from the conditions of the equilibria solved at
        ``points`` (values of ``name``), every parameter free: in sympy's field of rational
        functions, or in sympy expressions where a payoff is not rational. With a rational
        ``vanishing_at``, only the conditions that vanish there are solved (the others
        cannot give that change point, and factoring them is the slow part)."""
        from deterrence.parametric.tree_pieces import FractionField, NotRational, SympyField

        try:
            if self._formula_field is None:    # one field, so each payoff is converted once
                self._formula_field = FractionField(self.game)
            return self._formulas(name, points, self._formula_field, vanishing_at)
        except NotRational:
            return self._formulas(name, points, SympyField(self.game), vanishing_at)

    def _formulas(self, name: str, points, field, vanishing_at=None) -> tuple:
        import sympy

        values = self.game.parameters.values()
        out: dict[str, Any] = {}
        seen: set = set()  # the same condition holds at many points: its roots are found once
        there = None
        if isinstance(vanishing_at, (Fraction, int)):
            there = tuple(Fraction(vanishing_at) if n == name else values[n] for n in field.names)
        for x in points:
            result, at = self.solved(Fraction(x))
            point = tuple(Fraction(x) if n == name else values[n] for n in field.names)
            try:
                pieces = pieces_at(self.game, at, result, field, point, there)
            except (NoFormulas, ZeroDivisionError):
                continue
            symbol = field.symbols[field.names.index(name)]
            for piece in pieces:
                for c in piece.conditions:
                    if there is not None and not _may_vanish(field, c.expr, there):
                        continue
                    if c.expr in seen or not field.depends_on(c.expr, name):
                        continue
                    seen.add(c.expr)
                    for root in field.roots(c.expr, name):
                        eq = sympy.Eq(symbol, root, evaluate=False)
                        out.setdefault(str(eq), eq)
        return tuple(out.values())

    def change_formulas(self, name: str, points) -> tuple:
        return self.formulas(name, [p[0] for p in points] or [self.game.parameters.values()[name]])

    def _scan(self, rng: Range, steps: int, segments: list[Segment], opaque: set[int], regimes):
        """Solve every grid point of the stretches without formulas; bracket changes exactly."""
        out: list[Segment] = []
        changes: list[ChangePoint] = []
        previous = None
        for s in segments:
            if s.interval not in opaque:
                out.append(s)
                # a change between a point solved alone (an end of the range, or a grid point
                # on a change point) and a neighbour solved point by point is located like
                # any other; one at a probability's end of 0 or 1 itself is listed as at the
                # end of the range (:meth:`_bisect`). Stretches with formulas end exactly.
                alone = s.interval is None and s.stop - s.start == 1
                if alone and previous is not None and s.regime != previous:
                    changes += self._bisect(rng, steps, s.start, previous, s.regime, regimes)
                previous = s.regime if alone else None
                continue
            for i in range(s.start, s.stop):
                r = regime_index(regimes, self.regime_at((rng.value(i, steps),))[0])
                if previous is not None and r != previous:
                    changes += self._bisect(rng, steps, i, previous, r, regimes)
                if out and out[-1].interval is None and out[-1].value is None and out[-1].regime == r \
                        and out[-1].stop == i:
                    out[-1] = replace(out[-1], stop=i + 1)
                else:
                    out.append(Segment(i, i + 1, r, None, None, False))
                previous = r
        return out, changes

    def _bisect(self, rng, steps, i, left: int, right: int, regimes) -> list[ChangePoint]:
        a, b = rng.value(i - 1, steps), rng.value(i, steps)
        if self.integer:
            return self._whole_changes(rng.name, a, b, left, right, regimes)
        if self.bisection_steps == 0:       # left to the caller, between the two grid points
            return [ChangePoint(rng.name, (a + b) / 2, left, left, right, (), BRACKETED, (a, b))]
        # no formulas bracket these changes: each value is the simplest rational within 2^-48
        # of it, found by exact bisection (each point solved exactly), and says so
        out = []
        for value, before, after, bracket in bisect_changes(self, a, b, left, right, regimes,
                                                            self.bisection_steps):
            at = regime_index(regimes, on_boundary(self.regime((value,))))
            method = END_OF_RANGE if value in (rng.lo, rng.hi) else f"bisection, within 2^-{self.bisection_steps}"
            out.append(ChangePoint(rng.name, value, before, at, after, (), method, bracket))
        return out

    def _whole_changes(self, name: str, a: Fraction, b: Fraction, left: int, right: int,
                       regimes) -> list[ChangePoint]:
        """Changes of a count between grid points ``a`` and ``b``: every whole number between
        solved when there are at most :data:`WHOLE_SCAN` of them (each is its own tree), else
        the first whole number of the new regime by bisection."""
        def regime(n):
            return regime_index(regimes, self.regime((Fraction(n),)))

        if b - a <= WHOLE_SCAN:
            out, previous = [], left
            for n in range(int(a) + 1, int(b) + 1):
                r = right if n == b else regime(n)
                if r != previous:
                    out.append(ChangePoint(name, Fraction(n), previous, r, r, (), "whole numbers"))
                previous = r
            return out
        lo, hi = a, b
        while hi - lo > 1:
            middle = Fraction((lo + hi) // 2)
            if regime(middle) == left:
                lo = middle
            else:
                hi = middle
        self.notes.append(f"{name} between {a} and {b}: the first whole number of a new regime is "
                          f"shown, found by bisection; a finer grid shows every change")
        return [ChangePoint(name, hi, left, regime(hi), right, (), "first whole number")]

    # -- answers

    def _answer(self, piece: Piece, x, exact: bool) -> ProfileAnswer:
        field = self.field
        if exact:
            payoffs = tuple(field.at(v, (x,)) for v in piece.payoffs)
            outcomes = tuple((label, field.at(p, (x,))) for label, p in piece.outcomes.items())
        else:
            payoffs = tuple(float(v.floats(np.array([x]))[0]) for v in piece.payoffs)
            outcomes = tuple((label, float(p.floats(np.array([x]))[0])) for label, p in piece.outcomes.items())
        # the most likely first, as the exact solver lists them
        reached = sorted(((k, v) for k, v in outcomes if v), key=lambda kv: (-kv[1], kv[0]))
        return ProfileAnswer(self._text(piece, x), payoffs, tuple(reached))

    def _text(self, piece: Piece, x) -> str:
        if not piece.mixed:
            return piece.text
        from deterrence.trees.result import from_behaviour

        return from_behaviour(self.game, piece.behaviour_at((Fraction(x),)), payoffs=(), outcomes=()).label(self.game)

    def interval_answers(self, valid: PieceSet, points, floats, exact: bool, detail: bool = True
                         ) -> list[tuple]:
        if exact and detail and self.detail and points is not None:
            return [self._detailed(valid, x) for x in points]
        xs = points if points is not None else [Fraction(float(f)) for f in floats]
        return [tuple(self._answer(p, x, exact) for p in valid.pieces) for x in xs]

    def _detailed(self, valid: PieceSet, x: Fraction) -> tuple:
        """The full equilibria at ``x`` (strategies, beliefs, refinements), checked exactly."""
        from deterrence.trees.solver import annotate

        at = self.at((x,))
        out = []
        for p in valid.pieces:
            eq = annotate(at, p.behaviour_at((x,)), p.component)
            out.append(SolvedAnswer(eq, at))
        return tuple(out)

    def interval_payoffs(self, valid: PieceSet, floats: np.ndarray) -> list[tuple[tuple, np.ndarray]]:
        return [(p.outcome_key, np.stack([np.broadcast_to(v.floats(floats), floats.shape) for v in p.payoffs],
                                         axis=1)) for p in valid.pieces]

    def interval_outcomes(self, valid: PieceSet, floats) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for p in valid.pieces[:1]:
            for label, f in p.outcomes.items():
                out[label] = np.broadcast_to(f.floats(floats), floats.shape)
        return out

    def block(self, valid: PieceSet, rng, steps: int, start: int, stop: int, exact: bool,
              detail: bool = False):
        """The equilibria's payoffs, profile and outcome probabilities as columns."""
        if detail and exact and self.detail:
            return None
        game = self.game
        out = []
        for p in valid.pieces:
            fields: dict[tuple, Any] = {}
            if p.mixed:
                fields[("profile",)] = [self._text(p, rng.value(i, steps)) for i in range(start, stop)]
            else:
                fields[("profile",)] = p.text
            for player, v in zip(game.players, p.payoffs):
                fields[("payoffs", player)] = column(v, rng, steps, start, stop, exact)
            for label, f in p.outcomes.items():
                fields[("outcomes", label)] = column(f, rng, steps, start, stop, exact)
            out.append(EqColumns(p.outcome_key, fields))
        return out


def _at_ends(rng: Range, intervals: Sequence[Interval], ends: dict, steps: int) -> list[ChangePoint]:
    """Changes at an end of the range, where the regime solved there differs from the one of
    the stretch with formulas beside it (a probability of 0 or 1 removes branches: the
    equilibria there hold nowhere else). Beside a stretch without formulas, bisection finds
    them (:meth:`TreeSweepModel._scan`)."""
    out = []
    (_, first), (_, last) = ends[0], ends[steps - 1]
    if intervals[0].valid is not None and first != intervals[0].regime:
        out.append(ChangePoint(rng.name, rng.lo, first, first, intervals[0].regime, (), END_OF_RANGE))
    if intervals[-1].valid is not None and last != intervals[-1].regime:
        out.append(ChangePoint(rng.name, rng.hi, intervals[-1].regime, last, last, (), END_OF_RANGE))
    return out


def _in_order(regimes, intervals, changes, segments):
    """Number the regimes as they appear along the range (grid points first)."""
    order: dict[int, int] = {}
    for r in [s.regime for s in segments] + [i.regime for i in intervals] + \
            [r for c in changes for r in (c.before, c.at, c.after)]:
        order.setdefault(r, len(order))
    for r in range(len(regimes)):
        order.setdefault(r, len(order))
    renumbered = [None] * len(regimes)
    for old, new in order.items():
        renumbered[new] = regimes[old]
    return (renumbered, [replace(i, regime=order[i.regime]) for i in intervals],
            [replace(c, before=order[c.before], at=order[c.at], after=order[c.after]) for c in changes],
            [replace(s, regime=order[s.regime]) for s in segments])


def _recount(segments: Sequence[Segment]) -> list[Segment]:
    """Recompute which segments start a change of regime."""
    out = []
    previous = None
    for s in segments:
        out.append(replace(s, change=previous is not None and s.regime != previous))
        previous = s.regime
    return out


def _warnings(intervals: Sequence[Interval], notes: Sequence[str] = ()) -> list[str]:
    if notes:
        return list(notes)
    if any(i.valid is None for i in intervals):
        return ["where an equilibrium gives no formulas (indifference equations that are not linear, "
                "or min/max payoffs), every grid point was solved exactly and changes were bracketed "
                "by exact bisection"]
    return []



def _may_vanish(field, expr, point) -> bool:
    """Whether ``expr`` is zero at ``point`` (or cannot be evaluated there)."""
    try:
        return field.at(expr, point) == 0
    except (ZeroDivisionError, ArithmeticError):
        return True

__all__ = ["TreeSweepModel", "PieceSet", "SolvedAnswer", "DETAIL_LIMIT"]
