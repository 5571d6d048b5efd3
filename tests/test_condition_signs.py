"""The shortcuts conditions take past sympy's assumption system give sympy's answers (issue 12).

* :func:`~deterrence.parametric.mixed_signs.takes_both_signs` is a proof: whenever it says a
  polynomial takes both signs on its symbols' domain, sympy's ``is_positive``,
  ``is_negative``, ``is_nonnegative`` and ``is_nonpositive`` are all ``None`` (seeded random
  polynomials in positive, non-negative, negative and real symbols); and it finds the
  proof for most polynomials that have one (the test would catch a proof that never fires).
* :func:`~deterrence.parametric.conditions.make_conditions` gives the same conditions,
  text for text, with the proofs as without them (every sign question then put to sympy).
* :func:`~deterrence.parametric.factoring.factor_list` of an expression with ``min``/``max``
  terms is ``sympy.factor_list``'s: the same factors, signs and order.
"""

from __future__ import annotations

import random

import pytest
import sympy

from deterrence.parametric import conditions, factoring, mixed_signs

P, Q = sympy.symbols("P Q", positive=True)
U, V = sympy.symbols("U V", nonnegative=True)
N = sympy.Symbol("N", negative=True)
R = sympy.Symbol("R", real=True)
SYMBOLS = (P, Q, U, V, N, R)


def _random_polynomial(rng: random.Random, symbols, terms: int, degree: int = 2):
    out = sympy.Integer(0)
    for _ in range(terms):
        monomial = sympy.Mul(*(s ** rng.randint(0, degree) for s in rng.sample(symbols, 2)))
        out += sympy.Rational(rng.randint(-4, 4), rng.randint(1, 3)) * monomial
    return sympy.expand(out)


@pytest.mark.parametrize("seed", range(4))
def test_a_proof_of_both_signs_means_sympy_knows_no_sign(seed):
    rng = random.Random(seed)
    proved = mixed = 0
    for _ in range(60):
        e = _random_polynomial(rng, SYMBOLS, rng.randint(1, 4))
        if e.is_number:
            continue
        answers = (e.is_positive, e.is_negative, e.is_nonnegative, e.is_nonpositive)
        if mixed_signs.takes_both_signs(e):
            proved += 1
            assert answers == (None, None, None, None), e
        if answers == (None, None, None, None):
            mixed += 1
    assert proved >= mixed // 2 > 0


@pytest.mark.parametrize("seed", range(2))
def test_says_is_sympys_true(seed):
    rng = random.Random(50 + seed)
    questions = ("is_positive", "is_negative", "is_nonnegative", "is_nonpositive")
    for _ in range(40):
        e = _random_polynomial(rng, SYMBOLS, rng.randint(1, 3))
        if rng.random() < 0.3:
            e = sympy.expand(e ** 2 * rng.choice((1, -1, P, U)))
        for q in questions:
            assert mixed_signs.says(e, q) == (getattr(e, q) is True), (e, q)


def test_squares_and_fixed_signs_are_never_proved_mixed():
    for e in (P + Q, U * V, (U - V) ** 2, sympy.expand((P - 1) ** 4), -N * P, R ** 2 + 1,
              sympy.expand(-(U - 1) ** 2 * V)):
        assert not mixed_signs.takes_both_signs(e), e
    for e in (P - Q, U * V - 1, R, N + P, sympy.expand((P - 1) ** 3)):
        assert mixed_signs.takes_both_signs(e), e


def test_symbols_of_unknown_or_narrow_domain_give_no_proof():
    z = sympy.Symbol("z")
    k = sympy.Symbol("k", integer=True, positive=True)
    assert not mixed_signs.takes_both_signs(z - 1)
    assert not mixed_signs.takes_both_signs(k - 2)


_CACHES = (conditions._normalised, conditions._normalised_fraction, conditions._solved_relation,
           mixed_signs._seen, mixed_signs.signs_seen)


def _clear_caches():
    for f in _CACHES:
        f.cache_clear()


def _all_conditions(exprs, order):
    out = []
    for e, strict in exprs:
        try:
            out.append([(c.text, c.strict, str(c.expr), c.latex)
                        for c in conditions.make_conditions(e, strict, "", order)])
        except conditions.Impossible:
            out.append("impossible")
    return out


@pytest.mark.parametrize("seed", range(3))
def test_conditions_are_the_same_with_and_without_the_proofs(seed, monkeypatch):
    rng = random.Random(100 + seed)
    symbols = [P, Q, U, V]
    exprs = []
    for _ in range(25):
        num = _random_polynomial(rng, symbols, rng.randint(1, 4))
        den = _random_polynomial(rng, symbols, rng.randint(1, 2), degree=1)
        if num.is_number or den == 0:
            continue
        exprs.append((num / den if rng.random() < 0.5 else num, rng.random() < 0.5))
    order = tuple(symbols)
    _clear_caches()
    fast = _all_conditions(exprs, order)
    monkeypatch.setattr(mixed_signs, "signs_seen", lambda poly: frozenset())
    _clear_caches()
    slow = _all_conditions(exprs, order)
    _clear_caches()
    assert fast == slow


@pytest.mark.parametrize("seed", [0, pytest.param(1, marks=pytest.mark.slow),
                                  pytest.param(2, marks=pytest.mark.slow)])
def test_factor_list_around_min_and_max_is_sympys(seed):
    x, y, d, D = sympy.symbols("x y d D", nonnegative=True)
    terms = [sympy.Max(0, x - 1), sympy.Max(0, 2 * y - x), sympy.Min(1, x + y),
             sympy.Max(0, 1 - x), sympy.Max(0, D - d)]
    rng = random.Random(seed)
    for _ in range(30):
        gens = [x, y, d, D] + rng.sample(terms, 2)

        def part():
            return sum(rng.randint(-3, 3) * sympy.Mul(*(g ** rng.randint(0, 1) for g in gens))
                       for _ in range(rng.randint(1, 3)))

        e = part() * part() * (part() if rng.random() < 0.5 else 1)
        if rng.random() < 0.7:
            e = sympy.expand(e)
        if e.is_number:
            continue
        got, want = factoring.factor_list(e), sympy.factor_list(e)
        assert got == want and str(got) == str(want), e


@pytest.mark.parametrize("seed", range(2))
def test_cancel_of_sparse_fractions_is_sympys(seed):
    a_, b_, c_, d_ = syms = sympy.symbols("a b c d", positive=True)
    qq, _ = factoring.rings_of(factoring.sympy_gens(syms))
    rng = random.Random(seed)

    def part(k):
        return sympy.expand(sum(sympy.Rational(rng.randint(-6, 6), rng.choice([1, 1, 2, 3, 4]))
                                * sympy.Mul(*(s ** rng.randint(0, 2) for s in rng.sample(syms, 2)))
                                for _ in range(k)))

    for _ in range(60):
        common = part(rng.randint(1, 2)) if rng.random() < 0.3 else 1
        a, b = sympy.expand(part(rng.randint(1, 3)) * common), sympy.expand(part(rng.randint(1, 3)) * common)
        if a == 0 or (a.is_number and b.is_number):
            continue
        want = sympy.cancel(-b / a)
        got = factoring.cancel_fraction(-qq.from_expr(b), qq.from_expr(a))
        assert got == want and str(got) == str(want), (a, b)


@pytest.mark.parametrize("seed", range(3))
def test_factors_of_a_ring_polynomial_are_sympys_whatever_generators_go_unused(seed):
    """``ring_factor_list`` factors in the ring of the symbols a polynomial contains and maps
    the factors back: the coefficient, factors, signs and order of sympy's ``factor_list``
    in the whole ring, with generators unused and in an order sympy would not give them."""
    from sympy import QQ, ZZ
    from sympy.polys.rings import PolyRing

    rng = random.Random(seed)
    names = sympy.symbols("z y x w v u t s")
    for domain in (QQ, ZZ):
        ring = PolyRing(names, domain)
        for _ in range(40):
            used = rng.sample(names, rng.randint(2, 4))
            parts = [_random_polynomial(rng, used, rng.randint(1, 3), degree=2) for _ in range(rng.randint(1, 3))]
            e = sympy.expand(sympy.Mul(*(p ** rng.randint(1, 2) for p in parts)) * rng.choice([1, -2, 3]))
            if e == 0:
                continue
            if domain is ZZ:
                e = sympy.expand(e * sympy.lcm([sympy.fraction(t)[1] for t in sympy.Add.make_args(e)]))
            poly = ring.from_expr(e)
            got, want = factoring.ring_factor_list(poly), poly.factor_list()
            assert got == want and [f.ring for f, _ in got[1]] == [f.ring for f, _ in want[1]], e


@pytest.mark.parametrize("seed", [5, 6])
def test_a_polynomial_written_the_other_way_round_has_sympys_factors_and_content(seed):
    """``factor_integer(-p)`` after ``factor_integer(p)`` reuses the factors and negates the
    content; both are the content and factors sympy's ``factor_list`` gives for each sign
    on its own (``factor_integer`` keeps its own order of the factors)."""
    from sympy import ZZ
    from sympy.polys.rings import PolyRing

    rng = random.Random(seed)
    names = sympy.symbols("z y x w")
    ring = PolyRing(names, ZZ)
    for _ in range(30):
        used = rng.sample(names, rng.randint(2, 4))
        parts = [_random_polynomial(rng, used, rng.randint(1, 3), degree=2) for _ in range(rng.randint(1, 3))]
        e = sympy.expand(sympy.Mul(*parts) * rng.choice([1, -2, 6]))
        e = sympy.expand(e * sympy.lcm([sympy.fraction(t)[1] for t in sympy.Add.make_args(e)]))
        if e == 0:
            continue
        poly = ring.from_expr(e)
        first = rng.choice([poly, -poly])
        for p in (first, -first):
            (content, factors), (want_content, want) = factoring.factor_integer(p), p.factor_list()
            as_exprs = lambda fs: {f.as_expr(): k for f, k in fs}      # noqa: E731
            assert (content, as_exprs(factors)) == (want_content, as_exprs(want)), p
            assert len(factors) == len(want), p


def _says_what_sympy_says(e, shortcut) -> bool:
    """Check ``says`` against sympy on all four sign questions about ``e``, and that sympy
    answers ``None`` to each where ``shortcut`` claims it cannot sign ``e``; whether it
    claimed so."""
    poly = factoring.polynomial_of(e)
    claimed = shortcut(e)
    if claimed:
        assert (e.is_positive, e.is_negative, e.is_nonnegative, e.is_nonpositive) == (None,) * 4, e
    for question in ("is_positive", "is_negative", "is_nonnegative", "is_nonpositive"):
        assert mixed_signs.says(e, question, poly) is (getattr(e, question) is True), (e, question)
    return claimed


@pytest.mark.parametrize("seed", range(4))
def test_a_sum_of_monomials_of_both_signs_without_a_constant_is_one_sympy_cannot_sign(seed):
    """Where ``says`` does not ask sympy because the form of a polynomial tells (terms of
    both signs, no constant, non-negative symbols), sympy's answer to each of the four sign
    questions is ``None``, so ``says`` gives what sympy gives; the sums include some that
    are of one sign, like ``U*(U - 1)**2`` expanded. (A constant term is left out of the
    shortcut although sympy was seen to sign no such sum either: its ``_monotonic_sign``
    reads sums with a constant.)"""
    rng = random.Random(100 + seed)
    skipped = 0
    for k in range(80):
        # mostly non-negative symbols; a negative or unsigned one now and then (then sympy
        # can sign some such sums: N**2 - N > 0)
        symbols = rng.sample((P, Q, U, V) if k % 3 else SYMBOLS, rng.randint(1, 3))
        e = _random_polynomial(rng, symbols + [rng.choice(symbols)], rng.randint(2, 5), degree=3)
        if k % 4 == 0:       # a polynomial of one sign that sympy cannot sign
            s = rng.choice(symbols)
            e = sympy.expand(rng.choice([1, -1]) * s * (s - rng.randint(1, 3)) ** 2 * rng.choice(symbols))
        e = e - e.as_coeff_Add()[0]
        if e.is_number:
            continue
        skipped += _says_what_sympy_says(e, mixed_signs.sympy_cannot_sign)
    assert skipped >= 20


@pytest.mark.parametrize("seed", range(4))
def test_a_polynomial_in_one_symbol_whose_derivative_has_a_positive_root_is_one_sympy_cannot_sign(seed):
    """Where ``says`` does not ask sympy because a polynomial in one non-negative symbol
    has terms of both signs and a derivative with a root beyond 0 (an odd number of sign
    changes), sympy's answer to each of the four sign questions is ``None``: ``says``
    gives what sympy gives. Among them the pools' ``(r - 1)**14`` expanded, never
    negative; a positive integer symbol is left to sympy (it signs ``K**2 - K + 1``,
    starting at ``K = 1``), and so are negative and unsigned symbols."""
    K = sympy.Symbol("K", positive=True, integer=True)
    rng = random.Random(200 + seed)
    skipped = 0
    for k in range(60):
        s = rng.choice((P, U, U, V, K, N, R))
        if k % 3 == 0:       # one sign throughout, or nearly: c*(s - a)**n + b
            e = sympy.expand(rng.choice([1, -1]) * (s - rng.randint(1, 3)) ** rng.randint(2, 7)
                             + rng.randint(-2, 2))
        else:
            e = sympy.Integer(rng.randint(-3, 3))
            for degree in rng.sample(range(1, 8), rng.randint(2, 4)):
                e += sympy.Rational(rng.choice([-3, -2, -1, 1, 2, 3]), rng.randint(1, 2)) * s ** degree
        if e.is_number:
            continue
        skipped += _says_what_sympy_says(e, mixed_signs.sympy_cannot_sign_in_one_symbol)
    assert skipped >= 5
    r = sympy.Symbol("r", nonnegative=True)
    assert mixed_signs.sympy_cannot_sign_in_one_symbol(sympy.expand((r - 1) ** 14))
