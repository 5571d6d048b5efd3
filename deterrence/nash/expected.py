"""Expected payoffs of mixed profiles in floating point, and their derivatives.

The numerical methods (the global Newton method, logit QRE) need, for a
profile ``sigma`` given as one flat vector (player 1's probabilities, then
player 2's, ...):

* ``V(sigma)``: every pure strategy's expected payoff against the others'
  mixtures (:func:`strategy_values`);
* ``DV``: the derivative of ``V`` in ``sigma``; its block ``(i, j)`` holds
  ``u_i(s, t, sigma_-ij)`` for ``j != i`` and zeros on the diagonal blocks
  (:func:`value_jacobian`).

Example
-------
>>> import numpy as np
>>> A = np.array([[1.0, -1.0], [-1.0, 1.0]])
>>> values = strategy_values([A, -A], np.array([0.5, 0.5, 0.25, 0.75]))
>>> values.tolist()
[-0.5, 0.5, 0.0, 0.0]
"""

from __future__ import annotations

from typing import Sequence

import numpy as np


def offsets(shape: Sequence[int]) -> np.ndarray:
    """Start of each player's block in the flat vector, and the total length."""
    return np.concatenate([[0], np.cumsum(shape)]).astype(int)


def split(sigma: np.ndarray, shape: Sequence[int]) -> list[np.ndarray]:
    cut = offsets(shape)
    return [sigma[cut[i]:cut[i + 1]] for i in range(len(shape))]


def _contract(array: np.ndarray, parts: list[np.ndarray], keep: Sequence[int]) -> np.ndarray:
    """Contract every axis not in ``keep`` with that player's mixture (last axis first)."""
    out = array
    for j in range(len(parts) - 1, -1, -1):
        if j not in keep:
            out = np.tensordot(out, parts[j], axes=([j], [0]))
    return out


def strategy_values(arrays: Sequence[np.ndarray], sigma: np.ndarray) -> np.ndarray:
    """``V(sigma)``: each pure strategy's expected payoff, players' blocks in order."""
    shape = arrays[0].shape
    parts = split(sigma, shape)
    return np.concatenate([np.asarray(_contract(arrays[i], parts, (i,))).reshape(-1)
                           for i in range(len(shape))])


def value_jacobian(arrays: Sequence[np.ndarray], sigma: np.ndarray) -> np.ndarray:
    """``DV(sigma)``: ``d V_i(s) / d sigma_j(t)`` (zero for ``j == i``)."""
    shape = arrays[0].shape
    n = len(shape)
    cut = offsets(shape)
    parts = split(sigma, shape)
    out = np.zeros((cut[-1], cut[-1]), dtype=np.result_type(sigma, np.float64))
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            block = _contract(arrays[i], parts, (i, j))
            block = np.asarray(block)
            if i > j:
                block = block.T
            out[cut[i]:cut[i + 1], cut[j]:cut[j + 1]] = block
    return out


def regrets(arrays: Sequence[np.ndarray], sigma: np.ndarray) -> np.ndarray:
    """Each player's gain from its best pure strategy over its mixture."""
    shape = arrays[0].shape
    values = split(strategy_values(arrays, sigma), shape)
    parts = split(sigma, shape)
    return np.array([float(v.max() - v @ p) for v, p in zip(values, parts)])


__all__ = ["strategy_values", "value_jacobian", "regrets", "offsets", "split"]
