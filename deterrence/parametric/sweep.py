"""Sweeps: move one or two parameters, see where the answer changes, exactly.

A one-parameter sweep (:func:`sweep_one`) reports, for each grid value, the
equilibria, the expected payoffs and the
:class:`~deterrence.parametric.regimes.Regime`; the rows where the regime
changes are marked and each change point is located *exactly*, not "between
two grid points" (:mod:`deterrence.parametric.intervals`): from the roots of
the symbolic validity conditions of a matrix game's candidates
(:mod:`deterrence.parametric.normal_backend`) or of a tree's
backward-induction comparisons (:mod:`deterrence.parametric.tree_backend`).
A two-parameter :func:`regime_map` classifies a grid the same way.

The grid is never re-solved point by point: the regime of each grid value is
found by binary search among the critical values, and payoffs come from the
compiled formulas, vectorised with numpy or in exact rationals.

Example
-------
>>> from deterrence import load_game
>>> from deterrence.parametric.ranges import Range
>>> s = sweep_one(load_game("hawk_dove"), Range.parse("C=0:12"), steps=49)
>>> [(c.text, [s.regimes[k].label(s.game) for k in (c.before, c.after)]) for c in s.changes]
[('2', ['(Hawk, Hawk)', '(Hawk, Dove), (Dove, Hawk), mixed {Hawk, Dove} x {Hawk, Dove}'])]
>>> s.changes[0].formula_text
'C = V'
"""

from __future__ import annotations

from deterrence.errors import UsageError
from deterrence.parametric.backend import Progress
from deterrence.parametric.backends import backend_for
from deterrence.parametric.ranges import Range, check_ranges
from deterrence.parametric.results import RegimeMap, Sweep


def sweep_one(game, rng: Range, steps: int = 21, progress: Progress | None = None,
              workers: int = 1, components: bool = True, bisection: int | None = None,
              point_regimes: bool = True) -> Sweep:
    """Sweep one parameter over ``rng`` on ``steps`` grid points (see the module doc).

    Without ``components``, the equilibria a tree's sweep solves are not located in
    components of its Nash equilibria: the same regimes and change points, sooner, for a
    caller that does not show the equilibria (``thresholds`` checking its formulas).
    ``bisection`` halvings of a grid step locate a change no formula gives (``None``: as
    many as make the simplest rational in the bracket the exact value, 48 or more; ``0``:
    see :meth:`~deterrence.parametric.backend.Backend.sweep`); each such change keeps its
    final bracket (``ChangePoint.bracket``). Without ``point_regimes``, a tree's change point
    between grid points takes its own regime from the formulas of both sides instead of
    being solved (a caller that reads only where the changes are).

    Raises
    ------
    UsageError
        For an undeclared parameter or a range outside its bounds.
    """
    if steps < 2:
        raise UsageError("a sweep needs at least 2 steps", hint="pass --steps 2 or more")
    check_ranges(game, [rng], steps)
    return backend_for(game).sweep(rng, steps, progress, workers, components, bisection, point_regimes)


def regime_map(game, x: Range, y: Range, steps: int = 41, progress: Progress | None = None,
               workers: int = 1, client=None) -> RegimeMap:
    """The regime at every point of a ``steps`` × ``steps`` grid over two parameters.

    Each cell is classified by the vectorised conditions; cells floating
    point cannot decide are decided exactly, and a few cells of each regime
    are checked against the exact solver. With a Dask ``client``
    (:mod:`~deterrence.parametric.distributed`) the exact cells are solved on the
    cluster, with the same answer.
    """
    if steps < 2:
        raise UsageError("a regime map needs at least 2 steps", hint="pass --steps 2 or more")
    check_ranges(game, [x, y], steps)
    return backend_for(game).regime_map(x, y, steps, progress, workers, client)


__all__ = ["sweep_one", "regime_map", "Range", "Sweep", "RegimeMap"]
