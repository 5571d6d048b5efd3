"""Exact real algebraic numbers: the probabilities of irrational equilibria.

An equilibrium of a game with three or more players can be irrational. All
its coordinates then lie in one number field ``Q(theta)``, where ``theta`` is
a real root of an irreducible polynomial ``f`` with rational coefficients,
isolated by an interval with rational ends (:class:`NumberField`). A
coordinate is a polynomial in ``theta`` of degree below ``deg f``
(:class:`RealAlgebraic`), so sums and products are exact polynomial
arithmetic modulo ``f``, and the *sign* of any such number is decided
exactly: it is zero when its polynomial is the zero polynomial (``f`` is
irreducible), and otherwise the isolating interval is halved until interval
arithmetic on it excludes zero. No floating point enters a decision.

For people and for JSON each number also knows its own minimal polynomial,
a short exact form (radicals for degree 2, sympy's ``CRootOf`` otherwise)
and a decimal (computed lazily with sympy, which is imported only then).

Example
-------
The field ``Q(sqrt 2)``, and ``sqrt(2) - 1`` in it:

>>> from fractions import Fraction
>>> field = NumberField((Fraction(-2), Fraction(0), Fraction(1)), Fraction(1), Fraction(2))
>>> x = field.element((-1, 1))
>>> x.sign(), round(float(x), 12), x.exact_text()
(1, 0.414213562373, '-1 + sqrt(2)')
>>> (x * x + 2 * x).sign()       # (sqrt 2 - 1)^2 + 2 (sqrt 2 - 1) = 1
1
>>> (x * x + 2 * x - 1).is_zero()
True
>>> x.to_json()["decimal"]
'0.4142135623730950'
"""

from __future__ import annotations

from fractions import Fraction
from functools import cached_property
from typing import Sequence

Coefficients = tuple[Fraction, ...]


def _trim(coeffs: Sequence[Fraction]) -> Coefficients:
    out = list(coeffs)
    while out and out[-1] == 0:
        out.pop()
    return tuple(out)


def _evaluate(coeffs: Sequence[Fraction], x: Fraction) -> Fraction:
    value = Fraction(0)
    for c in reversed(coeffs):
        value = value * x + c
    return value


def _interval_evaluate(coeffs: Sequence[Fraction], a: Fraction, b: Fraction) -> tuple[Fraction, Fraction]:
    """An enclosure of ``p(x)`` for every ``x`` in ``[a, b]`` (Horner in interval arithmetic)."""
    if not coeffs:
        return Fraction(0), Fraction(0)
    lo = hi = coeffs[-1]
    for c in reversed(coeffs[:-1]):
        products = (lo * a, lo * b, hi * a, hi * b)
        lo, hi = min(products) + c, max(products) + c
    return lo, hi


def _sign(value: Fraction) -> int:
    return (value > 0) - (value < 0)


class NumberField:
    """``Q(theta)`` for a real root ``theta`` of an irreducible polynomial.

    Parameters
    ----------
    polynomial:
        Coefficients of ``f``, lowest degree first (made monic here); ``f``
        must be irreducible over the rationals, of degree at least 2.
    lo, hi:
        Rational ends of an interval that holds ``theta`` and no other root
        of ``f``; ``f(lo)`` and ``f(hi)`` have opposite signs. The interval
        is narrowed in place as signs are decided (the number is unchanged).
    """

    def __init__(self, polynomial: Sequence[Fraction], lo: Fraction, hi: Fraction) -> None:
        poly = _trim([Fraction(c) for c in polynomial])
        if len(poly) < 3:
            raise ValueError("a number field needs an irreducible polynomial of degree >= 2")
        lead = poly[-1]
        self.polynomial: Coefficients = tuple(c / lead for c in poly)
        self.lo, self.hi = Fraction(lo), Fraction(hi)
        self._lo_sign = _sign(_evaluate(self.polynomial, self.lo))
        if self._lo_sign == 0 or self._lo_sign == _sign(_evaluate(self.polynomial, self.hi)):
            raise ValueError("the interval does not isolate a simple root")

    @property
    def degree(self) -> int:
        return len(self.polynomial) - 1

    def element(self, coeffs: Sequence[Fraction | int]) -> "RealAlgebraic":
        """The number ``sum(coeffs[k] * theta**k)`` (reduced modulo ``f``)."""
        return RealAlgebraic(self, self.reduce([Fraction(c) for c in coeffs]))

    def reduce(self, coeffs: Sequence[Fraction]) -> Coefficients:
        """Coefficients modulo the minimal polynomial (``f`` is monic)."""
        out = list(coeffs)
        f, d = self.polynomial, self.degree
        for k in range(len(out) - 1, d - 1, -1):
            c = out[k]
            if c:
                for j in range(d + 1):
                    out[k - d + j] -= c * f[j]
        return _trim(out[:d])

    def bisect(self) -> None:
        """Halve the isolating interval."""
        mid = (self.lo + self.hi) / 2
        if _sign(_evaluate(self.polynomial, mid)) == self._lo_sign:
            self.lo = mid
        else:
            self.hi = mid

    def enclose(self, coeffs: Sequence[Fraction], width: Fraction | None = None) -> tuple[Fraction, Fraction]:
        """An interval holding ``p(theta)``; narrower than ``width`` when given, and
        excluding 0 when ``p(theta) != 0`` and no width is given."""
        while True:
            lo, hi = _interval_evaluate(coeffs, self.lo, self.hi)
            if width is not None:
                if hi - lo < width:
                    return lo, hi
            elif lo > 0 or hi < 0:
                return lo, hi
            self.bisect()

    def approximate(self) -> float:
        lo, hi = self.enclose((Fraction(0), Fraction(1)), Fraction(1, 2 ** 70))
        return float((lo + hi) / 2)

    def __repr__(self) -> str:
        return f"NumberField(degree {self.degree}, theta ~ {self.approximate():.6g})"


class RealAlgebraic:
    """An irrational real algebraic number, as a polynomial in a field's ``theta``.

    Arithmetic with Fractions, ints and numbers of the same field is exact;
    comparisons decide signs exactly. Create through :meth:`NumberField.element`.
    """

    __slots__ = ("field", "coeffs", "__dict__")

    def __init__(self, field: NumberField, coeffs: Coefficients) -> None:
        self.field = field
        self.coeffs = coeffs

    # ---------------------------------------------------------------- arithmetic

    def _lift(self, other) -> Coefficients:
        if isinstance(other, RealAlgebraic):
            if other.field is not self.field:
                raise ValueError("numbers of different fields cannot be combined")
            return other.coeffs
        return (Fraction(other),) if other else ()

    def _make(self, coeffs: Sequence[Fraction]):
        coeffs = self.field.reduce(coeffs)
        return RealAlgebraic(self.field, coeffs)

    def __add__(self, other):
        a, b = self.coeffs, self._lift(other)
        n = max(len(a), len(b))
        return self._make([(a[k] if k < len(a) else 0) + (b[k] if k < len(b) else 0) for k in range(n)])

    __radd__ = __add__

    def __neg__(self):
        return RealAlgebraic(self.field, tuple(-c for c in self.coeffs))

    def __sub__(self, other):
        return self + (-other if isinstance(other, RealAlgebraic) else -Fraction(other))

    def __rsub__(self, other):
        return (-self) + other

    def __mul__(self, other):
        a, b = self.coeffs, self._lift(other)
        if not a or not b:
            return RealAlgebraic(self.field, ())
        out = [Fraction(0)] * (len(a) + len(b) - 1)
        for i, x in enumerate(a):
            if x:
                for j, y in enumerate(b):
                    out[i + j] += x * y
        return self._make(out)

    __rmul__ = __mul__

    def __pow__(self, exponent: int):
        if not isinstance(exponent, int) or exponent < 0:
            return NotImplemented
        out = RealAlgebraic(self.field, (Fraction(1),))
        for _ in range(exponent):
            out = out * self
        return out

    # ---------------------------------------------------------------- signs

    def is_zero(self) -> bool:
        return not self.coeffs

    def is_rational(self) -> bool:
        return len(self.coeffs) <= 1

    def rational(self) -> Fraction:
        """The value as a Fraction (only for :meth:`is_rational` numbers)."""
        if not self.is_rational():
            raise ValueError("the number is irrational")
        return self.coeffs[0] if self.coeffs else Fraction(0)

    def sign(self) -> int:
        """-1, 0 or 1, decided exactly."""
        if self.is_rational():
            return _sign(self.rational())
        lo, _ = self.field.enclose(self.coeffs)
        return 1 if lo > 0 else -1

    def __bool__(self) -> bool:
        return not self.is_zero()

    def _cmp(self, other) -> int:
        if isinstance(other, RealAlgebraic) and other.field is not self.field:
            return _compare_across_fields(self, other)
        return (self - other).sign()

    def __lt__(self, other) -> bool:
        return self._cmp(other) < 0

    def __le__(self, other) -> bool:
        return self._cmp(other) <= 0

    def __gt__(self, other) -> bool:
        return self._cmp(other) > 0

    def __ge__(self, other) -> bool:
        return self._cmp(other) >= 0

    def __eq__(self, other) -> bool:
        try:
            return self._cmp(other) == 0
        except (TypeError, ValueError):
            return NotImplemented

    def __hash__(self) -> int:
        return hash(round(float(self), 9))

    # ---------------------------------------------------------------- values

    def __float__(self) -> float:
        if self.is_rational():
            return float(self.rational())
        lo, hi = self.field.enclose(self.coeffs, Fraction(1, 2 ** 70))
        return float((lo + hi) / 2)

    def decimal(self, digits: int = 16) -> str:
        """The value to ``digits`` decimal places, correctly rounded down from an enclosure."""
        lo, hi = self.field.enclose(self.coeffs, Fraction(1, 10 ** (digits + 3)))
        mid = (lo + hi) / 2
        scaled = round(mid * 10 ** digits)
        sign = "-" if scaled < 0 else ""
        text = str(abs(scaled)).rjust(digits + 1, "0")
        return f"{sign}{text[:-digits]}.{text[-digits:]}"

    @cached_property
    def minimal_polynomial(self) -> tuple[int, ...]:
        """Integer coefficients (highest degree first, positive leading) of the
        number's own minimal polynomial."""
        import sympy

        x, y = sympy.symbols("x y")
        f = sympy.Poly(list(reversed(self.field.polynomial)), y)
        g = sympy.Poly(list(reversed(self.coeffs)) or [0], y)
        res = sympy.Poly(sympy.resultant(f.as_expr(), x - g.as_expr(), y), x)
        factors = [sympy.Poly(factor, x) for factor, _ in sympy.factor_list(res.as_expr(), x)[1]]
        p = self._factor_holding(factors)
        coeffs = [int(c) for c in p.clear_denoms()[1].all_coeffs()]
        if coeffs[0] < 0:
            coeffs = [-c for c in coeffs]
        return tuple(coeffs)

    def _factor_holding(self, factors):
        """The irreducible factor (of the resultant) that this number is a root of: the one
        with a real root in an enclosure of the number, narrowed until one factor is left
        (distinct irreducible factors share no root), exactly (Sturm counts)."""
        import sympy

        if len(factors) == 1:
            return factors[0]
        for bits in (70, 140, 280, 560, 1120):
            lo, hi = self.field.enclose(self.coeffs, Fraction(1, 2 ** bits))
            ends = (sympy.Rational(lo.numerator, lo.denominator), sympy.Rational(hi.numerator, hi.denominator))
            holding = [p for p in factors if p.count_roots(*ends) > 0]
            if len(holding) == 1:
                return holding[0]
            factors = holding or factors
        raise ArithmeticError(f"no one factor of the resultant holds {self}")  # pragma: no cover

    @cached_property
    def isolating_interval(self) -> tuple[Fraction, Fraction]:
        """Rational ends of an interval holding this number and no other real root
        of its minimal polynomial."""
        import sympy

        x = sympy.symbols("x")
        p = sympy.Poly(list(self.minimal_polynomial), x)
        intervals = [(Fraction(int(sympy.numer(a)), int(sympy.denom(a))),
                      Fraction(int(sympy.numer(b)), int(sympy.denom(b))))
                     for (a, b), _ in p.intervals()]
        width = min((b - a for a, b in intervals), default=Fraction(1)) or Fraction(1, 10 ** 6)
        while True:
            lo, hi = self.field.enclose(self.coeffs, width / 4)
            hits = [(a, b) for a, b in intervals if not (b < lo or a > hi)]
            if len(hits) == 1:
                return hits[0]
            width /= 4

    @cached_property
    def root_index(self) -> int:
        """Index of this number among the real roots of its minimal polynomial, in
        increasing order (sympy's ``CRootOf`` numbering)."""
        import sympy

        x = sympy.symbols("x")
        p = sympy.Poly(list(self.minimal_polynomial), x)
        lo, _ = self.isolating_interval
        intervals = sorted(Fraction(int(sympy.numer(a)), int(sympy.denom(a))) for (a, _), _ in p.intervals())
        return intervals.index(lo)

    def polynomial_text(self) -> str:
        import sympy

        x = sympy.symbols("x")
        return str(sympy.Poly(list(self.minimal_polynomial), x).as_expr())

    def exact_text(self) -> str:
        """Radicals for a quadratic irrational (``-1 + sqrt(2)``), else ``CRootOf(p, k)``."""
        import sympy

        x = sympy.symbols("x")
        p = sympy.Poly(list(self.minimal_polynomial), x)
        if p.degree() == 2:
            value = float(self)
            roots = sympy.roots(p, x)
            best = min(roots, key=lambda r: abs(float(r) - value))
            return str(sympy.radsimp(best))
        return f"CRootOf({p.as_expr()}, {self.root_index})"

    def __str__(self) -> str:
        if self.is_rational():
            value = self.rational()
            return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
        return self.exact_text()

    def __repr__(self) -> str:
        return f"RealAlgebraic({float(self):.10g})"

    def to_json(self, as_float: bool = False):
        """``{"exact", "decimal", "polynomial", "interval"}``, or a float with ``as_float``."""
        if as_float:
            return float(self)
        lo, hi = self.isolating_interval
        return {"exact": self.exact_text(), "decimal": self.decimal(),
                "polynomial": self.polynomial_text(),
                "interval": [_fraction_text(lo), _fraction_text(hi)]}


def _compare_across_fields(a: RealAlgebraic, b: RealAlgebraic) -> int:
    """Exact order of numbers of two fields: equal when they are the same root of
    the same minimal polynomial; otherwise their enclosures are narrowed until apart."""
    if a.is_rational() or b.is_rational():
        x = a.rational() if a.is_rational() else a
        y = b.rational() if b.is_rational() else b
        if isinstance(x, Fraction) and isinstance(y, Fraction):
            return _sign(x - y)
        return x._cmp(y) if isinstance(x, RealAlgebraic) else -y._cmp(x)
    if a.minimal_polynomial == b.minimal_polynomial and a.root_index == b.root_index:
        return 0
    width = Fraction(1, 2 ** 20)
    while True:
        lo_a, hi_a = a.field.enclose(a.coeffs, width)
        lo_b, hi_b = b.field.enclose(b.coeffs, width)
        if hi_a < lo_b:
            return -1
        if hi_b < lo_a:
            return 1
        width /= 2 ** 10


def _fraction_text(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def is_algebraic(value) -> bool:
    """Whether ``value`` is an irrational :class:`RealAlgebraic` (not a Fraction)."""
    return isinstance(value, RealAlgebraic) and not value.is_rational()


def simplify(value):
    """A rational :class:`RealAlgebraic` as a Fraction; anything else unchanged."""
    if isinstance(value, RealAlgebraic) and value.is_rational():
        return value.rational()
    return value


__all__ = ["NumberField", "RealAlgebraic", "is_algebraic", "simplify"]
