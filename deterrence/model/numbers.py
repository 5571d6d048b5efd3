"""Exact numbers as people and programs read them: one toolkit for every room.

An *exact number* here is a :class:`~fractions.Fraction` (or an ``int``), or
an algebraic number that is not rational: a sympy number such as
``1 + sqrt(2)``, or any object with ``__float__`` and exact comparisons
(:class:`deterrence.parametric.algebraic.AlgebraicNumber`). The helpers read
each of these the same way:

* writing: :func:`number` (JSON), :func:`number_text` (``1/3``, ``sqrt(2)``),
  :func:`number_latex`, :func:`short_number` (exact when short, else a
  decimal marked ``≈``);
* reading: :func:`as_fraction` (``None`` when irrational),
  :func:`exact_fraction` (rationals only), :func:`to_float`, :func:`to_sympy`;
* comparing exactly: :func:`less`, :func:`equal`, :func:`sorted_unique`;
* choosing: :func:`rational_between` (a simple rational strictly between two
  exact numbers), :func:`simplest_between` (the rational of smallest
  denominator in a closed interval).

sympy is imported only when a number that is not rational (or LaTeX) asks
for it: rationals never need it.

Example
-------
>>> from fractions import Fraction
>>> number(Fraction(1, 3)), number(Fraction(1, 3), as_float=True), number(2)
('1/3', 0.3333333333333333, '2')
>>> less(Fraction(1, 3), Fraction(1, 2)), rational_between(Fraction(1, 3), Fraction(1, 2))
(True, Fraction(5, 12))
>>> short_number(Fraction(5066407, 64960000))
'≈0.07799'
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Iterable

from deterrence.model.expr import approximate

#: |difference| below this, at 60 digits, is confirmed symbolically to be zero.
_TINY_EXPONENT = 40


def number(value: Fraction | int | float, as_float: bool = False) -> str | float:
    """An exact string ``"1/3"``, or a float when asked for (JSON); any number of digits."""
    if as_float:
        return to_float(value)
    if isinstance(value, float):
        return repr(value)
    f = as_fraction(value)
    return fraction_text(f) if f is not None else str(value)


def integer_text(n: int) -> str:
    """The decimal digits of an integer of any size (Python refuses ``str`` past 4,300 digits).

    >>> len(integer_text(7 ** 20000)), integer_text(-12)
    (16902, '-12')
    """
    if n < 0:
        return "-" + integer_text(-n)
    if n.bit_length() < 10_000:
        return str(n)
    digits = int(n.bit_length() * 0.30103) // 2
    high, low = divmod(n, 10 ** digits)
    return integer_text(high) + integer_text(low).rjust(digits, "0")


def fraction_text(value: Fraction | int) -> str:
    """``format_fraction`` for a rational of any size: ``-2/3``, ``3``."""
    value = Fraction(value)
    if value.denominator == 1:
        return integer_text(value.numerator)
    return f"{integer_text(value.numerator)}/{integer_text(value.denominator)}"


# ---------------------------------------------------------------- reading


def as_fraction(value: Any) -> Fraction | None:
    """The Fraction of a rational (int, Fraction, sympy Rational), else ``None``.

    >>> as_fraction(3), as_fraction(Fraction(1, 2)), as_fraction(0.5)
    (Fraction(3, 1), Fraction(1, 2), None)
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Fraction(value)
    if getattr(value, "is_Rational", False):          # a sympy Rational, without importing sympy
        return Fraction(int(value.p), int(value.q))
    return None


def exact_fraction(value: Any) -> Fraction:
    """The Fraction of an exact rational; a :class:`TypeError` for anything else.

    >>> exact_fraction(2)
    Fraction(2, 1)
    """
    f = as_fraction(value)
    if f is None:
        raise TypeError(f"{value!r} is not an exact rational")
    return f


def to_float(value: Any) -> float:
    """A float of any exact number (irrationals from 30 significant digits)."""
    f = as_fraction(value)
    if f is not None:
        return float(f)
    if hasattr(value, "evalf"):
        return float(value.evalf(30))
    return float(value)


def to_sympy(value: Any):
    """A sympy number for an exact number (sympy is imported here)."""
    import sympy

    f = as_fraction(value)
    if f is not None:
        return sympy.Rational(f.numerator, f.denominator)
    if hasattr(value, "to_sympy"):
        return value.to_sympy()
    if isinstance(value, sympy.Basic):
        return value
    # never sympify: a string here could be text from a payoff file
    raise TypeError(f"not an exact number: {value!r}")


# ---------------------------------------------------------------- writing


def number_text(value: Any) -> str:
    """``1/3`` for a rational, the formula (``1 + sqrt(2)``) otherwise."""
    f = as_fraction(value)
    return fraction_text(f) if f is not None else str(value)


def number_latex(value: Any) -> str:
    """LaTeX of an exact number: ``\\frac{1}{3}``, ``\\sqrt{2}``."""
    import sympy

    return sympy.latex(to_sympy(value))


def short_number(value: Fraction | int, width: int = 9, approx: str = "digits",
                 digits: int = 4, both: int = 0) -> str:
    """Exact when its text is at most ``width`` characters, else a decimal marked ``≈``.

    ``approx="digits"`` writes the decimal with ``digits`` significant
    digits even for numbers too small or large for a float; ``"float"``
    through a float. With ``both`` > ``width``, texts up to ``both``
    characters are written exactly *and* approximately: ``7/13 (≈0.5385)``.

    >>> short_number(Fraction(9, 280)), short_number(Fraction(2, 3), width=1)
    ('9/280', '≈0.6667')
    >>> short_number(Fraction(1, 10000003), both=25)
    '1/10000003 (≈1e-07)'
    """
    value = Fraction(value)
    digits_estimate = (value.numerator.bit_length() + value.denominator.bit_length()) * 0.30103
    text = fraction_text(value) if digits_estimate <= max(width, both) + 40 else None
    if text is not None and len(text) <= width:
        return text
    decimal = approximate(value, digits) if approx == "digits" else f"{float(value):.{digits}g}"
    if text is not None and len(text) <= both:
        return f"{text} (≈{decimal})"
    return f"≈{decimal}"


# ---------------------------------------------------------------- comparing


def _exact_sign(a: Any, b: Any) -> int | None:
    """The sign of ``a - b`` from an algebraic number's own ``exact_compare``, if either has one."""
    if hasattr(a, "exact_compare"):
        return a.exact_compare(b)
    if hasattr(b, "exact_compare"):
        return -b.exact_compare(a)
    return None


def _difference(a: Any, b: Any):
    return to_sympy(b) - to_sympy(a)


def less(a: Any, b: Any) -> bool:
    """``a < b`` exactly (rationals directly; irrationals at 60 digits, ties symbolically)."""
    fa, fb = as_fraction(a), as_fraction(b)
    if fa is not None and fb is not None:
        return fa < fb
    sign = _exact_sign(a, b)
    if sign is not None:
        return sign < 0
    import sympy

    difference = _difference(a, b)
    approx = sympy.N(difference, 60)
    if abs(approx) > sympy.Float(10) ** -_TINY_EXPONENT:
        return bool(approx > 0)
    return bool(sympy.simplify(difference) > 0)


def equal(a: Any, b: Any) -> bool:
    """``a == b`` exactly; a rational never equals an irrational."""
    fa, fb = as_fraction(a), as_fraction(b)
    if fa is not None and fb is not None:
        return fa == fb
    if fa is not None or fb is not None:
        return False
    sign = _exact_sign(a, b)
    if sign is not None:
        return sign == 0
    import sympy

    difference = _difference(a, b)
    if abs(sympy.N(difference, 60)) > sympy.Float(10) ** -_TINY_EXPONENT:
        return False
    return bool(sympy.simplify(difference) == 0)


def sorted_unique(values: Iterable[Any]) -> list:
    """Exact numbers in increasing order, each value once.

    >>> sorted_unique([Fraction(1, 2), 0, Fraction(2, 4)])
    [0, Fraction(1, 2)]
    """
    out: list = []
    for v in sorted(values, key=to_float):
        if not out or not equal(out[-1], v):
            out.append(v)
    return out


# ---------------------------------------------------------------- choosing


def rational_between(a: Any, b: Any) -> Fraction:
    """A simple rational strictly between two exact numbers ``a < b``.

    >>> rational_between(0, 1)
    Fraction(1, 2)
    """
    fa, fb = as_fraction(a), as_fraction(b)
    if fa is not None and fb is not None:
        return (fa + fb) / 2
    lo, hi = to_float(a), to_float(b)
    guess = Fraction((lo + hi) / 2)
    for limit in (10, 100, 10**4, 10**8, 10**12):
        candidate = guess.limit_denominator(limit)
        if less(a, candidate) and less(candidate, b):
            return candidate
    return guess


def simplest_between(lo: Fraction, hi: Fraction) -> Fraction:
    """The simplest rational in ``[lo, hi]``: the smallest denominator, then the numerator
    nearest zero (by continued fractions, so exact however narrow the interval).

    Bisection brackets a change point between two rationals; the simplest one between
    them is how a threshold such as 19/270 is read back from a bracket 2^-48 wide.

    >>> simplest_between(Fraction(3, 10), Fraction(7, 20))
    Fraction(1, 3)
    >>> simplest_between(Fraction(19, 270) - Fraction(1, 2**48), Fraction(19, 270) + Fraction(1, 2**48))
    Fraction(19, 270)
    >>> simplest_between(Fraction(-7, 2), Fraction(-3, 2))
    Fraction(-2, 1)
    """
    lo, hi = Fraction(lo), Fraction(hi)
    if lo > hi:
        lo, hi = hi, lo
    if lo <= 0 <= hi:
        return Fraction(0)
    if hi < 0:
        return -simplest_between(-hi, -lo)
    whole = math.floor(lo)
    if whole == lo or whole + 1 <= hi:          # a whole number lies inside: the least one
        return Fraction(math.ceil(lo))
    # lo and hi share the whole part: the simplest of the fractional parts, by reciprocals
    return whole + 1 / simplest_between(1 / (hi - whole), 1 / (lo - whole))


__all__ = ["number", "integer_text", "fraction_text", "as_fraction", "exact_fraction", "to_float", "to_sympy", "number_text",
           "number_latex", "short_number", "less", "equal", "sorted_unique", "rational_between",
           "simplest_between"]
