"""Exact Lemke-Howson: known paths' ends, and always an extreme equilibrium.

Known answers are the ends of the Lemke-Howson paths in von Stengel (2002,
section 3) for the 3×2 example, checked by hand. Properties: from every
initial label, on random games with many ties (degenerate, where a careless
ratio test cycles), the end is an equilibrium and one of the extreme
equilibria that enumeration lists.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from deterrence.errors import UsageError
from deterrence.model import NormalFormGame
from deterrence.solver import solve
from deterrence.nash.enumeration import enumerate_equilibria
from deterrence.nash.lemke_howson import WARNING, lemke_howson, lemke_howson_equilibrium
from deterrence.nash.verify import deviation_gains
from strategies import bimatrix_games

VON_STENGEL = NormalFormGame.bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
PURE = ((1, 0, 0), (1, 0))
MIXED_45 = ((F(4, 5), F(1, 5), 0), (F(2, 3), F(1, 3)))
MIXED_13 = ((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)))


@pytest.mark.parametrize("label, expected", [
    # Traced by hand on the best-response regions (von Stengel 2002, fig. 3 style).
    # Labels 1-3 are the rows, 4-5 the columns (1-based, as in the source);
    # the code numbers them from 0. Dropping 1: 0 -> e1 picks up 4; y: 0 -> (1, 0)
    # picks up 1: done at the pure equilibrium.
    pytest.param(0, PURE, id="von-stengel-2002-3x2-drop-label-1"),
    # dropping 2: e2 (+5); y (0, 1) (+3); x (0, 1/3, 2/3) (+4); y (1/3, 2/3) (+2)
    pytest.param(1, MIXED_13, id="von-stengel-2002-3x2-drop-label-2"),
    # dropping 3: e3 (+4); y (1, 0) (+1); x e1 (+3): the pure equilibrium
    pytest.param(2, PURE, id="von-stengel-2002-3x2-drop-label-3"),
    # dropping 4: y (1, 0) (+1); x e1 (+4)
    pytest.param(3, PURE, id="von-stengel-2002-3x2-drop-label-4"),
    # dropping 5: y (0, 1) (+3); x e3 (+4); y (1/3, 2/3) (+2); x (0, 1/3, 2/3) (+5)
    pytest.param(4, MIXED_13, id="von-stengel-2002-3x2-drop-label-5"),
])
def test_von_stengel_paths(label, expected):
    eq = lemke_howson_equilibrium(VON_STENGEL, label)
    assert eq.strategies == tuple(tuple(F(v) for v in s) for s in expected)


def test_the_middle_equilibrium_is_never_reached():
    """(4/5, 1/5, 0) has the other index: no path from the artificial start ends there."""
    result = lemke_howson(VON_STENGEL, all_labels=True)
    found = {eq.strategies for eq in result.equilibria}
    assert tuple(tuple(F(v) for v in s) for s in MIXED_45) not in found
    assert len(found) == 2


def test_result_is_labelled_incomplete():
    result = lemke_howson(VON_STENGEL)
    assert (result.concept, result.method, result.exact, result.complete) == (
        "nash", "lemke-howson", True, False)
    assert result.warnings == (WARNING,)
    assert "not all" in WARNING


def test_pure_equilibria_are_added_and_not_repeated():
    bos = NormalFormGame.bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    result = lemke_howson(bos, initial_label=0)
    assert [eq.label() for eq in result.equilibria] == ["(s1, s1)", "(s2, s2)"]


def test_matching_pennies():
    mp = NormalFormGame.bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    (eq,) = lemke_howson(mp).equilibria
    assert eq.strategies == ((F(1, 2), F(1, 2)),) * 2 and eq.payoffs == (0, 0)


def test_solve_dispatches_by_method_and_size():
    assert solve(VON_STENGEL, method="lemke-howson").method == "lemke-howson"
    rng = np.random.default_rng(1)
    big = NormalFormGame.bimatrix(rng.integers(0, 9, (25, 25)).tolist(),
                                  rng.integers(0, 9, (25, 25)).tolist())
    result = solve(big)
    assert result.method == "lemke-howson" and not result.complete
    for eq in result.equilibria:
        assert deviation_gains(big, eq.strategies) == []


def test_initial_label_out_of_range_is_a_usage_error():
    with pytest.raises(UsageError):
        lemke_howson(VON_STENGEL, initial_label=5)


def test_fully_degenerate_game_does_not_cycle():
    zero = NormalFormGame.bimatrix([[0] * 4] * 4, [[0] * 4] * 4)
    ends = {lemke_howson_equilibrium(zero, k).strategies for k in range(8)}
    assert all(deviation_gains(zero, s) == [] for s in ends)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bimatrix_games(max_strategies=5))
def test_every_path_ends_at_an_extreme_equilibrium(game):
    extreme = {eq.strategies for eq in enumerate_equilibria(game).equilibria}
    result = lemke_howson(game, all_labels=True)
    for eq in result.equilibria:
        assert deviation_gains(game, eq.strategies) == []
        assert eq.strategies in extreme
