"""FractionField's shortcuts for sums and products give sympy's own elements, in lowest terms."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from deterrence import load_game
from deterrence.parametric.tree_pieces import FractionField


@pytest.fixture(scope="module")
def field():
    return FractionField(load_game("punishment_credibility"))   # parameters p, V, c


def random_element(field, rng):
    import sympy

    expr = sympy.Integer(0)
    for _ in range(rng.randint(0, 3)):
        term = sympy.Rational(rng.randint(-6, 6), rng.choice([1, 1, 2, 3, 4, 6]))
        for s in field.symbols:
            term *= s ** rng.randint(0, 2)
        expr += term
    if rng.random() < 0.3:      # a denominator that is not a number
        expr = expr / (field.symbols[0] + rng.randint(1, 3))
    return field._field.from_sympy(expr)


@pytest.mark.parametrize("seed", range(20))
def test_sums_and_products_are_sympys_own(field, seed):
    rng = random.Random(seed)
    for _ in range(50):
        a, b = random_element(field, rng), random_element(field, rng)
        for got, want in ((field.add(a, b), a + b), (field.mul(a, b), a * b)):
            # the same numerator and denominator, not only an equal value
            assert (got.numer, got.denom) == (want.numer, want.denom)


def test_a_common_factor_of_the_coefficients_cancels(field):
    p = field.of_name("p")
    half, two = field.const(Fraction(1, 2)), field.const(Fraction(2))
    product = field.mul(field.mul(half, p), two)
    assert (product.numer, product.denom) == (p.numer, p.denom)
    assert field.add(field.mul(half, p), field.mul(half, p)) == p
