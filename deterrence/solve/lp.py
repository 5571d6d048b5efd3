"""A small exact linear-programming solver over Fractions.

:func:`maximize` solves ``max c·x`` subject to ``A_ub x <= b_ub``,
``A_eq x = b_eq`` and ``x >= 0`` (variables listed in ``free`` may take any
sign) by the two-phase simplex method on a dense tableau of
:class:`~fractions.Fraction`, with Bland's smallest-index rule for both the
entering and the leaving variable, so it never cycles and always terminates.

Why our own simplex rather than pycddlib's exact ``cdd.LinProg``: the linear
programs the package needs (is a strategy dominated by a mixture of the
player's other strategies?) have a handful of variables and one constraint
per opponent profile, so a plain-Python tableau is fast enough; it needs no
import of a compiled extension on the CLI's path, gives deterministic
answers (Bland's rule picks the same optimal vertex every time, which keeps
the dominators shown to students stable), works on Fractions end to end with
no conversion to and from GMP numbers, and is a few dozen lines that the
tests check against pycddlib on random problems.

Example
-------
Maximise ``x + y`` with ``x + 2y <= 4``, ``3x + y <= 6``:

>>> r = maximize([1, 1], A_ub=[[1, 2], [3, 1]], b_ub=[4, 6])
>>> r.status, r.value, r.x
('optimal', Fraction(14, 5), (Fraction(8, 5), Fraction(6, 5)))
"""

from __future__ import annotations

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
        values = [Fraction(v) for v in row]
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

    tableau = _Tableau.phase_one(rows, rhs, width)
    if tableau is None:
        return LPResult(INFEASIBLE)
    if not tableau.optimise(objective):
        return LPResult(UNBOUNDED)
    values = tableau.solution(width)
    x = [values[j] for j in range(n)]
    for k, j in enumerate(negatives):
        x[j] -= values[n + k]
    value = sum((Fraction(cj) * xj for cj, xj in zip(c, x)), Fraction(0))
    return LPResult(OPTIMAL, value, tuple(x))


class _Tableau:
    """A simplex tableau ``rows · x = rhs`` with a basis, pivoted in place."""

    def __init__(self, rows: list[list[Fraction]], rhs: list[Fraction], basis: list[int]) -> None:
        self.rows = rows
        self.rhs = rhs
        self.basis = basis

    @classmethod
    def phase_one(cls, rows, rhs, width) -> "_Tableau | None":
        """A feasible basis over the first ``width`` columns, or ``None``."""
        m = len(rows)
        rows = [list(r) for r in rows]
        rhs = list(rhs)
        for i in range(m):
            if rhs[i] < 0:
                rows[i] = [-v for v in rows[i]]
                rhs[i] = -rhs[i]
        # one artificial variable per row, columns width .. width+m-1
        for i in range(m):
            rows[i] += [Fraction(int(i == k)) for k in range(m)]
        tableau = cls(rows, rhs, [width + i for i in range(m)])
        phase_one_objective = [Fraction(0)] * width + [Fraction(-1)] * m
        tableau.optimise(phase_one_objective)  # bounded below by 0: never unbounded
        if any(tableau.rhs[i] != 0 for i in range(m) if tableau.basis[i] >= width):
            return None
        # drive the remaining (zero-valued) artificials out of the basis
        i = 0
        while i < len(tableau.rows):
            if tableau.basis[i] >= width:
                column = next((j for j in range(width) if tableau.rows[i][j] != 0), None)
                if column is None:  # a redundant equation: drop it
                    del tableau.rows[i], tableau.rhs[i], tableau.basis[i]
                    continue
                tableau.pivot(i, column)
            i += 1
        tableau.rows = [r[:width] for r in tableau.rows]
        return tableau

    def pivot(self, r: int, j: int) -> None:
        rows, rhs = self.rows, self.rhs
        pivot_row = rows[r]
        p = pivot_row[j]
        if p != 1:
            rows[r] = pivot_row = [v / p for v in pivot_row]
            rhs[r] = rhs[r] / p
        for i, row in enumerate(rows):
            if i == r:
                continue
            factor = row[j]
            if factor:
                rows[i] = [a - factor * b if b else a for a, b in zip(row, pivot_row)]
                rhs[i] -= factor * rhs[r]
        self.basis[r] = j

    def optimise(self, objective: Sequence[Fraction]) -> bool:
        """Pivot to an optimum of ``objective``; ``False`` when unbounded."""
        width = len(objective)
        while True:
            # reduced costs d_j = c_j - c_B · column_j
            entering = None
            in_basis = set(self.basis)
            for j in range(width):
                if j in in_basis:
                    continue
                d = objective[j] - sum((objective[b] * row[j]
                                        for b, row in zip(self.basis, self.rows) if row[j]),
                                       Fraction(0))
                if d > 0:
                    entering = j  # Bland: the smallest improving index
                    break
            if entering is None:
                return True
            leaving = None
            best = None
            for i, row in enumerate(self.rows):
                a = row[entering]
                if a > 0:
                    ratio = self.rhs[i] / a
                    if best is None or ratio < best or \
                            (ratio == best and self.basis[i] < self.basis[leaving]):
                        best, leaving = ratio, i
            if leaving is None:
                return False
            self.pivot(leaving, entering)

    def solution(self, width: int) -> list[Fraction]:
        values = [Fraction(0)] * width
        for b, v in zip(self.basis, self.rhs):
            if b < width:
                values[b] = v
        return values


__all__ = ["maximize", "LPResult", "OPTIMAL", "INFEASIBLE", "UNBOUNDED"]
