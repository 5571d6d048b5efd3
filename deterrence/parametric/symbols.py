"""The parameters of a game as sympy symbols (sympy is imported inside the functions).

Example
-------
>>> from deterrence import load_game
>>> free_symbols(load_game("hawk_dove"), ["C"])
(C,)
"""

from __future__ import annotations

from typing import Any, Sequence

from deterrence.errors import UsageError


def parameter_symbols(game, free: Sequence[str] | None = None) -> dict[str, Any]:
    """sympy objects for every name a payoff may use.

    Parameters in ``free`` (default: all declared parameters) become real
    symbols whose sign assumptions follow their bounds (``min = 0`` makes a
    symbol non-negative, ``min > 0`` positive); the others become their exact
    values in force. Definitions are substituted by their formulas.

    >>> from deterrence import load_game
    >>> syms = parameter_symbols(load_game("hawk_dove"), free=["C"])
    >>> syms["V"], syms["C"], syms["C"].is_nonnegative
    (2, C, True)
    """
    import sympy

    params = game.parameters
    names = params.names if free is None else tuple(free)
    for name in names:
        if name not in params.names:
            known = ", ".join(params.names) or "none"
            raise UsageError(f"the game has no parameter {name!r}",
                             hint=f"parameters of this game: {known}")
    values = params.values()
    out: dict[str, Any] = {}
    for p in params.declared:
        if p.name in names:
            assumptions: dict[str, bool] = {"real": True}
            if p.minimum is not None and p.minimum > 0:
                assumptions["positive"] = True
            elif p.minimum is not None and p.minimum == 0:
                assumptions["nonnegative"] = True
            if p.maximum is not None and p.maximum < 0:
                assumptions["negative"] = True
            elif p.maximum is not None and p.maximum == 0:
                assumptions["nonpositive"] = True
            out[p.name] = sympy.Symbol(p.name, **assumptions)
        else:
            v = values[p.name]
            out[p.name] = sympy.Rational(v.numerator, v.denominator)
    for name, expr in params.definitions:
        out[name] = expr.to_sympy(out)
    return out


def free_symbols(game, free: Sequence[str] | None = None) -> tuple[Any, ...]:
    """The symbols of the free parameters, in declaration order."""
    syms = parameter_symbols(game, free)
    names = game.parameters.names if free is None else tuple(free)
    return tuple(syms[n] for n in game.parameters.names if n in names)


__all__ = ["parameter_symbols", "free_symbols"]
