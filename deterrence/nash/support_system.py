"""The indifference system of one support profile, and exact checks of a point.

For a support profile (each player's strategies played with positive
probability), :func:`support_system` writes each mixing player's
probabilities as polynomial variables, the indifference equations that must
vanish, the probabilities that must be positive and the conditions that no
strategy outside the support earns more. :func:`satisfies` decides exactly
(rationals or algebraic numbers) whether a point of the system is an
equilibrium. Used by the enumeration of :mod:`deterrence.nash.nplayer` and by
the equilibrium sets of :mod:`deterrence.nash.eqsets`.

Example
-------
>>> import numpy as np
>>> pennies = [np.array([[[1, 0], [0, 1]], [[0, 1], [1, 0]]]) for _ in range(3)]
>>> system = support_system(pennies, ((0, 1), (0,), (0,)))
>>> len(system.variables), len(system.equations)
(1, 1)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np


@dataclass
class SupportSystem:
    """The indifference system of one support profile.

    ``variables[k] = (player, strategy)`` is ``x_{k+1}``: the probability of
    that strategy; each mixing player's first support strategy gets ``1`` minus
    the others. ``sigma[i][s]`` is player ``i``'s probability of ``s`` as a
    polynomial; ``equations`` must vanish, ``positives`` be positive and
    ``conditions`` be at most zero (no strategy outside the support earns more).
    """

    support: tuple[tuple[int, ...], ...]
    variables: tuple[tuple[int, int], ...]
    ring: Any
    sigma: list[list[Any]]
    equations: list[Any]
    positives: list[Any]
    conditions: list[Any]


def _ring(nvars: int):
    from sympy.polys.domains import QQ
    from sympy.polys.orderings import grevlex
    from sympy.polys.rings import ring

    return ring(",".join(f"x{k + 1}" for k in range(nvars)), QQ, grevlex)[0]


def support_system(arrays: list[np.ndarray], support: tuple[tuple[int, ...], ...]) -> SupportSystem:
    """Build the system of ``support`` from integer payoff arrays."""
    shape = arrays[0].shape
    n = len(shape)
    variables = tuple((i, s) for i in range(n) if len(support[i]) > 1 for s in support[i][1:])
    R = _ring(len(variables))
    gens = list(R.gens)
    sigma: list[list[Any]] = []
    k = 0
    positives = []
    for i in range(n):
        probs = [R.zero] * shape[i]
        if len(support[i]) == 1:
            probs[support[i][0]] = R.one
        else:
            mine = gens[k:k + len(support[i]) - 1]
            k += len(mine)
            probs[support[i][0]] = R.one - sum(mine, R.zero)
            for s, x in zip(support[i][1:], mine):
                probs[s] = x
            positives.extend([probs[support[i][0]], *mine])
        sigma.append(probs)
    equations, conditions = [], []
    for i in range(n):
        others = [j for j in range(n) if j != i]
        weights = {}
        for profile in itertools.product(*(support[j] for j in others)):
            w = R.one
            for j, s in zip(others, profile):
                w = w * sigma[j][s]
            weights[profile] = w
        values = []
        for s in range(shape[i]):
            total = R.zero
            for profile, w in weights.items():
                cell = list(profile)
                cell.insert(i, s)
                c = arrays[i][tuple(cell)]
                if c:
                    total += w * int(c)
            values.append(total)
        base = values[support[i][0]]
        equations.extend(values[s] - base for s in support[i][1:])
        conditions.extend(values[t] - base for t in range(shape[i]) if t not in support[i])
    return SupportSystem(support, variables, R, sigma, equations, positives, conditions)


def evaluate(poly, point: Sequence[Any]):
    """The exact value of a ring polynomial at a point (Fractions or algebraic numbers)."""
    from deterrence.nash.polysystem import fraction

    total: Any = Fraction(0)
    for monomial, c in poly.terms():
        term: Any = fraction(c)
        for x, e in zip(point, monomial):
            if e:
                term = term * x ** e
        total = total + term
    return total


def sign(value) -> int:
    if isinstance(value, Fraction):
        return (value > 0) - (value < 0)
    return value.sign()


def satisfies(system: SupportSystem, point: Sequence[Any]) -> bool:
    """Positive probabilities on the support, no better strategy outside it (exact)."""
    return all(sign(evaluate(p, point)) > 0 for p in system.positives) and \
        all(sign(evaluate(c, point)) <= 0 for c in system.conditions)


def profile_at(system: SupportSystem, point: Sequence[Any]) -> tuple[tuple[Any, ...], ...]:
    from deterrence.nash.algebraic import simplify

    return tuple(tuple(simplify(evaluate(p, point)) if p else Fraction(0) for p in probs)
                 for probs in system.sigma)


__all__ = ["SupportSystem", "support_system", "evaluate", "sign", "satisfies", "profile_at"]
