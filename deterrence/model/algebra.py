"""Building expressions in code: sums and products that stay readable.

Builders (pools, ladders) assemble payoffs and probabilities from the
expressions in a file. These helpers fold constants and drop zero terms and
unit factors, so that a built payoff reads ``-L - X`` rather than
``0 - L - 1*X``, and its text parses back to the same tree.

Example
-------
>>> from deterrence.model.expr import parse
>>> str(plus(parse("V"), times(ONE, parse("-c")))), str(minus(ZERO, parse("L")))
('V - c', '-L')
"""

from __future__ import annotations

from fractions import Fraction

from deterrence.model.expr import BinOp, Const, Expr, Neg, substitute

ZERO, ONE = Const(Fraction(0)), Const(Fraction(1))


def _fold(expr: Expr) -> Expr:
    return substitute(expr, {})


def negative(a: Expr) -> Expr:
    """``-a``, written ``-2*c`` rather than ``-(2*c)``."""
    if isinstance(a, Const):
        return Const(-a.value)
    if isinstance(a, Neg):
        return a.operand
    if isinstance(a, BinOp) and a.op in ("*", "/") and isinstance(a.left, Const):
        return _fold(BinOp(a.op, Const(-a.left.value), a.right))
    return _fold(Neg(a))


def plus(a: Expr, b: Expr) -> Expr:
    """``a + b``, with zero terms dropped and constants folded."""
    if a == ZERO:
        return b
    if b == ZERO:
        return a
    if isinstance(b, Neg):
        return _fold(BinOp("-", a, b.operand))
    if isinstance(b, BinOp) and b.op in ("*", "/") and isinstance(b.left, Const) and b.left.value < 0:
        return _fold(BinOp("-", a, negative(b)))
    return _fold(BinOp("+", a, b))


def minus(a: Expr, b: Expr) -> Expr:
    """``a - b``, with zero terms dropped and constants folded.

    >>> from deterrence.model.expr import parse
    >>> str(minus(Const(Fraction(1)), parse("p"))), str(minus(parse("V"), ZERO))
    ('1 - p', 'V')
    """
    if b == ZERO:
        return a
    if a == ZERO:
        return negative(b)
    return _fold(BinOp("-", a, b))


def times(a: Expr, b: Expr) -> Expr:
    """``a * b``, with factors 0 and 1 folded away."""
    if ZERO in (a, b):
        return ZERO
    if a == ONE:
        return b
    if b == ONE:
        return a
    return _fold(BinOp("*", a, b))


def total(terms: list[Expr]) -> Expr:
    """The sum of ``terms``, equal terms gathered (``c + c + d`` is ``2*c + d``)."""
    counts: dict[Expr, int] = {}
    constant = Fraction(0)
    for t in terms:
        if isinstance(t, Const):
            constant += t.value
        else:
            counts[t] = counts.get(t, 0) + 1
    out = ZERO
    for t, n in counts.items():
        out = plus(out, t if n == 1 else times(Const(Fraction(n)), t))
    return plus(out, Const(constant)) if constant else out


def divide(a: Expr, b: Expr) -> Expr:
    """``a / b``, with a unit divisor folded away."""
    if b == ONE:
        return a
    return _fold(BinOp("/", a, b))


def power(base: Expr, k: int) -> Expr:
    """``base ^ k`` for a whole ``k``, with ``k`` = 0 and 1 folded."""
    from deterrence.model.expr import Pow

    if k == 0:
        return ONE
    if k == 1:
        return base
    return _fold(Pow(base, k))
