"""Vertices of a polyhedron with its equalities eliminated, against cddlib on the whole system.

:func:`deterrence.trees.polyhedra.vertices` solves the equalities away and sets
to zero what a nonnegative sum forces to zero before cddlib runs. The oracle is
cddlib itself, given every row and the equalities as its linearity set: the
vertices and the rows tight at each must be the same, on small textbook
polyhedra, on random ones (degenerate, unbounded, empty), and on every
polyhedron the exact tree solver enumerates for catalogue and random trees.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from deterrence.io import load_game
from deterrence.nash.enumeration import long_integers
from deterrence.trees import polyhedra
from deterrence.trees.polyhedra import vertices


def cddlib(rows, lin) -> list[tuple[tuple, frozenset]]:
    """Every vertex of the whole system and its tight rows, by cddlib alone (with the row
    1 >= 0 added, never tight: cddlib takes a system with every b = 0 for a cone and
    lists no vertex at the origin)."""
    import cdd

    rows = [list(r) for r in rows] + [[1] + [0] * (len(rows[0]) - 1)]
    with long_integers():
        mat = cdd.Matrix(rows, number_type="fraction")
        mat.rep_type = cdd.RepType.INEQUALITY
        mat.lin_set = frozenset(lin)
        poly = cdd.Polyhedron(mat)
        generators, incidence = poly.get_generators(), poly.get_incidence()
    out = []
    for g in range(generators.row_size):
        row = generators[g]
        if row[0] == 0 or g in generators.lin_set:
            continue
        out.append((tuple(Fraction(v) / Fraction(row[0]) for v in row), frozenset(incidence[g])))
    return out


def same(rows, lin) -> None:
    assert sorted(vertices(rows, frozenset(lin))) == sorted(cddlib(rows, lin)), (rows, lin)


def test_a_segment_on_a_line_with_a_free_variable_beside_it():
    # x + y = 1, x >= 0, y >= 0, w >= x: the two ends of the segment
    rows = [[-1, 1, 1, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, -1, 0, 1]]
    found = sorted(vertices(rows, frozenset({0})))
    assert found == [((1, 0, 1, 0), frozenset({0, 1, 3})), ((1, 1, 0, 1), frozenset({0, 2, 3}))]
    same(rows, {0})


def test_a_cone_left_after_the_equalities_keeps_its_vertex():
    # x = 1; y >= z >= 0: once x is gone every row reads b = 0, which cddlib alone takes for
    # a cone (rays only); the origin is the vertex (1, 1, 0, 0), every row but x >= 0 tight
    rows = [[-1, 1, 0, 0], [0, 1, 0, 0], [0, 0, 1, -1], [0, 0, 0, 1], [0, 0, 0, 1]]
    assert vertices(rows, frozenset({0})) == [((1, 1, 0, 0), frozenset({0, 2, 3, 4}))]
    same(rows, {0})


def test_a_nonnegative_sum_of_zero_forces_each_term_to_zero():
    # x + y = 0 with x, y >= 0, and z <= 2 with z >= 0: x = y = 0, z at either end
    rows = [[0, 1, 1, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [2, 0, 0, -1]]
    found = sorted(vertices(rows, frozenset({0})))
    assert [z for z, _ in found] == [(1, 0, 0, 0), (1, 0, 0, 2)]
    same(rows, {0})


def test_equalities_without_a_solution_have_no_vertex():
    assert vertices([[-1, 1, 0], [-2, 1, 0], [0, 0, 1]], frozenset({0, 1})) == []
    assert vertices([[-1, 1], [1, -1], [-2, 1]], frozenset({0})) == []    # x = 1, x >= 2


def test_equalities_that_fix_every_variable_leave_one_point():
    rows = [[-1, 1, 0], [-2, 0, 1], [0, 1, 0], [2, 0, -1]]     # x = 1, y = 2, x >= 0, y <= 2
    assert vertices(rows, frozenset({0, 1})) == [((1, 1, 2), frozenset({0, 1, 3}))]
    same(rows, {0, 1})


@pytest.mark.parametrize("seed", range(120))
def test_random_polyhedra(seed):
    rng = random.Random(seed)
    n = rng.randint(1, 5)
    rows = []
    for _ in range(rng.randint(1, 3)):                       # equalities, often sparse
        rows.append([rng.randint(-3, 3)] + [rng.choice([0, 0, 1, -1, 2]) for _ in range(n)])
    lin = set(range(len(rows)))
    for j in range(n):                                       # most variables nonnegative
        if rng.random() < 0.8:
            rows.append([0] + [int(k == j) for k in range(n)])
    for _ in range(rng.randint(0, 4)):
        rows.append([rng.randint(-2, 4)] + [rng.randint(-2, 2) for _ in range(n)])
    if rng.random() < 0.3:
        rows.append(list(rows[-1]))                          # a repeated row: degenerate
    if not any(any(r[1:]) for r in rows):
        return
    same(rows, lin)


def _enumerated(monkeypatch, games) -> list:
    """Every polyhedron the tree solver hands to :func:`vertices` while solving ``games``."""
    from deterrence.solver import solve
    from deterrence.trees import sequence_form

    seen = []
    monkeypatch.setattr(sequence_form, "_ENUMERATED", {})      # enumerations remembered

    def recording(rows, lin):
        seen.append(([list(r) for r in rows], frozenset(lin)))
        return vertices(rows, lin)

    monkeypatch.setattr(polyhedra, "vertices", recording)
    for game in games:
        solve(game)
    return seen


@pytest.mark.parametrize("name", ["two_sided_uncertainty", "tariff_ladder", "two_stage_raid",
                                  "kahn_ladder", "crisis_bargaining"])
def test_every_polyhedron_of_a_catalogue_tree(monkeypatch, name):
    seen = _enumerated(monkeypatch, [load_game(name)])
    assert seen
    for rows, lin in seen:
        same(rows, lin)


def test_every_polyhedron_of_random_trees(monkeypatch):
    from tests.test_tree_oracle import random_tree

    seen = _enumerated(monkeypatch, [random_tree(seed, depth=3 + seed % 2) for seed in range(16)])
    assert seen
    for rows, lin in seen:
        same(rows, lin)
