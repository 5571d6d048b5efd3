"""Which kind of game this is, told by type and cheaply.

A normal-form game is recognised first, so that code on the path of a small
matrix game never imports the tree model (and numpy with it).

Example
-------
>>> from deterrence.io import load_game
>>> is_tree(load_game("punishment_deterrence")), is_tree(load_game("hawk_dove"))
(True, False)
"""

from __future__ import annotations

from typing import Any


def is_tree(game: Any) -> bool:
    """Whether ``game`` is a :class:`~deterrence.model.tree.GameTree`."""
    from deterrence.model.normal import NormalFormGame

    if isinstance(game, NormalFormGame):
        return False
    from deterrence.model.tree import GameTree

    return isinstance(game, GameTree)


__all__ = ["is_tree"]
