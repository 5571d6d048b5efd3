"""The logit system of a normal form: each player is one agent.

A player's action values are its pure strategies' expected payoffs against
the others' mixtures, with raw payoffs (so lambda has the payoffs' units
inverted, as in Gambit and McKelvey & Palfrey 1995).

Example
-------
>>> import numpy as np
>>> A = np.array([[3.0, 0.0], [5.0, 1.0]])
>>> system = normal_system([A, A.T])
>>> system.sizes, system.scale
((2, 2), 5.0)
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from deterrence.nash.expected import Payoffs
from deterrence.qre.trace import LogitSystem


def normal_system(arrays: Sequence[np.ndarray]) -> LogitSystem:
    """The logit system of a game given by one float payoff array per player."""
    arrays = [np.asarray(a, dtype=float) for a in arrays]
    scale = max(float(a.max()) for a in arrays) - min(float(a.min()) for a in arrays)
    payoffs = Payoffs(arrays)
    return LogitSystem(payoffs.shape, payoffs.values, payoffs.jacobian, scale or 1.0,
                       both=payoffs.values_and_jacobian)


def game_system(game) -> LogitSystem:
    """The logit system of a :class:`~deterrence.model.normal.NormalFormGame`."""
    return normal_system(game.float_arrays())


__all__ = ["normal_system", "game_system"]
