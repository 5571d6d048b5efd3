"""nashpy games as ours: a ``nashpy.Game`` is two payoff matrices.

Integers and ``Fraction`` objects are read exactly; a float is read as the
decimal it prints as (``0.1`` is 1/10), as a payoff file would be. nashpy is
never imported here: a ``nashpy.Game`` is recognised by its type's module.
The normal-form solvers call :func:`as_normal_form` on what they are given,
so each of them accepts a ``nashpy.Game`` directly.

Example
-------
>>> import numpy as np, nashpy
>>> game = as_normal_form(nashpy.Game(np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]])))
>>> game.shape, game.payoff((1, 1))
((2, 2), (Fraction(1, 1), Fraction(1, 1)))
"""

from __future__ import annotations

import functools
from typing import Any, Callable


def is_nashpy_game(obj: Any) -> bool:
    """Whether ``obj`` is a ``nashpy.Game`` (without importing nashpy)."""
    return (type(obj).__module__ or "").startswith("nashpy") and hasattr(obj, "payoff_matrices")


def from_nashpy(game: Any, players=("Row", "Column"), row_labels=None, column_labels=None,
                title: str = ""):
    """A :class:`~deterrence.model.normal.NormalFormGame` from a ``nashpy.Game``.

    >>> import numpy as np, nashpy
    >>> g = from_nashpy(nashpy.Game(np.array([[1, -1], [-1, 1]])), title="Matching pennies")
    >>> g.payoff((0, 1))
    (Fraction(-1, 1), Fraction(1, 1))
    """
    from deterrence.model.normal import NormalFormGame

    A, B = game.payoff_matrices
    return NormalFormGame.bimatrix(A, B, row_labels, column_labels, players=tuple(players),
                                   title=title)


def as_normal_form(game: Any):
    """``game`` itself, or ours made from a ``nashpy.Game``."""
    return from_nashpy(game) if is_nashpy_game(game) else game


def accepts_nashpy(solver: Callable) -> Callable:
    """Decorate a solver whose first argument is a game so that it takes a ``nashpy.Game`` too."""

    @functools.wraps(solver)
    def wrapper(game, *args, **kwargs):
        return solver(as_normal_form(game), *args, **kwargs)

    return wrapper


__all__ = ["is_nashpy_game", "from_nashpy", "as_normal_form", "accepts_nashpy"]
