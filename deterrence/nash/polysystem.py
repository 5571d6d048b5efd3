"""Real solutions of a system of polynomial equations, exactly (sympy, lazily).

:func:`solve_system` takes polynomials with rational coefficients (sympy
ring elements in a graded-reverse-lexicographic ring) and decides, exactly:

* **no solution** (the reduced Groebner basis is ``[1]``);
* **finitely many** (zero-dimensional ideal): every *real* solution, by a
  rational univariate representation. The multiplication matrices of the
  quotient algebra ``Q[x]/I`` give the characteristic polynomial ``f`` of a
  separating linear form ``t = c . x`` and polynomials ``g_j`` with
  ``x_j = g_j(t)`` at every solution (the ideal is first made radical by
  Seidenberg's lemma when ``f`` has repeated roots). Each irreducible factor
  of ``f`` and each real root of it, isolated by an interval with rational
  ends, is a :class:`~deterrence.nash.algebraic.NumberField`; the
  coordinates are exact numbers of it (Fractions for rational solutions);
* **positive-dimensional**: the Groebner basis and a maximal set of
  independent variables (its size is the dimension of the solution set).

Example
-------
>>> from sympy.polys.rings import ring
>>> from sympy.polys.domains import QQ
>>> from sympy.polys.orderings import grevlex
>>> R, x, y = ring("x,y", QQ, grevlex)
>>> s = solve_system([x**2 - 2, y - x + 1], R)
>>> s.kind, [[str(v) for v in p] for p in s.points]
('finite', [['-sqrt(2)', '-sqrt(2) - 1'], ['sqrt(2)', '-1 + sqrt(2)']])
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

from deterrence.nash.algebraic import NumberField, RealAlgebraic

EMPTY, FINITE, POSITIVE = "empty", "finite", "positive"

#: Coefficients tried, in turn, for the separating linear form.
_SEPARATORS = (1, 3, -2, 5, 7, -4, 11, 13, -6, 17, 19, -8, 23, 29, -10)


@dataclass
class Solutions:
    """What :func:`solve_system` found.

    ``points`` (kind ``"finite"``) lists every real solution as one exact
    value per variable; ``basis`` is the reduced Groebner basis; ``free``
    the indices of a maximal independent set of variables (kind
    ``"positive"``: its size is the dimension).
    """

    kind: str
    points: list[tuple[Any, ...]] = field(default_factory=list)
    basis: list = field(default_factory=list)
    free: tuple[int, ...] = ()

    @property
    def dimension(self) -> int:
        return len(self.free) if self.kind == POSITIVE else 0


def fraction(q) -> Fraction:
    """A sympy rational (``PythonMPQ`` or gmpy ``mpq``) as a Fraction."""
    return Fraction(int(q.numerator), int(q.denominator))


def groebner_basis(polys: Sequence, ring) -> list:
    """The reduced Groebner basis of the nonzero ``polys`` (``[1]`` when inconsistent)."""
    from sympy.polys.groebnertools import groebner

    polys = [p for p in polys if p]
    if not polys:
        return []
    if any(p.is_ground for p in polys):
        return [ring.one]
    return groebner(polys, ring)


def independent_variables(basis: Sequence, nvars: int) -> tuple[int, ...]:
    """A largest set of variables no leading monomial of ``basis`` lies in."""
    leads = [p.LM for p in basis]
    for size in range(nvars, -1, -1):
        for subset in itertools.combinations(range(nvars), size):
            outside = [j for j in range(nvars) if j not in subset]
            if all(any(m[j] for j in outside) for m in leads):
                return subset
    return ()


def _is_zero_dimensional(basis: Sequence, nvars: int) -> bool:
    leads = [p.LM for p in basis]
    return all(any(m[j] and sum(m) == m[j] for m in leads) for j in range(nvars))


def _standard_monomials(basis: Sequence, nvars: int) -> list[tuple[int, ...]]:
    leads = [p.LM for p in basis]

    def divisible(m):
        return any(all(a >= b for a, b in zip(m, lead)) for lead in leads)

    start = (0,) * nvars
    seen, out, todo = {start}, [], [start]
    while todo:
        m = todo.pop()
        if divisible(m):
            continue
        out.append(m)
        for j in range(nvars):
            n = m[:j] + (m[j] + 1,) + m[j + 1:]
            if n not in seen:
                seen.add(n)
                todo.append(n)
    return sorted(out)


def _multiplication_matrices(basis, ring, monomials):
    """``M[j]`` (columns: normal forms of ``x_j * b`` for every standard monomial ``b``)."""
    from sympy.polys.matrices import DomainMatrix

    domain = ring.domain
    index = {m: k for k, m in enumerate(monomials)}
    size = len(monomials)
    matrices = []
    for j in range(ring.ngens):
        rows = [[domain.zero] * size for _ in range(size)]
        for col, m in enumerate(monomials):
            product = ring({tuple(a + (k == j) for k, a in enumerate(m)): domain.one})
            for mon, c in product.rem(basis).terms():
                rows[index[mon]][col] = c
        matrices.append(DomainMatrix(rows, (size, size), domain))
    return matrices


def _poly(coeffs_high_first, symbol):
    import sympy

    return sympy.Poly([sympy.Rational(int(c.numerator), int(c.denominator)) for c in coeffs_high_first],
                      symbol, domain="QQ")


def _charpoly(matrix, symbol):
    return _poly(matrix.charpoly(), symbol)


def solve_system(polys: Sequence, ring) -> Solutions:
    """Every real solution of ``polys = 0``, exactly, or the dimension of the set.

    Parameters
    ----------
    polys:
        Elements of ``ring`` (a sympy ``PolyRing`` over ``QQ`` with a graded order).
    ring:
        Their ring; its generators are the unknowns.
    """
    nvars = ring.ngens
    basis = groebner_basis(polys, ring)
    if basis and basis[0].is_ground:
        return Solutions(EMPTY, basis=basis)
    if nvars == 0:
        return Solutions(FINITE, points=[()], basis=basis)
    if not _is_zero_dimensional(basis, nvars):
        return Solutions(POSITIVE, basis=basis, free=independent_variables(basis, nvars))
    return Solutions(FINITE, points=_real_points(basis, ring), basis=basis)


def _real_points(basis, ring) -> list[tuple[Any, ...]]:
    import sympy
    from sympy.polys.matrices import DomainMatrix

    T = sympy.Symbol("T")
    nvars = ring.ngens
    domain = ring.domain
    generators = list(basis)
    for attempt in range(len(_SEPARATORS)):
        monomials = _standard_monomials(generators, nvars)
        size = len(monomials)
        mats = _multiplication_matrices(generators, ring, monomials)
        coefficients = [_SEPARATORS[(attempt + j) % len(_SEPARATORS)] * (j + 1) ** attempt
                        for j in range(nvars)] if attempt else list(_SEPARATORS[:nvars])
        mt = mats[0] * domain(coefficients[0])
        for j in range(1, nvars):
            mt = mt + mats[j] * domain(coefficients[j])
        f = _charpoly(mt, T)
        if sympy.degree(sympy.gcd(f, f.diff(T)), T) > 0:
            # repeated roots: make the ideal radical, or try another linear form
            added = []
            for j in range(nvars):
                p = _charpoly(mats[j], T)
                sqf = sympy.Poly(sympy.quo(p, sympy.gcd(p, p.diff(T))), T)
                if sqf.degree() < size:
                    added.append(ring.from_dict({(0,) * j + (k,) + (0,) * (nvars - j - 1): domain.convert(c)
                                                 for (k,), c in sqf.terms()}))
            if added:
                new = groebner_basis(generators + added, ring)
                if len(_standard_monomials(new, nvars)) < size:
                    generators = new
            continue
        # x_j = g_j(t): solve V a = NF(x_j), with V's columns NF(t^k) = M_t^k NF(1)
        one = [domain.zero] * size
        one[monomials.index((0,) * nvars)] = domain.one
        column = DomainMatrix([[v] for v in one], (size, 1), domain)
        columns = []
        for _ in range(size):
            columns.append(column)
            column = mt * column
        V = DomainMatrix.hstack(*columns)
        g = []
        e0 = DomainMatrix([[v] for v in one], (size, 1), domain)
        for j in range(nvars):
            a = V.lu_solve(mats[j] * e0)
            g.append([fraction(a[k, 0].element) for k in range(size)])
        return _roots(f, g, T)
    raise ArithmeticError("no separating linear form found")  # pragma: no cover


def _roots(f, g: list[list[Fraction]], T) -> list[tuple[Any, ...]]:
    """Real roots of every irreducible factor of ``f``, as points ``(g_1(r), ..., g_n(r))``."""
    import sympy

    points = []
    for factor, _ in sympy.factor_list(f.as_expr(), T)[1]:
        h = sympy.Poly(factor, T, domain="QQ")
        coeffs = [Fraction(int(sympy.numer(c)), int(sympy.denom(c))) for c in reversed(h.all_coeffs())]
        if h.degree() == 1:
            root = -coeffs[0] / coeffs[1]
            points.append(tuple(sum((c * root ** k for k, c in enumerate(gj)), Fraction(0)) for gj in g))
            continue
        for (a, b), _ in h.intervals():
            number_field = NumberField(coeffs, Fraction(int(sympy.numer(a)), int(sympy.denom(a))),
                                       Fraction(int(sympy.numer(b)), int(sympy.denom(b))))
            points.append(tuple(_value(number_field.element(gj)) for gj in g))
    return points


def _value(x: RealAlgebraic):
    return x.rational() if x.is_rational() else x


__all__ = ["solve_system", "Solutions", "groebner_basis", "independent_variables", "fraction",
           "EMPTY", "FINITE", "POSITIVE"]
