"""Vertices of small best-response polytopes in pure Python, exactly.

For the games people type in by hand (2×2, 3×3, 2×4 ...) the polytopes of
:mod:`deterrence.nash.enumeration` have a handful of vertices, and loading
numpy and cddlib costs more than enumerating them. Here every vertex of

.. math:: \\{z \\ge 0 : M z \\le 1\\} \\subset \\mathbb{R}^d

is found by brute force over its bases: each choice of ``d`` of the
``d + k`` inequalities made tight is solved exactly (Fractions, Gaussian
elimination); a unique solution that satisfies every inequality is a vertex,
and its labels are *all* the inequalities tight there, so degenerate
vertices (more than ``d`` tight inequalities, found from several bases) are
exact too. The number of bases is ``C(d + k, d)``, so this is used only up
to :data:`SMALL_BASES` of them (3×3 and 2×4 games; a 4×4 game has 70 per
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


def _solve(rows: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """The unique solution of a square system, or ``None`` when it is singular."""
    n = len(rows)
    a = [row[:] + [b] for row, b in zip(rows, rhs)]
    for col in range(n):
        pivot = next((r for r in range(col, n) if a[r][col] != 0), None)
        if pivot is None:
            return None
        a[col], a[pivot] = a[pivot], a[col]
        p = a[col][col]
        for r in range(n):
            if r != col and a[r][col] != 0:
                f = a[r][col] / p
                a[r] = [x - f * y for x, y in zip(a[r], a[col])]
    return [a[r][n] / a[r][r] for r in range(n)]


def polytope_vertices(bounds: Sequence[Sequence[int]], first_labels_are_bounds: bool):
    """Non-zero vertices of ``{z >= 0 : M z <= 1}`` (``M = bounds``) and their labels.

    The same answer as :func:`deterrence.nash.enumeration.polytope_vertices`
    (which asks cddlib): vertices as rows ``(1, z_1, ..., z_d)``, sorted, and
    for each the set of its labels (the ``M`` rows are labels ``0..k-1`` when
    ``first_labels_are_bounds``, else the coordinates ``z_i = 0`` are).
    """
    dim = len(bounds[0])
    upper = [[Fraction(v) for v in row] for row in bounds]
    nonneg = [[Fraction(int(k == i)) for k in range(dim)] for i in range(dim)]
    rows = upper + nonneg if first_labels_are_bounds else nonneg + upper
    rhs = ([Fraction(1)] * len(upper) + [Fraction(0)] * dim if first_labels_are_bounds
           else [Fraction(0)] * dim + [Fraction(1)] * len(upper))
    found: dict[tuple[Fraction, ...], frozenset[int]] = {}
    for tight in itertools.combinations(range(len(rows)), dim):
        point = _solve([rows[k] for k in tight], [rhs[k] for k in tight])
        if point is None or not any(point) or tuple(point) in found:
            continue
        values = [sum((c * x for c, x in zip(row, point)), Fraction(0)) for row in rows]
        feasible = all((v >= 0) if b == 0 else (v <= 1) for v, b in zip(values, rhs))
        if feasible:
            found[tuple(point)] = frozenset(k for k, (v, b) in enumerate(zip(values, rhs)) if v == b)
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
