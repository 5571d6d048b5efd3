"""Formulas compiled once into fast functions: numpy for grids, Fractions for exact points.

sympy's ``lambdify`` writes Python code for a list of expressions; the
exact printer keeps rationals exact (``Fraction(1, 2)``, not ``0.5``) and
``min``/``max`` as Python's, so the same formulas evaluate in floating point
over whole arrays (:func:`numeric_function`) and in exact rationals at one
point (:func:`exact_function`).

Example
-------
>>> import sympy
>>> from fractions import Fraction
>>> x = sympy.Symbol("x")
>>> exact_function([x], [x / 3 + sympy.Rational(1, 2)])(Fraction(1))
[Fraction(5, 6)]
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable, Sequence

import numpy as np


def exact_printer():
    """The printer class for exact Python code (sympy is imported here)."""
    from sympy.printing.pycode import PythonCodePrinter

    class ExactPrinter(PythonCodePrinter):
        """Python code that keeps rationals exact (``Fraction(1, 2)``, not 0.5)."""

        def _print_Rational(self, expr):
            return f"Fraction({expr.p}, {expr.q})"

        _print_Half = _print_Rational

        def _print_Min(self, expr):
            return "min(" + ", ".join(self._print(a) for a in expr.args) + ")"

        def _print_Max(self, expr):
            return "max(" + ", ".join(self._print(a) for a in expr.args) + ")"

    return ExactPrinter


def exact_function(symbols: Sequence[Any], exprs: Sequence[Any]) -> Callable:
    """``f(*fractions)``: the expressions in exact rationals, as a list."""
    import sympy

    return sympy.lambdify(list(symbols), list(exprs), modules=[{"Fraction": Fraction}],
                          printer=exact_printer())


def numeric_function(symbols: Sequence[Any], exprs: Any) -> Callable:
    """``f(*arrays)``: the expressions (a list, or one) in numpy floating point."""
    import sympy

    return sympy.lambdify(list(symbols), exprs, modules="numpy")


def broadcast_values(values: Sequence[Any], shape: tuple[int, ...]) -> list[np.ndarray]:
    """Numpy results (scalars where a formula is constant) as float arrays of one shape."""
    return [np.broadcast_to(np.asarray(v, dtype=float), shape) for v in values]


__all__ = ["exact_printer", "exact_function", "numeric_function", "broadcast_values"]
