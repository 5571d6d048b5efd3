"""Proof that a polynomial in the parameters takes both signs: sympy's sign questions skipped.

Making a condition asks sympy's assumption system again and again whether a
polynomial is positive, negative, non-negative or non-positive (to solve
``a*x + b > 0`` for ``x`` the sign of ``a`` must be known; a relation
``x > r`` is decided when the sign of ``x - r`` is). On a large polynomial
sympy takes milliseconds to answer, and mostly the answer is "unknown".
Its answers are sound: when the polynomial is positive at one point of the
domain its symbols' assumptions allow and negative at another, sympy cannot
answer anything but ``None`` to any of those four questions. So
:func:`takes_both_signs` evaluates the polynomial exactly (in integers) at
a few points of that domain (every symbol real; positive, non-negative,
negative or non-positive as it is declared), and when it finds both strict
signs the question need not be put to sympy; when it does not, the question
goes to sympy as before. Nor is sympy asked about a sum whose form alone
leaves it without an answer (:func:`sympy_cannot_sign`). The answers are
therefore sympy's answers, only sooner. A symbol not known to be real (or
known to be zero, or restricted further: integer, rational, ...) gives no
proof. sympy is imported inside
the functions.

Example
-------
>>> import sympy
>>> p, c = sympy.symbols("p c", positive=True)
>>> takes_both_signs(p - c), takes_both_signs(p + c), takes_both_signs(p**2 - 2*p + 1)
(True, False, False)
>>> print((p - c).is_positive, (p - c).is_nonnegative, (p - c).is_negative)
None None None
"""

from __future__ import annotations

import functools
import random
from fractions import Fraction

from deterrence.parametric import factoring

#: Points tried per ring (beyond the first, every parameter at +-1).
POINTS = 40

_MAGNITUDES = (Fraction(1), Fraction(2), Fraction(1, 2), Fraction(3), Fraction(1, 3), Fraction(7),
               Fraction(1, 7), Fraction(10), Fraction(1, 10), Fraction(100), Fraction(1, 100))


def _kind(symbol) -> str | None:
    """The domain of a symbol under its assumptions: ``"+"`` (positive), ``"0+"``
    (non-negative), ``"-"``, ``"0-"``, ``"R"`` (real); ``None``: not handled."""
    if symbol.is_real is not True or symbol.is_zero is True or symbol.is_finite is not True:
        return None
    if any(getattr(symbol, f"is_{k}") is not None
           for k in ("integer", "rational", "irrational", "algebraic", "transcendental")):
        return None
    for kind, question in (("+", "is_positive"), ("-", "is_negative"), ("0+", "is_nonnegative"),
                           ("0-", "is_nonpositive")):
        if getattr(symbol, question):
            return kind
    return "R"


def _values(kind: str) -> tuple[Fraction, ...]:
    """The sample values of a domain: magnitude one first, then large and small, 0 last."""
    positive = _MAGNITUDES
    negative = tuple(-v for v in positive)
    zero = (Fraction(0),)
    return {"+": positive, "-": negative, "0+": positive + zero, "0-": negative + zero,
            "R": positive + negative + zero}[kind]


def sample_points(gens: tuple) -> tuple | None:
    """Points of the domain of ``gens`` (each a tuple of Fractions), the same every run:
    every value of magnitude one first, then each parameter large and small with the others
    at one, then seeded random points. ``None`` when some symbol's domain is not handled."""
    kinds = tuple(_kind(g) for g in gens)
    return None if None in kinds else _points(kinds)


@functools.lru_cache(maxsize=512)
def _points(kinds: tuple) -> tuple:
    values = [_values(k) for k in kinds]
    first = tuple(v[0] for v in values)
    points = [first]
    for i, vs in enumerate(values):
        for v in (vs[9], vs[10]):            # large and small (100 and 1/100, signed)
            points.append(first[:i] + (v,) + first[i + 1:])
    rng = random.Random(len(kinds))
    for _ in range(POINTS):
        points.append(tuple(rng.choice(vs) for vs in values))
    return tuple(dict.fromkeys(points))


def _sign_at(terms, point, top) -> int:
    """The sign of an integer polynomial (``terms``: (exponents, int)) at a rational point:
    every term times the common denominator ``prod(d_i ** top_i)`` (positive), in integers."""
    total = 0
    for monom, c in terms:
        term = c
        for (n, d), e, t in zip(point, monom, top):
            if e:
                term *= n ** e
            if t - e:
                term *= d ** (t - e)
        total += term
    return (total > 0) - (total < 0)


def takes_both_signs(expr) -> bool:
    """Whether the polynomial ``expr`` is provably positive somewhere and negative elsewhere
    in the domain its symbols' assumptions allow (then sympy's ``is_positive``,
    ``is_negative``, ``is_nonnegative`` and ``is_nonpositive`` are all ``None``).
    ``False`` means no proof was found, not that the sign is fixed.

    >>> import sympy
    >>> x, y = sympy.symbols("x y", nonnegative=True)
    >>> takes_both_signs(x*y - 1), takes_both_signs(x*y), takes_both_signs(sympy.Symbol("z") - 1)
    (True, False, False)
    """
    if expr.is_number:
        return False
    poly = factoring.polynomial_of(expr)
    return poly is not None and polynomial_takes_both_signs(poly)


def polynomial_takes_both_signs(poly) -> bool:
    """:func:`takes_both_signs` of a sparse polynomial over QQ (any ring: the symbols it
    contains count), remembered."""
    return _BOTH <= signs_seen(poly)


_BOTH = frozenset((-1, 1))


@functools.lru_cache(maxsize=16384)
def signs_seen(poly) -> frozenset:
    """The signs (-1, 0, 1) a sparse polynomial over QQ takes at the sample points of its
    symbols' domain (the search stops once both strict signs are seen), remembered; empty
    when the domain is not handled."""
    return _seen(factoring.own_ring(poly))


@functools.lru_cache(maxsize=16384)
def _seen(poly) -> frozenset:          # in its own ring: one answer for every ring it is in
    if poly.is_ground:
        return frozenset()
    _, integral = factoring.integer_polynomial(poly)
    gens = integral.ring.symbols
    points = sample_points(gens)
    if points is None:
        return frozenset()
    terms = [(m, int(c)) for m, c in integral.items()]
    top = integral.degrees()
    seen: set = set()
    for point in points:
        seen.add(_sign_at(terms, [(v.numerator, v.denominator) for v in point], top))
        if _BOTH <= seen:
            break
    return frozenset(seen)


#: The signs, any of which seen rules out a True answer to each of sympy's questions.
_RULED_OUT = {"is_positive": frozenset((0, -1)), "is_negative": frozenset((0, 1)),
              "is_nonnegative": frozenset((-1,)), "is_nonpositive": frozenset((1,))}


def says(expr, question: str, poly=None) -> bool:
    """Whether sympy answers ``True`` to ``question`` (``"is_positive"``, ``"is_negative"``,
    ``"is_nonnegative"`` or ``"is_nonpositive"``) about ``expr``, sympy asked only when no
    sample point rules a ``True`` out (a value of zero or below for ``is_positive``, ...);
    its answers are sound, so one ruled out is not ``True``. ``poly``: ``expr`` as a sparse
    polynomial, when the caller has it.

    >>> import sympy
    >>> V, C = sympy.symbols("V C", positive=True)
    >>> says(V - C, "is_positive"), says(V + C, "is_positive"), says((V - 1)**2, "is_positive")
    (False, True, False)
    """
    if not expr.is_number:
        if poly is None:
            poly = factoring.polynomial_of(expr)
        if poly is not None and (_RULED_OUT[question] & signs_seen(poly) or sympy_cannot_sign(expr)
                                 or sympy_cannot_sign_in_one_symbol(expr)):
            return False
    return getattr(expr, question) is True


def sympy_cannot_sign(expr) -> bool:
    """Whether sympy answers ``None`` to all four sign questions about ``expr`` by the
    form of the expression alone: a sum of monomials with no constant term, in symbols
    known to be non-negative, with coefficients of both signs. sympy reads such a sum term
    by term (its ``_monotonic_sign`` looks only at sums with a constant), finds terms of
    both signs and gives up, whatever the polynomial's true sign (``r*(r - 1)**2``
    expanded is non-negative, and sympy cannot tell).

    >>> import sympy
    >>> r = sympy.Symbol("r", nonnegative=True)
    >>> sympy_cannot_sign(r**3 - 2*r**2 + r), sympy_cannot_sign(r**3 - 2*r**2 + r + 1)
    (True, False)
    """
    if not expr.is_Add:
        return False
    positive = set()
    for term in expr.args:
        coefficient, monomial = term.as_coeff_Mul()
        if term.is_Rational or not _is_monomial(monomial):
            return False
        positive.add(coefficient > 0)
    return len(positive) == 2 and all(s.is_nonnegative for s in expr.free_symbols)


def sympy_cannot_sign_in_one_symbol(expr) -> bool:
    """Whether sympy answers ``None`` to all four sign questions about ``expr``, a
    polynomial in one symbol ``x >= 0`` (not known to be an integer) written as a sum of
    monomials and a constant, by the form of the expression and of its derivative: its
    terms in ``x`` have coefficients of both signs (sympy's term-by-term reading gives
    up), and the derivative has a root ``x > 0``, which an odd number of sign changes in
    its coefficients proves (Descartes' rule of signs). sympy's only other way to sign
    such a polynomial, ``_monotonic_sign``, asks that the derivative have no root beyond
    ``x = 0`` — after finding its real roots, the slow part (0.2 s for ``(r - 1)**14``
    expanded, which sympy cannot sign although it is never negative).

    >>> import sympy
    >>> r = sympy.Symbol("r", nonnegative=True)
    >>> sympy_cannot_sign_in_one_symbol(sympy.expand((r - 1)**14))
    True
    >>> sympy_cannot_sign_in_one_symbol(r**2 - 2*r + 3)     # the derivative: 2*r - 2
    True
    >>> sympy_cannot_sign_in_one_symbol(r**3 - r**2 + r + 5)  # two changes: sympy is asked
    False
    """
    if not expr.is_Add:
        return False
    free = expr.free_symbols
    if len(free) != 1:
        return False
    (x,) = free
    # sympy's search for a sign starts at x = 1 for a positive integer: not handled here
    if x.is_nonnegative is not True or x.is_integer:
        return False
    coefficients: dict[int, object] = {}
    for term in expr.args:
        if term.is_Rational:
            continue
        coefficient, monomial = term.as_coeff_Mul()
        if monomial == x:       # equal, not always the same object (sympy's cache)
            k = 1
        elif monomial.is_Pow and monomial.base == x and monomial.exp.is_Integer and monomial.exp > 1:
            k = int(monomial.exp)
        else:
            return False
        coefficients[k] = coefficient
    # the derivative's coefficients k*c_k have the signs of the c_k, in the same order
    signs = [coefficients[k] > 0 for k in sorted(coefficients)]
    changes = sum(a != b for a, b in zip(signs, signs[1:]))
    return changes % 2 == 1


def _is_monomial(term) -> bool:
    """A rational times powers of symbols (positive integer exponents)."""
    for factor in (term.args if term.is_Mul else (term,)):
        if factor.is_Rational or factor.is_Symbol:
            continue
        if factor.is_Pow and factor.base.is_Symbol and factor.exp.is_Integer and factor.exp > 0:
            continue
        return False
    return True


__all__ = ["takes_both_signs", "polynomial_takes_both_signs",
           "signs_seen", "says", "sympy_cannot_sign", "sympy_cannot_sign_in_one_symbol", "sample_points"]
