"""Exact distributions of what a sharing pool delivers.

Members of a pool come in *classes* of identical members (same pledge, same
reliability). Within a class the number that honour their pledge is
binomial; the pool's delivery is the sum over classes. Aggregating identical
members this way keeps a pool of 1,000 members a chance move with at most
1,001 outcomes instead of 2^1000.

Example
-------
>>> dist = delivery_distribution([(2, Fraction(5), Fraction(1, 2))])
>>> [(str(amount), str(p)) for amount, p in dist]
[('0', '1/4'), ('5', '1/2'), ('10', '1/4')]
"""

from __future__ import annotations

from fractions import Fraction
from math import comb
from typing import Iterable, Sequence

Distribution = list[tuple[Fraction, Fraction]]


def binomial(n: int, p: Fraction) -> list[Fraction]:
    """Exact probabilities of 0..n successes in n independent trials.

    >>> [str(x) for x in binomial(3, Fraction(1, 3))]
    ['8/27', '4/9', '2/9', '1/27']
    """
    if n < 0:
        raise ValueError("a class of members cannot have a negative count")
    if not 0 <= p <= 1:
        raise ValueError("a reliability must lie in [0, 1]")
    q = 1 - p
    if p in (0, 1):
        return [Fraction(int(k == (n if p == 1 else 0))) for k in range(n + 1)]
    # p^k q^(n-k) built incrementally: exact, and linear in n
    out = []
    term = q ** n
    ratio = p / q
    for k in range(n + 1):
        out.append(comb(n, k) * term)
        term *= ratio
    return out


def delivery_distribution(classes: Iterable[tuple[int, Fraction, Fraction]]) -> Distribution:
    """Distribution of the total delivered by classes ``(count, pledge, reliability)``.

    Returns ``(amount, probability)`` pairs sorted by amount, equal amounts
    merged, zero-probability amounts dropped.
    """
    dist: dict[Fraction, Fraction] = {Fraction(0): Fraction(1)}
    for count, pledge, reliability in classes:
        probs = binomial(int(count), Fraction(reliability))
        new: dict[Fraction, Fraction] = {}
        for amount, p in dist.items():
            for k, pk in enumerate(probs):
                if pk:
                    key = amount + k * Fraction(pledge)
                    new[key] = new.get(key, Fraction(0)) + p * pk
        dist = new
    return sorted((a, p) for a, p in dist.items() if p)


def honour_counts(classes: Sequence[tuple[int, Fraction, Fraction]]) -> list[tuple[int, Fraction]]:
    """For a single class: ``(k, probability)`` that exactly k members honour."""
    (count, _, reliability), = classes
    return [(k, p) for k, p in enumerate(binomial(int(count), Fraction(reliability))) if p]
