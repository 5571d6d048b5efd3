"""A threshold ``a*s + b = 0`` is written ``s = -b/a`` in its shortest form, one of which
is sympy's ``factor(-b/a)``: computed from the sparse parts ``a`` and ``b`` (in the ring of
the whole condition, ``s`` among its generators), it must be sympy's own, on random
fractions too."""

import random

import pytest
import sympy

from deterrence.parametric import factoring
from deterrence.parametric.conditions import boundary_equation

x, y, z, s = sympy.symbols("x y z s", nonnegative=True)


def _random_polynomial(rng: random.Random, symbols, terms: int):
    out = sympy.Integer(0)
    for _ in range(terms):
        coefficient = sympy.Rational(rng.randint(-9, 9), rng.randint(1, 4))
        out += coefficient * sympy.Mul(*(g ** rng.randint(0, 2) for g in symbols))
    return sympy.expand(out)


@pytest.mark.parametrize("seed", range(40))
def test_factored_from_the_parts_is_sympys_factor_of_the_fraction(seed):
    rng = random.Random(seed)
    common = _random_polynomial(rng, (x, y), 2) if seed % 3 == 0 else sympy.Integer(1)
    a = sympy.expand(common * _random_polynomial(rng, (x, y, z), rng.randint(1, 3)))
    b = sympy.expand(common * _random_polynomial(rng, (x, y, z), rng.randint(1, 4)))
    if a == 0:
        a = sympy.Integer(rng.randint(1, 5))
    condition = factoring.polynomial_of(sympy.expand(a * s + b))
    if condition is None or condition.degree(condition.ring.symbols.index(s)) != 1:
        pytest.skip("not linear in s")
    k = condition.ring.symbols.index(s)
    parts_a = condition.ring.from_dict({m[:k] + (0,) + m[k + 1:]: c for m, c in condition.items() if m[k]})
    parts_b = condition.ring.from_dict({m: c for m, c in condition.items() if not m[k]})
    assert factoring.rational_factored(-parts_b, parts_a) == sympy.factor(-b / a)


def test_a_boundary_is_solved_for_the_first_parameter_it_is_linear_in():
    eq = boundary_equation(sympy.expand((x + y) * s - (x**2 - y**2)), (s, x, y))
    assert eq.lhs == s and sympy.simplify(eq.rhs - (x - y)) == 0


def test_generators_are_sympys_order_and_symbols_alike_by_name_are_not_remembered_as_a_set():
    a, b = sympy.Dummy("q"), sympy.Dummy("q")      # both print as _q
    assert factoring.sympy_gens({z, x, y}) == (x, y, z)
    assert factoring.sympy_gens([y, x]) == (x, y)
    assert factoring.sympy_gens([a, b]) == (a, b) and factoring.sympy_gens([b, a]) == (b, a)
    for _ in range(2):           # read in whichever order the set gives: sympy's own order
        both = {a, b}
        assert factoring.sympy_gens(both) == sympy.Poly(a + b).gens
