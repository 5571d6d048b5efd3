"""Positive-dimensional sets of equilibria (continua) of n-player games.

When the indifference system of a support has infinitely many solutions,
the equilibria on that support form a set described by

* **equations** (a reduced Groebner basis of the system) in the support's
  probabilities ``x1, x2, ...``;
* **conditions**: every probability in the support positive, no strategy
  outside it earning more (each written after reduction by the equations).

The set is reported when it is proven nonempty by an exact point of it (a
*witness*, verified like any equilibrium), and dropped when proven empty:

* when the equations and conditions are linear, an exact linear program
  decides it (and gives the witness and the dimension);
* otherwise points are sought by fixing the free variables at rational
  values (a Halton sequence) and solving what remains exactly; emptiness is
  proven when an eliminant of some probability has no root in (0, 1).

A set that is neither found nor excluded is *undecided*: the caller then
says that the list may be incomplete.

Example
-------
In the game of Nau, Gomez Canovas & Hansen (2004, section 5) the totally
mixed equilibria form a curve:

>>> from deterrence.model import NormalFormGame
>>> from deterrence.nash.nplayer import enumerate_nplayer
>>> u = [[[[0, 1], [0, 0]], [[3, 0], [0, 0]]], [[[0, 1], [3, 0]], [[0, 0], [0, 0]]],
...      [[[2, 0], [0, 0]], [[0, 0], [0, 3]]]]
>>> g = NormalFormGame.from_arrays(["Row", "Column", "Matrix"],
...                                [["T", "B"], ["L", "R"], ["1", "2"]], u)
>>> r = enumerate_nplayer(g)
>>> [(s.dimension, s.equations) for s in r.sets][-1]
(1, ('x1*x2 + 2*x1 + 2*x2 - 2', '4*x3 - 3'))
>>> r.sets[-1].witness.label(g)
'(1/2 T + 1/2 B, 3/5 L + 2/5 R, 1/4 1 + 3/4 2)'

On that curve ``x1 = P(B)`` and ``x2 = P(R)``, and ``P(2) = x3 = 3/4``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from deterrence.nash.result import MixedEquilibrium
from deterrence.nash.verify import check_equilibrium

#: Returned by :func:`analyse_set` when neither a point nor emptiness is proven.
UNDECIDED = "undecided"
#: Rational points tried in the search for a witness of a curved set.
WITNESS_TRIES = 24


@dataclass(frozen=True)
class EquilibriumSet:
    """A positive-dimensional set of equilibria on one support profile.

    Parameters
    ----------
    support:
        Strategy indices each player uses (with positive probability).
    variables:
        ``(player, strategy)`` of ``x1, x2, ...``.
    probabilities:
        Per player and support strategy, its probability in the variables
        (``"x1"``, ``"1 - x1 - x2"``, ``"1"``).
    equations:
        Polynomials (integer coefficients) that vanish on the set.
    conditions:
        What else holds on it (``"x1 > 0"``, ``"... <= 0"``).
    dimension:
        Its dimension (``None`` when only an upper bound, ``bound``, is known).
    witness:
        One exact equilibrium in the set (verified).
    """

    support: tuple[tuple[int, ...], ...]
    variables: tuple[tuple[int, int], ...]
    probabilities: tuple[tuple[tuple[int, str], ...], ...]
    equations: tuple[str, ...]
    conditions: tuple[str, ...]
    dimension: int | None
    bound: int
    witness: MixedEquilibrium
    index: int = 0

    def numbered(self, index: int) -> "EquilibriumSet":
        witness = replace(self.witness, component=index)
        return replace(self, index=index, witness=witness)

    def variable_names(self, game) -> list[tuple[str, str, str]]:
        """``(name, player, strategy)`` of every variable."""
        return [(f"x{k + 1}", game.players[i], game.strategies[i][s])
                for k, (i, s) in enumerate(self.variables)]

    def to_json(self, game, as_float: bool = False) -> dict[str, Any]:
        return {
            "support": {game.players[i]: [game.strategies[i][s] for s in ss]
                        for i, ss in enumerate(self.support)},
            "variables": {name: {"player": p, "strategy": s} for name, p, s in self.variable_names(game)},
            "probabilities": {game.players[i]: {game.strategies[i][s]: text for s, text in probs}
                              for i, probs in enumerate(self.probabilities)},
            "equations": list(self.equations),
            "conditions": list(self.conditions),
            "dimension": self.dimension,
            "dimension_at_most": self.bound,
            "witness": self.witness.to_json(game, as_float),
            "component": self.index,
        }


def poly_text(poly) -> str:
    """A polynomial with coprime integer coefficients, as text."""
    if not poly:
        return "0"
    _, p = poly.clear_denoms()
    coeffs = [abs(int(c)) for c in p.coeffs()]
    from math import gcd

    g = 0
    for c in coeffs:
        g = gcd(g, c)
    if g > 1:
        p = p.quo_ground(p.ring.domain(g))
    return str(p.as_expr())


def _total_degree(poly) -> int:
    return max((sum(m) for m in poly.monoms()), default=0) if poly else 0


def _halton(index: int, base: int) -> Fraction:
    value, f = Fraction(0), Fraction(1, base)
    while index:
        index, digit = divmod(index, base)
        value += digit * f
        f /= base
    return value


_PRIMES = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)


def analyse_set(game, system, solutions):
    """The :class:`EquilibriumSet` of a support whose system is positive-dimensional,
    ``None`` when no equilibrium lies on it, or :data:`UNDECIDED`."""
    basis = solutions.basis

    def nf(p):
        return p.rem(basis) if basis else p

    positives = [nf(p) for p in system.positives]
    conditions = [nf(c) for c in system.conditions]
    if any(p.is_ground and sign_ground(p) <= 0 for p in positives) or \
            any(c.is_ground and sign_ground(c) > 0 for c in conditions):
        return None
    linear = all(_total_degree(p) <= 1 for p in list(basis) + positives + conditions)
    if linear:
        return _linear_set(game, system, solutions, positives, conditions)
    found = _search_witness(game, system, solutions, conditions)
    if found is not None:
        return found
    if _proven_empty(system, solutions):
        return None
    return UNDECIDED


def sign_ground(p) -> int:
    from deterrence.nash.polysystem import fraction

    value = fraction(p.LC) if p else Fraction(0)
    return (value > 0) - (value < 0)


def _linear_row(poly, free: tuple[int, ...]):
    from deterrence.nash.polysystem import fraction

    row = [Fraction(0)] * len(free)
    constant = Fraction(0)
    for monomial, c in poly.terms():
        if sum(monomial) == 0:
            constant = fraction(c)
        else:
            row[free.index(monomial.index(1))] = fraction(c)
    return row, constant


def _rank(rows: list[list[Fraction]]) -> int:
    rows = [list(r) for r in rows]
    rank, col = 0, 0
    width = len(rows[0]) if rows else 0
    while rank < len(rows) and col < width:
        pivot = next((r for r in range(rank, len(rows)) if rows[r][col]), None)
        if pivot is None:
            col += 1
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][col]:
                f = rows[r][col] / rows[rank][col]
                rows[r] = [a - f * b for a, b in zip(rows[r], rows[rank])]
        rank += 1
        col += 1
    return rank


def _linear_set(game, system, solutions, positives, conditions):
    from deterrence.nash.lp import maximize

    free = solutions.free
    k = len(free)
    A, b = [], []
    for p in positives:
        row, const = _linear_row(p, free)
        A.append([-v for v in row] + [Fraction(1)])
        b.append(const)
    active = [c for c in conditions if not c.is_ground]
    for c in active:
        row, const = _linear_row(c, free)
        A.append(row + [Fraction(0)])
        b.append(-const)
    A.append([Fraction(0)] * k + [Fraction(1)])
    b.append(Fraction(1))
    objective = [Fraction(0)] * k + [Fraction(1)]
    result = maximize(objective, A_ub=A, b_ub=b, free=list(range(k)))
    if not result.is_optimal or result.value <= 0:
        return None
    assignment = dict(zip(free, result.x[:k]))
    tight = []
    floor = result.value / 2
    for c in active:
        row, const = _linear_row(c, free)
        slack = maximize([-v for v in row] + [Fraction(0)], A_ub=A + [[Fraction(0)] * k + [Fraction(-1)]],
                         b_ub=b + [-floor], free=list(range(k)))
        if slack.is_optimal and slack.value - const <= 0:
            tight.append(row)
    dimension = k - (_rank(tight) if tight else 0)
    point = _point_from_free(system, solutions, assignment)
    return _make_set(game, system, solutions, point, dimension, k)


def _point_from_free(system, solutions, assignment: dict[int, Any]):
    """All variables' values, from the free ones (the basis is linear)."""
    from deterrence.nash.support_system import evaluate

    basis = solutions.basis
    R = system.ring
    full = [assignment.get(j, Fraction(0)) for j in range(R.ngens)]
    return tuple(evaluate(g.rem(basis) if basis else g, full) if j not in assignment else assignment[j]
                 for j, g in enumerate(R.gens))


def _search_witness(game, system, solutions, conditions):
    from deterrence.nash.support_system import evaluate, satisfies, sign
    from deterrence.nash.polysystem import FINITE, solve_system

    R = system.ring
    free = solutions.free
    strict_found = None
    for attempt in range(1, WITNESS_TRIES + 1):
        values = [_halton(attempt, _PRIMES[r % len(_PRIMES)]) for r in range(len(free))]
        fixed = [R.gens[j] - R.domain.convert(v.numerator) / R.domain.convert(v.denominator)
                 for j, v in zip(free, values)]
        found = solve_system(list(solutions.basis) + fixed, R)
        if found.kind != FINITE:
            continue
        for point in found.points:
            if satisfies(system, point):
                strict = all(sign(evaluate(c, point)) < 0 for c in conditions if c)
                if strict:
                    return _make_set(game, system, solutions, point, len(free), len(free))
                strict_found = strict_found or point
    if strict_found is not None:
        return _make_set(game, system, solutions, strict_found, None, len(free))
    return None


def _proven_empty(system, solutions) -> bool:
    """Some probability of the support has an eliminant with no root in (0, 1)."""
    import sympy

    R = system.ring
    gens = list(R.symbols)
    y = sympy.Dummy("y")
    basis = [g.as_expr() for g in solutions.basis]
    for q in system.positives:
        gb = sympy.groebner(basis + [y - q.as_expr()], *gens, y, order="lex")
        univariate = [p for p in gb.exprs if p.free_symbols <= {y} and p.free_symbols]
        if not univariate:
            continue
        p = sympy.Poly(univariate[-1], y)
        roots = p.count_roots(0, 1) - (p.eval(0) == 0) - (p.eval(1) == 0)
        if roots == 0:
            return True
    return False


def _make_set(game, system, solutions, point, dimension, bound) -> EquilibriumSet:
    from deterrence.nash.support_system import profile_at

    profile = profile_at(system, point)
    witness = MixedEquilibrium(profile, check_equilibrium(game, profile))
    probabilities = tuple(tuple((s, poly_text(system.sigma[i][s])) for s in ss)
                          for i, ss in enumerate(system.support))
    basis = solutions.basis
    conditions = [f"{text} > 0" for text in (poly_text(p) for p in system.positives)]
    for c in system.conditions:
        reduced = c.rem(basis) if basis else c
        if reduced and not reduced.is_ground:
            conditions.append(f"{poly_text(reduced)} <= 0")
    return EquilibriumSet(system.support, system.variables, probabilities,
                          tuple(poly_text(g) for g in basis), tuple(dict.fromkeys(conditions)),
                          dimension, bound, witness)



__all__ = ["EquilibriumSet", "analyse_set", "UNDECIDED", "poly_text"]
