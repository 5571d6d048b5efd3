"""Threshold formulas of a matrix game: every condition of the fully symbolic solution,
solved for one parameter in terms of the others (``C = V``); sympy, imported inside.

Example
-------
>>> from deterrence import load_game
>>> [str(eq) for eq in threshold_formulas(load_game("hawk_dove"), "C")]
['Eq(C, V)', 'Eq(C, 0)']
"""

from __future__ import annotations

import functools
import math
from typing import Any

from deterrence.parametric.factoring import polynomial_factor_list, polynomial_of, rational_factored

from deterrence.parametric.normal_symbolic import solve_normal_symbolic
from deterrence.parametric.roots import roots_for


def threshold_formulas(game, name: str) -> tuple[Any, ...]:
    """Every threshold of the fully symbolic solution, solved for ``name``.

    Returns sympy equations ``name = f(other parameters)``. Empty when the
    game is too large to solve with every parameter symbolic.
    """
    if len(game.parameters.names) > 6 or math.prod(game.shape) > 16:
        return ()

    solution = full_solution(game)
    sym = [s for s in solution.symbols if s.name == name]
    if not sym:
        return ()
    s = sym[0]
    out: dict[str, Any] = {}
    seen: set = set()        # candidates share conditions: each is solved once
    for cand in solution.candidates:
        for c in cand.conditions:
            if s not in c.expr.free_symbols or c.expr in seen:
                continue
            seen.add(c.expr)
            roots = condition_roots(c.expr, s)
            for r in roots:
                text, eq = _equation(s, r)
                out.setdefault(text, eq)
    return tuple(out.values())


@functools.lru_cache(maxsize=8192)
def _equation(symbol, root) -> tuple[str, Any]:
    """``symbol = root`` as a sympy equation, and its text (the key of a formula)."""
    import sympy

    eq = sympy.Eq(symbol, root, evaluate=False)
    return str(eq), eq


@functools.lru_cache(maxsize=8192)
def condition_roots(expr, symbol) -> tuple[Any, ...]:
    """:func:`~deterrence.parametric.roots.roots_for` of a condition (the same roots), the
    linear ones read off the sparse polynomial and factored by
    :mod:`~deterrence.parametric.factoring` instead of ``sympy.factor``.

    >>> import sympy
    >>> V, C = sympy.symbols("V C")
    >>> condition_roots(V*C - 2*C + V, C), roots_for(V*C - 2*C + V, C)
    ((-V/(V - 2),), [-V/(V - 2)])
    """
    poly = polynomial_of(expr)
    if poly is None or symbol not in poly.ring.symbols:
        return tuple(roots_for(expr, symbol))
    i = poly.ring.symbols.index(symbol)
    if poly.degree(i) == 1:
        return (_linear_root(poly, i),)
    out: list[Any] = []
    for factor, _ in polynomial_factor_list(poly)[1]:
        if symbol not in factor.free_symbols:
            continue
        f = polynomial_of(factor)
        j = f.ring.symbols.index(symbol)
        if f.degree(j) == 1:
            out.append(_linear_root(f, j))
        elif f.degree(j) == 2:
            out += _quadratic_roots(f, j)
        else:
            out += roots_for(factor, symbol)
    return tuple(out)


def _coefficients(poly, i: int) -> dict[int, Any]:
    """``poly`` as a polynomial in its ``i``-th generator: power -> coefficient."""
    by_power: dict[int, dict] = {}
    for monom, c in poly.items():
        by_power.setdefault(monom[i], {})[monom[:i] + (0,) + monom[i + 1:]] = c
    return {k: poly.ring.from_dict(terms) for k, terms in by_power.items()}


def _linear_root(poly, i: int):
    """The root ``-b/a`` of ``poly = a*x + b`` in the ``i``-th generator, factored as
    ``sympy.factor`` writes it."""
    parts = _coefficients(poly, i)
    return rational_factored(-parts.get(0, poly.ring.zero), parts[1])


def _quadratic_roots(poly, i: int) -> list[Any]:
    """The two roots of an irreducible ``a*x**2 + b*x + c``, written as ``roots_for`` does."""
    import sympy

    parts = _coefficients(poly, i)
    a, b, c = (parts[2].as_expr(), parts.get(1, poly.ring.zero).as_expr(),
               parts.get(0, poly.ring.zero).as_expr())
    root = sympy.sqrt(sympy.expand(b ** 2 - 4 * a * c))
    return [sympy.radsimp((-b - root) / (2 * a)), sympy.radsimp((-b + root) / (2 * a))]


_FULL_CACHE: dict = {}
#: Symbolic solutions of models whose every parameter is free (reused for formulas).
MODEL_SOLUTIONS: dict = {}


def full_solution(game):
    """The symbolic solution with every parameter free (cached)."""
    if len(game.parameters.names) == 1 and MODEL_SOLUTIONS.get(id(game)) is not None:
        return MODEL_SOLUTIONS[id(game)]

    key = (game.players, game.strategies, game.payoffs, game.parameters.declared,
           game.parameters.definitions)
    if key not in _FULL_CACHE:
        if len(_FULL_CACHE) > 16:
            _FULL_CACHE.clear()
        _FULL_CACHE[key] = solve_normal_symbolic(game)
    return _FULL_CACHE[key]


__all__ = ["threshold_formulas", "full_solution", "MODEL_SOLUTIONS"]
