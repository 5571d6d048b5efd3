"""Exact roots: where a condition in the parameters can change sign.

:func:`real_roots_in` gives the exact real roots of a rational function of
one parameter in an interval (rationals, or algebraic numbers such as
``sqrt(2)``); :func:`roots_for` solves ``expr = 0`` for one parameter as
formulas in the others; :func:`sign_at` reads the exact sign of an
expression at an algebraic point; :func:`matching_formulas` picks the
threshold formulas that vanish at a value. sympy is imported inside them.

Example
-------
>>> import sympy
>>> x = sympy.Symbol("x")
>>> real_roots_in(x**2 - 2, x, Fraction(0), Fraction(2))
[sqrt(2)]
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from deterrence.model.numbers import equal, less, sorted_unique
from deterrence.parametric.conditions import numerator_denominator


def real_roots_in(expr, symbol, lo: Fraction, hi: Fraction) -> list | None:
    """Exact real roots in ``[lo, hi]`` of the numerator and denominator of ``expr``.

    Returns ``None`` when ``expr`` is not a rational function of ``symbol``
    (``min``/``max``), so the caller falls back to bisection.

    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> real_roots_in((x**2 - 2)/(3*x - 1), x, Fraction(0), Fraction(2))
    [1/3, sqrt(2)]
    """
    import sympy

    if expr.has(sympy.Min, sympy.Max, sympy.Piecewise, sympy.Abs):
        return None
    num, den = sympy.fraction(sympy.cancel(sympy.together(expr)))
    found = []
    for part in (num, den):
        if symbol not in part.free_symbols:
            continue
        try:
            poly = sympy.Poly(part, symbol)
        except sympy.PolynomialError:
            return None
        if poly.degree() <= 0:
            continue
        if poly.degree() <= 2:
            roots = [r for r in sympy.roots(poly, filter="R")]
        else:
            roots = list(dict.fromkeys(sympy.real_roots(poly)))
        for r in roots:
            r = sympy.nsimplify(r) if r.is_Float else r
            if not less(r, lo) and not less(hi, r):
                found.append(r)
    return sorted_unique(found)


def sign_at(expr, symbol, value) -> int:
    """The exact sign of ``expr`` at ``symbol = value`` (an algebraic number)."""
    import sympy

    v = expr.subs(symbol, value)
    approx = sympy.N(v, 60)
    if approx.is_real is False or not approx.is_number:
        return 0
    if abs(approx) > sympy.Float(10) ** -40:
        return 1 if approx > 0 else -1
    return 0 if sympy.simplify(v) == 0 else (1 if approx > 0 else -1)


def roots_for(expr, symbol) -> list:
    """The solutions of ``expr = 0`` for ``symbol`` as formulas in the other
    parameters: linear and quadratic numerators directly, others by sympy."""
    import sympy

    from deterrence.parametric.stand_ins import rational_form

    form = rational_form(expr, keep=[symbol])
    if form is not None:    # min/max terms without the symbol are constants here
        return [form[1](r) for r in roots_for(form[0], symbol)]
    num, _ = numerator_denominator(expr)
    try:  # linear in symbol: one root, without factoring the whole (many-parameter) numerator
        whole = sympy.Poly(num, symbol)
    except sympy.PolynomialError:
        whole = None
    if whole is not None and whole.degree() == 1:
        a, b = whole.all_coeffs()
        return [sympy.factor(-b / a)]
    out = []
    try:
        _, factors = sympy.factor_list(num)
    except sympy.PolynomialError:
        factors = [(num, 1)]
    for factor, _ in factors:
        if symbol not in factor.free_symbols:
            continue
        try:
            poly = sympy.Poly(factor, symbol)
        except sympy.PolynomialError:
            continue
        if poly.degree() == 1:
            a, b = poly.all_coeffs()
            out.append(sympy.factor(-b / a))
        elif poly.degree() == 2:
            a, b, c = poly.all_coeffs()
            root = sympy.sqrt(sympy.expand(b ** 2 - 4 * a * c))
            out += [sympy.radsimp((-b - root) / (2 * a)), sympy.radsimp((-b + root) / (2 * a))]
        else:
            out += roots_in_closed_form(factor, symbol)
    return out


def roots_in_closed_form(factor, symbol) -> list:
    """The roots of an irreducible ``factor`` of degree 3 or more in ``symbol`` as formulas,
    when that is of use: with no other parameter in it (numbers, found by sympy), else none.
    Cardano's and Ferrari's formulas in many parameters run to pages, and sympy takes
    minutes to write one (a quartic of tariff_ladder's ``q``: 190 s); the change point is
    still found exactly, only without a formula.

    >>> import sympy
    >>> x, V = sympy.symbols("x V")
    >>> roots_in_closed_form(x**3 - 2, x)[0]
    2**(1/3)
    >>> roots_in_closed_form(x**3 - V*x - 2, x)
    []
    """
    import sympy

    if factor.free_symbols - {symbol}:
        return []
    try:
        return list(sympy.solve(factor, symbol))
    except NotImplementedError:
        return []


def matching_formulas(formulas, game, name: str, value) -> tuple[Any, ...]:
    """The formulas that, at the other parameters' values, equal ``value``."""
    import sympy

    values = game.parameters.values()
    out = []
    for eq in formulas:
        subs = {sym: sympy.Rational(values[sym.name].numerator, values[sym.name].denominator)
                for sym in eq.rhs.free_symbols if sym.name in values and sym.name != name}
        try:
            v = eq.rhs.subs(subs)
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if v.free_symbols or v.has(sympy.zoo, sympy.nan) or v.is_real is False:
            continue
        try:
            if equal(v, value):
                out.append(eq)
        except TypeError:  # a root that is complex at these values (sympy cannot tell at once)
            continue
    return tuple(out)


__all__ = ["real_roots_in", "sign_at", "roots_for", "roots_in_closed_form", "matching_formulas"]
