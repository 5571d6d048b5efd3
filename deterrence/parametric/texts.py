"""sympy's ``str`` and ``latex`` of an expression, with the text of every sum, product,
power, relation and symbol inside it remembered.

The conditions of one game share their factors and terms: ``q - 1`` and ``R - Tg``
appear in dozens of conditions, each printed in several forms while the shortest is
chosen. sympy prints every subexpression afresh, and a sum's text costs most (its terms
are put in order first). The printers here are sympy's own, so each text is exactly
the one sympy gives; they only look up a compound subexpression printed before (a text
depends on the subexpression alone: its parent adds any brackets). sympy is imported
on the first call.

Example
-------
>>> import sympy
>>> R, Tg, q = sympy.symbols("R Tg q")
>>> e = (R - Tg)*(q - 1)
>>> text(e) == str(e), latex(e) == sympy.latex(e)
(True, True)
>>> text(e)
'(R - Tg)*(q - 1)'
"""

from __future__ import annotations

from typing import Any

#: Texts kept per printer before the memory is cleared (a long run meets many forms).
MAX_KEPT = 65536

_PRINTERS: dict[str, Any] = {}


def text(expr) -> str:
    """``str(expr)``, sympy's text, from the remembering printer."""
    return printer("str").doprint(expr)


def latex(expr) -> str:
    """``sympy.latex(expr)``, from the remembering printer."""
    return printer("latex").doprint(expr)


def printer(kind: str):
    """The remembering printer of ``kind`` (``"str"`` or ``"latex"``): sympy's
    ``StrPrinter`` or ``LatexPrinter`` with the settings ``str`` and ``sympy.latex`` use,
    its texts in ``printer.kept``."""
    return _PRINTERS.get(kind) or _make(kind)


def _make(kind: str):
    """Build the printer of ``kind`` (sympy imported here)."""
    from sympy.core.add import Add
    from sympy.core.mul import Mul
    from sympy.core.power import Pow
    from sympy.core.relational import Relational
    from sympy.core.symbol import Symbol
    from sympy.printing.latex import LatexPrinter
    from sympy.printing.str import StrPrinter

    kept = (Add, Mul, Pow, Relational, Symbol)     # a symbol's LaTeX splits its name

    def _print(self, expr, **kwargs):
        if kwargs or not isinstance(expr, kept):
            return base._print(self, expr, **kwargs)
        try:
            return self.kept[expr]
        except KeyError:
            pass
        printed = base._print(self, expr)
        if len(self.kept) >= MAX_KEPT:
            self.kept.clear()
        self.kept[expr] = printed
        return printed

    base, settings = (StrPrinter, {"order": None}) if kind == "str" else (LatexPrinter, {})
    printer = type(f"Remembering{base.__name__}", (base,), {"_print": _print})(settings)
    printer.kept = {}
    _PRINTERS[kind] = printer
    return printer


__all__ = ["text", "latex", "printer", "MAX_KEPT"]
