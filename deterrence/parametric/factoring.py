"""Factorisation of polynomials in the parameters: sympy's answers, fast and remembered.

``sympy.factor`` and ``sympy.factor_list`` on expression trees were where the
thresholds of a matrix game spent their time: the candidates of one game
share their polynomials, yet each was converted and factored afresh, and
factoring a polynomial in six parameters is slow. :func:`factor_list` and
:func:`factor` give the *same* answers (equal expressions, the factors in
sympy's order), computed on sympy's sparse polynomials
(:class:`~sympy.polys.rings.PolyElement`) and remembered per polynomial;
and a polynomial of degree one in some parameter ``x`` is never handed to
the general algorithm: it is ``a*x + b``, its factors are those of
``gcd(a, b)`` (a smaller polynomial without ``x``) and the primitive part
``(a*x + b)/gcd(a, b)``, which is irreducible (Gauss's lemma: a factor of
degree zero in ``x`` would divide the content). Payoffs linear in most
parameters make that the common case. Anything that is not a polynomial
(or a rational function, for :func:`factor`) in its symbols goes to sympy
unchanged. sympy is imported inside the functions.

Example
-------
>>> import sympy
>>> R, T, q = sympy.symbols("R T q")
>>> e = sympy.expand((R - T) * (q - 1) * (2*q*R - T))
>>> factor_list(e) == sympy.factor_list(e)
True
>>> factor_list(e)
(1, [(R - T, 1), (q - 1, 1), (2*R*q - T, 1)])
>>> factor(e / (3*R - 3*T)) == sympy.factor(e / (3*R - 3*T))
True
"""

from __future__ import annotations

import functools
from typing import Any

#: Factorisations remembered (per ring, per polynomial); cleared past this many.
CACHE_LIMIT = 20000

_RINGS: dict = {}
_FACTORS: dict = {}


def sympy_gens(symbols) -> tuple:
    """``symbols`` in the order sympy gives the generators of a polynomial in them,
    remembered (sympy sorts them by their printed names: slow, and asked for every
    polynomial met). A set is remembered as a set where no two names are alike (then the
    order does not depend on the order the set is read in).

    >>> import sympy
    >>> x, y, z = sympy.symbols("x y z")
    >>> sympy_gens({z, x, y}), sympy_gens([y, x])
    ((x, y, z), (x, y))
    """
    key = frozenset(symbols) if isinstance(symbols, (set, frozenset)) else tuple(symbols)
    found = _GENS.get(key)
    if found is None:
        from sympy.polys.polyutils import _sort_gens

        found = tuple(_sort_gens(list(symbols)))
        if isinstance(key, frozenset) and len({str(s) for s in found}) < len(found):
            return found
        if len(_GENS) > CACHE_LIMIT:
            _GENS.clear()
        _GENS[key] = found
    return found


_GENS: dict = {}


def rings_of(gens: tuple):
    """The polynomial rings over QQ and over ZZ in ``gens`` (lex order), made once."""
    if gens not in _RINGS:
        from sympy import QQ, ZZ
        from sympy.polys.rings import PolyRing

        if len(_RINGS) > 256:
            _RINGS.clear()
        _RINGS[gens] = (PolyRing(gens, QQ), PolyRing(gens, ZZ))
    return _RINGS[gens]


#: sympy's ``factor_list`` of the ring polynomials met, by polynomial (see
#: :func:`ring_factor_list`).
_RING_FACTORS: dict = {}


def ring_factor_list(poly):
    """``poly.factor_list()`` of a sympy ring polynomial, remembered: a threshold's numerator
    is met again in every parameter's sweep (tariff_ladder's thresholds: 108 of 188)."""
    found = _RING_FACTORS.get(poly)
    if found is None:
        if len(_RING_FACTORS) > CACHE_LIMIT:
            _RING_FACTORS.clear()
        found = _RING_FACTORS[poly] = _ring_factor_list(poly)
    return found


def _ring_factor_list(poly):
    """``poly.factor_list()``, the factors found by :func:`factor_integer` in the ring of the
    symbols ``poly`` contains: sympy factors in the polynomial's whole ring, whose unused
    generators make it slow (tariff_ladder's thresholds: 13 generators, 15 times slower).
    The same coefficient and factors, in the same order: each factor primitive with a
    positive leading coefficient in ``poly``'s ring, sorted as sympy sorts them.

    >>> import sympy
    >>> x, y, z = sympy.symbols("x y z")
    >>> qq, _ = rings_of((x, y, z))
    >>> f = qq.from_expr(-2*x**2*y/3 + 2*y/3)
    >>> _ring_factor_list(f) == f.factor_list()
    True
    """
    domain = poly.ring.domain
    if poly.is_ground or not (domain.is_QQ or domain.is_ZZ):
        return poly.factor_list()
    own = own_ring(poly)
    denominator, integral = integer_polynomial(own) if domain.is_QQ else (1, own)
    content, factors = factor_integer(integral)
    coefficient = domain(content) / domain(int(denominator)) if domain.is_QQ else domain(content)
    out = []
    for f, k in factors:
        g = f.set_ring(poly.ring)
        if g.LC < 0:
            g = -g
            coefficient = -coefficient if k % 2 else coefficient
        out.append((g, k))
    return coefficient, sorted(out, key=_dense_key)


def integer_polynomial(poly):
    """A polynomial over QQ as (denominator, the polynomial times it over ZZ, its generators
    in sympy's order: the sign of a factor is that of its leading coefficient in that order)."""
    found = _INTEGRAL.get(poly)
    if found is None:
        if len(_INTEGRAL) > CACHE_LIMIT:
            _INTEGRAL.clear()
        _, zz = rings_of(sympy_gens(poly.ring.symbols))
        denominator, cleared = poly.clear_denoms()
        found = _INTEGRAL[poly] = (denominator, cleared.set_ring(zz))
    return found


_INTEGRAL: dict = {}


def factor_integer(poly) -> tuple[int, tuple]:
    """``poly`` (over ZZ) as ``(content, ((irreducible, multiplicity), ...))``, remembered;
    each factor primitive with a positive leading coefficient, as sympy gives them. The
    factors of ``-poly`` are those of ``poly`` (a condition is written both ways round)."""
    found = _FACTORS.get(poly)
    if found is None:
        if len(_FACTORS) > CACHE_LIMIT:
            _FACTORS.clear()
        negated = _FACTORS.get(-poly)
        found = (-negated[0], negated[1]) if negated is not None else _factor_integer(poly)
        _FACTORS[poly] = found
    return found


def _factor_integer(poly) -> tuple[int, tuple]:
    if poly.is_ground:
        return int(poly.LC) if poly else 0, ()
    degrees = [(d != 1, i) for i, d in enumerate(poly.degrees()) if d > 0]
    for not_linear, i in sorted(degrees):        # degree one first: the part left is irreducible
        content = _content_in(poly, i)
        if not_linear and content.is_ground:
            continue
        rest = poly.exquo(content)
        c, factors = factor_integer(content)
        if not_linear:                           # the factors without x, then those with it
            d, more = factor_integer(rest)
            return c * d, factors + more
        unit = rest.content()
        if rest.LC < 0:
            unit = -unit
        rest = rest.quo_ground(unit)
        _remember(rest)
        return c * int(unit), factors + ((rest, 1),)
    known = _known_divisor(poly)
    if known is not None:                        # a factor met before: divide it out
        c, factors = factor_integer(poly.exquo(known))
        return c, _merge(factors, known)
    coefficient, factors = poly.factor_list()
    for f, _ in factors:
        _remember(f)
    return int(coefficient), tuple((f, k) for f, k in factors)


#: Irreducible factors met so far, per ring, with their value at the ring's test point.
_KNOWN: dict = {}


def _test_point(ring) -> tuple[int, ...]:
    return tuple(3 + 2 * i + i * i for i in range(ring.ngens))


def _value(poly, point) -> int:
    total = 0
    for monom, c in poly.items():
        term = int(c)
        for v, e in zip(point, monom):
            if e:
                term *= v ** e
        total += term
    return total


def _remember(f) -> None:
    """Keep an irreducible factor (with two terms or more) to try on later polynomials."""
    if len(f) < 2:
        return
    known = _KNOWN.setdefault(f.ring, {})
    if len(known) > 4096:
        known.clear()
    known.setdefault(f, _value(f, _test_point(f.ring)))


def _known_divisor(poly):
    """An irreducible factor met before that divides ``poly``, or ``None``."""
    known = _KNOWN.get(poly.ring)
    if not known:
        return None
    degrees = poly.degrees()
    at = _value(poly, _test_point(poly.ring))
    for f, value in known.items():
        if value == 0 or at % value or any(d > e for d, e in zip(f.degrees(), degrees)):
            continue
        _, remainder = poly.div(f)
        if not remainder:
            return f
    return None


def _merge(factors: tuple, f) -> tuple:
    """``factors`` with one more power of the irreducible ``f``."""
    out = [(g, k + (g == f)) for g, k in factors]
    if not any(g == f for g, _ in factors):
        out.append((f, 1))
    return tuple(out)


def _content_in(poly, i: int):
    """The gcd of the coefficients of ``poly`` as a polynomial in its ``i``-th generator:
    the product of its factors without that generator (1 when there is none)."""
    ring = poly.ring
    by_power: dict = {}
    for monom, c in poly.items():
        by_power.setdefault(monom[i], {})[monom[:i] + (0,) + monom[i + 1:]] = c
    content = None
    for terms in by_power.values():
        coefficient = ring.from_dict(terms)
        content = coefficient if content is None else content.gcd(coefficient)
        if content.is_ground:           # no factor without x (the integer content aside)
            return ring.one
    return content


def _rational(c):
    import sympy

    return sympy.Rational(int(c.numerator), int(c.denominator))


def _terms_gcd(poly):
    """The monomial dividing every term of ``poly``, and ``poly`` divided by it."""
    monomial = tuple(min(m[i] for m in poly) for i in range(poly.ring.ngens)) if poly else ()
    if not any(monomial):
        return monomial, poly
    return monomial, poly.ring.from_dict({tuple(a - b for a, b in zip(m, monomial)): c
                                          for m, c in poly.items()})


def _dense_key(item):
    f, k = item
    rep = f.to_dense()
    return (len(rep), k, rep)


def own_ring(poly):
    """``poly`` in the ring of the symbols it contains, in sympy's order."""
    used = sympy_gens([g for i, g in enumerate(poly.ring.symbols) if poly.degree(i) > 0])
    if used == poly.ring.symbols:
        return poly
    qq, zz = rings_of(tuple(used))
    return poly.set_ring(zz if poly.ring.domain.is_ZZ else qq)


def field_element(field, expr):
    """``field.from_sympy(expr)``: ``expr`` in the field of rational functions ``field``
    (a sympy ``FractionField``), the same element, sooner. sympy adds and multiplies in the
    field, cancelling a fraction at every step; here the numerator and the denominator are
    built in the field's ring from the sums, products and whole powers of ``expr`` (the
    terms over one denominator added first) and cancelled once, which gives the same
    canonical fraction. Anything else (a float, a root, a function, a symbol outside the
    field) is left to ``from_sympy``, which raises what it raises.

    >>> import sympy
    >>> from sympy import QQ
    >>> x, y = sympy.symbols("x y")
    >>> field = QQ.frac_field(x, y)
    >>> e = x/(x + y) - y/(2*x + 2*y) + (x - 1)**2/3
    >>> field_element(field, e) == field.from_sympy(e)
    True
    """
    ring = field.field.ring
    try:
        numerator, denominator = _fraction_parts(expr, ring, {g: k for k, g in enumerate(ring.symbols)})
    except _NotRational:
        return field.from_sympy(expr)
    return field.field.new(numerator, denominator)


class _NotRational(Exception):
    """Raised inside :func:`_fraction_parts` for what it does not read."""


def _fraction_parts(expr, ring, index: dict) -> tuple:
    """``(numerator, denominator)`` of ``expr`` in ``ring``, not cancelled."""
    from sympy import QQ

    if expr.is_Symbol:
        if expr not in index:
            raise _NotRational
        return ring.gens[index[expr]], ring.one
    if expr.is_Rational:
        return ring.ground_new(QQ(expr.p, expr.q)), ring.one
    if expr.is_Add:
        over: dict = {}                    # denominator -> the numerators over it, added
        for term in expr.args:
            n, d = _fraction_parts(term, ring, index)
            over[d] = over[d] + n if d in over else n
        numerator, denominator = ring.zero, ring.one
        for d, n in over.items():
            if d == denominator:
                numerator += n
            else:
                numerator, denominator = numerator * d + n * denominator, denominator * d
        return numerator, denominator
    if expr.is_Mul:
        numerator = denominator = None
        coefficient = QQ.one
        for factor in expr.args:
            if factor.is_Rational:
                coefficient *= QQ(factor.p, factor.q)
                continue
            n, d = _fraction_parts(factor, ring, index)
            numerator = n if numerator is None else numerator * n
            if d != ring.one:
                denominator = d if denominator is None else denominator * d
        if numerator is None:
            numerator = ring.ground_new(coefficient)
        elif coefficient != QQ.one:
            numerator = numerator.mul_ground(coefficient)
        return numerator, ring.one if denominator is None else denominator
    if expr.is_Pow and expr.exp.is_Integer:
        n, d = _fraction_parts(expr.base, ring, index)
        e = int(expr.exp)
        if e >= 0:
            return n ** e, d ** e
        if not n:
            raise ZeroDivisionError("a zero denominator")
        return d ** -e, n ** -e
    raise _NotRational


@functools.lru_cache(maxsize=16384)
def polynomial_of(expr):
    """``expr`` as a polynomial over QQ in its own symbols (sympy's order), or ``None``;
    remembered (the polynomial is shared: never change it in place)."""
    from sympy.polys.polyerrors import CoercionFailed

    gens = sympy_gens(expr.free_symbols)
    if not gens or not all(g.is_Symbol for g in gens):
        return None
    qq, _ = rings_of(gens)
    try:
        return qq.from_expr(expr)
    except (ValueError, CoercionFailed):
        return None


@functools.lru_cache(maxsize=8192)
def factor_list(expr) -> tuple[Any, list[tuple[Any, int]]]:
    """``sympy.factor_list(expr)``: the same coefficient and factors, in the same order.

    >>> import sympy
    >>> x, y = sympy.symbols("x y")
    >>> factor_list(2*x**2*y - 2*y)
    (2, [(x - 1, 1), (y, 1), (x + 1, 1)])
    """
    import sympy

    found = _factor_list(expr)
    if found is None:
        found = _factor_list_around(expr)
    return sympy.factor_list(expr) if found is None else found


def _factor_list_around(expr):
    """:func:`_factor_list` of an expression with ``min``/``max``/``abs`` terms, each standing
    in as a symbol of the same name while it is factored: sympy takes such a term as one
    more generator, and orders generators by their names, so the factors, their signs and
    their order are sympy's. ``None`` where that does not hold (a term sympy would expand
    inside, or a name already taken)."""
    import sympy

    if not isinstance(expr, sympy.Expr):
        return None
    atoms = expr.atoms(sympy.Min, sympy.Max, sympy.Abs)
    if not atoms:
        return None
    stand_in = {a: sympy.Symbol(str(a)) for a in atoms}
    taken = {s.name for s in expr.free_symbols}
    if len({s.name for s in stand_in.values()} | taken) < len(atoms) + len(taken) \
            or any(a.expand() != a for a in atoms):
        return None
    back = {d: a for a, d in stand_in.items()}

    def restore(e):
        return e.xreplace(back)

    if expr.is_Add:
        found = _factor_list(expr.xreplace(stand_in), restore)
    elif expr.is_Mul:                   # its arguments in the order sympy gives them
        found = _parts_factor_list([(arg.xreplace(stand_in), None) for arg in expr.args])
    else:
        found = None
    if found is None:
        return None
    coefficient, factors = found
    return coefficient, [(f.xreplace(back), k) for f, k in factors]


def _factor_list(expr, restore=None):
    """What ``sympy.factor_list`` does, step by step: ``together`` pulls the common monomial
    of an expanded polynomial out as separate parts of a product; each part is factored as
    a polynomial in its own symbols, its factors sorted, then all factors sorted stably by
    their dense form (in the symbols of their part). ``None`` for what this does not cover."""
    import sympy

    if not isinstance(expr, sympy.Expr):
        return None
    if expr.is_Add:
        poly = polynomial_of(expr)
        if poly is None:
            return None
        return polynomial_factor_list(poly, restore)
    return _parts_factor_list([(arg, None) for arg in sympy.Mul.make_args(expr)])


def polynomial_factor_list(poly, restore=None):
    """:func:`factor_list` of the expanded form of ``poly`` (a polynomial over QQ, in any
    ring: it is the polynomial that counts, not the ring). ``restore`` (for generators
    standing in for terms): the parts of its common monomial ordered as sympy orders the
    terms they stand for."""
    import sympy

    poly = own_ring(poly)
    if poly.is_ground:
        return _rational(poly.LC) if poly else sympy.Integer(0), []
    monomial, rest = _terms_gcd(poly)
    gens = poly.ring.symbols
    pieces = [gens[i] ** e for i, e in enumerate(monomial) if e]
    parts = [(arg, None) for arg in _mul_args(pieces, restore) if pieces]
    rest = own_ring(rest)
    if rest.is_ground:
        parts.append((_rational(rest.LC), None))
    else:
        parts.append((None, rest))
    return _parts_factor_list(parts)


def _mul_args(factors, restore=None) -> tuple:
    """The arguments of the product of ``factors`` in sympy's order (of what they stand for,
    with ``restore``)."""
    import sympy

    args = sympy.Mul.make_args(sympy.Mul(*factors))
    if restore is None:
        return args
    position = {a: k for k, a in enumerate(sympy.Mul.make_args(sympy.Mul(*map(restore, args))))}
    return tuple(sorted(args, key=lambda a: position[restore(a)]))


def _parts_factor_list(parts):
    import sympy

    coefficient = sympy.Integer(1)
    collected: dict = {}
    for arg, poly in parts:
        exp = 1
        if poly is None:
            if arg.is_Number:
                if not arg.is_Rational:
                    return None
                coefficient *= arg
                continue
            base = arg
            if arg.is_Pow:
                base, e = arg.args
                if base.is_Number or not (e.is_Integer and e > 0):
                    return None
                exp = int(e)
            if not (base.is_Symbol or base.is_Add):
                return None
            poly = polynomial_of(base)
            if poly is None or (base.is_Add and any(_terms_gcd(poly)[0])):
                return None      # together would split it: left to sympy
        denominator, integral = integer_polynomial(poly)
        content, factors = factor_integer(integral)
        coefficient *= (sympy.Rational(content) / sympy.Rational(int(denominator))) ** exp
        for f, k in sorted(factors, key=_dense_key):   # each in the symbols of its part
            collected[f] = collected.get(f, 0) + k * exp

    def key(item):          # then, stably, across the parts
        f, k = item
        rep = f.to_dense()
        return (len(rep), f.ring.ngens, k, rep)

    return coefficient, [(f.as_expr(), k) for f, k in sorted(collected.items(), key=key)]


def cancel_fraction(numer, denom):
    """``sympy.cancel(numer/denom)`` of sparse polynomials over QQ in one ring (``denom`` not
    zero; not both constants): the fraction over ZZ in lowest terms (contents included),
    the denominator's leading coefficient positive — what ``cancel`` gives, without
    ``factor_terms`` on expressions.

    >>> import sympy
    >>> x, y = sympy.symbols("x y")
    >>> qq, _ = rings_of((x, y))
    >>> cancel_fraction(qq.from_expr(x**2 - y**2), qq.from_expr(-2*x - 2*y))
    -x/2 + y/2
    >>> sympy.cancel((x**2 - y**2)/(-2*x - 2*y))
    -x/2 + y/2
    """
    dn, nz = integer_polynomial(numer)
    dd, dz = integer_polynomial(denom)
    _, p, q = nz.mul_ground(int(dd)).cofactors(dz.mul_ground(int(dn)))
    if q.LC < 0:
        p, q = -p, -q
    return p.as_expr() / q.as_expr()


@functools.lru_cache(maxsize=8192)
def factor(expr):
    """``sympy.factor(expr)`` of a polynomial or rational function in its symbols
    (the same expression), by :func:`factor_integer`.

    >>> import sympy
    >>> x, y = sympy.symbols("x y")
    >>> factor((x**2 - 1)/(2*x*y - 2*y))
    (x + 1)/(2*y)
    """
    import sympy

    found = _factor(expr)
    return sympy.factor(expr) if found is None else found


def _factor(expr):
    import sympy
    from sympy.core.mul import _keep_coeff
    from sympy.polys.polyerrors import CoercionFailed

    if not isinstance(expr, sympy.Expr):
        return None
    if expr.is_Number:
        return expr if expr.is_Rational else None
    gens = sympy_gens(expr.free_symbols)
    if not all(g.is_Symbol for g in gens) or expr.has(sympy.Min, sympy.Max, sympy.Abs, sympy.Piecewise):
        return None
    from sympy import QQ

    poly = polynomial_of(expr) if expr.is_Add or expr.is_Mul or expr.is_Pow or expr.is_Symbol else None
    if poly is not None:             # a polynomial: no field (whose every step cancels)
        return rational_factored(poly, poly.ring.one, _keep_coeff)
    try:
        element = field_element(QQ.frac_field(*gens), expr)
    except (CoercionFailed, ValueError, ZeroDivisionError, sympy.PolynomialError):
        return None
    return rational_factored(element.numer, element.denom, _keep_coeff)


def rational_factored(numer, denom, keep=None):
    """``numer/denom`` (polynomials over QQ) in sympy's factored form: the
    expression ``sympy.factor`` gives."""
    import sympy

    if keep is None:
        from sympy.core.mul import _keep_coeff as keep
    if not numer:
        return sympy.Integer(0)
    coefficient = sympy.Integer(1)
    powers = []
    for part, sign in ((numer, 1), (denom, -1)):
        d, integral = integer_polynomial(part)
        c, factors = factor_integer(integral)
        coefficient *= (sympy.Rational(c) / sympy.Rational(int(d))) ** sign
        powers += [f.as_expr() ** (sign * k) for f, k in factors]
    return keep(coefficient, sympy.Mul(*powers))


__all__ = [
    "cancel_fraction",
    "factor",
    "factor_integer",
    "factor_list",
    "field_element",
    "integer_polynomial",
    "polynomial_of",
    "rational_factored",
    "ring_factor_list",
    "rings_of",
    "sympy_gens",
]
