"""`deterrence explain`: the steps of a solution, as a textbook shows them.

Known answers: hawk-dove's indifference equation and q = V/C (Maynard Smith
and Price 1973; Osborne 2004, section 4.3), the hedge dominated only by a
mixture (Osborne 2004, section 4.10), rock-paper-scissors' uniform mix.
"""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from click.testing import CliRunner
from rich.console import Console

from deterrence import load_game
from deterrence.cli import cli
from deterrence.model import NormalFormGame
from deterrence.solver import solve
from deterrence.teaching.explain import EXPLAIN_SCHEMA, explain
from deterrence.views.explain import ExplanationView


def render(explanation, width: int = 120) -> str:
    console = Console(width=width, color_system=None, force_terminal=False)
    with console.capture() as cap:
        console.print(ExplanationView(explanation))
    return cap.get()


def test_hawk_dove_shows_the_indifference_equation_and_q_equals_v_over_c():
    e = explain(load_game("hawk_dove"))
    (mixed,) = e.mixed
    row = mixed.indifferences[0]
    assert e.game.players[row.player] == "Row" and e.game.players[row.mixer] == "Column"
    assert row.equation_text == "q·(V - C)/2 + (1 - q)·V = (1 - q)·V/2"
    assert row.numeric_text == "-2·q + 2·(1 - q) = 1 - q"
    assert [(s.name, s.strategy, s.formula, s.value) for s in row.solution] == [
        ("q", "Hawk", "V/C", Fraction(1, 3)), ("1 - q", "Dove", "(C - V)/C", Fraction(2, 3))]
    assert row.value == Fraction(2, 3)
    text = render(e)
    for expected in ["q·(V - C)/2 + (1 - q)·V = (1 - q)·V/2", "With V = 2, C = 6",
                     "q = V/C = 1/3", "Row's best response is Dove"]:
        assert expected in text


@pytest.mark.parametrize("V, C", [(2, 6), (1, 4), (3, 5), (Fraction(1, 2), 7)])
def test_hawk_dove_formula_holds_for_other_values(V, C):
    game = load_game("hawk_dove").with_values({"V": Fraction(V), "C": Fraction(C)})
    row = explain(game).mixed[0].indifferences[0]
    assert row.solution[0].formula == "V/C"
    assert row.solution[0].value == Fraction(V) / Fraction(C)


def test_mixed_dominance_rounds_with_the_mixed_dominator_and_its_inequalities():
    e = explain(load_game("mixed_dominance"))
    first = e.dominance.rounds[0][0]
    game = e.game
    assert game.strategies[first.player][first.strategy] == "Hedge"
    assert first.dominator == (Fraction(1, 2), Fraction(1, 2), Fraction(0))
    assert [(a, b) for _, a, b in first.margins] == [(2, 1), (2, 1), (3, 1)]
    assert [eq.label(game) for eq in e.pure] == ["(Diversify, Quota)"]
    assert e.mixed == ()
    text = render(e)
    assert "Hedge is strictly dominated by 1/2 Stockpile + 1/2 Diversify" in text
    assert "None: every equilibrium is pure." in text


def test_rock_paper_scissors_three_unknowns():
    rps = NormalFormGame.bimatrix([[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
                                  [[0, 1, -1], [-1, 0, 1], [1, -1, 0]],
                                  ["Rock", "Paper", "Scissors"], ["Rock", "Paper", "Scissors"])
    (mixed,) = explain(rps).mixed
    row = mixed.indifferences[0]
    assert [u.name for u in row.unknowns] == ["q1", "q2"]
    assert [s.value for s in row.solution] == [Fraction(1, 3)] * 3
    assert row.sides[0] == "-q2 + (1 - q1 - q2)"


def test_pure_equilibria_and_best_replies_of_the_prisoners_dilemma():
    e = explain(load_game("prisoners_dilemma"))
    game = e.game
    defect = [labels[-1] for labels in game.strategies]
    assert [eq.label(game) for eq in e.pure] == [f"({defect[0]}, {defect[1]})"]
    assert all(b.best == (1,) for b in e.best_replies)


def test_degenerate_game_says_the_mix_is_not_unique():
    # Column is indifferent everywhere: Row's mixes are not pinned down
    game = NormalFormGame.bimatrix([[1, 0], [0, 1]], [[0, 0], [0, 0]])
    e = explain(game)
    result = solve(game)
    assert len(e.mixed) == len([eq for eq in result.equilibria if not eq.is_pure])
    for m in e.mixed:
        for ind in m.indifferences:
            assert [s.value for s in ind.solution] == [m.equilibrium.strategies[ind.mixer][k]
                                                       for k in m.equilibrium.support(ind.mixer)]
            if not ind.unknowns:  # Row is pure: the indifference does not pin Column's mix
                assert "degenerate" in ind.note
    assert "Row plays r1 for sure." in render(e)


@pytest.mark.parametrize("seed", range(12))
def test_explained_mixes_are_the_solvers_and_solve_their_equations(seed):
    import random

    rng = random.Random(seed)
    shape = rng.choice([(2, 2), (2, 3), (3, 3)])
    A = [[rng.randint(-4, 4) for _ in range(shape[1])] for _ in range(shape[0])]
    B = [[rng.randint(-4, 4) for _ in range(shape[1])] for _ in range(shape[0])]
    game = NormalFormGame.bimatrix(A, B)
    e = explain(game)
    result = solve(game)
    assert [m.equilibrium for m in e.mixed] == [eq for eq in result.equilibria if not eq.is_pure]
    arrays = game.payoff_arrays()
    for m in e.mixed:
        eq = m.equilibrium
        for ind in m.indifferences:
            mix = eq.strategies[ind.mixer]
            # every strategy in the indifferent player's support earns the stated value
            for s in ind.support:
                cell = (lambda t: (s, t)) if ind.player == 0 else (lambda t: (t, s))
                earned = sum(Fraction(arrays[ind.player][cell(t)]) * mix[t] for t in range(len(mix)))
                assert earned == ind.value
            if not ind.note:
                assert all(sol.formula is not None for sol in ind.solution)


def test_json_document():
    doc = explain(load_game("hawk_dove")).to_json()
    assert doc["schema"] == EXPLAIN_SCHEMA
    assert [s["step"] for s in doc["steps"]] == ["best-responses", "dominance", "pure-equilibria",
                                                  "mixed-equilibria"]
    mixed = doc["steps"][3]["equilibria"][0]["indifferences"][0]
    assert mixed["equation"] == "q·(V - C)/2 + (1 - q)·V = (1 - q)·V/2"
    assert mixed["solution"][0] == {"name": "q", "strategy": "Hawk", "formula": "V/C",
                                    "latex": "\\frac{V}{C}", "value": "1/3"}
    assert doc["result"]["schema"] == "deterrence.result/1"


def test_cli_explain_json_with_set():
    result = CliRunner().invoke(cli, ["explain", "hawk_dove", "--set", "C=8", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    solution = doc["steps"][3]["equilibria"][0]["indifferences"][0]["solution"][0]
    assert (solution["formula"], solution["value"]) == ("V/C", "1/4")


def test_cli_explain_bad_file_exits_1(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('schema = "deterrence/1"\nplayers = ["A"]\n')
    result = CliRunner().invoke(cli, ["explain", str(bad)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- game trees

from deterrence.edit.templates import new_game_text  # noqa: E402
from deterrence.io import parse_game  # noqa: E402
from deterrence.views.explain import explanation_view  # noqa: E402


def render_any(explanation, width: int = 120) -> str:
    console = Console(width=width, color_system=None, force_terminal=False)
    with console.capture() as cap:
        console.print(explanation_view(explanation))
    return " ".join(cap.get().split())  # wrapping-independent


def test_challenge_retaliate_backward_induction_names_the_incredible_threat():
    # Selten (1978), the entry game: retaliation costs more than acquiescing
    e = explain(load_game("punishment_deterrence"))
    game = e.game
    assert [(game.ids[s.node], s.options[s.prescribed][0]) for s in e.steps] == [
        ("respond", "Acquiesce"), ("start", "Challenge")]
    respond = e.steps[0]
    assert [values[1] for _, _, values in respond.options] == [-2, -1]
    assert e.steps[-1].value == (1, -1)
    (pure_threat, *_) = e.threats
    assert pure_threat.equilibrium == "Challenger: Status quo; Defender: Retaliate"
    assert "at 'respond', Defender is told to Retaliate" in pure_threat.threats[0]
    assert "not credible" in pure_threat.threats[0]
    text = render_any(e)
    assert "incredible threats" in text
    assert "At 'respond' Defender compares what follows each action: Retaliate gives -2" in text


def test_cheap_retaliation_is_credible():
    game = load_game("punishment_deterrence").with_values({"d": Fraction(1, 2)})
    e = explain(game)
    assert [e.game.ids[s.node] for s in e.steps] == ["respond", "start"]
    assert e.steps[0].options[e.steps[0].prescribed][0] == "Retaliate"
    assert e.steps[-1].options[e.steps[-1].prescribed][0] == "Status quo"


def test_ladder_expectations_at_chance_nodes():
    game = parse_game(new_game_text("ladder-tree"), "ladder.toml")
    e = explain(game)
    by_id = {game.ids[s.node]: s for s in e.steps}
    # rung 2: 1/10 of losing control (-22 each), else A counter-escalates (-5 each)
    assert by_id["rung2"].value == (Fraction(-67, 10), Fraction(-67, 10))
    assert by_id["controls"].options[by_id["controls"].prescribed][0] == "Back down"
    assert e.steps[-1].value == tuple(e.result.equilibria[0].payoffs) == (Fraction(3, 5), Fraction(-33, 5))


def test_bayesian_tree_reports_beliefs():
    game = parse_game(new_game_text("bayesian"), "bayesian.toml")
    e = explain(game)
    assert e.steps == ()
    (label, sets), = e.beliefs
    assert sets == (("C", (("c_res", Fraction(1, 2)), ("c_irr", Fraction(1, 2)))),)
    assert "believes it is at c_res with probability 1/2" in render_any(e)
    # challenging meets retaliation half the time: 1/2·(-3) + 1/2·2 = -1/2 < 0
    (decision,) = e.decisions
    assert decision.options == (("Challenge", Fraction(-1, 2)), ("Status quo", Fraction(0)))
    assert decision.prescribed == (0, 1)


def test_tree_json():
    doc = explain(load_game("punishment_deterrence")).to_json()
    assert doc["schema"] == EXPLAIN_SCHEMA
    assert [s["step"] for s in doc["steps"]] == ["backward-induction", "beliefs", "decisions-under-beliefs",
                                                  "credibility"]
    assert doc["steps"][0]["nodes"][0]["best"] == ["Acquiesce"]
    assert doc["steps"][3]["equilibria"][0]["equilibrium"] == "Challenger: Status quo; Defender: Retaliate"
