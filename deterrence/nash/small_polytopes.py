"""Vertices of small best-response polytopes in pure Python, exactly.

For the games people type in by hand (2×2, 3×3, 2×4 ...) the polytopes of
:mod:`deterrence.nash.enumeration` have a handful of vertices, and loading
numpy and cddlib costs more than enumerating them. Here every vertex of

.. math:: \\{z \\ge 0 : M z \\le 1\\} \\subset \\mathbb{R}^d

is found by brute force over its bases: a basis makes some rows of ``M``
tight and sets the other coordinates to zero, and the square system left is
solved in integers (fraction-free elimination, the point ``N / D``); a unique
solution that satisfies every inequality is a vertex, and its labels are
*all* the inequalities tight there, so degenerate vertices (more than ``d``
tight inequalities, found from several bases) are exact too. The number of
bases is ``C(d + k, d)``, so this is used only up to :data:`SMALL_BASES` of them (3×3 and 2×4 games; a 4×4 game has 70 per
polytope, where cddlib is faster than the import it saves).

Example
-------
>>> vertices, labels = polytope_vertices([[2, 1], [1, 2]], first_labels_are_bounds=False)
>>> [(tuple(str(v) for v in row), sorted(lab)) for row, lab in zip(vertices, labels)]
[(('1', '0', '1/2'), [0, 3]), (('1', '1/3', '1/3'), [2, 3]), (('1', '1/2', '0'), [1, 2])]
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Sequence

#: Largest number of bases (``C(d + k, d)``) enumerated here rather than by cddlib.
SMALL_BASES = 20


def bases(dim: int, constraints: int) -> int:
    """How many choices of tight inequalities a polytope of ``constraints`` rows has."""
    return math.comb(dim + constraints, dim)


def _solve_ones(rows: list[list[int]]) -> tuple[list[int], int] | None:
    """The unique solution of ``rows z = 1`` (a square integer system) as ``(N, D)``,
    ``z = N / D`` with ``D > 0``, or ``None`` when the system is singular.

    Fraction-free Gauss-Jordan elimination (Bareiss): every division is exact, so
    the work stays in integers and no fraction is reduced along the way.

    >>> _solve_ones([[2, 1], [1, 2]])
    ([1, 1], 3)
    """
    n = len(rows)
    a = [row[:] + [1] for row in rows]
    previous = 1
    for col in range(n):
        pivot = next((r for r in range(col, n) if a[r][col]), None)
        if pivot is None:
            return None
        a[col], a[pivot] = a[pivot], a[col]
        p, here = a[col][col], a[col]
        for r in range(n):
            if r != col:
                f = a[r][col]
                a[r] = [(p * x - f * y) // previous for x, y in zip(a[r], here)]
        previous = p
    det = a[n - 1][n - 1]        # every diagonal entry is the determinant now
    if det < 0:
        return [-a[r][n] for r in range(n)], -det
    return [a[r][n] for r in range(n)], det


def polytope_vertices(bounds: Sequence[Sequence[int]], first_labels_are_bounds: bool):
    """Non-zero vertices of ``{z >= 0 : M z <= 1}`` (``M = bounds``) and their labels.

    The same answer as :func:`deterrence.nash.enumeration.polytope_vertices`
    (which asks cddlib): vertices as rows ``(1, z_1, ..., z_d)``, sorted, and
    for each the set of its labels (the ``M`` rows are labels ``0..k-1`` when
    ``first_labels_are_bounds``, else the coordinates ``z_i = 0`` are).

    A basis makes some rows ``U`` of ``M`` tight and sets the other coordinates to
    zero, so only the square system of ``U`` on the remaining coordinates ``F`` is
    solved (``|U| = |F| <= min(k, d)``), in integers; the point is ``N / D``.
    """
    dim, k = len(bounds[0]), len(bounds)
    upper = [[int(v) for v in row] for row in bounds]
    bound_label = (lambda r: r) if first_labels_are_bounds else (lambda r: dim + r)
    zero_label = (lambda i: k + i) if first_labels_are_bounds else (lambda i: i)
    found: dict[tuple[Fraction, ...], frozenset[int]] = {}
    seen: set[tuple[int, ...]] = set()
    for size in range(1, min(k, dim) + 1):
        for tight in itertools.combinations(range(k), size):
            for free in itertools.combinations(range(dim), size):
                solution = _solve_ones([[upper[r][i] for i in free] for r in tight])
                if solution is None:
                    continue
                numerators, det = solution
                if any(v < 0 for v in numerators):
                    continue
                z = [0] * dim
                for i, v in zip(free, numerators):
                    z[i] = v
                g = math.gcd(det, *numerators)
                key = (det // g, *(v // g for v in z))
                if key in seen:
                    continue
                values = [sum(c * x for c, x in zip(row, z)) for row in upper]
                if any(v > det for v in values):
                    continue
                seen.add(key)
                point = tuple(Fraction(v, det) for v in z)
                found[point] = frozenset([bound_label(r) for r, v in enumerate(values) if v == det]
                                         + [zero_label(i) for i, v in enumerate(z) if v == 0])
    ordered = sorted(found)
    return [(Fraction(1), *z) for z in ordered], [found[z] for z in ordered]


def complementary_vertices(a_int: list[list[int]], b_int: list[list[int]]) -> list[tuple]:
    """Every complementary pair of non-zero vertices ``(x, y)`` of ``P`` and ``Q``.

    ``P = {x >= 0 : B^T x <= 1}`` (labels ``0..m-1`` are ``x_i = 0``) and
    ``Q = {y >= 0 : A y <= 1}`` (labels ``0..m-1`` are rows of ``A y = 1``);
    a pair is complementary when its labels cover ``0..m+n-1``.

    >>> pairs = complementary_vertices([[2, 1], [1, 2]], [[2, 1], [1, 2]])
    >>> len(pairs)
    3
    """
    m, n = len(a_int), len(a_int[0])
    xs, labels_p = polytope_vertices([list(col) for col in zip(*b_int)], first_labels_are_bounds=False)
    ys, labels_q = polytope_vertices(a_int, first_labels_are_bounds=True)
    everything = frozenset(range(m + n))
    return [(x, y) for x, lp in zip(xs, labels_p) for y, lq in zip(ys, labels_q)
            if lp | lq == everything]


def is_small(m: int, n: int) -> bool:
    """Whether both polytopes of an ``m × n`` game are small enough for brute force."""
    return bases(m, n) <= SMALL_BASES and bases(n, m) <= SMALL_BASES


__all__ = ["polytope_vertices", "complementary_vertices", "is_small", "bases", "SMALL_BASES"]
