"""Equilibria as formulas in the parameters (``deterrence solve --symbolic``).

For a matrix game, every candidate equilibrium of every support pair with
the inequalities under which it is one
(:mod:`~deterrence.parametric.normal_symbolic`); for a tree, the
equilibrium at the values in force with its payoffs, outcome probabilities
and the comparisons it rests on (:mod:`~deterrence.parametric.tree_formulas`).

Example
-------
>>> from deterrence import load_game
>>> s = solve_symbolic(load_game("hawk_dove"))
>>> [c.text for c in s.candidates[0].conditions]      # (Hawk, Hawk)
['V >= C']
>>> solve_symbolic(load_game("punishment_credibility")).to_json()["schema"]
'deterrence.tree-symbolic/1'
"""

from __future__ import annotations

from typing import Any, Sequence

from deterrence.parametric.backends import backend_for
from deterrence.parametric.normal_symbolic import SYMBOLIC_SCHEMA
from deterrence.parametric.tree_formulas import TREE_SYMBOLIC_SCHEMA


def solve_symbolic(game, free: Sequence[str] | None = None) -> Any:
    """The equilibria of ``game`` as formulas in the ``free`` parameters (all by default).

    Raises
    ------
    UsageError
        For a two-player game too large to solve symbolically, or a tree with
        ``free`` given (a tree's formulas are always in every parameter).
    """
    return backend_for(game).symbolic(free)


__all__ = ["solve_symbolic", "SYMBOLIC_SCHEMA", "TREE_SYMBOLIC_SCHEMA"]
