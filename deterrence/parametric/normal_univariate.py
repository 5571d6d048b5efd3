"""A matrix game swept along one parameter, without sympy: support enumeration over Q(x).

When every payoff is a rational function of the swept parameter ``x`` (the
other parameters at their values), each support pair's indifference
equations are solved once by Gaussian elimination in the field of rational
functions (:class:`~deterrence.parametric.univariate.RationalFunction`):
the candidate's probabilities and payoffs are rational functions of ``x``,
and it is an equilibrium exactly where its probabilities are positive and no
strategy outside its support earns more — conditions whose signs change only
at the exact real roots of their numerators and denominators. This is the
same candidate set as :mod:`~deterrence.parametric.normal_symbolic` (which
sympy simplifies for printing); here it is built in milliseconds, and every
per-point answer is evaluated on whole stretches of the grid at once, exactly
(:func:`~deterrence.parametric.univariate.grid_values`).

Example
-------
>>> from deterrence import load_game
>>> model = UnivariateNormalModel(load_game("hawk_dove"), ["C"])
>>> model.critical_values(Fraction(0), Fraction(12))
[Fraction(0, 1), Fraction(2, 1)]
>>> [str(p) for p in model.candidates[-1].strategies[0]]          # the mixed one: V/C with V = 2
['2/x', '(x - 2)/x']
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from deterrence.errors import UsageError
from deterrence.model.numbers import sorted_unique
from deterrence.parametric.blocks import EqColumns, column
from deterrence.parametric.intervals import IntervalAnswers
from deterrence.parametric.regimes import Regime, normal_regime, regime_of_supports
from deterrence.parametric.univariate import (AlgebraicNumber, Poly, RationalFunction, parameter_functions,
                                              rational_function)

#: Largest two-player game whose support pairs are solved (the symbolic solver's limit).
SUPPORT_LIMIT = 8


@dataclass(frozen=True)
class Candidate:
    """A candidate equilibrium on one support profile, as rational functions of the parameter.

    ``conditions`` are ``(f, strict)``: it is an equilibrium where every
    ``f > 0`` (strict) or ``f >= 0`` holds and no ``nonzero`` vanishes.
    """

    supports: tuple[tuple[int, ...], ...]
    strategies: tuple[tuple[RationalFunction, ...], ...]
    payoffs: tuple[RationalFunction, ...]
    conditions: tuple[tuple[RationalFunction, bool], ...]
    nonzero: tuple[RationalFunction, ...] = ()

    @property
    def is_pure(self) -> bool:
        return all(len(s) == 1 for s in self.supports)

    def validity(self, x: Fraction) -> tuple[bool, bool]:
        """(valid at ``x``, degenerate at ``x``: a condition or a denominator vanishes)."""
        try:
            if any(not z(x) for z in self.nonzero):
                return False, True
            ok, degenerate = True, False
            for f, strict in self.conditions:
                v = f(x)
                if not v:
                    degenerate = True
                if v < 0 or (strict and not v):
                    ok = False
            return ok, degenerate
        except ZeroDivisionError:
            return False, True

    def validity_algebraic(self, x: AlgebraicNumber) -> tuple[bool, bool]:
        """The same at an irrational point, from exact signs."""
        if any(sign_at_algebraic(z, x) == 0 for z in self.nonzero):
            return False, True
        ok, degenerate = True, False
        for f, strict in self.conditions:
            s = sign_at_algebraic(f, x)
            if s == 0:
                degenerate = True
            if s < 0 or (strict and s == 0):
                ok = False
        return ok, degenerate


def sign_at_algebraic(f: RationalFunction, x: AlgebraicNumber) -> int:
    """The exact sign of a rational function at an irrational point (0 also at a pole)."""
    signs = []
    for p in (f.num, f.den):
        g = p.gcd(x.poly)
        if g.degree >= 1 and real_root_between(g, x):
            return 0
        while real_root_between(p, x):          # refine until p keeps one sign next to x
            x.refine((x.hi - x.lo) / 2)
        signs.append(p.sign_at(x.hi))
    return signs[0] * signs[1]


def real_root_between(p, x: AlgebraicNumber) -> bool:
    from deterrence.parametric.univariate import real_roots

    return bool(p.degree >= 1 and real_roots(p, x.lo, x.hi))


# ---------------------------------------------------------------- the candidates


def _solve(rows: list[list[RationalFunction]], rhs: list[RationalFunction]):
    """Solve ``rows · x = rhs`` over Q(x): the solution and the determinant of ``rows``
    (``None`` and 0 if it is singular), both in lowest terms.

    Fraction-free (Bareiss): each row is multiplied by the least common multiple of its
    denominators, and the elimination keeps polynomials, dividing exactly by the last
    pivot; only the solution's entries and the determinant are cancelled, once each.
    Gaussian elimination over Q(x) cancels at every step instead.

    >>> x = RationalFunction.variable()
    >>> one = RationalFunction.constant(1)
    >>> solution, det = _solve([[x, one], [one, -one]], [one, RationalFunction.constant(0)])
    >>> [str(v) for v in solution], str(det)
    (['1/(x + 1)', '1/(x + 1)'], '-x - 1')
    """
    n = len(rows)
    scales: list[Poly] = []
    a: list[list[Poly]] = []
    for row, b in zip(rows, rhs):
        entries = list(row) + [b]
        scale = Poly([1])
        for f in entries:
            if f.den.degree > 0:
                scale = _lcm(scale, f.den)
        scales.append(scale)
        a.append([f.num if scale.degree < 1 else f.num * scale.divmod(f.den)[0] for f in entries])
    sign = 1
    previous = Poly([1])
    for col in range(n):
        pivot = next((r for r in range(col, n) if a[r][col]), None)
        if pivot is None:
            return None, RationalFunction.constant(0)
        if pivot != col:
            a[col], a[pivot] = a[pivot], a[col]
            sign = -sign
        p, top = a[col][col], a[col]
        for r in range(col + 1, n):
            row, k = a[r], a[r][col]
            for c in range(col + 1, n + 1):
                v = p * row[c]
                if k and top[c]:
                    v = v - k * top[c]
                row[c] = _exact_quotient(v, previous)
            row[col] = Poly()
        previous = p
    last = a[n - 1][n - 1]
    # last · x_r is a polynomial for every r (Cramer's rule): back substitution in them
    scaled: list[Poly] = [Poly()] * n
    for r in range(n - 1, -1, -1):
        v = last * a[r][n]
        for c in range(r + 1, n):
            if a[r][c] and scaled[c]:
                v = v - a[r][c] * scaled[c]
        scaled[r] = _exact_quotient(v, a[r][r])
    solution = [RationalFunction(y, last) for y in scaled]
    product = Poly([1])
    for scale in scales:
        if scale.degree > 0:
            product = product * scale
    det = RationalFunction(last.scale(sign), product)
    return solution, det


def _lcm(a: Poly, b: Poly) -> Poly:
    """The monic least common multiple of two monic polynomials."""
    return (a * b).divmod(a.gcd(b))[0]


def _exact_quotient(a: Poly, b: Poly) -> Poly:
    """``a / b`` for a polynomial ``b`` known to divide ``a``."""
    if b.degree < 1:
        return a if b.lead == 1 else a.scale(1 / b.lead)
    quotient, remainder = a.divmod(b)
    if remainder:        # cannot happen: Bareiss's divisions are exact
        raise ArithmeticError(f"({a}) / ({b}) is not a polynomial")
    return quotient


def _indifference(payoff, rows, cols):
    """The mix over ``cols`` making the player choosing among ``rows`` indifferent:
    (probabilities, that player's value, determinant), or ``None`` if singular."""
    k = len(cols)
    zero, one = RationalFunction.constant(0), RationalFunction.constant(1)
    if k == 1:
        return [one], payoff(rows[0], cols[0]), one
    system = [[payoff(i, j) for j in cols] + [-one] for i in rows] + [[one] * k + [zero]]
    solution, det = _solve(system, [zero] * k + [one])
    if solution is None:
        return None
    return solution[:k], solution[k], det


def _constant_fails(f: RationalFunction, strict: bool) -> bool:
    return f.is_constant and (f.value < 0 or (strict and not f.value))


def _keep(conditions) -> tuple[tuple[RationalFunction, bool], ...] | None:
    """Drop conditions that always hold; ``None`` when one never does."""
    out = {}
    for f, strict in conditions:
        if _constant_fails(f, strict):
            return None
        if f.is_constant:
            continue
        key = (f, strict)
        out.setdefault(key, key)
    return tuple(out)


def candidates_of(game, name: str) -> tuple[list[Candidate], list, int]:
    """Every support candidate of ``game`` in the parameter ``name``: (candidates, singular
    support pairs, impossible count). Pure profiles only for more than two players.

    Raises
    ------
    NotRational
        When a payoff is not a rational function of the parameter (``min``/``max``).
    UsageError
        For a two-player game too large to enumerate supports of.
    """
    values = parameter_functions(game, name)
    tensors = [dict() for _ in game.players]
    for profile in game.profiles():
        for i, expr in enumerate(game.payoffs[game.profile_index(profile)]):
            tensors[i][profile] = rational_function(expr, values)
    if game.n_players != 2:
        pure, impossible = _pure(game, tensors)
        return pure, [], impossible
    m, n = game.shape
    if min(m, n) > SUPPORT_LIMIT:
        raise UsageError(f"a {m} x {n} game is too large to solve symbolically",
                         hint=f"--symbolic handles games up to {SUPPORT_LIMIT} strategies per player")
    A, B = tensors
    zero = RationalFunction.constant(0)
    out, singular, impossible = [], [], 0
    for k in range(1, min(m, n) + 1):
        for rows in itertools.combinations(range(m), k):
            for cols in itertools.combinations(range(n), k):
                row_side = _indifference(lambda i, j: A[(i, j)], rows, cols)     # column's mix y
                col_side = _indifference(lambda j, i: B[(i, j)], cols, rows)     # row's mix x
                if row_side is None or col_side is None:
                    singular.append((rows, cols))
                    continue
                y_support, u, det_y = row_side
                x_support, v, det_x = col_side
                x = [zero] * m
                y = [zero] * n
                for i, p in zip(rows, x_support):
                    x[i] = p
                for j, p in zip(cols, y_support):
                    y[j] = p
                conditions = []
                for support, mix in ((rows, x), (cols, y)):
                    if len(support) > 1:
                        conditions += [(mix[i], True) for i in support]
                for i in range(m):
                    if i not in rows:
                        conditions.append((u - sum((A[(i, j)] * y[j] for j in cols), zero), False))
                for j in range(n):
                    if j not in cols:
                        conditions.append((v - sum((B[(i, j)] * x[i] for i in rows), zero), False))
                kept = _keep(conditions)
                if kept is None:
                    impossible += 1
                    continue
                nonzero = tuple(d for d in (det_x, det_y) if not d.is_constant)
                out.append(Candidate((tuple(rows), tuple(cols)), (tuple(x), tuple(y)), (u, v), kept, nonzero))
    return out, singular, impossible


def _pure(game, tensors) -> tuple[list[Candidate], int]:
    out, impossible = [], 0
    one, zero = RationalFunction.constant(1), RationalFunction.constant(0)
    for profile in game.profiles():
        conditions = []
        for i in range(game.n_players):
            own = tensors[i][profile]
            for k in range(game.shape[i]):
                if k != profile[i]:
                    other = tuple(k if j == i else s for j, s in enumerate(profile))
                    conditions.append((own - tensors[i][other], False))
        kept = _keep(conditions)
        if kept is None:
            impossible += 1
            continue
        strategies = tuple(tuple(one if k == s else zero for k in range(n)) for s, n in zip(profile, game.shape))
        out.append(Candidate(tuple((s,) for s in profile), strategies,
                             tuple(tensors[i][profile] for i in range(game.n_players)), kept))
    return out, impossible


# ---------------------------------------------------------------- the model


class UnivariateNormalModel(IntervalAnswers):
    """A matrix game compiled for sweeping one parameter (see the module doc)."""

    #: Each interval's regime is checked against the exact general solver.
    checks_intervals = True

    def __init__(self, game, free: Sequence[str]) -> None:
        (name,) = free
        self.game = game
        self.free = (name,)
        self.candidates, self.singular, self.impossible = candidates_of(game, name)

    def at(self, point):
        return self.game.with_values(dict(zip(self.free, point)))

    def _regime(self, valid, degenerate: bool = False) -> Regime:
        return regime_of_supports([c.supports for c, ok in zip(self.candidates, valid) if ok], degenerate)

    def candidate_regime(self, point) -> tuple[Regime, tuple[bool, ...], bool]:
        x = point[0]
        valid, degenerate = [], False
        for c in self.candidates:
            ok, d = c.validity(x)
            valid.append(ok)
            degenerate |= d
        return self._regime(valid, degenerate), tuple(valid), degenerate

    def solver_regime(self, point, degenerate: bool = False):
        from deterrence.solver import solve

        result = solve(self.at(point))
        continuum = any(c.is_continuum for c in result.components)
        return normal_regime(result, continuum), result.equilibria

    def regime_at(self, point) -> tuple[Regime, tuple]:
        regime, valid, degenerate = self.candidate_regime(point)
        if degenerate or self.singular:
            return self.solver_regime(point, degenerate)
        return regime, self.equilibria(point[0], valid)

    def regime_at_algebraic(self, value) -> Regime:
        valid = [c.validity_algebraic(value)[0] for c in self.candidates]
        return self._regime(valid)

    def equilibria(self, x: Fraction, valid) -> tuple:
        from deterrence.nash.result import MixedEquilibrium, ordered

        out = [MixedEquilibrium(tuple(tuple(p(x) for p in s) for s in c.strategies),
                                tuple(v(x) for v in c.payoffs))
               for c, ok in zip(self.candidates, valid) if ok]
        return tuple(ordered(out))

    def critical_values(self, lo: Fraction, hi: Fraction) -> list:
        found = []
        for c in self.candidates:
            for f in [f for f, _ in c.conditions] + list(c.nonzero):
                found += f.roots(lo, hi)
        return sorted_unique(found)

    def boundary_regime(self, regime: Regime) -> Regime:
        return regime

    def change_formulas(self, name: str, points) -> tuple[Any, ...]:
        from deterrence.parametric.normal_formulas import threshold_formulas

        return threshold_formulas(self.game, name)

    # -- answers on stretches of the grid

    def interval_answers(self, valid, points, floats, exact: bool, detail: bool = True) -> list[tuple]:
        if exact:
            return [self.equilibria(x, valid) for x in points]
        from deterrence.parametric.results import NumericEquilibrium

        chosen = [c for c, ok in zip(self.candidates, valid) if ok]
        arrays = [([[p.floats(floats) for p in s] for s in c.strategies], [v.floats(floats) for v in c.payoffs])
                  for c in chosen]
        out = []
        for k in range(len(floats)):
            out.append(tuple(NumericEquilibrium(tuple(tuple(float(a[k]) for a in s) for s in strategies),
                                                tuple(float(a[k]) for a in payoffs))
                             for strategies, payoffs in arrays))
        return out

    def interval_payoffs(self, valid, floats: np.ndarray) -> list[tuple[tuple, np.ndarray]]:
        return [(c.supports, np.stack([np.broadcast_to(v.floats(floats), floats.shape) for v in c.payoffs], axis=1))
                for c, ok in zip(self.candidates, valid) if ok]

    def interval_outcomes(self, valid, floats) -> None:
        return None

    def block(self, valid, rng, steps: int, start: int, stop: int, exact: bool, detail: bool = False) -> list[EqColumns]:
        """The valid candidates' strategies and payoffs on grid points ``start..stop-1``."""
        game = self.game
        out = []
        for c, ok in zip(self.candidates, valid):
            if not ok:
                continue
            fields: dict[tuple, Any] = {}
            for i, player in enumerate(game.players):
                for label, p in zip(game.strategies[i], c.strategies[i]):
                    fields[("strategies", player, label)] = column(p, rng, steps, start, stop, exact)
            for player, v in zip(game.players, c.payoffs):
                fields[("payoffs", player)] = column(v, rng, steps, start, stop, exact)
            fields[("pure",)] = c.is_pure
            if exact:
                fields[("component",)] = 0
            out.append(EqColumns(c.supports, fields, order=c.strategies))
        return out


__all__ = ["Candidate", "UnivariateNormalModel", "candidates_of", "sign_at_algebraic", "SUPPORT_LIMIT"]
