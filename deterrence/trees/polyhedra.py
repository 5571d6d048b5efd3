"""Vertices of a polyhedron ``{z : b + A z >= 0, some rows = 0}``, exactly, and the rows
tight at each: cddlib's double description, on a smaller system.

A sequence form's best-response polyhedron has one equality per information set
(and per fixed action, :mod:`deterrence.trees.sequence_form`), and a realization
plan is zero below every move the fixed path never takes. cddlib works in the
full space of the rows all the same, which is most of a refined tree solve's
time. So before it runs, the equalities are solved for some variables
(Gauss-Jordan over the rationals, exact) and those are substituted away, and a
variable that an equality's nonnegative sum forces to zero is set to zero. The
map from the remaining variables back to the full space is affine and one to
one on the polyhedron, so vertices go to vertices, rays to rays, and a row is
tight at a vertex exactly when its substituted row is; a row that became a
constant is tight everywhere (``0 >= 0``) or nowhere.

Example
-------
The triangle ``x + y = 1, x >= 0, y >= 0`` in the plane, with the unbounded
``w >= x`` beside it (a free ``w``): two vertices, each with its tight rows
(the equality, row 0, is tight at both).

>>> rows = [[-1, 1, 1, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, -1, 0, 1]]
>>> for z, tight in sorted(vertices(rows, frozenset({0}))):
...     print([str(v) for v in z], sorted(tight))
['1', '0', '1', '0'] [0, 1, 3]
['1', '1', '0', '1'] [0, 2, 3]
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Sequence

Row = Sequence[int]


def vertices(rows: Sequence[Row], lin: frozenset[int]) -> list[tuple[tuple, frozenset[int]]]:
    """The vertices of ``{z : b + A z >= 0}`` (rows ``[b, A]`` of integers; the rows in
    ``lin`` are equalities), each as ``(row, tight)``: ``row`` is ``(1, z_1, ..., z_n)``
    in exact numbers (ints and Fractions), ``tight`` the indices of the rows with
    ``b + A z = 0`` there (the equalities among them). An empty polyhedron has none;
    rays and lines are left out."""
    reduced = _reduce(rows, lin)
    if reduced is None:
        return []
    system, kept, always, point, free, pivot_rows = reduced
    if not free:                       # a single point
        found = [((), frozenset())]
    else:
        # no inequality left: the whole of an affine space, which has no vertex
        found = _cdd([_integer_row(row) for row in system]) if system else []
    position = {f: k for k, f in enumerate(free)}
    eliminated = [(1 + j, [(position[f], c) for f, c in row.items()]) for j, row in pivot_rows.items()]
    start = [Fraction(1)] + list(point)
    out = []
    for y, tight in found:
        z = list(start)
        for f, value in zip(free, y):
            z[1 + f] = value
        for j, row in eliminated:
            for k, c in row:
                if y[k]:
                    z[j] -= c * y[k]
        out.append((tuple(z), frozenset({kept[t] for t in tight}) | always))
    return out


def _reduce(rows: Sequence[Row], lin: frozenset[int]):
    """The system in the free variables: ``(rows, kept, always, point, free, pivot_rows)``:
    ``rows[k]`` is the original row ``kept[k]`` substituted (``[b, a_f for f in free]``),
    ``always`` the rows tight everywhere, and each eliminated variable ``j`` is
    ``point[j] - Σ_f pivot_rows[j][f] z_f`` (a variable forced to zero is ``0`` in
    ``point`` with no row); ``None`` when the equalities have no solution."""
    n = len(rows[0]) - 1
    sparse = [{j: v for j, v in enumerate(row[1:]) if v} for row in rows]
    nonnegative = {j for row, entries in zip(rows, sparse) if row[0] == 0 and len(entries) == 1
                   for j, v in entries.items() if v > 0}
    equalities = sorted(lin)
    zero: set[int] = set()
    changed = True
    while changed:            # a nonnegative sum that must be 0: each of its terms is 0
        changed = False
        for r in equalities:
            live = [j for j in sparse[r] if j not in zero]
            if rows[r][0] == 0 and live and all(j in nonnegative for j in live) and \
                    len({sparse[r][j] > 0 for j in live}) == 1:
                zero.update(live)
                changed = True
    # Gauss-Jordan, one equality at a time: z_j + Σ_f pivot_rows[j][f] z_f = const[j],
    # with no pivot variable among the f
    pivot_rows: dict[int, dict[int, Fraction]] = {}
    const: dict[int, Fraction] = {}
    for r in equalities:
        row = {j: v for j, v in sparse[r].items() if j not in zero}     # exact: ints, then
        b = -rows[r][0]                                                  # Fractions if need be
        for j in [j for j in row if j in pivot_rows]:
            factor = row.pop(j)
            b -= factor * const[j]
            for f, c in pivot_rows[j].items():
                row[f] = row.get(f, 0) - factor * c
        row = {f: c for f, c in row.items() if c}
        if not row:
            if b:
                return None
            continue
        p = min(row, key=lambda j: (abs(row[j]) != 1, j))
        lead = row.pop(p)
        if lead == -1:
            row, b = {f: -c for f, c in row.items()}, -b
        elif lead != 1:
            row, b = {f: Fraction(c) / lead for f, c in row.items()}, Fraction(b) / lead
        for j, other in pivot_rows.items():
            factor = other.pop(p, 0)
            if factor:
                const[j] -= factor * b
                for f, c in row.items():
                    value = other.get(f, 0) - factor * c
                    if value:
                        other[f] = value
                    else:
                        other.pop(f, None)
        pivot_rows[p], const[p] = row, b
    free = [j for j in range(n) if j not in pivot_rows and j not in zero]
    position = {f: k for k, f in enumerate(free)}
    point: list = [0] * n
    for j, b in const.items():
        point[j] = b
    system, kept, always = [], [], set(lin)
    for index, entries in enumerate(sparse):
        if index in lin:
            continue
        b = rows[index][0]
        coefficients = [0] * len(free)
        for j, a in entries.items():
            if j in position:
                coefficients[position[j]] += a
            elif j in pivot_rows:
                b += a * const[j]
                for f, c in pivot_rows[j].items():
                    coefficients[position[f]] -= a * c
        if any(coefficients):
            system.append([b] + coefficients)
            kept.append(index)
        elif b == 0:
            always.add(index)
        elif b < 0:
            return None
    return system, kept, frozenset(always), point, free, pivot_rows


def _integer_row(row: Sequence) -> list[int]:
    """The row (ints and Fractions) times the least positive number that makes it integer."""
    scale = math.lcm(*(v.denominator for v in row if type(v) is Fraction))
    return [int(v) for v in row] if scale == 1 else [int(v * scale) for v in row]


def _cdd(rows: list[list[int]]) -> list[tuple[tuple, frozenset[int]]]:
    """cddlib on ``b + A y >= 0`` (no equalities): each vertex's ``y`` and tight rows
    (indices into ``rows``)."""
    from deterrence.nash.enumeration import cdd_generators

    # cddlib reads a system with every b = 0 as a cone and lists its rays only, not the
    # vertex at the origin: the row 1 >= 0 (never tight) makes every system a polyhedron
    generators, incidence = cdd_generators(rows + [[1] + [0] * (len(rows[0]) - 1)])
    out = []
    for g in range(generators.row_size):
        row = generators[g]
        if row[0] == 0 or g in generators.lin_set:
            continue  # a ray or a line
        scale = row[0]
        y = tuple(row[1:]) if scale == 1 else tuple(Fraction(v) / scale for v in row[1:])
        out.append((y, frozenset(incidence[g])))
    return out


__all__ = ["vertices"]
