"""What a sweep or a regime map found: frozen results that render and serialise themselves.

* :class:`Sweep` — one parameter: the regimes, the stretches between
  critical values (:class:`Interval`), the exact :class:`ChangePoint` s, the
  regime of every grid point, and the back end that evaluates per-point
  answers on demand;
* :class:`RegimeMap` — two parameters: the regime of every cell and the
  :class:`Boundary` curves between regimes;
* per-point answers of the compiled formulas: :class:`NumericEquilibrium`
  (a normal-form equilibrium in floating point) and :class:`ProfileAnswer`
  (a tree's equilibrium from its formulas).

Results compute nothing new when serialised beyond evaluating the formulas
they hold; comparing two of them with ``==`` compares what they found.

Example
-------
>>> from deterrence import load_game
>>> from deterrence.parametric.ranges import Range
>>> from deterrence.parametric.sweep import sweep_one
>>> s = sweep_one(load_game("hawk_dove"), Range.parse("C=0:12"), steps=5)
>>> s == sweep_one(load_game("hawk_dove"), Range.parse("C=0:12"), steps=5), s.changes[0].text
(True, '2')
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Any, Sequence

import numpy as np

from deterrence.model.display import Displayable, short_repr
from deterrence.model.numbers import as_fraction, number, number_latex, number_text, to_float
from deterrence.parametric.conditions import equation_text, latex_of
from deterrence.parametric.ranges import Range
from deterrence.parametric.regimes import Regime, support_key  # noqa: F401  (part of this module's face)

SWEEP_SCHEMA = "deterrence.sweep/1"
#: The columnar sweep document (``--points columns``).
COLUMNS_SCHEMA = "deterrence.sweep/2"


# ---------------------------------------------------------------- per-point answers


@dataclass(frozen=True)
class NumericEquilibrium:
    """An equilibrium evaluated in floating point (``--float`` sweeps)."""

    strategies: tuple[tuple[float, ...], ...]
    payoffs: tuple[float, ...]

    def label(self, game=None) -> str:
        parts = []
        for i, probs in enumerate(self.strategies):
            names = game.strategies[i] if game is not None else [f"s{k + 1}" for k in range(len(probs))]
            support = [k for k, p in enumerate(probs) if p > 1e-12]
            if len(support) == 1:
                parts.append(names[support[0]])
            else:
                parts.append(" + ".join(f"{probs[k]:.4g} {names[k]}" for k in support))
        return "(" + ", ".join(parts) + ")"

    def to_json(self, game, as_float: bool = True) -> dict[str, Any]:
        return {
            "strategies": {p: dict(zip(game.strategies[i], map(float, self.strategies[i])))
                           for i, p in enumerate(game.players)},
            "payoffs": dict(zip(game.players, map(float, self.payoffs))),
            "pure": all(sum(1 for q in s if q > 1e-12) == 1 for s in self.strategies),
        }


@dataclass(frozen=True)
class ProfileAnswer:
    """The equilibrium of a tree at one grid point, evaluated from its formulas.

    ``text`` is the profile in words (as the exact solver labels it);
    ``outcomes`` the probability of every outcome reached.
    """

    text: str
    payoffs: tuple
    outcomes: tuple

    def label(self, game=None) -> str:
        return self.text

    def to_json(self, game, as_float: bool = False) -> dict[str, Any]:
        return {"profile": self.text,
                "payoffs": {p: number(v, as_float) for p, v in zip(game.players, self.payoffs)},
                "outcomes": {label: number(v, as_float) for label, v in self.outcomes}}


# ---------------------------------------------------------------- one parameter


#: The method of a change found at an end of a sweep's range: the regime solved there
#: differs from the one just inside it (a probability of 0 or 1 removes branches of a
#: tree; a cost of 0 is a tie), which no threshold inside the range accounts for.
END_OF_RANGE = "end of the range"
#: The method of a change left between two grid points, not bisected (a caller that
#: locates it itself: ``thresholds`` checks it against its formulas' roots there).
BRACKETED = "bracketed between grid points"


@dataclass(frozen=True)
class ChangePoint:
    """Where the regime changes along a one-parameter sweep.

    ``value`` is exact (a rational or an algebraic number); ``formulas``
    are the thresholds from the fully symbolic solution that vanish there
    (``C = V``), as sympy equations — derived when first asked for, so that
    a sweep whose formulas are never printed never imports sympy;
    ``before``/``at``/``after`` index the sweep's regimes.
    """

    parameter: str
    value: Any
    before: int
    at: int
    after: int
    #: The formulas, or a function that finds them (called once, when first needed).
    found: Any = field(default=(), compare=False, repr=False)
    method: str = "symbolic roots"
    #: Where bisection located it, ``(lo, hi)`` with the change inside (``None``: exact).
    bracket: tuple | None = field(default=None, compare=False, repr=False)

    @cached_property
    def formulas(self) -> tuple[Any, ...]:
        return tuple(self.found() if callable(self.found) else self.found)

    @property
    def text(self) -> str:
        return number_text(self.value)

    @property
    def approx(self) -> float:
        return to_float(self.value)

    @property
    def formula_text(self) -> str | None:
        return equation_text(self.formulas[0]) if self.formulas else None

    def formula_texts(self) -> list[str]:
        return [equation_text(f) for f in self.formulas]

    def to_json(self, as_float: bool = False) -> dict[str, Any]:
        return {
            "parameter": self.parameter,
            "value": self.approx if as_float else self.text,
            "latex": number_latex(self.value),
            "float": self.approx,
            "rational": as_fraction(self.value) is not None,
            "before": self.before, "at": self.at, "after": self.after,
            "formulas": [{"text": equation_text(f), "latex": latex_of(f)} for f in self.formulas],
            "method": self.method,
        }


@dataclass(frozen=True)
class Interval:
    """A stretch of the swept range with one regime, between critical values."""

    lo: Any
    hi: Any
    regime: int
    valid: Any                       # the formulas valid inside (candidates, a profile); None: solved per point
    checked: bool                    # the exact solver agreed at an inner point


@dataclass(frozen=True)
class Segment:
    """Consecutive grid points ``start..stop-1`` with one regime.

    ``interval`` indexes the sweep's :class:`Interval` whose formulas give
    the answers there; ``None`` where each point is solved exactly (a
    critical value hit by the grid, ``value``, or a sweep by bisection).
    ``change``: the first point's regime differs from the previous point's.
    """

    start: int
    stop: int
    regime: int
    interval: int | None = None
    value: Any = None
    change: bool = False


@dataclass(frozen=True, eq=False)
class Sweep(Displayable):
    """A one-parameter sweep: grid, regimes, exact change points.

    The grid is described by its :class:`Segment` s — a few runs of points,
    never an array per point — so a sweep of 10^7 points is as small as one
    of 10. Per-point answers are computed on demand by the back end from its
    formulas (:meth:`answers`, :meth:`blocks`), exactly or in floating point.
    """

    game: Any
    range: Range
    steps: int
    regimes: tuple[Regime, ...]
    intervals: tuple[Interval, ...]
    changes: tuple[ChangePoint, ...]
    segments: tuple[Segment, ...]
    checks: tuple[int, int] = (0, 0)
    warnings: tuple[str, ...] = ()
    backend: Any = field(default=None, repr=False)

    display_as = "sweep"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sweep):
            return NotImplemented
        return (self.game, self.range, self.steps, self.regimes, self.intervals, self.changes,
                self.segments, self.checks, self.warnings) == \
            (other.game, other.range, other.steps, other.regimes, other.intervals, other.changes,
             other.segments, other.checks, other.warnings)

    def __hash__(self) -> int:
        return hash((self.range, self.steps, self.regimes, self.changes))

    def __repr__(self) -> str:
        return short_repr("Sweep", self.range.text, f"steps={self.steps}", f"regimes={len(self.regimes)}",
                          f"changes=[{', '.join(c.text for c in self.changes)}]")

    # -- the grid

    def value(self, index: int) -> Fraction:
        """The exact grid value at ``index``."""
        return self.range.value(index, self.steps)

    @property
    def values(self) -> list[Fraction]:
        """Every grid value (a list of ``steps`` Fractions: for small sweeps)."""
        return self.range.grid(self.steps)

    @property
    def floats(self) -> np.ndarray:
        return np.linspace(float(self.range.lo), float(self.range.hi), self.steps) \
            if self.steps > 1 else np.array([float(self.range.lo)])

    def segment_of(self, index: int) -> Segment:
        """The segment holding grid point ``index``."""
        starts = [s.start for s in self.segments]
        return self.segments[bisect.bisect_right(starts, index) - 1]

    def regimes_of(self, start: int = 0, stop: int | None = None) -> np.ndarray:
        """The regime of grid points ``start..stop-1``."""
        stop = self.steps if stop is None else stop
        out = np.empty(max(0, stop - start), dtype=np.int64)
        for s in self.segments:
            a, b = max(s.start, start), min(s.stop, stop)
            if a < b:
                out[a - start:b - start] = s.regime
        return out

    @property
    def point_regimes(self) -> np.ndarray:
        """The regime of every grid point (an array of ``steps``: for small sweeps)."""
        return self.regimes_of()

    @property
    def critical_points(self) -> tuple[tuple[int, Any], ...]:
        """``(grid index, critical value)`` where a grid point lies exactly on one."""
        return tuple((s.start, s.value) for s in self.segments if s.value is not None)

    def change_rows(self) -> list[int]:
        """Grid indices whose regime differs from the previous point's."""
        return [s.start for s in self.segments if s.change]

    def changed_rows(self) -> np.ndarray:
        """Boolean per grid point: its regime differs from the previous point's."""
        out = np.zeros(self.steps, dtype=bool)
        out[self.change_rows()] = True
        return out

    # -- answers

    def answers(self, indices: Sequence[int] | None = None, exact: bool = True,
                progress=None, workers: int = 1, detail: bool = True) -> list[tuple]:
        """The equilibria at the chosen grid points (all by default). Without ``detail``, a
        tree's equilibria filled from formulas are their profile, payoffs and outcome
        probabilities only (what a table shows), not annotated with beliefs and refinements."""
        indices = list(range(self.steps)) if indices is None else list(indices)
        return self.backend.answers(self, indices, exact, progress, workers, detail)

    def blocks(self, start: int = 0, stop: int | None = None, exact: bool = True, detail: bool = False):
        """The answers at grid points ``start..stop-1`` as :class:`~deterrence.parametric.blocks.Block` s
        (``detail``: a tree's full equilibria where the sweep is short, as ``--points full`` writes)."""
        return self.backend.blocks(self, start, self.steps if stop is None else stop, exact, detail)

    def series(self, indices: Sequence[int] | None = None) -> dict[tuple, np.ndarray]:
        """Float payoffs of each equilibrium (keyed by support) at grid points
        (all by default).

        Returns ``{support: array of shape (points, players)}``, NaN where that
        equilibrium does not exist.
        """
        return self.backend.series(self, None if indices is None else list(indices))

    def dense(self, count: int = 600, outcomes: bool = False):
        """Curves on ``count`` points, from the formulas of each regime interval.

        Returns ``(xs, {key: array})``: payoffs per player of each equilibrium
        (``outcomes=False``) or, for a tree, the probability of each outcome.
        Stretches without formulas (degenerate, solved point by point) are
        left out (NaN).
        """
        return self.backend.curves(self, count, outcomes)

    def to_json(self, as_float: bool = False, progress=None, workers: int = 1,
                points: str = "full") -> dict[str, Any]:
        """The ``--json`` document: ``points="full"`` (schema ``deterrence.sweep/1``, one
        object per point) or ``"columns"`` (``deterrence.sweep/2``, columnar blocks)."""
        from deterrence.parametric.output import sweep_document

        return sweep_document(self, as_float, points, progress)


# ---------------------------------------------------------------- two parameters


@dataclass(frozen=True)
class Boundary:
    """A threshold ``lhs = rhs`` between regimes, and the pairs of regimes on its two sides."""

    equation: Any
    separates: tuple[tuple[int, int], ...] = ()

    @property
    def text(self) -> str:
        return equation_text(self.equation)

    @property
    def latex(self) -> str:
        return latex_of(self.equation)

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "latex": self.latex, "separates": [list(p) for p in self.separates]}


@dataclass(frozen=True, eq=False)
class RegimeMap(Displayable):
    """Regimes on a grid of two parameters; ``grid[j, i]`` is the regime at
    ``(xs[i], ys[j])``."""

    game: Any
    x: Range
    y: Range
    steps: int
    regimes: tuple[Regime, ...]
    grid: np.ndarray = field(repr=False)
    boundaries: tuple[Boundary, ...]
    exact_cells: int
    checks: tuple[int, int]
    warnings: tuple[str, ...] = ()
    backend: Any = field(default=None, repr=False)

    display_as = "regime_map"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RegimeMap):
            return NotImplemented
        return (self.game, self.x, self.y, self.steps, self.regimes, self.boundaries) == \
            (other.game, other.x, other.y, other.steps, other.regimes, other.boundaries) \
            and np.array_equal(self.grid, other.grid)

    def __hash__(self) -> int:
        return hash((self.x, self.y, self.steps, self.regimes))

    def __repr__(self) -> str:
        return short_repr("RegimeMap", self.x.text, self.y.text, f"steps={self.steps}",
                          f"regimes={len(self.regimes)}", f"boundaries={len(self.boundaries)}")

    def to_json(self, as_float: bool = False) -> dict[str, Any]:
        from deterrence.model.envelope import envelope

        game = self.game
        return {
            **envelope(SWEEP_SCHEMA, game, as_float),
            "sweep": [{"parameter": r.name, "lo": number(r.lo, as_float), "hi": number(r.hi, as_float),
                       "steps": self.steps} for r in (self.x, self.y)],
            # as in a one-parameter sweep: whether the numbers are exact strings
            "exact": not as_float,
            "regimes": [r.to_json(game) for r in self.regimes],
            "x": [number(v, as_float) for v in self.x.grid(self.steps)],
            "y": [number(v, as_float) for v in self.y.grid(self.steps)],
            "map": self.grid.tolist(),
            "boundaries": [b.to_json() for b in self.boundaries],
            "exact_cells": self.exact_cells,
            "checks": {"agree": self.checks[0], "total": self.checks[1]},
            "warnings": list(self.warnings),
        }


__all__ = ["Sweep", "Segment", "ChangePoint", "END_OF_RANGE", "BRACKETED", "Interval", "RegimeMap", "Boundary", "NumericEquilibrium",
           "ProfileAnswer", "support_key", "SWEEP_SCHEMA", "COLUMNS_SCHEMA"]
