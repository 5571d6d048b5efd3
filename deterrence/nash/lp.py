"""A small exact linear-programming solver over the rationals.

:func:`maximize` solves ``max c·x`` subject to ``A_ub x <= b_ub``,
``A_eq x = b_eq`` and ``x >= 0`` (variables listed in ``free`` may take any
sign) by the two-phase simplex method with Bland's smallest-index rule for
both the entering and the leaving variable, so it never cycles and always
terminates. Inputs and answers are :class:`~fractions.Fraction`; inside, the
tableau is kept in integers by integer (fraction-free) pivoting, which is
exact and about ten times faster than pivoting on Fractions.

Why our own simplex rather than pycddlib's exact ``cdd.LinProg``: the linear
programs the package needs (is a strategy dominated by a mixture of the
player's other strategies?) have a handful of variables and one constraint
per opponent profile, so plain Python is fast enough (a 20×20 game's
dominance check takes about a quarter of a second); it needs no compiled
extension on the CLI's path, gives deterministic answers (Bland's rule
reaches the same optimal vertex every time, which keeps the dominators shown
to students stable), and is short enough to read. The tests check it against
pycddlib's exact LP on thousands of random problems.

Example
-------
Maximise ``x + y`` with ``x + 2y <= 4``, ``3x + y <= 6``:

>>> r = maximize([1, 1], A_ub=[[1, 2], [3, 1]], b_ub=[4, 6])
>>> r.status, r.value, r.x
('optimal', Fraction(14, 5), (Fraction(8, 5), Fraction(6, 5)))
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

OPTIMAL = "optimal"
INFEASIBLE = "infeasible"
UNBOUNDED = "unbounded"


@dataclass(frozen=True)
class LPResult:
    """The outcome of :func:`maximize`.

    Parameters
    ----------
    status:
        ``"optimal"``, ``"infeasible"`` or ``"unbounded"``.
    value:
        The optimal value ``c·x`` (``None`` unless optimal).
    x:
        An optimal basic solution, one entry per variable (empty unless optimal).
    """

    status: str
    value: Fraction | None = None
    x: tuple[Fraction, ...] = ()

    @property
    def is_optimal(self) -> bool:
        return self.status == OPTIMAL


def maximize(
    c: Sequence[object],
    A_ub: Sequence[Sequence[object]] = (),
    b_ub: Sequence[object] = (),
    A_eq: Sequence[Sequence[object]] = (),
    b_eq: Sequence[object] = (),
    free: Sequence[int] = (),
) -> LPResult:
    """Maximise ``c·x`` subject to linear constraints, exactly.

    Parameters
    ----------
    c:
        Objective coefficients, one per variable (ints or Fractions).
    A_ub, b_ub:
        Inequalities ``A_ub @ x <= b_ub``.
    A_eq, b_eq:
        Equalities ``A_eq @ x == b_eq``.
    free:
        Indices of variables without a sign constraint; all others are ``>= 0``.

    Returns
    -------
    LPResult
        The status, the optimal value and an optimal vertex.

    Example
    -------
    A free variable ``e`` and a simplex constraint: the best ``e`` with
    ``e <= x - 1``, ``e <= 1 - x``, ``x + y = 1``.

    >>> r = maximize([0, 0, 1], A_ub=[[-1, 0, 1], [1, 0, 1]], b_ub=[-1, 1],
    ...              A_eq=[[1, 1, 0]], b_eq=[1], free=[2])
    >>> r.value, r.x
    (Fraction(0, 1), (Fraction(1, 1), Fraction(0, 1), Fraction(0, 1)))
    >>> maximize([1], A_ub=[[-1]], b_ub=[0]).status
    'unbounded'
    >>> maximize([1], A_eq=[[1]], b_eq=[-1]).status
    'infeasible'
    """
    n = len(c)
    free_set = set(free)
    if any(not 0 <= j < n for j in free_set):
        raise ValueError("free variable index out of range")
    if len(A_ub) != len(b_ub) or len(A_eq) != len(b_eq):
        raise ValueError("constraint matrix and right-hand side differ in length")
    for row in list(A_ub) + list(A_eq):
        if len(row) != n:
            raise ValueError(f"constraint row has {len(row)} entries, expected {n}")

    # Internal variables: x_j >= 0 for each j, plus x_j^- for each free j
    # (x_j = x_j^+ - x_j^-), plus one slack per inequality.
    negatives = sorted(free_set)
    n_struct = n + len(negatives)
    n_slack = len(A_ub)
    width = n_struct + n_slack

    def expand(row: Sequence[object]) -> list[Fraction]:
        values = [v if type(v) in _EXACT else Fraction(v) for v in row]
        return values + [-values[j] for j in negatives]

    rows: list[list[Fraction]] = []
    rhs: list[Fraction] = []
    for k, (row, b) in enumerate(zip(A_ub, b_ub)):
        slack = [Fraction(0)] * n_slack
        slack[k] = Fraction(1)
        rows.append(expand(row) + slack)
        rhs.append(Fraction(b))
    for row, b in zip(A_eq, b_eq):
        rows.append(expand(row) + [Fraction(0)] * n_slack)
        rhs.append(Fraction(b))
    objective = expand(c) + [Fraction(0)] * n_slack

    tableau = _Tableau.build(rows, rhs, objective, width)
    if not tableau.phase_one():
        return LPResult(INFEASIBLE)
    if not tableau.optimise(tableau.objective):
        return LPResult(UNBOUNDED)
    values = tableau.solution(width)
    x = [values[j] for j in range(n)]
    for k, j in enumerate(negatives):
        x[j] -= values[n + k]
    value = sum((Fraction(cj) * xj for cj, xj in zip(c, x)), Fraction(0))
    return LPResult(OPTIMAL, value, tuple(x))


#: Number types used as they are (both have ``numerator`` and ``denominator``).
_EXACT = (int, Fraction)


def _integer_row(values: Sequence[Fraction]) -> tuple[list[int], int]:
    """The row multiplied by the least common multiple of its denominators, and that
    multiple."""
    scale = 1
    for v in values:
        d = v.denominator
        if d != 1:
            scale = scale * d // math.gcd(scale, d)
    return [v.numerator * (scale // v.denominator) for v in values], scale


class _Tableau:
    """A simplex tableau in integers, pivoted in place (integer pivoting).

    The true tableau is ``rows / det``: every pivot replaces row ``i`` by
    ``(p * row_i - row_i[j] * row_r) / det`` with an exact integer division
    (Edmonds, "Systems of distinct representatives and linear algebra", 1967),
    so no fractions are formed and numbers stay as small as determinants.
    Two objective rows ride along: phase one's and the real one.
    """

    def __init__(self, rows: list[list[int]], basis: list[int], width: int) -> None:
        self.rows = rows  # constraint rows, then phase-one row, then objective row
        self.basis = basis
        self.width = width
        self.det = 1

    @classmethod
    def build(cls, rows, rhs, objective, width) -> "_Tableau":
        m = len(rows)
        table = []
        for i in range(m):
            row, b = rows[i], rhs[i]
            if b < 0:
                row, b = [-v for v in row], -b
            ints, scale = _integer_row(list(row) + [b])
            artificial = [0] * m
            artificial[i] = scale          # the row's 1, scaled with it
            table.append(ints[:-1] + artificial + ints[-1:])
        # phase one maximises −Σ artificials; priced out for the artificial basis
        phase_one = [sum(r[j] for r in table) for j in range(width)] + [0] * m + \
            [sum(r[-1] for r in table)]
        # a row scaled by a positive number keeps its meaning; the objective too
        real = _integer_row(list(objective))[0] + [0] * (m + 1)
        tableau = cls(table + [phase_one, real], [width + i for i in range(m)], width + m)
        tableau.n_constraints = m
        tableau.structural = width
        return tableau

    @property
    def objective(self) -> int:
        return len(self.rows) - 1

    def phase_one(self) -> bool:
        """Find a feasible basis of the structural columns; ``False`` if none."""
        m, width = self.n_constraints, self.structural
        self.optimise(m)  # bounded: never unbounded
        if any(self.rows[i][-1] != 0 for i in range(m) if self.basis[i] >= width):
            return False
        # drive the remaining (zero-valued) artificials out of the basis
        i = 0
        while i < self.n_constraints:
            if self.basis[i] >= width:
                column = next((j for j in range(width) if self.rows[i][j] != 0), None)
                if column is None:  # a redundant equation: drop it
                    del self.rows[i], self.basis[i]
                    self.n_constraints -= 1
                    continue
                if self.rows[i][column] < 0:  # keep det positive; this row's rhs is 0
                    self.rows[i] = [-v for v in self.rows[i]]
                self.pivot(i, column)
            i += 1
        # forget the artificial columns and the phase-one row
        del self.rows[self.n_constraints]
        self.rows = [r[:width] + r[-1:] for r in self.rows]
        self.width = width
        return True

    def pivot(self, r: int, j: int) -> None:
        rows, det = self.rows, self.det
        pivot_row = rows[r]
        p = pivot_row[j]
        for i, row in enumerate(rows):
            if i == r:
                continue
            factor = row[j]
            if factor:
                rows[i] = [(p * a - factor * b) // det for a, b in zip(row, pivot_row)]
            elif p != det:
                rows[i] = [p * a // det for a in row]
        self.det = p
        self.basis[r] = j

    def optimise(self, objective_row: int) -> bool:
        """Pivot to an optimum of the given objective row; ``False`` when unbounded."""
        m = self.n_constraints
        while True:
            z = self.rows[objective_row]
            in_basis = set(self.basis)
            # Bland: the smallest improving index enters
            entering = next((j for j in range(self.width) if z[j] > 0 and j not in in_basis),
                            None)
            if entering is None:
                return True
            leaving = None
            for i in range(m):
                a = self.rows[i][entering]
                if a > 0:
                    if leaving is None:
                        leaving = i
                        continue
                    # compare rhs_i / a with rhs_leaving / a_leaving
                    b = self.rows[leaving][entering]
                    lhs, rhs = self.rows[i][-1] * b, self.rows[leaving][-1] * a
                    if lhs < rhs or (lhs == rhs and self.basis[i] < self.basis[leaving]):
                        leaving = i
            if leaving is None:
                return False
            self.pivot(leaving, entering)

    def solution(self, width: int) -> list[Fraction]:
        values = [Fraction(0)] * width
        for i in range(self.n_constraints):
            if self.basis[i] < width:
                values[self.basis[i]] = Fraction(self.rows[i][-1], self.det)
        return values


__all__ = ["maximize", "LPResult", "OPTIMAL", "INFEASIBLE", "UNBOUNDED"]
