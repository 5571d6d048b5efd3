"""Best responses of a payoff array: which cells are a best reply for whom.

This is arithmetic on the game's own payoffs, not a solution concept, so it
lives with the model: the payoff-table views underline these cells, and
:mod:`deterrence.nash.pure` intersects them into the pure equilibria.

Example
-------
>>> from deterrence.model.normal import NormalFormGame
>>> pd = NormalFormGame.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], ["C", "D"], ["C", "D"])
>>> row, column = best_response_masks(pd)
>>> row.tolist()          # Row's best replies: D against C and against D
[[False, False], [True, True]]
"""

from __future__ import annotations

import numpy as np


def best_response_masks(game) -> tuple[np.ndarray, ...]:
    """For each player, a boolean array: is this cell's own strategy a best response?"""
    masks = []
    for i, arr in enumerate(game.payoff_arrays()):
        best = np.max(arr, axis=i, keepdims=True)
        masks.append(np.asarray(arr == best, dtype=bool))
    return tuple(masks)


__all__ = ["best_response_masks"]
