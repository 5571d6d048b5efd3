"""Expected payoffs of mixed profiles in floating point, and their derivatives.

The numerical methods (the global Newton method, logit QRE) need, for a
profile ``sigma`` given as one flat vector (player 1's probabilities, then
player 2's, ...):

* ``V(sigma)``: every pure strategy's expected payoff against the others'
  mixtures (:meth:`Payoffs.values`);
* ``DV``: the derivative of ``V`` in ``sigma``; its block ``(i, j)`` holds
  ``u_i(s, t, sigma_-ij)`` for ``j != i`` and zeros on the diagonal blocks
  (:meth:`Payoffs.jacobian`).

:class:`Payoffs` prepares each player's array once (axes ordered ``i, j,
others``, the others flattened), so that each block is one matrix product
with the outer product of the remaining players' mixtures; ``V_i`` is then
``DV_ij @ sigma_j`` (``V`` is multilinear). The functions
:func:`strategy_values`, :func:`value_jacobian` and :func:`regrets` are the
same for a one-off call.

Example
-------
>>> import numpy as np
>>> A = np.array([[1.0, -1.0], [-1.0, 1.0]])
>>> values = strategy_values([A, -A], np.array([0.5, 0.5, 0.25, 0.75]))
>>> values.tolist()
[-0.5, 0.5, 0.0, 0.0]
>>> payoffs = Payoffs([A, -A])
>>> payoffs.jacobian(np.array([0.5, 0.5, 0.25, 0.75])).tolist()
[[0.0, 0.0, 1.0, -1.0], [0.0, 0.0, -1.0, 1.0], [-1.0, 1.0, 0.0, 0.0], [1.0, -1.0, 0.0, 0.0]]
"""

from __future__ import annotations

from functools import reduce
from typing import Sequence

import numpy as np


def offsets(shape: Sequence[int]) -> np.ndarray:
    """Start of each player's block in the flat vector, and the total length."""
    return np.concatenate([[0], np.cumsum(shape)]).astype(int)


def split(sigma: np.ndarray, shape: Sequence[int]) -> list[np.ndarray]:
    cut = offsets(shape)
    return [sigma[cut[i]:cut[i + 1]] for i in range(len(shape))]


def _outer(parts: Sequence[np.ndarray], dtype) -> np.ndarray:
    """The flattened outer product of ``parts`` (``[1]`` for none)."""
    if not parts:
        return np.ones(1, dtype=dtype)
    return reduce(np.multiply.outer, parts).reshape(-1)


class Payoffs:
    """The float payoff arrays of a game, prepared for fast ``V`` and ``DV``.

    Parameters
    ----------
    arrays:
        One array per player, each of the game's shape (``arrays[i][s_1, ..., s_n]``).
    """

    def __init__(self, arrays: Sequence[np.ndarray]) -> None:
        self.arrays = [np.ascontiguousarray(a, dtype=float) for a in arrays]
        self.shape = tuple(self.arrays[0].shape)
        self.n = len(self.shape)
        self.cut = offsets(self.shape)
        self.size = int(self.cut[-1])
        #: per (i, j != i): the others' players and A_i as (m_i, m_j, prod others)
        self.pairs: list[tuple[int, int, tuple[int, ...], np.ndarray]] = []
        for i in range(self.n):
            for j in range(self.n):
                if j == i:
                    continue
                others = tuple(k for k in range(self.n) if k not in (i, j))
                block = np.transpose(self.arrays[i], (i, j) + others)
                self.pairs.append((i, j, others, np.ascontiguousarray(
                    block.reshape(self.shape[i], self.shape[j], -1))))
        #: per i: A_i as (m_i, prod others), for V alone
        self.rows = [np.ascontiguousarray(np.moveaxis(a, i, 0).reshape(self.shape[i], -1))
                     for i, a in enumerate(self.arrays)]

    def _parts(self, sigma: np.ndarray) -> list[np.ndarray]:
        return [sigma[self.cut[i]:self.cut[i + 1]] for i in range(self.n)]

    def values(self, sigma: np.ndarray) -> np.ndarray:
        """``V(sigma)``: each pure strategy's expected payoff, players' blocks in order."""
        parts = self._parts(sigma)
        if self.n == 1:
            return self.arrays[0].astype(sigma.dtype)
        return np.concatenate([self.rows[i] @ _outer([parts[k] for k in range(self.n) if k != i],
                                                     sigma.dtype) for i in range(self.n)])

    def values_and_jacobian(self, sigma: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``V(sigma)`` and ``DV(sigma)`` in one pass."""
        parts = self._parts(sigma)
        out = np.zeros((self.size, self.size), dtype=np.result_type(sigma, np.float64))
        if self.n == 1:
            return self.values(sigma), out
        values = np.empty(self.size, dtype=out.dtype)
        cut = self.cut
        weights: dict[tuple[int, ...], np.ndarray] = {}
        for i, j, others, array in self.pairs:
            w = weights.get(others)
            if w is None:
                w = weights[others] = _outer([parts[k] for k in others], out.dtype)
            block = array @ w
            out[cut[i]:cut[i + 1], cut[j]:cut[j + 1]] = block
            if j == (1 if i == 0 else 0):
                values[cut[i]:cut[i + 1]] = block @ parts[j]
        return values, out

    def jacobian(self, sigma: np.ndarray) -> np.ndarray:
        """``DV(sigma)``: ``d V_i(s) / d sigma_j(t)`` (zero for ``j == i``)."""
        return self.values_and_jacobian(sigma)[1]

    def regrets(self, sigma: np.ndarray) -> np.ndarray:
        """Each player's gain from its best pure strategy over its mixture."""
        values = self.values(sigma)
        cut = self.cut
        return np.array([float(values[cut[i]:cut[i + 1]].max()
                               - values[cut[i]:cut[i + 1]] @ sigma[cut[i]:cut[i + 1]])
                         for i in range(self.n)])

    def payoffs(self, sigma: np.ndarray) -> np.ndarray:
        """Each player's expected payoff at ``sigma``."""
        values = self.values(sigma)
        cut = self.cut
        return np.array([float(values[cut[i]:cut[i + 1]] @ sigma[cut[i]:cut[i + 1]])
                         for i in range(self.n)])


def strategy_values(arrays: Sequence[np.ndarray], sigma: np.ndarray) -> np.ndarray:
    """``V(sigma)``: each pure strategy's expected payoff, players' blocks in order."""
    return Payoffs(arrays).values(sigma)


def value_jacobian(arrays: Sequence[np.ndarray], sigma: np.ndarray) -> np.ndarray:
    """``DV(sigma)``: ``d V_i(s) / d sigma_j(t)`` (zero for ``j == i``)."""
    return Payoffs(arrays).jacobian(sigma)


def regrets(arrays: Sequence[np.ndarray], sigma: np.ndarray) -> np.ndarray:
    """Each player's gain from its best pure strategy over its mixture."""
    return Payoffs(arrays).regrets(sigma)


__all__ = ["Payoffs", "strategy_values", "value_jacobian", "regrets", "offsets", "split"]
