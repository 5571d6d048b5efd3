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

import itertools


class BestReplies:
    """The cells at which one player's own strategy is a best reply (``replies[cell]``)."""

    def __init__(self, cells: frozenset[tuple[int, ...]]) -> None:
        self.cells = cells

    def __getitem__(self, cell) -> bool:
        return tuple(int(k) for k in cell) in self.cells


def best_replies(game) -> tuple[BestReplies, ...]:
    """For each player, the cells where its own strategy is a best reply, without numpy
    (what a payoff table underlines).

    >>> from deterrence.model.normal import NormalFormGame
    >>> pd = NormalFormGame.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], ["C", "D"], ["C", "D"])
    >>> row, column = best_replies(pd)
    >>> row[(1, 0)], row[(0, 0)], column[(1, 1)]
    (True, False, True)
    """
    out = []
    shape = game.shape
    for i in range(game.n_players):
        cells = set()
        others = [range(n) for k, n in enumerate(shape) if k != i]
        for rest in itertools.product(*others):
            profiles = [rest[:i] + (s,) + rest[i:] for s in range(shape[i])]
            values = [game.payoff(p)[i] for p in profiles]
            best = max(values)
            cells.update(p for p, v in zip(profiles, values) if v == best)
        out.append(BestReplies(frozenset(cells)))
    return tuple(out)


def best_response_masks(game) -> tuple:
    """For each player, a boolean numpy array: is this cell's own strategy a best response?"""
    import numpy as np

    masks = []
    for i, arr in enumerate(game.payoff_arrays()):
        best = np.max(arr, axis=i, keepdims=True)
        masks.append(np.asarray(arr == best, dtype=bool))
    return tuple(masks)


__all__ = ["best_replies", "best_response_masks", "BestReplies"]
