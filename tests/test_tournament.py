"""Round-robin tournaments and noise sweeps; the ``deterrence tournament`` command."""

from __future__ import annotations

import json
from fractions import Fraction as F

import pytest
from click.testing import CliRunner

from deterrence.cli import cli
from deterrence.errors import UsageError
from deterrence.io import load_game
from deterrence.repeated_games.memory_one import parse_strategies, play
from deterrence.repeated_games.stage import stage_game
from deterrence.repeated_games.tournament import noise_grid, noise_sweep, round_robin

PD = stage_game(load_game("prisoners_dilemma"))


def test_axelrod_style_scores_without_noise():
    """Long-run averages: TFT earns R, P, R; ALLD earns P, P, T; ALLC earns R, S, R."""
    t = round_robin(PD, parse_strategies("tft,alld,allc", PD), F(0))
    assert t.exact
    assert t.scores == (F(3 + 1 + 3, 3), F(1 + 1 + 5, 3), F(3 + 0 + 3, 3))
    assert [t.strategies[i].name for i in t.ranking] == ["alld", "tft", "allc"]  # tie by name


def test_the_matrix_is_made_of_exact_matches():
    strategies = parse_strategies("tft,gtft,wsls,grim", PD)
    t = round_robin(PD, strategies, F(1, 20))
    for i, a in enumerate(strategies):
        for j, b in enumerate(strategies):
            assert t.payoffs[i][j] == play(PD, a, b, F(1, 20)).payoffs[0]
    assert t.scores[0] == sum(t.payoffs[0]) / 4


def test_simulated_strategies_make_a_reproducible_finite_horizon_tournament():
    strategies = parse_strategies("tft,ctft,tf2t,alld", PD, allow_simulated=True)
    one = round_robin(PD, strategies, F(1, 20), seed=5)
    two = round_robin(PD, tuple(reversed(strategies)), F(1, 20), seed=5)
    assert not one.exact and one.rounds == 200
    assert one.exact_pairs[0][3] and not one.exact_pairs[0][1]
    # memory-one pairs stay exact over the same horizon
    assert one.payoffs[0][3] == play(PD, strategies[0], strategies[3], F(1, 20), rounds=200).payoffs[0]
    # a match does not depend on the order in which strategies are listed
    assert one.payoffs[1][2] == two.payoffs[2][1]


def test_noise_grid_is_exact():
    assert noise_grid(F(0), F(1, 5), 5) == (F(0), F(1, 20), F(1, 10), F(3, 20), F(1, 5))


@pytest.mark.parametrize("low, high, steps, message", [
    pytest.param(F(1, 5), F(0), 3, "backwards", id="backwards"),
    pytest.param(F(0), F(3, 2), 3, "outside", id="above-one"),
    pytest.param(F(0), F(1, 5), 1, "at least 2", id="one-step-range"),
])
def test_bad_noise_grids(low, high, steps, message):
    with pytest.raises(UsageError, match=message):
        noise_grid(low, high, steps)


def test_cooperation_collapses_when_defectors_start_to_win():
    """TFT, WSLS, grim and ALLD (exact): without noise the reciprocators win; at ε = 1/10 the
    winner (grim) hardly ever cooperates with itself; at ε = 1/5 ALLD wins outright."""
    strategies = parse_strategies("tft,wsls,grim,alld", PD)
    sweep = noise_sweep(PD, strategies, noise_grid(F(0), F(1, 5), 5))
    assert [t.winner.name for t in sweep.tournaments] == ["grim", "wsls", "grim", "grim", "alld"]
    assert sweep.collapse == F(1, 10)
    assert sweep.leaders()[-1] == (F(1, 5), F(1, 5), "alld")


def test_a_tournament_needs_two_strategies():
    with pytest.raises(UsageError, match="at least two"):
        round_robin(PD, parse_strategies("tft", PD), F(0))


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_tournament_command_json():
    result = run("tournament", "prisoners_dilemma", "--noise", "0:0.2", "--steps", "3",
                 "--strategies", "tft,gtft,wsls,alld", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["schema"] == "deterrence.tournament/1"
    assert doc["noise"] == ["0", "1/10", "1/5"] and doc["exact"] is True
    assert doc["horizon"] == "long-run"
    first = doc["tournaments"][0]
    assert first["payoffs"]["tft"]["alld"] == "1"             # P in the long run


def test_tournament_command_draws_a_figure(tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "noise.png"
    result = run("tournament", "prisoners_dilemma", "--noise", "0:0.1", "--steps", "3",
                 "--strategies", "tft,alld", "--plot", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:4] == b"\x89PNG"
    assert "Noise sweep" in result.output


@pytest.mark.parametrize("args, message", [
    pytest.param(["--noise", "0:2"], "outside [0, 1]", id="noise-range-above-1"),
    pytest.param(["--noise", "x"], "not a number", id="noise-garbage"),
    pytest.param(["--strategies", "tft,nope"], "unknown strategy", id="unknown-strategy"),
    pytest.param(["--strategies", "tft"], "at least two", id="one-strategy"),
    pytest.param(["--plot", "figure.txt"], "picture format", id="bad-plot-suffix"),
])
def test_tournament_bad_requests_exit_2(args, message):
    result = run("tournament", "prisoners_dilemma", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_tournament_rejects_a_game_that_is_not_2x2():
    result = run("tournament", "mixed_dominance")
    assert result.exit_code == 2 and "2×2" in result.output
