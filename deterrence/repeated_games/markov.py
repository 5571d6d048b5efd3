"""Finite Markov chains over exact rationals.

The repeated-game modules describe play between memory-one strategies as a
chain on the four joint moves. This module answers the questions asked of
such a chain, exactly (``fractions.Fraction`` throughout, no floats):

* :func:`solve_linear` -- Gaussian elimination over the rationals;
* :func:`limit_distribution` -- the long-run (Cesàro) distribution
  ``lim (1/N) Σ p0 M^t`` from an initial distribution; for an ergodic chain
  it is the stationary distribution, for a chain with several closed classes
  it weighs each class's stationary distribution by the probability of
  being absorbed into it (so it is always defined, even at zero noise);
* :func:`discounted_occupancy` -- ``(1 - δ) p0 (I - δM)^-1``;
* :func:`finite_horizon_occupancy` -- the average distribution over the
  first ``N`` periods;
* :func:`hitting_times` -- expected first-passage times into a set of states.

Example
-------
>>> from fractions import Fraction as F
>>> M = [[F(1, 2), F(1, 2)], [F(1, 4), F(3, 4)]]
>>> limit_distribution(M, [F(1), F(0)]).distribution
(Fraction(1, 3), Fraction(2, 3))
>>> hitting_times(M, {1})
(Fraction(2, 1), Fraction(0, 1))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Iterable, Sequence

Matrix = Sequence[Sequence[Fraction]]


class SingularSystem(ValueError):
    """A linear system without a unique solution."""


def solve_linear(A: Matrix, b: Sequence[Fraction]) -> tuple[Fraction, ...]:
    """The unique ``x`` with ``A x = b``, by exact Gaussian elimination.

    Raises
    ------
    SingularSystem
        When ``A`` is singular.

    Example
    -------
    >>> solve_linear([[2, 1], [1, 3]], [3, 5])
    (Fraction(4, 5), Fraction(7, 5))
    """
    n = len(A)
    rows = [[Fraction(v) for v in A[i]] + [Fraction(b[i])] for i in range(n)]
    for col in range(n):
        pivot = next((r for r in range(col, n) if rows[r][col] != 0), None)
        if pivot is None:
            raise SingularSystem("the system has no unique solution")
        rows[col], rows[pivot] = rows[pivot], rows[col]
        head = rows[col][col]
        if head != 1:
            rows[col] = [v / head for v in rows[col]]
        for r in range(n):
            if r != col and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [a - factor * c for a, c in zip(rows[r], rows[col])]
    return tuple(row[n] for row in rows)


def _reachable(M: Matrix) -> list[set[int]]:
    """For each state, the states reachable from it (itself included)."""
    n = len(M)
    reach = [{i} | {j for j in range(n) if M[i][j] != 0} for i in range(n)]
    changed = True
    while changed:
        changed = False
        for i in range(n):
            new = set().union(*(reach[j] for j in reach[i]))
            if new != reach[i]:
                reach[i] = new
                changed = True
    return reach


def closed_classes(M: Matrix) -> tuple[tuple[int, ...], ...]:
    """The closed communicating classes (the recurrent classes), in order.

    >>> closed_classes([[1, 0, 0], [0, 0, 1], [0, 1, 0]])
    ((0,), (1, 2))
    """
    reach = _reachable(M)
    classes = []
    seen: set[int] = set()
    for i in range(len(M)):
        if i in seen:
            continue
        cls = tuple(sorted(j for j in reach[i] if i in reach[j]))
        seen.update(cls)
        if set(reach[i]) == set(cls):
            classes.append(cls)
    return tuple(classes)


def _stationary(M: Matrix, states: Sequence[int]) -> dict[int, Fraction]:
    """Stationary distribution of the chain restricted to a closed class."""
    k = len(states)
    if k == 1:
        return {states[0]: Fraction(1)}
    # π (M - I) = 0 with Σ π = 1: replace the last balance equation by the sum.
    A = [[Fraction(M[states[j]][states[i]]) - (1 if i == j else 0) for j in range(k)]
         for i in range(k)]
    A[-1] = [Fraction(1)] * k
    b = [Fraction(0)] * (k - 1) + [Fraction(1)]
    return dict(zip(states, solve_linear(A, b)))


@dataclass(frozen=True)
class LimitDistribution:
    """The long-run distribution of a chain started from ``p0``.

    ``ergodic`` is true when the chain has a single closed class (then the
    answer does not depend on ``p0``); ``classes`` lists the closed classes.
    """

    distribution: tuple[Fraction, ...]
    ergodic: bool
    classes: tuple[tuple[int, ...], ...]


def limit_distribution(M: Matrix, p0: Sequence[Fraction]) -> LimitDistribution:
    """``lim_{N→∞} (1/N) Σ_{t<N} p0 M^t``, exactly.

    Each closed class contributes its stationary distribution, weighted by
    the probability that the chain started at ``p0`` ends up in it.

    >>> from fractions import Fraction as F
    >>> swap = [[F(0), F(1)], [F(1), F(0)]]          # periodic: the Cesàro limit exists
    >>> limit_distribution(swap, [F(1), F(0)]).distribution
    (Fraction(1, 2), Fraction(1, 2))
    """
    n = len(M)
    classes = closed_classes(M)
    recurrent = {s for cls in classes for s in cls}
    transient = [s for s in range(n) if s not in recurrent]
    # absorption probabilities B[t][k] from transient states into class k
    absorb: dict[int, list[Fraction]] = {}
    if transient:
        idx = {s: i for i, s in enumerate(transient)}
        A = [[(1 if i == j else 0) - Fraction(M[t][u]) for j, u in enumerate(transient)]
             for i, t in enumerate(transient)]
        for k, cls in enumerate(classes):
            b = [sum((Fraction(M[t][s]) for s in cls), Fraction(0)) for t in transient]
            column = solve_linear(A, b)
            for t in transient:
                absorb.setdefault(t, []).append(column[idx[t]])
    weights = [Fraction(0)] * len(classes)
    for s, mass in enumerate(p0):
        mass = Fraction(mass)
        if not mass:
            continue
        if s in recurrent:
            weights[next(k for k, cls in enumerate(classes) if s in cls)] += mass
        else:
            for k in range(len(classes)):
                weights[k] += mass * absorb[s][k]
    out = [Fraction(0)] * n
    for weight, cls in zip(weights, classes):
        if weight:
            for s, pi in _stationary(M, cls).items():
                out[s] += weight * pi
    return LimitDistribution(tuple(out), len(classes) == 1, classes)


def discounted_occupancy(M: Matrix, p0: Sequence[Fraction], delta: Fraction) -> tuple[Fraction, ...]:
    """``(1 - δ) p0 (I - δM)^-1``: discounted weight of each state, summing to 1.

    >>> from fractions import Fraction as F
    >>> discounted_occupancy([[F(0), F(1)], [F(0), F(1)]], [F(1), F(0)], F(1, 2))
    (Fraction(1, 2), Fraction(1, 2))
    """
    n = len(M)
    delta = Fraction(delta)
    # x (I - δM) = p0  ⇔  (I - δM)^T x^T = p0^T
    A = [[(1 if i == j else 0) - delta * Fraction(M[j][i]) for j in range(n)] for i in range(n)]
    x = solve_linear(A, [Fraction(v) for v in p0])
    return tuple((1 - delta) * v for v in x)


def finite_horizon_occupancy(M: Matrix, p0: Sequence[Fraction], rounds: int) -> tuple[Fraction, ...]:
    """Average distribution over the first ``rounds`` periods (``rounds ≥ 1``).

    >>> from fractions import Fraction as F
    >>> finite_horizon_occupancy([[F(0), F(1)], [F(0), F(1)]], [F(1), F(0)], 4)
    (Fraction(1, 4), Fraction(3, 4))
    """
    from math import lcm

    n = len(M)
    # integer arithmetic over a common denominator: M = A/den, p0 = v/d0, so
    # Σ_{t<N} p0 M^t = (Σ_t v A^t den^(N-1-t)) / (d0 den^(N-1)); no gcd until the end
    den = lcm(*(Fraction(x).denominator for row in M for x in row))
    A = [[int(Fraction(x) * den) for x in row] for row in M]
    d0 = lcm(*(Fraction(x).denominator for x in p0))
    v = [int(Fraction(x) * d0) for x in p0]
    total = [0] * n
    for t in range(rounds):
        total = [a * den + b for a, b in zip(total, v)] if t else list(v)
        if t + 1 < rounds:
            v = [sum(v[i] * A[i][j] for i in range(n) if v[i]) for j in range(n)]
    scale = d0 * den ** (rounds - 1) * rounds
    return tuple(Fraction(x, scale) for x in total)


def hitting_times(M: Matrix, targets: Iterable[int]) -> tuple[Fraction | None, ...]:
    """Expected number of steps to reach ``targets`` from each state.

    ``0`` for a target state, ``None`` where the target is reached with
    probability less than one (the expectation is infinite).

    >>> from fractions import Fraction as F
    >>> hitting_times([[F(1), F(0)], [F(0), F(1)]], {1})
    (None, Fraction(0, 1))
    """
    n = len(M)
    targets = set(targets)
    # states from which the targets cannot be avoided forever: those that
    # cannot reach a closed class without targets
    reach = _reachable(M)
    escape = {s for s in range(n) if s not in targets and not (reach[s] & targets)}
    # a state that can reach an escape state (avoiding targets) has infinite time
    infinite = set(escape)
    changed = True
    while changed:
        changed = False
        for s in range(n):
            if s in targets or s in infinite:
                continue
            if any(M[s][j] != 0 and j in infinite for j in range(n)):
                infinite.add(s)
                changed = True
    finite = [s for s in range(n) if s not in targets and s not in infinite]
    out: list[Fraction | None] = [None] * n
    for s in targets:
        out[s] = Fraction(0)
    if finite:
        A = [[(1 if i == j else 0) - Fraction(M[s][u]) for j, u in enumerate(finite)]
             for i, s in enumerate(finite)]
        for s, h in zip(finite, solve_linear(A, [Fraction(1)] * len(finite))):
            out[s] = h
    return tuple(out)


__all__ = ["solve_linear", "closed_classes", "limit_distribution", "LimitDistribution",
           "discounted_occupancy", "finite_horizon_occupancy", "hitting_times", "SingularSystem"]
