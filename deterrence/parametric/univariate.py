"""Exact algebra in one parameter, without sympy: polynomials, rational functions, real roots.

A one-parameter sweep needs little algebra, but needs it fast and exact:
payoffs that are rational functions of the swept parameter ``x`` (the file's
expressions with the other parameters at their values), sums, products and
quotients of them, their signs at rational points, and their exact real
roots. This module is that algebra, in plain Python over
:class:`~fractions.Fraction`:

* :class:`Poly` — a polynomial with rational coefficients (Euclid's gcd,
  Sturm sequences);
* :class:`RationalFunction` — a cancelled quotient of two of them (the field
  Q(x)), from a file's expression by :func:`rational_function`;
* :func:`real_roots` — every real root in an interval, exactly: a
  :class:`~fractions.Fraction` when rational, else an
  :class:`AlgebraicNumber` (a square-free polynomial and an isolating
  interval, refined on demand; exact comparisons, a float, and sympy's text
  such as ``sqrt(2)`` only when printed);
* :func:`grid_values` — a rational function at a whole arithmetic grid of
  rationals at once, exactly, in vectorised integer arithmetic (numerators
  and denominators as numpy arrays), and :func:`float_values`.

Example
-------
>>> from fractions import Fraction
>>> x = RationalFunction.variable()
>>> f = (x * x - 2) / (3 * x - 1)
>>> [str(r) for r in f.roots(Fraction(0), Fraction(2))]       # numerator and denominator
['1/3', 'sqrt(2)']
>>> f(Fraction(1))
Fraction(-1, 2)
>>> num, den = grid_values(f, Fraction(0), Fraction(1, 2), 3)    # x = 0, 1/4, 1/2
>>> [f"{n}/{d}" for n, d in zip(num.tolist(), den.tolist())]
['2/1', '31/4', '-7/2']
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

Number = Fraction | int

_ZERO, _ONE = Fraction(0), Fraction(1)


# ---------------------------------------------------------------- polynomials


class Poly:
    """A polynomial with rational coefficients, lowest degree first (immutable).

    >>> p = Poly([-2, 0, 1])          # x^2 - 2
    >>> p.degree, p(Fraction(3, 2)), str(p)
    (2, Fraction(1, 4), 'x^2 - 2')
    """

    __slots__ = ("c", "_integers")

    def __init__(self, coefficients: Iterable[Number] = ()) -> None:
        c = [Fraction(a) for a in coefficients]
        while c and not c[-1]:
            c.pop()
        self.c: tuple[Fraction, ...] = tuple(c)

    @classmethod
    def _of(cls, c: list[Fraction]) -> "Poly":
        p = object.__new__(cls)
        while c and not c[-1]:
            c.pop()
        p.c = tuple(c)
        return p

    # -- reading

    @property
    def degree(self) -> int:
        """The degree; -1 for the zero polynomial."""
        return len(self.c) - 1

    @property
    def lead(self) -> Fraction:
        return self.c[-1] if self.c else _ZERO

    def __bool__(self) -> bool:
        return bool(self.c)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (int, Fraction)):
            other = Poly([other])
        return isinstance(other, Poly) and self.c == other.c

    def __hash__(self) -> int:
        return hash(self.c)

    def __call__(self, x: Number) -> Fraction:
        if isinstance(x, (int, Fraction)):
            n, m = self.ratio_at(x)
            return Fraction(n, m)
        out = _ZERO
        for a in reversed(self.c):
            out = out * x + a
        return out

    def ratio_at(self, x: Number) -> tuple[int, int]:
        """``(n, m)``, integers with ``m > 0``: the value at a rational ``x`` is ``n / m``.

        Horner's rule in integers on the homogeneous form: with ``x = p/q`` and the
        polynomial ``sum(a_k x^k) / d`` (integers ``a_k``, :meth:`integer_form`), the value
        is ``sum(a_k p^k q^(deg - k)) / (d q^deg)``: no fraction is reduced on the way.

        >>> Poly([Fraction(1, 2), 0, 1]).ratio_at(Fraction(1, 3))     # 1/2 + 1/9 = 11/18
        (11, 18)
        """
        d, a = self._integer_pair()
        if not a:
            return 0, 1
        p, q = x.numerator, x.denominator
        acc = a[-1]
        if q == 1:
            for k in range(len(a) - 2, -1, -1):
                acc = acc * p + a[k]
            return acc, d
        power = 1
        for k in range(len(a) - 2, -1, -1):
            power *= q
            acc = acc * p + a[k] * power
        return acc, d * power

    def __repr__(self) -> str:
        return f"Poly({[str(a) for a in self.c]})"

    def __str__(self) -> str:
        if not self.c:
            return "0"
        terms = []
        for k in range(self.degree, -1, -1):
            a = self.c[k]
            if not a:
                continue
            mag = abs(a)
            power = "" if k == 0 else ("x" if k == 1 else f"x^{k}")
            text = str(mag) if (mag != 1 or k == 0) else ""
            text = f"{text}*{power}" if text and power and mag.denominator != 1 else text + power
            terms.append(("-" if a < 0 else "+", text))
        first, rest = terms[0], terms[1:]
        out = ("-" if first[0] == "-" else "") + first[1]
        return out + "".join(f" {s} {t}" for s, t in rest)

    # -- arithmetic

    def __add__(self, other: "Poly") -> "Poly":
        a, b = self.c, other.c
        if len(a) < len(b):
            a, b = b, a
        c = list(a)
        for k, v in enumerate(b):
            c[k] += v
        return Poly._of(c)

    def __neg__(self) -> "Poly":
        return Poly._of([-a for a in self.c])

    def __sub__(self, other: "Poly") -> "Poly":
        return self + (-other)

    def __mul__(self, other: "Poly") -> "Poly":
        if not self.c or not other.c:
            return Poly._of([])
        c = [_ZERO] * (len(self.c) + len(other.c) - 1)
        for i, a in enumerate(self.c):
            if a:
                for j, b in enumerate(other.c):
                    c[i + j] += a * b
        return Poly._of(c)

    def _integer_pair(self) -> tuple[int, list[int]]:
        """:meth:`integer_form`, worked out once."""
        try:
            return self._integers
        except AttributeError:
            self._integers = self.integer_form()
            return self._integers

    def scale(self, k: Number) -> "Poly":
        return Poly._of([a * k for a in self.c])

    def divmod(self, other: "Poly") -> tuple["Poly", "Poly"]:
        """Quotient and remainder of long division."""
        if not other.c:
            raise ZeroDivisionError("division by the zero polynomial")
        rem = list(self.c)
        quotient = [_ZERO] * max(0, len(rem) - len(other.c) + 1)
        lead = other.c[-1]
        for k in range(len(rem) - len(other.c), -1, -1):
            factor = rem[k + len(other.c) - 1] / lead
            quotient[k] = factor
            if factor:
                for j, b in enumerate(other.c):
                    rem[k + j] -= factor * b
        return Poly._of(quotient), Poly._of(rem[:len(other.c) - 1])

    def monic(self) -> "Poly":
        return self.scale(1 / self.lead) if self.c else self

    def derivative(self) -> "Poly":
        return Poly._of([k * a for k, a in enumerate(self.c)][1:])

    def gcd(self, other: "Poly") -> "Poly":
        """The monic greatest common divisor (Euclid)."""
        a, b = self, other
        while b:
            a, b = b, a.divmod(b)[1]
        return a.monic() if a else a

    def integer_form(self) -> tuple[int, list[int]]:
        """``(d, [n_0, ...])`` with integers: this polynomial is ``sum(n_k x^k) / d``, d > 0."""
        d = 1
        for a in self.c:
            d = d * a.denominator // math.gcd(d, a.denominator)
        return d, [int(a * d) for a in self.c]

    def primitive(self) -> "Poly":
        """The same roots, integer coefficients without a common factor, positive lead."""
        if not self.c:
            return self
        _, n = self.integer_form()
        g = 0
        for v in n:
            g = math.gcd(g, v)
        sign = 1 if n[-1] > 0 else -1
        return Poly._of([Fraction(sign * v // g) for v in n])

    def squarefree(self) -> "Poly":
        """The product of the distinct irreducible factors (the same roots, each once)."""
        if self.degree < 1:
            return self
        return self.divmod(self.gcd(self.derivative()))[0].primitive()

    def sign_at(self, x: Number) -> int:
        if isinstance(x, (int, Fraction)):
            n = self.ratio_at(x)[0]
            return (n > 0) - (n < 0)
        v = self(x)
        return (v > 0) - (v < 0)

    def floats(self, xs: np.ndarray) -> np.ndarray:
        """Values in floating point at an array of points."""
        return np.polyval([float(a) for a in reversed(self.c)] or [0.0], xs)


# ---------------------------------------------------------------- real roots


def _sturm(p: Poly) -> list[Poly]:
    seq = [p, p.derivative()]
    while seq[-1].degree > 0:
        r = seq[-2].divmod(seq[-1])[1]
        if not r:
            break
        seq.append(-r)
    return seq


def _variations(seq: Sequence[Poly], x: Number) -> int:
    signs = [s for s in (q.sign_at(x) for q in seq) if s]
    return sum(1 for a, b in zip(signs, signs[1:]) if a != b)


def _count(seq: Sequence[Poly], a: Number, b: Number) -> int:
    """Distinct real roots in ``(a, b]`` (Sturm's theorem)."""
    return _variations(seq, a) - _variations(seq, b)


def _root_bound(p: Poly) -> Fraction:
    """Every real root lies in ``[-bound, bound]`` (Cauchy)."""
    lead = abs(p.lead)
    return 1 + max((abs(a) / lead for a in p.c[:-1]), default=_ZERO)


def real_roots(p: Poly, lo: Number | None = None, hi: Number | None = None) -> list:
    """Every distinct real root of ``p`` in ``[lo, hi]`` (all of them by default), ascending.

    Rational roots are Fractions; the others :class:`AlgebraicNumber` s.

    >>> [str(r) for r in real_roots(Poly([-2, 0, 1]))]
    ['-sqrt(2)', 'sqrt(2)']
    >>> real_roots(Poly([-1, 0, 4]), 0, 1)
    [Fraction(1, 2)]
    """
    q = p.squarefree()
    if q.degree < 1:
        return []
    bound = _root_bound(q)
    lo = -bound if lo is None else Fraction(lo)
    hi = bound if hi is None else Fraction(hi)
    if lo > hi:
        return []
    seq = _sturm(q)
    out: list = []
    if not q(lo):
        out.append(lo)
    stack = [(lo, hi)]
    isolated: list[tuple[Fraction, Fraction]] = []
    while stack:
        a, b = stack.pop()
        n = _count(seq, a, b)
        if n == 0:
            continue
        if n == 1:
            isolated.append((a, b))
            continue
        m = (a + b) / 2
        stack.append((a, m))
        stack.append((m, b))
    lead = int(q.lead)
    for a, b in sorted(isolated):
        if not q(b):                      # the root is the right end
            out.append(b)
            continue
        # a rational root of the primitive q is k/lead: narrow below 1/lead, test the candidates
        while (b - a) * lead >= 1:
            m = (a + b) / 2
            if not q(m):
                a = b = m
                break
            if _count(seq, a, m):
                b = m
            else:
                a = m
        if a == b:
            out.append(a)
            continue
        found = None
        for k in range(math.floor(a * lead), math.ceil(b * lead) + 1):
            r = Fraction(k, lead)
            if a < r <= b and not q(r):
                found = r
        out.append(found if found is not None else AlgebraicNumber(q, a, b))
    return sorted(out, key=float)


class AlgebraicNumber:
    """A real root of a square-free integer polynomial that is not rational: the one root
    of ``poly`` in the open-closed interval ``(lo, hi]``, refined on demand.

    >>> r = real_roots(Poly([-2, 0, 1]), 0, 2)[0]
    >>> float(r), r < Fraction(3, 2), r > Fraction(7, 5), str(r)
    (1.4142135623730951, True, True, 'sqrt(2)')
    """

    __slots__ = ("poly", "lo", "hi", "_seq", "_sympy")

    def __init__(self, poly: Poly, lo: Fraction, hi: Fraction) -> None:
        self.poly, self.lo, self.hi = poly, Fraction(lo), Fraction(hi)
        self._seq = None
        self._sympy = None

    def refine(self, width: Fraction) -> None:
        """Bisect the interval until it is narrower than ``width``."""
        q = self.poly
        while self.hi - self.lo >= width:
            m = (self.lo + self.hi) / 2
            if q.sign_at(m) * q.sign_at(self.hi) <= 0:
                self.lo = m
            else:
                self.hi = m

    def __float__(self) -> float:
        scale = max(abs(self.lo), abs(self.hi), Fraction(1, 10**300))
        self.refine(scale / 2**60)
        return float((self.lo + self.hi) / 2)

    def exact_compare(self, other: Any) -> int:
        """The sign of ``self - other``, exactly (other: a rational or an algebraic number)."""
        if isinstance(other, (int, Fraction)):
            other = Fraction(other)
            while self.lo < other <= self.hi:   # an irrational never equals a rational
                self.refine((self.hi - self.lo) / 2)
            return 1 if other <= self.lo else -1
        if isinstance(other, AlgebraicNumber):
            if other.poly == self.poly and other.lo == self.lo and other.hi == self.hi:
                return 0
            g = self.poly.gcd(other.poly)
            for _ in range(200):
                if self.hi <= other.lo:
                    return -1
                if other.hi <= self.lo:
                    return 1
                lo, hi = max(self.lo, other.lo), min(self.hi, other.hi)
                if g.degree >= 1 and _count(_sturm(g), lo, hi) >= 1 \
                        and _count(_sturm(self.poly), lo, hi) == 1 and _count(_sturm(other.poly), lo, hi) == 1:
                    return 0
                self.refine((self.hi - self.lo) / 2)
                other.refine((other.hi - other.lo) / 2)
            raise ArithmeticError("could not separate two algebraic numbers")
        from deterrence.model.numbers import to_sympy

        return -1 if to_sympy(self) < to_sympy(other) else (0 if to_sympy(self) == to_sympy(other) else 1)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (int, Fraction, AlgebraicNumber)):
            return self.exact_compare(other) == 0
        return NotImplemented

    def __hash__(self) -> int:
        return hash(round(float(self), 9))

    def __lt__(self, other) -> bool:
        return self.exact_compare(other) < 0

    def __le__(self, other) -> bool:
        return self.exact_compare(other) <= 0

    def __gt__(self, other) -> bool:
        return self.exact_compare(other) > 0

    def __ge__(self, other) -> bool:
        return self.exact_compare(other) >= 0

    def to_sympy(self):
        """The same number in sympy (radicals up to degree 2, else a ``CRootOf``)."""
        if self._sympy is None:
            import sympy

            x = sympy.Symbol("x")
            expr = sum(sympy.Rational(a.numerator, a.denominator) * x ** k for k, a in enumerate(self.poly.c))
            poly = sympy.Poly(expr, x)
            roots = list(sympy.roots(poly, filter="R")) if poly.degree() <= 2 else list(sympy.real_roots(poly))
            target = float(self)
            self._sympy = min(roots, key=lambda r: abs(float(r) - target))
        return self._sympy

    def __str__(self) -> str:
        return str(self.to_sympy())

    def __repr__(self) -> str:
        return f"AlgebraicNumber({self}, {float(self)!r})"


# ---------------------------------------------------------------- rational functions


class NotRational(ValueError):
    """An expression that is not a rational function of the parameter (``min``/``max``)."""


class RationalFunction:
    """``num / den`` in lowest terms, ``den`` monic: an element of the field Q(x).

    >>> x = RationalFunction.variable()
    >>> f = (x - 1) / (x * x - 1)
    >>> str(f), f(Fraction(3))
    ('1/(x + 1)', Fraction(1, 4))
    """

    __slots__ = ("num", "den")

    def __init__(self, num: Poly, den: Poly | None = None, reduced: bool = False) -> None:
        den = Poly([1]) if den is None else den
        if not den:
            raise ZeroDivisionError("a rational function with denominator 0")
        if not reduced and den.degree > 0 and num:
            g = num.gcd(den)
            if g.degree > 0:
                num, den = num.divmod(g)[0], den.divmod(g)[0]
        if den.lead != 1:
            k = 1 / den.lead
            num, den = num.scale(k), den.scale(k)
        if not num:
            den = Poly([1])
        self.num, self.den = num, den

    @classmethod
    def constant(cls, value: Number) -> "RationalFunction":
        return cls(Poly([value]), None, True)

    @classmethod
    def variable(cls) -> "RationalFunction":
        return cls(Poly([0, 1]), None, True)

    @staticmethod
    def of(value: "RationalFunction | Number") -> "RationalFunction":
        return value if isinstance(value, RationalFunction) else RationalFunction.constant(value)

    # -- reading

    @property
    def is_constant(self) -> bool:
        return self.num.degree < 1 and self.den.degree < 1

    @property
    def value(self) -> Fraction:
        """The value of a constant function."""
        if not self.is_constant:
            raise ValueError(f"{self} is not constant")
        return self.num.lead if self.num else _ZERO

    def __bool__(self) -> bool:
        return bool(self.num)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (int, Fraction)):
            other = RationalFunction.constant(other)
        return isinstance(other, RationalFunction) and self.num == other.num and self.den == other.den

    def __hash__(self) -> int:
        return hash((self.num, self.den))

    def __call__(self, x: Number) -> Fraction:
        if isinstance(x, (int, Fraction)):
            n, m = self.num.ratio_at(x)
            dn, dm = self.den.ratio_at(x)
            if not dn:
                raise ZeroDivisionError(f"{self} is undefined at {x}")
            return Fraction(n * dm, m * dn)
        d = self.den(x)
        if not d:
            raise ZeroDivisionError(f"{self} is undefined at {x}")
        return self.num(x) / d

    def __str__(self) -> str:
        if self.den.degree < 1:
            return str(self.num)
        num, den = str(self.num), str(self.den)
        num = f"({num})" if " " in num else num
        return f"{num}/({den})" if (" " in den or "*" in den) else f"{num}/{den}"

    def __repr__(self) -> str:
        return f"RationalFunction({self})"

    # -- arithmetic

    def __add__(self, other) -> "RationalFunction":
        other = RationalFunction.of(other)
        if self.den == other.den:
            return RationalFunction(self.num + other.num, self.den)
        return RationalFunction(self.num * other.den + other.num * self.den, self.den * other.den)

    __radd__ = __add__

    def __neg__(self) -> "RationalFunction":
        return RationalFunction(-self.num, self.den, True)

    def __sub__(self, other) -> "RationalFunction":
        return self + (-RationalFunction.of(other))

    def __rsub__(self, other) -> "RationalFunction":
        return RationalFunction.of(other) - self

    def __mul__(self, other) -> "RationalFunction":
        other = RationalFunction.of(other)
        if other.is_constant:
            return RationalFunction(self.num.scale(other.value), self.den, True) if other.num else \
                RationalFunction(Poly(), None, True)
        if self.is_constant:
            return other * self
        return RationalFunction(self.num * other.num, self.den * other.den)

    __rmul__ = __mul__

    def __truediv__(self, other) -> "RationalFunction":
        other = RationalFunction.of(other)
        if not other.num:
            raise ZeroDivisionError("division by the zero function")
        return self * RationalFunction(other.den, other.num)

    def __rtruediv__(self, other) -> "RationalFunction":
        return RationalFunction.of(other) / self

    def __pow__(self, k: int) -> "RationalFunction":
        if k < 0:
            return RationalFunction.constant(1) / (self ** -k)
        out = RationalFunction.constant(1)
        base = self
        while k:
            if k & 1:
                out = out * base
            base = base * base
            k >>= 1
        return out

    # -- signs and roots

    def sign_at(self, x: Number) -> int:
        """The sign at a rational point (``ZeroDivisionError`` at a pole)."""
        if isinstance(x, (int, Fraction)):
            d = self.den.sign_at(x)
            if not d:
                raise ZeroDivisionError(f"{self} is undefined at {x}")
            return self.num.sign_at(x) * d
        d = self.den(x)
        if not d:
            raise ZeroDivisionError(f"{self} is undefined at {x}")
        v = self.num(x) * d
        return (v > 0) - (v < 0)

    def roots(self, lo: Number, hi: Number) -> list:
        """Where the sign may change in ``[lo, hi]``: the roots of numerator and denominator."""
        from deterrence.model.numbers import sorted_unique

        return sorted_unique(real_roots(self.num, lo, hi) + real_roots(self.den, lo, hi))

    def floats(self, xs: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return self.num.floats(xs) / self.den.floats(xs)

    def to_sympy(self, symbol):
        """This function in sympy, in ``symbol`` (sympy is imported here)."""
        import sympy

        def poly(p: Poly):
            return sum((sympy.Rational(a.numerator, a.denominator) * symbol ** k for k, a in enumerate(p.c)),
                       sympy.Integer(0))

        return poly(self.num) / poly(self.den)


# ---------------------------------------------------------------- from a payoff file


def rational_function(expr, values: Mapping[str, "RationalFunction | Number"]) -> RationalFunction:
    """An expression of :mod:`deterrence.model.expr` as a rational function.

    ``values`` maps every name the expression may use to a rational function
    (the swept parameter: :meth:`RationalFunction.variable`) or a number.

    Raises
    ------
    NotRational
        For ``min``/``max``, which are not rational functions.

    >>> from deterrence.model.expr import parse
    >>> str(rational_function(parse("(V - C)/2"), {"V": 2, "C": RationalFunction.variable()}))
    '-1/2*x + 1'
    """
    from deterrence.model.expr import BinOp, Call, Const, Name, Neg, Pow

    def walk(e) -> RationalFunction:
        if isinstance(e, Const):
            return RationalFunction.constant(e.value)
        if isinstance(e, Name):
            return RationalFunction.of(values[e.name])
        if isinstance(e, Neg):
            return -walk(e.operand)
        if isinstance(e, BinOp):
            a, b = walk(e.left), walk(e.right)
            if e.op == "+":
                return a + b
            if e.op == "-":
                return a - b
            if e.op == "*":
                return a * b
            return a / b
        if isinstance(e, Pow):
            return walk(e.base) ** e.exponent
        if isinstance(e, Call):
            args = [walk(a) for a in e.args]
            if all(a.is_constant for a in args):
                pick = min if e.function == "min" else max
                return RationalFunction.constant(pick(a.value for a in args))
            raise NotRational(f"{e} is not a rational function of the parameter")
        raise NotRational(f"cannot read {e!r}")

    return walk(expr)


def parameter_functions(game, name: str) -> dict[str, RationalFunction | Fraction]:
    """Every parameter and definition of ``game`` with ``name`` as the variable, the
    others at their values in force (definitions as functions of them)."""
    params = game.parameters
    values = params.values()
    out: dict[str, RationalFunction | Fraction] = {}
    for p in params.declared:
        out[p.name] = RationalFunction.variable() if p.name == name else values[p.name]
    for defined, expr in params.definitions:
        out[defined] = rational_function(expr, out)
    return out


# ---------------------------------------------------------------- on a grid


def _grid_integers(lo: Fraction, hi: Fraction, steps: int, start: int = 0, stop: int | None = None):
    """Grid points ``lo + k (hi - lo)/(steps - 1)`` for k in [start, stop) as ``t_k / D``:
    returns ``(t, D)`` with ``t`` an integer array (object dtype when large) and D > 0."""
    stop = steps if stop is None else stop
    width = (hi - lo) / (steps - 1) if steps > 1 else Fraction(0)
    D = lo.denominator * width.denominator // math.gcd(lo.denominator, width.denominator)
    A, B = int(lo * D), int(width * D)
    ks = np.arange(start, stop, dtype=np.int64)
    if max(abs(A), abs(A + B * (steps - 1))) < 2**62:
        return A + B * ks, D
    return A + B * ks.astype(object), D


def _horner(coefficients: Sequence[int], t: np.ndarray, scale: int) -> np.ndarray:
    """``sum(c_k * scale^(d-k) * t^k)`` (the integer numerator of the polynomial at t/scale)."""
    d = len(coefficients) - 1
    out = np.zeros_like(t) if d < 0 else np.full_like(t, coefficients[-1])
    for k in range(d - 1, -1, -1):
        out = out * t + coefficients[k] * scale ** (d - k)
    return out


def _fits(coefficients: Sequence[int], scale: int, t: np.ndarray, factor: int) -> bool:
    """Whether ``factor * sum(c_k scale^(d-k) t^k)`` stays inside int64 (a bound, not a guess)."""
    if t.dtype == object:
        return False
    big = max(1.0, float(np.max(np.abs(t)))) if len(t) else 1.0
    d = len(coefficients) - 1
    total = sum(abs(float(c)) * float(scale) ** (d - k) * big ** k for k, c in enumerate(coefficients))
    return total * abs(float(factor)) < 2.0**62


def grid_values(f: RationalFunction, lo: Fraction, hi: Fraction, steps: int, start: int = 0,
                stop: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``f`` exactly at grid points ``start..stop-1`` of ``steps`` from ``lo`` to ``hi``.

    Returns integer arrays ``(numerators, denominators)`` in lowest terms with
    positive denominators (int64, or Python ints in object arrays when the
    numbers are large); a denominator of 0 marks a pole.
    """
    t, D = _grid_integers(Fraction(lo), Fraction(hi), steps, start, stop)
    dn, n = f.num.integer_form()
    dd, d = f.den.integer_form()
    degree_n, degree_d = max(len(n) - 1, 0), max(len(d) - 1, 0)
    # value = N~(t)/(dn D^degree_n) / (M~(t)/(dd D^degree_d))
    top = dd * D ** max(0, degree_d - degree_n)
    bottom = dn * D ** max(0, degree_n - degree_d)
    if not (_fits(n, D, t, top) and _fits(d, D, t, bottom)):
        t = t.astype(object)
    num = _horner(n, t, D) * top
    den = _horner(d, t, D) * bottom
    if t.dtype == object:
        gcd = np.frompyfunc(math.gcd, 2, 1)(num, den)
        gcd = np.where(gcd == 0, 1, gcd)
        num, den = num // gcd, den // gcd
    else:
        gcd = np.gcd(num, den)
        gcd[gcd == 0] = 1
        num, den = num // gcd, den // gcd
    negative = den < 0
    num = np.where(negative, -num, num)
    den = np.where(negative, -den, den)
    return num, den


def grid_floats(lo: Fraction, hi: Fraction, steps: int, start: int = 0, stop: int | None = None) -> np.ndarray:
    """The grid points ``start..stop-1`` as floats (``numpy.linspace`` of the whole grid)."""
    stop = steps if stop is None else stop
    if steps < 2:
        return np.full(stop - start, float(lo))
    return float(lo) + (float(hi) - float(lo)) * np.arange(start, stop) / (steps - 1)


def float_values(f: RationalFunction, xs: np.ndarray) -> np.ndarray:
    """``f`` in floating point at an array of points (inf/NaN at poles)."""
    return f.floats(xs)


def fraction_texts(num: np.ndarray, den: np.ndarray) -> list[str]:
    """``["1/3", "2", ...]`` from numerator and denominator arrays."""
    return [f"{n}" if d == 1 else f"{n}/{d}" for n, d in zip(num.tolist(), den.tolist())]


__all__ = ["Poly", "RationalFunction", "AlgebraicNumber", "NotRational", "real_roots", "rational_function",
           "parameter_functions", "grid_values", "grid_floats", "float_values", "fraction_texts"]
