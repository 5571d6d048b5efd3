"""All pure-strategy Nash equilibria, for any number of players.

A profile is a pure equilibrium when every player's strategy is a best
response to the others'. For each player we mark the maxima along its own
axis of its payoff array; the equilibria are the cells marked for everyone.

Example
-------
>>> from deterrence.model import NormalFormGame
>>> pd = NormalFormGame.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], ["C", "D"], ["C", "D"])
>>> [eq.label(pd) for eq in pure_equilibria(pd).equilibria]
['(D, D)']
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from deterrence.model.best_response import best_response_masks
from deterrence.nash.result import MixedEquilibrium, SolveResult
from deterrence.nash.verify import check_equilibrium
from deterrence.model.interop import accepts_nashpy


def pure_profiles(game) -> list[tuple[int, ...]]:
    """Indices of every pure equilibrium, in C order."""
    masks = best_response_masks(game)
    together = np.logical_and.reduce(masks) if masks else np.zeros(0, bool)
    return [tuple(int(k) for k in index) for index in zip(*np.nonzero(together))]


def as_mixed(game, profile: tuple[int, ...]) -> tuple[tuple[Fraction, ...], ...]:
    return tuple(tuple(Fraction(int(k == s)) for k in range(n))
                 for s, n in zip(profile, game.shape))


@accepts_nashpy
def pure_equilibria(game) -> SolveResult:
    """Every pure-strategy Nash equilibrium, verified exactly."""
    equilibria = []
    for index, profile in enumerate(pure_profiles(game)):
        mixed = as_mixed(game, profile)
        payoffs = check_equilibrium(game, mixed)
        equilibria.append(MixedEquilibrium(mixed, payoffs, component=index))
    warnings = () if equilibria else ("the game has no pure-strategy equilibrium",)
    return SolveResult(game, "pure-nash", "best-response marking", exact=True, complete=True,
                       equilibria=tuple(equilibria), warnings=warnings)
