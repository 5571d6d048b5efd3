"""Iterated elimination of dominated strategies: known answers and properties."""

from __future__ import annotations

import json
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from deterrence import load_game
from deterrence.model import NormalFormGame
from deterrence.nash.dominance import DOMINANCE_SCHEMA, dominator, eliminate_dominated
from deterrence.nash.pure import pure_profiles
from deterrence.views.result import DominanceView
from strategies import normal_games


def named_rounds(result):
    """Rounds as lists of (player, strategy, {dominator label: probability})."""
    g = result.game
    return [[(g.players[e.player], g.strategies[e.player][e.strategy],
              {g.strategies[e.player][k]: p for k, p in enumerate(e.dominator) if p})
             for e in round_] for round_ in result.rounds]


# ------------------------------------------------------------ known answers

GIBBONS_1_1_2 = NormalFormGame.bimatrix(
    [[1, 1, 0], [0, 0, 2]], [[0, 2, 1], [3, 1, 0]],
    ["Up", "Down"], ["Left", "Middle", "Right"], players=("Player 1", "Player 2"))

GIBBONS_1_1_4 = NormalFormGame.bimatrix(
    [[0, 4, 5], [4, 0, 5], [3, 3, 6]], [[4, 0, 3], [0, 4, 3], [5, 5, 6]],
    ["T", "M", "B"], ["L", "C", "R"], players=("Player 1", "Player 2"))

FUDENBERG_TIROLE_2_1 = NormalFormGame.bimatrix(
    [[2, -1], [0, 0], [-1, 2]], [[0, 0], [0, 0], [0, 0]],
    ["U", "M", "D"], ["L", "R"], players=("Player 1", "Player 2"))

KNOWN = [
    pytest.param(
        load_game("mixed_dominance"),
        [[("Importer", "Hedge", {"Stockpile": F(1, 2), "Diversify": F(1, 2)}),
          ("Exporter", "Trade", {"Quota": F(1)})],
         [("Exporter", "Embargo", {"Quota": F(1)})],
         [("Importer", "Stockpile", {"Diversify": F(1)})]],
        (("Diversify",), ("Quota",)),
        id="catalogue-mixed-dominance"),
    pytest.param(
        load_game("prisoners_dilemma"),
        [[("Bloc A", "Open", {"Build bloc": F(1)}), ("Bloc B", "Open", {"Build bloc": F(1)})]],
        (("Build bloc",), ("Build bloc",)),
        id="prisoners-dilemma-both-defect-in-one-round"),
    pytest.param(
        GIBBONS_1_1_2,
        [[("Player 2", "Right", {"Middle": F(1)})],
         [("Player 1", "Down", {"Up": F(1)})],
         [("Player 2", "Left", {"Middle": F(1)})]],
        (("Up",), ("Middle",)),
        id="gibbons-1992-fig-1.1.2"),
    pytest.param(GIBBONS_1_1_4, [], (("T", "M", "B"), ("L", "C", "R")),
                 id="gibbons-1992-fig-1.1.4-nothing-dominated"),
    pytest.param(
        FUDENBERG_TIROLE_2_1,
        [[("Player 1", "M", {"U": F(1, 2), "D": F(1, 2)})]],
        (("U", "D"), ("L", "R")),
        id="fudenberg-tirole-1991-sec-2.1-mixed-only"),
]


@pytest.mark.parametrize("game, rounds, survivors", KNOWN)
def test_iterated_strict_dominance(game, rounds, survivors):
    result = eliminate_dominated(game)
    assert named_rounds(result) == rounds
    assert result.reduced.strategies == survivors
    assert result.solved == all(len(s) == 1 for s in survivors)


def test_hedge_inequalities_are_the_proof():
    result = eliminate_dominated(load_game("mixed_dominance"))
    hedge = result.rounds[0][0]
    assert hedge.margins == (("Embargo", F(2), F(1)), ("Quota", F(2), F(1)), ("Trade", F(3), F(1)))
    assert hedge.is_mixed
    # later rounds only compare against the opponent's surviving strategies
    stockpile = result.rounds[2][0]
    assert stockpile.margins == (("Quota", F(4), F(0)),)


def test_pure_only_keeps_a_strategy_dominated_only_by_a_mixture():
    result = eliminate_dominated(FUDENBERG_TIROLE_2_1, mixed=False)
    assert result.rounds == ()
    assert any("pure" in note for note in result.notes)
    assert dominator(FUDENBERG_TIROLE_2_1, 0, 1, mixed=False) is None
    assert dominator(FUDENBERG_TIROLE_2_1, 0, 1) == (F(1, 2), F(0), F(1, 2))


def test_parameters_in_force_are_used():
    # with R > T cooperation is no longer dominated: the dilemma disappears
    game = load_game("prisoners_dilemma", {"R": F(6)})
    assert eliminate_dominated(game).rounds == ()


def test_three_players():
    # the third player's 'c2' is dominated by 'c1' whatever the others do
    game = NormalFormGame.from_arrays(
        ["A", "B", "C"], [["a1", "a2"], ["b1", "b2"], ["c1", "c2"]],
        [[[[1, 1], [1, 1]], [[1, 1], [1, 1]]],
         [[[2, 0], [0, 2]], [[0, 2], [2, 0]]],
         [[[3, 1], [2, 0]], [[5, 4], [1, 0]]]])
    result = eliminate_dominated(game)
    assert named_rounds(result)[0] == [("C", "c2", {"c1": F(1)})]
    assert result.rounds[0][0].margins[0] == ("(a1, b1)", F(3), F(1))
    assert result.reduced.strategies[2] == ("c1",)


# ------------------------------------------------------------ weak dominance

#: Row's T and B are each weakly dominated by M; which goes first decides the outcome.
ORDER_MATTERS = NormalFormGame.bimatrix(
    [[1, 0], [1, 2], [0, 2]], [[1, 0], [1, 1], [0, 1]], ["T", "M", "B"], ["L", "R"])


def test_weak_dominance_states_its_order_and_its_order_dependence():
    result = eliminate_dominated(ORDER_MATTERS, weak=True)
    assert named_rounds(result) == [[("Row", "T", {"M": F(1)})], [("Row", "B", {"M": F(1)})]]
    assert result.reduced.strategies == (("M",), ("L", "R"))
    assert all(len(r) == 1 for r in result.rounds)
    assert any("order" in note for note in result.notes)
    assert result.rounds[1][0].margins == (("L", F(1), F(0)), ("R", F(2), F(2)))


@pytest.mark.parametrize("first, survivors", [
    pytest.param(0, (("M", "B"), ("R",)), id="T-first-then-L"),
    pytest.param(2, (("T", "M"), ("L",)), id="B-first-then-R"),
])
def test_another_weak_order_leaves_other_survivors(first, survivors):
    """Removing T (then Column's L) or B (then Column's R) first: different answers."""
    keep = [[k for k in range(3) if k != first], [0, 1]]
    game = ORDER_MATTERS.restrict(keep)
    column_out = next(k for k in range(2) if dominator(game, 1, k, weak=True))
    keep[1].remove(column_out)
    game = ORDER_MATTERS.restrict(keep)
    assert not any(dominator(game, i, k, weak=True)
                   for i in range(2) for k in range(len(game.strategies[i])))
    assert game.strategies == survivors


def test_a_strategy_equal_to_another_is_not_weakly_dominated():
    twins = NormalFormGame.bimatrix([[1, 2], [1, 2]], [[0, 0], [0, 0]])
    assert eliminate_dominated(twins, weak=True).rounds == ()


def test_weak_mixed_dominance():
    # 1/2 U + 1/2 D ties with M against L and C and beats it against R;
    # no mixture beats M strictly everywhere, and no pure strategy dominates it
    game = NormalFormGame.bimatrix([[2, 0, 1], [1, 1, 0], [0, 2, 0]], [[0, 0, 0]] * 3,
                                   ["U", "M", "D"], ["L", "C", "R"])
    assert dominator(game, 0, 1) is None
    assert dominator(game, 0, 1, weak=True, mixed=False) is None
    assert dominator(game, 0, 1, weak=True) == (F(1, 2), F(0), F(1, 2))
    assert eliminate_dominated(game).rounds == ()
    weak = eliminate_dominated(game, weak=True)
    assert named_rounds(weak)[0] == [("Row", "M", {"U": F(1, 2), "D": F(1, 2)})]


# ------------------------------------------------------------ output


def test_json_document():
    doc = eliminate_dominated(load_game("mixed_dominance")).to_json()
    json.dumps(doc)
    assert doc["schema"] == DOMINANCE_SCHEMA
    assert doc["game"]["players"] == ["Importer", "Exporter"]
    assert doc["weak"] is False
    first = doc["rounds"][0][0]
    assert first == {
        "player": "Importer", "strategy": "Hedge",
        "dominated_by": {"Stockpile": "1/2", "Diversify": "1/2"},
        "inequalities": [{"against": "Embargo", "dominator": "2", "dominated": "1"},
                         {"against": "Quota", "dominator": "2", "dominated": "1"},
                         {"against": "Trade", "dominator": "3", "dominated": "1"}]}
    assert doc["surviving"] == {"Importer": ["Diversify"], "Exporter": ["Quota"]}
    as_float = eliminate_dominated(load_game("mixed_dominance")).to_json(as_float=True)
    assert as_float["rounds"][0][0]["dominated_by"]["Stockpile"] == 0.5


def test_view_names_rounds_dominators_and_inequalities():
    console = Console(width=80, record=True, color_system=None)
    console.print(DominanceView(eliminate_dominated(load_game("mixed_dominance"))))
    text = console.export_text()
    assert ("Round 1: Importer's Hedge is strictly dominated by "
            "1/2 Stockpile + 1/2 Diversify") in text
    assert "Round 3: Importer's Stockpile is strictly dominated by Diversify" in text
    assert "Exporter plays" in text
    assert "Surviving strategies — Importer: Diversify; Exporter: Quota" in text
    assert max(len(line) for line in text.splitlines()) <= 80


def test_cli(tmp_path):
    from click.testing import CliRunner

    from deterrence.cli import cli

    runner = CliRunner()
    out = runner.invoke(cli, ["dominance", "mixed_dominance", "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["surviving"]["Exporter"] == ["Quota"]
    out = runner.invoke(cli, ["dominance", "mixed_dominance", "--pure-only"])
    assert out.exit_code == 0 and "Importer's Hedge" not in out.output
    assert "Hedge" in out.output.split("Surviving")[1]
    out = runner.invoke(cli, ["dominance", "prisoners_dilemma", "--weak"])
    assert out.exit_code == 0 and "order" in out.output


# ------------------------------------------------------------ properties

small_games = normal_games(min_players=2, max_players=3, max_strategies=4, max_cells=36)


def check_proofs(game, result):
    """Every elimination's inequalities are the game's payoffs and prove it."""
    arrays = game.payoff_arrays()
    for round_ in result.rounds:
        for e in round_:
            assert sum(e.dominator) == 1 and min(e.dominator) >= 0
            assert e.dominator[e.strategy] == 0
            if result.weak:
                assert all(a >= b for _, a, b in e.margins)
                assert any(a > b for _, a, b in e.margins)
            else:
                assert all(a > b for _, a, b in e.margins)
    assert result.reduced.shape == tuple(len(s) for s in result.surviving)
    assert arrays is not None


@settings(max_examples=150, deadline=None)
@given(game=small_games, data=st.data())
def test_strict_elimination_is_order_independent(game, data):
    result = eliminate_dominated(game)
    check_proofs(game, result)
    alive = [list(range(n)) for n in game.shape]
    while True:
        current = game.restrict(alive)
        dominated = [(i, k) for i in range(game.n_players)
                     for k in range(len(alive[i])) if dominator(current, i, k)]
        if not dominated:
            break
        i, k = data.draw(st.sampled_from(dominated))
        del alive[i][k]
    assert tuple(tuple(a) for a in alive) == result.surviving


@settings(max_examples=150, deadline=None)
@given(game=small_games)
def test_strict_elimination_keeps_every_pure_equilibrium(game):
    result = eliminate_dominated(game)
    survivors = result.surviving
    for profile in pure_profiles(game):
        assert all(k in survivors[i] for i, k in enumerate(profile))


@settings(max_examples=60, deadline=None)
@given(game=small_games, weak=st.booleans())
def test_equilibria_of_the_reduced_game_are_equilibria_of_the_game(game, weak):
    result = eliminate_dominated(game, weak=weak)
    check_proofs(game, result)
    original = set(pure_profiles(game))
    for profile in pure_profiles(result.reduced):
        lifted = tuple(result.surviving[i][k] for i, k in enumerate(profile))
        assert lifted in original


@settings(max_examples=40, deadline=None)
@given(game=small_games)
def test_mixtures_remove_at_least_what_pure_dominators_remove(game):
    mixed = eliminate_dominated(game).surviving
    pure = eliminate_dominated(game, mixed=False).surviving
    assert all(set(m) <= set(p) for m, p in zip(mixed, pure))


def test_a_game_tree_is_reduced_to_its_strategic_form_first():
    pytest.importorskip("deterrence.trees.reduced_form")
    from deterrence.solver import dominance

    game = load_game("rare_earths_2010")
    strict = dominance(game)
    assert strict.game.kind == "normal" and strict.rounds == ()
    assert any("reduced strategic form" in note for note in strict.notes)
    weak = dominance(game, weak=True)
    assert named_rounds(weak)[0] == [("Japan", "Resist", {"Concede": F(1)})]
