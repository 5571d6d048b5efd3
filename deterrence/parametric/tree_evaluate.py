"""Conditions evaluated exactly at many points, without compiling them through a printer.

``thresholds`` on a tree tests every regime's conditions at each sampled point
in exact rationals. ``sympy.lambdify`` writes and compiles Python source for
them (tens of milliseconds a regime, and a tree meets dozens of regimes, most
of them at one point only); :func:`exact_evaluator` instead turns each
expression into nested closures over :class:`~fractions.Fraction` arithmetic
in one walk of the expression, which is as exact and about as fast to call.

Example
-------
>>> import sympy
>>> from fractions import Fraction
>>> x, y = sympy.symbols("x y")
>>> f = exact_evaluator([x, y], [x / 3 - y ** 2, sympy.Max(0, x - 1)])
>>> f(Fraction(1), Fraction(1, 2))
[Fraction(1, 12), Fraction(0, 1)]
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable, Sequence


class _Unsupported(Exception):
    """An expression the closures do not cover (the caller falls back to ``lambdify``)."""


def exact_evaluator(symbols: Sequence[Any], exprs: Sequence[Any], numbers: bool = True,
                    made: dict | None = None) -> Callable:
    """``f(*fractions)``: the expressions' exact values at a point, as a list.

    Sums, products, whole powers, rationals, the symbols and ``min``/``max`` become
    closures; anything else is handed to
    :func:`~deterrence.parametric.compiled.exact_function`. Division by zero raises
    :class:`ZeroDivisionError`, as the compiled function does. Without ``numbers`` the
    values are used as they are given (objects with the arithmetic of rationals: a
    :class:`~deterrence.parametric.univariate.RationalFunction` gives the expressions
    along a line), not turned into Fractions. ``made`` (a dict, filled in) keeps the
    closures of expressions already met, for later calls with the same ``symbols``: the
    regimes of a tree repeat most of their conditions.
    """
    parts = _closures(symbols, exprs, made)
    if parts is None:
        from deterrence.parametric.compiled import exact_function

        return exact_function(symbols, exprs)

    def evaluate(*point):
        values = [Fraction(v) for v in point] if numbers else list(point)
        return [part(values) for part in parts]

    return evaluate


def positivity_test(symbols: Sequence[Any], exprs: Sequence[Any],
                    made: dict | None = None) -> Callable[..., bool]:
    """``f(*fractions)``: whether every expression is positive at a point (``False`` where
    one is not, or is undefined: a zero denominator). It stops at the first that is not
    positive, so a point most regimes' conditions rule out is ruled out soon.

    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> f = positivity_test([x], [x - 1, 1 / (x - 2)])
    >>> f(Fraction(3)), f(Fraction(1, 2)), f(Fraction(2))
    (True, False, False)
    """
    parts = _closures(symbols, exprs, made)
    if parts is None:
        evaluate = exact_evaluator(symbols, exprs)

        def compiled(*point) -> bool:
            try:
                return all(v > 0 for v in evaluate(*point))
            except ZeroDivisionError:
                return False

        return compiled

    def positive(*point) -> bool:
        values = [Fraction(v) for v in point]
        try:
            return all(part(values) > 0 for part in parts)
        except ZeroDivisionError:
            return False

    return positive


def _closures(symbols: Sequence[Any], exprs: Sequence[Any], made: dict | None) -> list[Callable] | None:
    """Each expression as a closure of the point's values, or ``None`` when one is not
    covered (the callers then compile them with ``lambdify``)."""
    position = {s: k for k, s in enumerate(symbols)}
    try:
        return [_closure(e, position, {} if made is None else made) for e in exprs]
    except _Unsupported:
        return None


def _closure(expr, position: dict, made: dict) -> Callable:
    """One expression as a closure of the point's values (shared subexpressions made once)."""
    if expr in made:
        return made[expr]
    import sympy

    if expr.is_Rational:
        value = Fraction(int(expr.p), int(expr.q))
        out: Callable = lambda v: value  # noqa: E731
    elif expr.is_Symbol:
        if expr not in position:
            raise _Unsupported(str(expr))
        k = position[expr]
        out = lambda v: v[k]  # noqa: E731
    elif expr.is_Add or expr.is_Mul:
        parts = [_closure(a, position, made) for a in expr.args]
        out = _sum(parts) if expr.is_Add else _product(parts)
    elif expr.is_Pow and expr.exp.is_Integer:
        base, exponent = _closure(expr.base, position, made), int(expr.exp)
        out = lambda v: base(v) ** exponent  # noqa: E731
    elif isinstance(expr, (sympy.Max, sympy.Min)):
        parts = [_closure(a, position, made) for a in expr.args]
        pick = max if isinstance(expr, sympy.Max) else min
        out = lambda v: pick(p(v) for p in parts)  # noqa: E731
    else:
        raise _Unsupported(type(expr).__name__)
    made[expr] = out
    return out


def _sum(parts: list) -> Callable:
    def add(v):
        total = Fraction(0)
        for p in parts:
            total += p(v)
        return total

    return add


def _product(parts: list) -> Callable:
    def multiply(v):
        total = Fraction(1)
        for p in parts:
            total *= p(v)
        return total

    return multiply


__all__ = ["exact_evaluator", "positivity_test"]
