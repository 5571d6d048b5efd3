"""One Nash equilibrium of a two-player game by exact Lemke-Howson pivoting.

The Lemke-Howson algorithm follows a path of *almost complementary* vertex
pairs of the best-response polytopes

.. math::

    P = \\{x \\ge 0 : B^\\top x \\le 1\\}, \\qquad Q = \\{y \\ge 0 : A y \\le 1\\}

(payoffs shifted to be positive) from the artificial pair ``(0, 0)``,
dropping one *initial label* ``k`` and picking up, in turn, the label that
the last pivot dropped in the other polytope, until ``k`` itself is picked up
again: the pair is then completely labelled, an equilibrium (Lemke and
Howson 1964; von Stengel, "Computing equilibria for two-person games",
*Handbook of Game Theory* 3, 2002, section 3).

Arithmetic here is exact: integer tableaux with integer pivoting (each entry
is a determinant, divided exactly by the previous pivot element), and the
*lexicographic* minimum-ratio test, which picks a unique leaving variable in
degenerate games too, so that the path cannot cycle. The equilibrium found
is verified exactly. It is one equilibrium, not all: the result adds every
pure equilibrium and says so.

Example
-------
>>> from deterrence.model import NormalFormGame
>>> g = NormalFormGame.bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
>>> eq = lemke_howson_equilibrium(g, initial_label=0)
>>> [[str(p) for p in s] for s in eq.strategies]
[['1', '0', '0'], ['1', '0']]
>>> r = lemke_howson(g, initial_label=1)
>>> r.complete, [eq.label() for eq in r.equilibria]
(False, ['(s1, s1)', '(1/3 s2 + 2/3 s3, 1/3 s1 + 2/3 s2)'])
"""

from __future__ import annotations

from fractions import Fraction

from deterrence.errors import UsageError
from deterrence.nash.enumeration import positive_integer_matrix
from deterrence.nash.pure import as_mixed, pure_profiles
from deterrence.nash.result import MixedEquilibrium, SolveResult, ordered
from deterrence.nash.verify import check_equilibrium
from deterrence.model.interop import accepts_nashpy

METHOD = "lemke-howson"

WARNING = ("one equilibrium by Lemke-Howson (and the pure ones), not all; "
           "use --method enumerate for every extreme equilibrium")
WARNING_ALL_LABELS = ("the equilibria Lemke-Howson reaches from every initial label "
                      "(and the pure ones), not necessarily all; "
                      "use --method enumerate for every extreme equilibrium")


class Tableau:
    """A system ``M z + s = 1`` in integer form, pivoted by exact integer pivoting.

    Variables are numbered by their label; ``basis[row]`` is the label of the
    variable basic in that row. Every basic column holds ``det`` in its row,
    so a basic variable's value is ``rhs / det``.

    Parameters
    ----------
    rows:
        One list of integers per constraint: the coefficients of all
        ``m + n`` variables, then the right-hand side.
    basis:
        The labels of the initially basic (slack) variables, one per row.
    """

    def __init__(self, rows: list[list[int]], basis: list[int]) -> None:
        self.rows = rows
        self.basis = list(basis)
        self.slacks = list(basis)  # their columns hold det * (basis inverse)
        self.det = 1

    def leaving_row(self, column: int) -> int:
        """The row chosen by the lexicographic minimum-ratio test.

        Among rows with a positive entry in ``column``, the one minimising
        ``(rhs, inverse row) / entry`` lexicographically; the inverse has full
        rank, so the minimiser is unique and the path cannot cycle.
        """
        candidates = [r for r, row in enumerate(self.rows) if row[column] > 0]
        if not candidates:
            raise ArithmeticError("Lemke-Howson ray: the best-response polytope is unbounded")
        for key in [-1] + self.slacks:
            if len(candidates) == 1:
                break
            ratios = {r: Fraction(self.rows[r][key], self.rows[r][column]) for r in candidates}
            least = min(ratios.values())
            candidates = [r for r in candidates if ratios[r] == least]
        return candidates[0]

    def pivot(self, row: int, column: int) -> int:
        """Bring ``column`` into the basis at ``row``; return the leaving label."""
        pivot_row = self.rows[row]
        piv = pivot_row[column]
        det = self.det
        for r, other in enumerate(self.rows):
            if r == row:
                continue
            factor = other[column]
            if factor:
                self.rows[r] = [(v * piv - factor * p) // det for v, p in zip(other, pivot_row)]
            elif piv != det:
                self.rows[r] = [v * piv // det for v in other]
        self.det = piv
        leaving = self.basis[row]
        self.basis[row] = column
        return leaving

    def values(self, labels: range) -> list[Fraction]:
        """Values of the variables with the given labels (0 when non-basic)."""
        out = {label: Fraction(0) for label in labels}
        for row, label in zip(self.rows, self.basis):
            if label in out:
                out[label] = Fraction(row[-1], self.det)
        return [out[label] for label in labels]


def lemke_howson_equilibrium(game, initial_label: int = 0) -> MixedEquilibrium:
    """The equilibrium at the end of the Lemke-Howson path that drops ``initial_label``.

    Labels ``0 .. m-1`` are the row player's strategies, ``m .. m+n-1`` the
    column player's.

    >>> from deterrence.model import NormalFormGame
    >>> mp = NormalFormGame.bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> lemke_howson_equilibrium(mp, 3).label()
    '(1/2 s1 + 1/2 s2, 1/2 s1 + 1/2 s2)'
    """
    if game.n_players != 2:
        raise UsageError(f"Lemke-Howson needs a two-player game, not {game.n_players} players",
                         hint="use --method pure for games with more players")
    A, B = game.payoff_arrays()
    m, n = A.shape
    if not 0 <= initial_label < m + n:
        raise UsageError(f"initial label {initial_label} is out of range",
                         hint=f"labels are 0..{m + n - 1}: 0..{m - 1} for "
                              f"{game.players[0]}'s strategies, then {game.players[1]}'s")
    a_int = positive_integer_matrix(A)
    b_int = positive_integer_matrix(B)
    # P: rows j, B^T x + s = 1; variables x_i (label i), s_j (label m + j)
    p = Tableau([[b_int[i][j] for i in range(m)] + [int(j == k) for k in range(n)] + [1]
                 for j in range(n)], basis=[m + j for j in range(n)])
    # Q: rows i, r + A y = 1; variables r_i (label i), y_j (label m + j)
    q = Tableau([[int(i == k) for k in range(m)] + a_int[i] + [1] for i in range(m)],
                basis=list(range(m)))
    tableau, other = (p, q) if initial_label < m else (q, p)
    entering = initial_label
    while True:
        leaving = tableau.pivot(tableau.leaving_row(entering), entering)
        if leaving == initial_label:
            break
        entering = leaving
        tableau, other = other, tableau
    x = p.values(range(m))
    y = q.values(range(m, m + n))
    profile = (tuple(v / sum(x) for v in x), tuple(v / sum(y) for v in y))
    return MixedEquilibrium(profile, check_equilibrium(game, profile))


@accepts_nashpy
def lemke_howson(game, initial_label: int = 0, all_labels: bool = False, **_) -> SolveResult:
    """One equilibrium by exact Lemke-Howson, plus every pure equilibrium.

    Parameters
    ----------
    game:
        A two-player normal-form game.
    initial_label:
        The label dropped first (0-based; the row player's strategies come
        first).
    all_labels:
        Follow the path from every label and keep every distinct end.

    Returns
    -------
    SolveResult
        ``method="lemke-howson"``, exact, *not* complete, with a warning
        saying so; the equilibria are verified exactly and deduplicated.

    Example
    -------
    Battle of the sexes: every Lemke-Howson path ends at a pure equilibrium;
    the mixed one (of negative index) is never reached from the artificial
    start, which is why the result is not complete.

    >>> from deterrence import load_game
    >>> r = lemke_howson(load_game("battle_of_the_sexes"), all_labels=True)
    >>> len(r.equilibria), all(eq.is_pure for eq in r.equilibria), r.complete
    (2, True, False)
    """
    labels = range(sum(game.shape)) if all_labels else [initial_label]
    found = [lemke_howson_equilibrium(game, k) for k in labels]
    for profile in pure_profiles(game):
        mixed = as_mixed(game, profile)
        found.append(MixedEquilibrium(mixed, check_equilibrium(game, mixed)))
    unique = {eq.strategies: eq for eq in found}
    equilibria = tuple(MixedEquilibrium(eq.strategies, eq.payoffs, component=k)
                       for k, eq in enumerate(ordered(list(unique.values()))))
    warning = WARNING_ALL_LABELS if all_labels else WARNING
    return SolveResult(game, "nash", METHOD, exact=True, complete=False,
                       equilibria=equilibria, warnings=(warning,))


__all__ = ["lemke_howson", "lemke_howson_equilibrium", "Tableau"]
