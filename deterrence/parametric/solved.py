"""Exact solutions of one game at parameter points, remembered for the game's lifetime.

``deterrence thresholds`` solves a tree at sampled points and then sweeps every
parameter across its box; the sweeps start where the values are in force, which
the sampling has already solved. This cache lets them share those answers: it is
keyed by the game object (weakly: it goes when the game goes) and the full
assignment of its parameters.

Example
-------
>>> from fractions import Fraction
>>> from deterrence import load_game
>>> g = load_game("punishment_credibility")
>>> (result, at), again = solved_at(g, {"p": Fraction(1, 2)}), solved_at(g, {"p": Fraction(1, 2)})
>>> result is again[0], at.parameters.values()["p"]
(True, Fraction(1, 2))
"""

from __future__ import annotations

import weakref
from fractions import Fraction
from typing import Mapping

_SOLVED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
#: Points remembered per game.
MAX_POINTS = 512


def solved_at(game, values: Mapping[str, Fraction], components: bool = True):
    """``(solve(game at values), game at values)``, solved once per game and point.

    With ``components`` false, a tree's equilibria need not be located in components
    of its Nash equilibria (the ``components`` option of
    :func:`~deterrence.trees.solver.solve_tree`): enough for a caller that reads only
    which equilibria there are, and sooner. A later call that wants them solves again.

    Raises what :meth:`with_values` raises for values the model does not allow.
    """
    from deterrence.model.kinds import is_tree
    from deterrence.solver import solve

    key = _point(game, values)
    per_game = _SOLVED.setdefault(game, {})
    if key not in per_game or (components and not per_game[key][2]):
        if len(per_game) >= MAX_POINTS:
            per_game.clear()
        at = game.with_values(dict(values))
        options = {} if components or not is_tree(at) else {"components": False}
        per_game[key] = (solve(at, **options), at, components)
    return per_game[key][:2]


def is_solved(game, values: Mapping[str, Fraction], components: bool = False) -> bool:
    """Whether :func:`solved_at` already holds the answer at ``values`` (with the
    equilibria's components, if ``components``)."""
    held = _SOLVED.get(game, {}).get(_point(game, values))
    return held is not None and (held[2] or not components)


def _point(game, values: Mapping[str, Fraction]) -> tuple:
    """Every parameter's value, ``values`` in place of those in force: the cache's key."""
    full = dict(game.parameters.values())
    full.update({k: Fraction(v) for k, v in values.items()})
    return tuple(sorted(full.items()))


__all__ = ["solved_at", "is_solved"]
