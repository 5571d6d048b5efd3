"""The signs of a matrix game's candidate conditions at many rational points, exactly and fast.

Whether a candidate of a :class:`~deterrence.parametric.normal_symbolic.SymbolicSolution`
is an equilibrium at a point depends only on the *signs* of its conditions
(and on whether a denominator or a ``nonzero`` expression vanishes there).
Each of those polynomials is a product of irreducible factors, and the
candidates of one game share them; so the signs of the few distinct factors
are found at all points at once, in floating point with numpy where the
rounding error provably cannot change a sign (``|value|`` above ``1e-8``
times the sum of the terms' magnitudes, far above the error of evaluating a
small polynomial), else in exact rationals, and every condition's sign is
the product of its factors' signs. The answers equal those of the compiled
formulas (:class:`~deterrence.parametric.normal_symbolic.CompiledSolution`),
evaluated in Fractions, that this replaces on the threshold path.

Example
-------
>>> from fractions import Fraction
>>> from deterrence import load_game
>>> from deterrence.parametric.normal_symbolic import solve_normal_symbolic
>>> s = solve_normal_symbolic(load_game("hawk_dove"))
>>> table = SignTable(s, [(Fraction(2), Fraction(6)), (Fraction(2), Fraction(2))])
>>> [c.label(s.game) for c in s.candidates]
['(Hawk, Hawk)', '(Hawk, Dove)', '(Dove, Hawk)', '(Dove, Dove)', '{Hawk, Dove} x {Hawk, Dove}']
>>> table.valid_exact(0)     # V < C: the two asymmetric pure ones and the mixed one
((False, True, True, False, True), False)
>>> table.valid_exact(1)[1]  # V = C: degenerate
True
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np


class NotPolynomial(ValueError):
    """A formula of the solution is not a rational function of the parameters (``min``/``max``)."""


class SignTable:
    """The signs of every condition of ``solution`` at each of ``points`` (see the module doc).

    ``valid_exact(n)`` and ``condition_signs(n, k)`` answer for point ``n``
    what :meth:`CompiledSolution.valid_exact` and the condition values of
    :meth:`CompiledSolution.exact_candidate` say about their signs.

    Raises
    ------
    NotPolynomial
        When a formula is not a rational function of the parameters.
    """

    def __init__(self, solution, points: Sequence[Sequence[Fraction]]) -> None:
        self.solution = solution
        self.points = [tuple(p) for p in points]
        self._index: dict[Any, int] = {}
        self._factors: list[Any] = []
        symbols = tuple(solution.symbols)
        self._symbols = symbols
        # per candidate: denominators that must not vanish (a formula would divide by zero),
        # the nonzero expressions, and the conditions; each a signed product of factors
        self._candidates = []
        for cand in solution.candidates:
            denominators = []
            for formula in [p for s in cand.strategies for p in s] + list(cand.payoffs):
                denominators += self._denominator_factors(formula)
            for c in cand.conditions:
                denominators += self._denominator_factors(c.expr)
            nonzero = [self._product(z) for z in cand.nonzero]
            conditions = [self._product(c.expr) for c in cand.conditions]
            self._candidates.append((tuple(dict.fromkeys(denominators)), nonzero, conditions))
        self._signs = self._factor_signs()

    # -- building

    def _factor_index(self, factor) -> int:
        if factor not in self._index:
            from deterrence.parametric.factoring import polynomial_of

            poly = polynomial_of(factor)
            if poly is None or not set(poly.ring.symbols) <= set(self._symbols):
                raise NotPolynomial(str(factor))
            where = [self._symbols.index(s) for s in poly.ring.symbols]
            terms = []
            for monom, c in poly.items():
                exps = [0] * len(self._symbols)
                for i, e in zip(where, monom):
                    exps[i] = e
                terms.append((Fraction(int(c.numerator), int(c.denominator)), tuple(exps)))
            self._index[factor] = len(self._factors)
            self._factors.append(terms)
        return self._index[factor]

    def _product(self, expr) -> tuple[int, tuple[tuple[int, int], ...]]:
        """``expr`` (a polynomial) as (sign of its constant, ((factor index, power), ...))."""
        import sympy

        from deterrence.parametric.factoring import factor_list

        if expr.is_number:
            if not expr.is_Rational:
                raise NotPolynomial(str(expr))
            return (int(sympy.sign(expr)), ())
        try:
            coefficient, factors = factor_list(expr)
        except sympy.PolynomialError as exc:
            raise NotPolynomial(str(expr)) from exc
        if not coefficient.is_Rational:
            raise NotPolynomial(str(expr))
        return (int(sympy.sign(coefficient)), tuple((self._factor_index(f), int(k)) for f, k in factors))

    def _denominator_factors(self, formula) -> list[int]:
        if formula.is_number:
            return []
        _, denominator = formula.as_numer_denom()
        if denominator.is_number:
            return []
        _, factors = self._product(denominator)
        return [i for i, _ in factors]

    def _factor_signs(self) -> np.ndarray:
        """Sign of every factor at every point: an int8 array (points, factors)."""
        n, m = len(self.points), len(self._factors)
        signs = np.zeros((n, m), dtype=np.int8)
        if not n or not m:
            return signs
        X = np.array([[float(v) for v in p] for p in self.points], dtype=float)
        for j, terms in enumerate(self._factors):
            coefficients = np.array([float(c) for c, _ in terms])
            exps = np.array([e for _, e in terms], dtype=float)
            with np.errstate(all="ignore"):
                values = np.prod(X[:, None, :] ** exps[None, :, :], axis=2) * coefficients[None, :]
            total = values.sum(axis=1)
            magnitude = np.abs(values).sum(axis=1)
            sure = np.isfinite(total) & np.isfinite(magnitude) & (np.abs(total) > 1e-8 * magnitude)
            signs[sure, j] = np.sign(total[sure]).astype(np.int8)
            for i in np.nonzero(~sure)[0]:
                signs[i, j] = _exact_sign(terms, self.points[i])
        return signs

    # -- answers

    def _sign(self, n: int, product) -> int:
        sign, factors = product
        row = self._signs[n]
        for j, k in factors:
            s = int(row[j])
            if s == 0:
                return 0
            if k % 2 and s < 0:
                sign = -sign
        return sign

    def condition_signs(self, n: int, k: int) -> tuple[int, ...]:
        """The signs of candidate ``k``'s condition expressions at point ``n``."""
        return tuple(self._sign(n, c) for c in self._candidates[k][2])

    def valid_exact(self, n: int) -> tuple[tuple[bool, ...], bool]:
        """Which candidates are equilibria at point ``n``, and whether the point is
        degenerate (as :meth:`CompiledSolution.valid_exact` says)."""
        from deterrence.parametric.normal_symbolic import holds_all

        valid, degenerate = [], False
        row = self._signs[n]
        for cand, (denominators, nonzero, conditions) in zip(self.solution.candidates, self._candidates):
            if any(row[j] == 0 for j in denominators) or any(self._sign(n, z) == 0 for z in nonzero):
                degenerate = True
                valid.append(False)
                continue
            ok, zero = holds_all(cand.conditions, [self._sign(n, product) for product in conditions])
            degenerate |= zero
            valid.append(ok)
        return tuple(valid), degenerate


def _exact_sign(terms, point) -> int:
    total = Fraction(0)
    for c, exps in terms:
        term = c
        for v, e in zip(point, exps):
            if e:
                term *= v ** e
        total += term
    return (total > 0) - (total < 0)


__all__ = ["NotPolynomial", "SignTable"]
