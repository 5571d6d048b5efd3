"""The one place that tells normal-form games from game trees for parametric analysis.

:func:`backend_for` chooses the :class:`~deterrence.parametric.backend.Backend`
of a game by its type; every public entry point (:mod:`~deterrence.parametric.sweep`,
:mod:`~deterrence.parametric.thresholds`, :mod:`~deterrence.parametric.symbolic`)
goes through it, and neither back end knows the other.

Example
-------
>>> from deterrence import load_game
>>> type(backend_for(load_game("hawk_dove"))).__name__, type(backend_for(load_game("brinkmanship"))).__name__
('NormalBackend', 'TreeBackend')
"""

from __future__ import annotations

from deterrence.model.kinds import is_tree
from deterrence.parametric.backend import Backend
from deterrence.parametric.normal_backend import NormalBackend
from deterrence.parametric.regimes import Regime
from deterrence.parametric.tree_backend import TreeBackend


def backend_for(game) -> Backend:
    """The parametric back end of ``game``: trees by comparisons, matrices by supports."""
    if is_tree(game):
        return TreeBackend(game)
    return NormalBackend(game)


def regime_of_result(result, degenerate: bool = False) -> Regime:
    """The regime of an exact solver's result (supports for a matrix game, outcomes reached
    for a tree).

    >>> from deterrence import load_game
    >>> from deterrence.solver import solve
    >>> g = load_game("hawk_dove")
    >>> regime_of_result(solve(g)).label(g)
    '(Hawk, Dove), (Dove, Hawk), mixed {Hawk, Dove} x {Hawk, Dove}'
    """
    return backend_for(result.game).regime_of(result, degenerate)


__all__ = ["backend_for", "regime_of_result"]
