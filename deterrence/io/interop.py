"""Games to and from the objects of nashpy and pygambit.

A user coming from nashpy or Gambit keeps the objects they already have:
:func:`as_game` turns a ``nashpy.Game`` or a ``pygambit.Game`` into one of
ours, and every solver of this package calls it, so
``deterrence.solve(nashpy.Game(A, B))`` just works.

* nashpy games are read by :mod:`deterrence.model.interop` (exactly, floats as the
  decimals they print as); :meth:`NormalFormGame.to_nashpy` goes back.
* pygambit games go through the Gambit file formats, which this package
  reads and writes exactly: a tree as ``.efg``, a table as ``.nfg``.
  Gambit holds numbers, not formulas: a game with parameters is written at
  the values in force. pygambit is an optional extra
  (``pip install "deterrence[gambit]"``), imported only here.

Example
-------
>>> import pygambit
>>> game = as_game(pygambit.Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]]))
>>> game.shape, game.payoff((1, 1))
((2, 2), (Fraction(1, 1), Fraction(1, 1)))
"""

from __future__ import annotations

import io
from typing import Any

from deterrence.model.interop import from_nashpy, is_nashpy_game


def is_pygambit_game(obj: Any) -> bool:
    """Whether ``obj`` is a ``pygambit.Game`` (without importing pygambit)."""
    return (type(obj).__module__ or "").startswith("pygambit") and hasattr(obj, "is_tree")


def from_pygambit(game: Any):
    """One of our games from a ``pygambit.Game``: a tree stays a tree.

    >>> import pygambit
    >>> g = pygambit.Game.from_arrays([[1, 0], [0, 1]], [[0, 1], [1, 0]], title="Pennies")
    >>> from_pygambit(g).shape
    (2, 2)
    """
    if game.is_tree:
        from deterrence.io.gambit_efg import read_efg

        return read_efg(game.to_efg(), "<pygambit>")
    from deterrence.io.gambit_nfg import read_nfg

    return read_nfg(game.to_nfg(), "<pygambit>")


def to_pygambit(game: Any):
    """A ``pygambit.Game`` from one of ours (payoffs exact; formulas at their values).

    >>> from deterrence.io import load_game
    >>> g = to_pygambit(load_game("punishment_deterrence"))
    >>> g.is_tree, [p.label for p in g.players]
    (True, ['Challenger', 'Defender'])
    """
    from deterrence.errors import UsageError
    from deterrence.model.kinds import is_tree

    try:
        import pygambit
    except ImportError:
        raise UsageError("pygambit is not installed",
                         hint='pip install "deterrence[gambit]" (or pip install pygambit)') from None
    if is_tree(game):
        from deterrence.io.gambit_efg import write_efg

        return pygambit.read_efg(io.StringIO(write_efg(game)))
    from deterrence.io.gambit_nfg import write_nfg

    return pygambit.read_nfg(io.StringIO(write_nfg(game)))


def as_game(obj: Any):
    """``obj`` as one of our games: ours unchanged, nashpy's and pygambit's converted."""
    if is_nashpy_game(obj):
        return from_nashpy(obj)
    if is_pygambit_game(obj):
        return from_pygambit(obj)
    return obj


__all__ = ["as_game", "from_nashpy", "from_pygambit", "to_pygambit", "is_pygambit_game"]
