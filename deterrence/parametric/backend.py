"""What a sweep talks to: the parametric back end of a game, as written protocols.

Two back ends implement them, one per kind of game —
:class:`~deterrence.parametric.normal_backend.NormalBackend` (support
enumeration as formulas) and
:class:`~deterrence.parametric.tree_backend.TreeBackend` (backward-induction
comparisons as formulas) — and :func:`deterrence.parametric.backends.backend_for`
is the one place that chooses between them, by the game's type.

* :class:`Backend` answers the questions a user asks of a game: a sweep, a
  regime map, the thresholds, the equilibria as formulas, the regime of an
  exact solver's result.
* :class:`SweepModel` is a game compiled for some free parameters; a
  :class:`~deterrence.parametric.results.Sweep` keeps it to evaluate
  per-point answers, payoff series and dense curves on demand.
* :class:`IntervalModel` is what the generic one-parameter walk of
  :mod:`deterrence.parametric.intervals` needs: critical values, the regime
  and its formulas at a rational point, and answers on an interval.

Example
-------
>>> from deterrence import load_game
>>> from deterrence.parametric.backends import backend_for
>>> isinstance(backend_for(load_game("hawk_dove")), Backend)
True
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable, Protocol, Sequence, runtime_checkable

import numpy as np

from deterrence.parametric.ranges import Range
from deterrence.parametric.regimes import Regime

#: Progress callback: ``progress(done, total, description)``.
Progress = Callable[[int, int, str], None]


@runtime_checkable
class Backend(Protocol):
    """The parametric analyses of one game."""

    game: Any

    def sweep(self, rng: Range, steps: int, progress: Progress | None = None,
              workers: int = 1, components: bool = True, bisection: int | None = None,
              point_regimes: bool = True) -> Any:
        """A :class:`~deterrence.parametric.results.Sweep` of one parameter (ranges checked).
        Without ``components``, a tree's equilibria need not be located in components of its
        Nash equilibria (a caller that reads only the regimes and change points);
        ``bisection`` is how many halvings of a grid step locate a change that no formula
        does (``None``: the back end's own; ``0``: a tree leaves such a change
        :data:`~deterrence.parametric.results.BRACKETED` between its grid points for the
        caller, a matrix game, whose points are cheap, bisects it as by default). Without
        ``point_regimes`` a tree does not solve a rational change point between grid points
        for the regime at the point itself (both sides' formulas give it; an equilibrium
        that holds there alone is then not seen); a matrix game's candidates give it anyway."""

    def regime_map(self, x: Range, y: Range, steps: int, progress: Progress | None = None,
                   workers: int = 1, client=None) -> Any:
        """A :class:`~deterrence.parametric.results.RegimeMap` of two parameters."""

    def thresholds(self, samples: int, seed: int, progress: Progress | None = None,
                   beside: Callable[[tuple], Any] | None = None) -> Any:
        """A :class:`~deterrence.parametric.reports.ThresholdReport` (without the sweep checks).
        ``beside(key)`` gives what :meth:`threshold_work` gave at one of
        :meth:`threshold_solves`' points whose :meth:`threshold_key` is ``key``, where a
        helper has it ready (it never waits), or ``None``: work it out here (and the
        helper, told so, leaves it)."""

    def threshold_solves(self, samples: int, seed: int) -> list[dict[str, Fraction]]:
        """Points :meth:`thresholds` solves exactly (through
        :func:`~deterrence.parametric.solved.solved_at`, without components), in the order
        a helper should solve them ahead: the first ones the derivation reaches last."""

    def threshold_key(self, answer: tuple) -> bytes | None:
        """What :meth:`threshold_work` at the point of ``answer`` is about (a digest: the
        same key, the same work), or ``None``: nothing to work out there."""

    def threshold_work(self, answer: tuple) -> Any:
        """What else :meth:`thresholds` would work out at one of :meth:`threshold_solves`'
        points from the exact ``answer`` there (:func:`~deterrence.parametric.solved.solve_job`'s,
        without components), worked out by a helper ahead; ``None``: nothing. It must be
        what :meth:`thresholds` would work out itself: the same report, the work shared."""

    def symbolic(self, free: Sequence[str] | None = None) -> Any:
        """The equilibria as formulas in the ``free`` parameters (all by default)."""

    def regime_of(self, result, degenerate: bool = False) -> Regime:
        """The regime of an exact solver's result on this kind of game."""

    def threshold_formulas(self, name: str) -> tuple[Any, ...]:
        """Every threshold of the game solved for ``name``, as sympy equations."""


@runtime_checkable
class SweepModel(Protocol):
    """A game compiled for sweeping its ``free`` parameters."""

    game: Any
    free: tuple[str, ...]

    def answers(self, sweep, indices: Sequence[int], exact: bool = True,
                progress: Progress | None = None, workers: int = 1, detail: bool = True) -> list[tuple]:
        """The equilibria at grid points of ``sweep`` (exact, or in floating point; without
        ``detail``, only what a table shows)."""

    def series(self, sweep) -> dict[tuple, np.ndarray]:
        """Float payoffs of each equilibrium along the grid of ``sweep``."""

    def curves(self, sweep, count: int, outcomes: bool) -> tuple[np.ndarray, dict]:
        """Dense curves (payoffs, or a tree's outcome probabilities) from the formulas."""


class IntervalModel(SweepModel, Protocol):
    """What :func:`deterrence.parametric.intervals.sweep_by_intervals` asks of a model."""

    #: Check each interval's regime against the exact general solver.
    checks_intervals: bool

    def critical_values(self, lo: Fraction, hi: Fraction) -> list | None:
        """Every value in ``[lo, hi]`` where the regime may change; ``None`` when
        the conditions are not rational functions (min/max: bisection instead)."""

    def candidate_regime(self, point: Sequence[Fraction]) -> tuple[Regime, Any, bool]:
        """The regime at ``point``, the formulas valid there (``None``: solve per point),
        and whether the point is degenerate."""

    def solver_regime(self, point: Sequence[Fraction]) -> tuple[Regime, tuple]:
        """The regime and equilibria by the exact general solver."""

    def regime_at(self, point: Sequence[Fraction]) -> tuple[Regime, tuple]:
        """The exact regime and equilibria at a rational point."""

    def regime(self, point: Sequence[Fraction]) -> Regime:
        """The exact regime at a rational point (its equilibria not needed)."""

    def regime_at_algebraic(self, value) -> Regime:
        """The regime at an irrational critical value."""

    def boundary_regime(self, regime: Regime) -> Regime:
        """The regime met exactly at a critical value, as reported there."""

    def change_formulas(self, name: str, points: Sequence[tuple]) -> tuple[Any, ...]:
        """Threshold formulas solved for ``name`` (from the regimes at ``points``)."""

    def interval_answers(self, valid, points: Sequence[Fraction] | None, floats,
                         exact: bool, detail: bool = True) -> list[tuple]:
        """The equilibria at points of an interval whose valid formulas are ``valid`` (without
        ``detail``, only what a table shows: a model may skip annotating them)."""

    def interval_payoffs(self, valid, floats: np.ndarray) -> list[tuple[tuple, np.ndarray]]:
        """``[(key, payoff array (points, players))]`` of the formulas ``valid``."""


__all__ = ["Backend", "SweepModel", "IntervalModel", "Progress"]
