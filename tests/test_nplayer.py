"""Every equilibrium of games with three or more players: textbook cases and properties."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest

from deterrence.model import NormalFormGame
from deterrence.nash import solve_normal
from deterrence.nash.algebraic import RealAlgebraic
from deterrence.nash.nplayer import enumerate_nplayer, in_range, root_bound

PLAYERS = ["Row", "Column", "Matrix"]
TWO = [["T", "B"], ["L", "R"], ["1", "2"]]

#: Nau, Gomez Canovas & Hansen (2004), "On the geometry of Nash equilibria and
#: correlated equilibria", IJGT 32, section 4: a unique equilibrium, irrational.
NAU_SEC4 = [[[[3, 1], [0, 0]], [[0, 0], [1, 2]]], [[[0, 0], [2, 1]], [[1, 3], [0, 0]]],
            [[[2, 0], [0, 0]], [[0, 0], [0, 3]]]]
#: Same paper, section 5: 3 pure equilibria and a continuum of totally mixed ones.
NAU_SEC5 = [[[[0, 1], [0, 0]], [[3, 0], [0, 0]]], [[[0, 1], [3, 0]], [[0, 0], [0, 0]]],
            [[[2, 0], [0, 0]], [[0, 0], [0, 3]]]]
#: McKelvey & McLennan (1996), "Computation of equilibria in finite games",
#: Handbook of Computational Economics I: a 2x2x2 game with 9 equilibria, 2 totally mixed.
MCKELVEY_MCLENNAN_9 = [[[[9, 0], [0, 3]], [[0, 3], [9, 0]]], [[[8, 0], [0, 4]], [[0, 4], [8, 0]]],
                       [[[12, 0], [0, 6]], [[0, 6], [2, 0]]]]


def game(arrays, labels=TWO, players=PLAYERS):
    return NormalFormGame.from_arrays(players, labels, arrays, title="test game")


def test_nau_2004_section_4_unique_irrational_equilibrium():
    r = solve_normal(game(NAU_SEC4))
    assert r.complete and r.method.startswith("support enumeration") and not r.sets
    (eq,) = r.equilibria
    top = eq.strategies[0][0]
    assert isinstance(top, RealAlgebraic) and not top.is_rational()
    assert top.exact_text() == "53/46 - sqrt(601)/46"
    assert top.minimal_polynomial == (23, -53, 24)
    # the decimals Gambit's enumpoly reports
    assert [round(float(p), 12) for s in eq.strategies for p in s] == pytest.approx(
        [0.619232579473, 0.380767420527, 0.479804222678, 0.520195777322, 0.378825336066,
         0.621174663934], abs=1e-12)
    doc = r.to_json()
    assert doc["schema"] == "deterrence.result/2"
    value = doc["equilibria"][0]["strategies"]["Row"]["T"]
    assert value["exact"] == "53/46 - sqrt(601)/46" and value["decimal"].startswith("0.61923257947")
    lo, hi = (Fraction(v) for v in value["interval"])
    assert lo < Fraction(value["decimal"]) < hi
    json.dumps(doc)
    assert isinstance(r.to_json(as_float=True)["equilibria"][0]["strategies"]["Row"]["T"], float)


def test_nau_2004_section_5_continuum_is_a_set_not_a_sample():
    r = solve_normal(game(NAU_SEC5))
    assert r.complete
    assert [eq.label(r.game) for eq in r.equilibria] == ["(T, R, 1)", "(B, L, 1)", "(B, R, 2)"]
    mixed = r.sets[-1]
    assert mixed.support == ((0, 1), (0, 1), (0, 1)) and mixed.dimension == 1
    assert mixed.equations == ("x1*x2 + 2*x1 + 2*x2 - 2", "4*x3 - 3")
    # the logit limit Gambit reports lies on that curve: P(B) = P(R) = sqrt(6) - 2
    x = np.sqrt(6) - 2
    assert x * x + 4 * x - 2 == pytest.approx(0)
    assert r.to_json()["schema"] == "deterrence.result/1"  # every number in it is rational
    assert r.to_json()["sets"][-1]["dimension"] == 1


def test_mckelvey_mclennan_nine_equilibria():
    r = solve_normal(game(MCKELVEY_MCLENNAN_9))
    assert r.complete and len(r.equilibria) == 9 and not r.sets
    totally_mixed = [eq for eq in r.equilibria if all(all(p > 0 for p in s) for s in eq.strategies)]
    assert len(totally_mixed) == 2


def test_every_answer_is_an_exact_equilibrium_and_affine_changes_keep_it():
    rng = np.random.default_rng(7)
    arrays = [rng.integers(-5, 6, (2, 3, 2)) for _ in range(3)]
    labels = [["a", "b"], ["c", "d", "e"], ["f", "g"]]
    r = enumerate_nplayer(game(arrays, labels))
    moved = [arrays[0] * 3 + 7, arrays[1], arrays[2] - 4]
    r2 = enumerate_nplayer(game(moved, labels))
    assert [eq.strategies for eq in r.equilibria] == [eq.strategies for eq in r2.equilibria]
    assert len(r.sets) == len(r2.sets)


def test_all_zero_payoffs_every_profile_is_an_equilibrium():
    r = enumerate_nplayer(game([np.zeros((2, 2, 2), int)] * 3))
    assert r.complete and len(r.equilibria) == 8
    assert max(s.dimension for s in r.sets) == 3


def test_range_and_root_bounds():
    assert [root_bound(s) for s in [(2, 2, 2), (3, 3, 3), (4, 4, 2), (2, 2, 2, 2)]] == [2, 10, 6, 9]
    assert in_range(game([np.zeros((2, 2, 2), int)] * 3))
    big = NormalFormGame.from_arrays(["A", "B", "C"], [["x", "y", "z", "w"]] * 3,
                                     [np.zeros((4, 4, 4), int)] * 3)
    assert not in_range(big)


def test_beyond_the_range_pure_equilibria_and_a_warning():
    rng = np.random.default_rng(3)
    shape = (5, 5, 3)
    g = NormalFormGame.from_arrays(["A", "B", "C"], [[f"s{k}" for k in range(m)] for m in shape],
                                   [rng.integers(0, 100, shape) for _ in shape])
    r = solve_normal(g)
    assert not r.complete
    assert any("beyond the exact enumeration's range" in w for w in r.warnings)


def test_global_newton_method_one_equilibrium_approximate():
    r = solve_normal(game(NAU_SEC4), method="gnm")
    assert not r.exact and not r.complete and r.tolerance < 1e-10
    assert r.equilibria[0].strategies[0][0] == pytest.approx(0.6192325794725538, abs=1e-12)
    assert "one equilibrium, approximate" in r.warnings[0]


def test_lemke_howson_needs_two_players():
    from deterrence.errors import UsageError

    with pytest.raises(UsageError):
        solve_normal(game(NAU_SEC4), method="lemke-howson")


def test_cli_solves_a_three_player_nfg(tmp_path):
    from click.testing import CliRunner

    from deterrence.cli import cli

    path = tmp_path / "nau.nfg"
    # Gambit's payoff version: the first player's strategy varies fastest
    path.write_text('NFG 1 R "Nau et al. 2004, section 4" { "Row" "Column" "Matrix" } { 2 2 2 }\n\n'
                    "3 0 2 0 1 0 0 2 0 1 0 0 1 0 0 0 3 0 0 1 0 2 0 3\n")
    out = CliRunner().invoke(cli, ["solve", str(path), "--json"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    assert doc["schema"] == "deterrence.result/2" and doc["complete"] is True
    out = CliRunner().invoke(cli, ["solve", str(path)])
    assert "sqrt(601)" in out.output and "every equilibrium" in out.output
