"""Every extreme equilibrium of a two-player game: known answers and properties.

Expected sets are exact and come from the cited sources (each checked by
hand: every strategy in the support earns the maximum against the other's
mix). Properties: every answer is an equilibrium; a positive affine change of
one player's payoffs changes nothing; relabelling strategies relabels the
answer; both ways of pairing vertices agree; cddlib's labels are the exact
tight constraints.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deterrence import load_game
from deterrence.model import NormalFormGame
from deterrence.solver import solve
from deterrence.nash.enumeration import (
    complementary_pairs,
    enumerate_equilibria,
    equilibrium_components,
    maximal_bicliques,
    normalised,
    pairs_by_faces,
    pairs_by_labels,
    polytope_vertices,
    positive_integer_matrix,
)
from deterrence.nash.verify import deviation_gains, is_probability_profile
from strategies import bimatrix_games

H = F(1, 2)
T1, T2 = F(1, 3), F(2, 3)


def profile(x, y):
    return (tuple(F(v) for v in x), tuple(F(v) for v in y))


# (A, B, extreme equilibria {(x, y)}, components as sets of equilibria)
KNOWN = [
    pytest.param(
        [[1, -1], [-1, 1]], [[-1, 1], [1, -1]],
        {profile((H, H), (H, H))}, 1,
        id="von-neumann-morgenstern-1944-matching-pennies"),
    pytest.param(
        [[2, 0], [0, 1]], [[1, 0], [0, 2]],
        {profile((1, 0), (1, 0)), profile((0, 1), (0, 1)), profile((T2, T1), (T1, T2))}, 3,
        id="luce-raiffa-1957-battle-of-the-sexes"),
    pytest.param(
        [[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]],
        {profile((1, 0, 0), (1, 0)), profile((F(4, 5), F(1, 5), 0), (T2, T1)),
         profile((0, T1, T2), (T1, T2))}, 3,
        id="von-stengel-2002-3x2-three-equilibria"),
    pytest.param(
        # the degenerate variant: Column's payoffs against the top row tie, so the
        # top row is an equilibrium with every y where y1 >= 2/3 (a segment)
        [[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]],
        {profile((1, 0, 0), (1, 0)), profile((1, 0, 0), (T2, T1)),
         profile((0, T1, T2), (T1, T2))}, 2,
        id="von-stengel-2002-3x2-degenerate-continuum"),
    pytest.param(
        [[3, 0], [5, 1]], [[3, 5], [0, 1]],
        {profile((0, 1), (0, 1))}, 1,
        id="axelrod-1984-prisoners-dilemma"),
    pytest.param(
        [[4, 0], [3, 3]], [[4, 3], [0, 3]],
        {profile((1, 0), (1, 0)), profile((0, 1), (0, 1)), profile((F(3, 4), F(1, 4)),
                                                                   (F(3, 4), F(1, 4)))}, 3,
        id="skyrms-2004-stag-hunt"),
    pytest.param(
        [[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [[0, 1, -1], [-1, 0, 1], [1, -1, 0]],
        {profile((T1, T1, T1), (T1, T1, T1))}, 1,
        id="osborne-2004-rock-paper-scissors"),
    pytest.param(
        [[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[0, 1, 0], [0, 0, 1], [1, 0, 0]],
        {profile((T1, T1, T1), (T1, T1, T1))}, 1,
        id="shapley-1964-3x3-unique-mixed"),
    pytest.param(
        [[0, 0, 0], [0, 0, 0]], [[0, 0, 0], [0, 0, 0]],
        {profile(x, y) for x in ((1, 0), (0, 1)) for y in ((1, 0, 0), (0, 1, 0), (0, 0, 1))}, 1,
        id="all-payoffs-equal-every-profile"),
    pytest.param(
        [[1, 0]], [[5, 5]],
        {profile((1,), (1, 0)), profile((1,), (0, 1))}, 1,
        id="one-row-indifferent-column"),
    pytest.param(
        [[1], [3], [3]], [[0], [0], [0]],
        {profile((0, 1, 0), (1,)), profile((0, 0, 1), (1,))}, 1,
        id="one-column-two-best-rows"),
]


@pytest.mark.parametrize("A, B, expected, n_components", KNOWN)
def test_known_extreme_equilibria(A, B, expected, n_components):
    game = NormalFormGame.bimatrix(A, B)
    result = enumerate_equilibria(game)
    assert {eq.strategies for eq in result.equilibria} == expected
    assert len(result.equilibria) == len(expected)
    assert len(result.components) == n_components
    assert (result.concept, result.method, result.exact, result.complete) == (
        "nash", "vertex-enumeration", True, True)


def test_hawk_dove_from_the_catalogue():
    """Chicken with V = 2, C = 6: escalate with probability V/C = 1/3."""
    result = enumerate_equilibria(load_game("hawk_dove"))
    assert [eq.strategies for eq in result.equilibria] == [
        profile((1, 0), (0, 1)), profile((0, 1), (1, 0)), profile((T1, T2), (T1, T2))]
    assert result.equilibria[2].payoffs == (T2, T2)
    assert result.warnings == ()


def test_degenerate_continuum_components():
    """von Stengel (2002) degenerate 3x2: a segment and an isolated point.

    The top row with any y in [(2/3, 1/3), (1, 0)] is an equilibrium: those two
    extreme equilibria form one maximal Nash subset and one component, and the
    mixed equilibrium is a component of its own.
    """
    game = NormalFormGame.bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])
    result = enumerate_equilibria(game)
    assert [eq.strategies for eq in result.equilibria] == [
        profile((1, 0, 0), (1, 0)), profile((1, 0, 0), (T2, T1)), profile((0, T1, T2), (T1, T2))]
    assert [(c.extreme, c.maximal_subsets) for c in result.components] == [
        ((0, 1), ((0, 1),)), ((2,), ((2,),))]
    assert [eq.component for eq in result.equilibria] == [0, 0, 1]
    assert result.components[0].is_continuum and not result.components[1].is_continuum
    assert len(result.warnings) == 1 and "continuum" in result.warnings[0]
    assert "1, 2" in result.warnings[0]


def test_continuum_of_two_maximal_subsets():
    """Column indifferent: three segments joined at their ends form one component."""
    game = NormalFormGame.bimatrix([[1, 0], [0, 1]], [[1, 1], [1, 1]])
    result = enumerate_equilibria(game)
    assert [eq.strategies for eq in result.equilibria] == [
        profile((1, 0), (1, 0)), profile((0, 1), (0, 1)),
        profile((1, 0), (H, H)), profile((0, 1), (H, H))]
    (component,) = result.components
    assert component.extreme == (0, 1, 2, 3)
    # {r1} x [c1, half], {r2} x [c2, half], [r1, r2] x {half}
    assert component.maximal_subsets == ((0, 2), (1, 3), (2, 3))


def test_all_equal_payoffs_one_maximal_subset():
    game = NormalFormGame.bimatrix([[7, 7], [7, 7]], [[0, 0], [0, 0]])
    result = enumerate_equilibria(game)
    assert all(eq.is_pure for eq in result.equilibria) and len(result.equilibria) == 4
    assert [c.maximal_subsets for c in result.components] == [((0, 1, 2, 3),)]


def test_order_is_pure_first_and_deterministic():
    game = NormalFormGame.bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    first = enumerate_equilibria(game).equilibria
    assert [eq.is_pure for eq in first] == [True, True, False]
    assert enumerate_equilibria(game).equilibria == first


def test_json_carries_components():
    game = NormalFormGame.bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])
    doc = enumerate_equilibria(game).to_json()
    assert doc["components"][0] == {"extreme": [0, 1], "maximal_subsets": [[0, 1]],
                                     "continuum": True}
    assert doc["equilibria"][1]["strategies"]["Column"] == {"c1": "2/3", "c2": "1/3"}


def test_solve_dispatches_to_enumeration():
    game = NormalFormGame.bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    assert solve(game).method == "vertex-enumeration"
    assert solve(game, method="enumerate").complete


def test_fractional_and_negative_payoffs():
    """Shifting and scaling to positive integers changes nothing."""
    game = NormalFormGame.bimatrix([[F(-1, 2), F(-7, 3)], [-2, F(1, 10)]],
                                   [[F(1, 2), -3], [F(-5, 7), 0]])
    for eq in enumerate_equilibria(game).equilibria:
        assert deviation_gains(game, eq.strategies) == []


# ------------------------------------------------------------------ building blocks


def test_positive_integer_matrix_is_a_positive_affine_map():
    M = np.array([[F(1, 2), F(-1, 3)], [0, 2]], dtype=object)
    out = positive_integer_matrix(M)
    flat_in = [F(v) for v in M.reshape(-1)]
    flat_out = [v for r in out for v in r]
    assert all(isinstance(v, int) and v >= 1 for v in flat_out)
    # out = scale * M + shift with scale > 0: differences are proportional
    scale = F(flat_out[0] - flat_out[1], 1) / (flat_in[0] - flat_in[1])
    assert scale > 0
    assert all(c - d == scale * (a - b) for a, c in zip(flat_in, flat_out)
               for b, d in zip(flat_in, flat_out))


def test_complementary_pairs_matches_brute_force():
    rng = np.random.default_rng(7)
    lp = rng.random((300, 6)) < 0.5
    lq = rng.random((250, 6)) < 0.5
    brute = [(a, b) for a in range(300) for b in range(250) if all(lp[a] | lq[b])]
    for m in range(7):
        assert complementary_pairs(lp, lq, m) == brute


def test_maximal_bicliques_of_a_square_with_a_tail():
    edges = [(0, 0), (0, 1), (1, 0), (1, 1), (1, 2)]
    got = sorted((sorted(x), sorted(y)) for x, y in maximal_bicliques(edges))
    assert got == [([0, 1], [0, 1]), ([1], [0, 1, 2])]


def test_components_of_disjoint_pairs():
    comps = equilibrium_components([("a", "b"), ("c", "d")])
    assert [c.extreme for c in comps] == [(0,), (1,)]


SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(bimatrix_games(max_strategies=4))
def test_cddlib_labels_are_the_exact_tight_constraints(game):
    A, B = game.payoff_arrays()
    for bounds, first in ((positive_integer_matrix(A), True),
                          ([list(c) for c in zip(*positive_integer_matrix(B))], False)):
        vertices, labels = polytope_vertices(bounds, first)
        for vertex, row in zip(vertices, labels):
            z = [F(v) / F(vertex[0]) for v in vertex[1:]]
            tight = [sum(F(a) * v for a, v in zip(r, z)) == 1 for r in bounds]
            zero = [v == 0 for v in z]
            assert list(row) == (tight + zero if first else zero + tight)


def strategy_sets(pairs):
    return {tuple(normalised(v) for v in pair) for pair in pairs}


@SETTINGS
@given(bimatrix_games(max_strategies=5))
def test_matching_labels_and_faces_agree(game):
    a, b = (positive_integer_matrix(M) for M in game.payoff_arrays())
    by_labels = strategy_sets(pairs_by_labels(a, b))
    assert strategy_sets(pairs_by_faces(a, b)) == by_labels
    swapped = pairs_by_faces([list(c) for c in zip(*b)], [list(c) for c in zip(*a)])
    assert {(x, y) for y, x in strategy_sets(swapped)} == by_labels


@SETTINGS
@given(bimatrix_games(max_strategies=5))
def test_every_answer_is_an_equilibrium(game):
    result = enumerate_equilibria(game)
    assert result.equilibria, "every finite game has an equilibrium"
    for eq in result.equilibria:
        assert is_probability_profile(game, eq.strategies)
        assert deviation_gains(game, eq.strategies) == []
    members = sorted(k for c in result.components for k in c.extreme)
    assert members == list(range(len(result.equilibria)))


@SETTINGS
@given(bimatrix_games(max_strategies=4), st.integers(1, 5), st.integers(-7, 7),
       st.integers(0, 1))
def test_positive_affine_change_of_one_player_changes_nothing(game, scale, shift, player):
    arrays = list(game.payoff_arrays())
    arrays[player] = arrays[player] * F(scale, 3) + shift
    changed = NormalFormGame.from_arrays(game.players, game.strategies, arrays)
    before = {eq.strategies for eq in enumerate_equilibria(game).equilibria}
    assert {eq.strategies for eq in enumerate_equilibria(changed).equilibria} == before


@SETTINGS
@given(bimatrix_games(max_strategies=4), st.randoms(use_true_random=False))
def test_relabelling_strategies_relabels_the_answer(game, rnd):
    m, n = game.shape
    rows, cols = list(range(m)), list(range(n))
    rnd.shuffle(rows)
    rnd.shuffle(cols)
    A, B = game.payoff_arrays()
    permuted = NormalFormGame.bimatrix(A[np.ix_(rows, cols)], B[np.ix_(rows, cols)])
    expected = {(tuple(x[i] for i in rows), tuple(y[j] for j in cols))
                for x, y in (eq.strategies for eq in enumerate_equilibria(game).equilibria)}
    assert {eq.strategies for eq in enumerate_equilibria(permuted).equilibria} == expected


def test_payoffs_with_thousands_of_digits_are_enumerated_exactly():
    """cddlib reads numbers as text; Python's 4,300-digit guard must not get in the way."""
    import sys

    from deterrence.model import NormalFormGame
    from deterrence.solver import solve

    big = F(10**5000 + 1, 3)
    game = NormalFormGame.bimatrix([[big, 1], [0, 2]], [[1, 0], [0, big]])
    result = solve(game)
    assert [eq.is_pure for eq in result.equilibria] == [True, True, False]
    assert sys.get_int_max_str_digits() == 4300  # the guard is restored afterwards
