"""``min``/``max`` terms standing in as symbols while sympy works on a rational expression.

A payoff with a floor or a cap (a shortfall that cannot go below 0) is not a
rational function, and sympy's ``cancel`` and ``solve`` are slow on it (each
``Max`` is rebuilt, its arguments compared, at every step). Replaced by a symbol
of the term's known sign, the expression is rational; the terms go back into
whatever is made from it.
"""

from __future__ import annotations


def stand_ins(expr):
    """``expr`` with each ``min``/``max`` term replaced by a symbol of its known sign, and the
    function that puts the terms back into anything made from it.

    >>> import sympy
    >>> x = sympy.Symbol("x", nonnegative=True)
    >>> rational, restored = stand_ins(2 * sympy.Max(0, x - 1))
    >>> rational.atoms(sympy.Max), restored(rational / 2)
    (set(), Max(0, x - 1))
    """
    import sympy

    atoms = expr.atoms(sympy.Min, sympy.Max)
    if not atoms:
        return expr, lambda v: v
    stand_in = {a: _stand_in(k, a) for k, a in enumerate(sorted(atoms, key=sympy.default_sort_key))}
    back = {d: a for a, d in stand_in.items()}

    def restored(v):
        return v.xreplace(back) if isinstance(v, sympy.Basic) else v

    return expr.xreplace(stand_in), restored


def rational_form(expr, keep=()):
    """``stand_ins(expr)`` where that leaves a rational expression with something stood in
    for, and no stood-in term involves a symbol of ``keep`` (one solved for); else ``None``
    (nothing to stand in for, or a ``Piecewise``/``Abs`` left).

    >>> import sympy
    >>> x, y = sympy.symbols("x y", nonnegative=True)
    >>> rational_form(x * sympy.Max(0, y - 1))[0].has(sympy.Max), rational_form(x + y)
    (False, None)
    >>> rational_form(x * sympy.Max(0, y - 1), keep=[y]) is None
    True
    """
    import sympy

    rational, restored = stand_ins(expr)
    if rational is expr or rational.has(sympy.Min, sympy.Max, sympy.Piecewise, sympy.Abs):
        return None
    if any(s in a.free_symbols for a in expr.atoms(sympy.Min, sympy.Max) for s in keep):
        return None
    return rational, restored


def _stand_in(k: int, atom):
    """A symbol with what sympy knows of ``atom``'s sign (``Max(0, x)`` is non-negative)."""
    import sympy

    known = {k: True for k in ("positive", "nonnegative", "negative", "nonpositive")
             if getattr(atom, f"is_{k}") is True}
    return sympy.Dummy(f"m{k}", real=True, **known)


__all__ = ["stand_ins", "rational_form"]
