"""Solving game trees: textbook subgame-perfect answers, credibility, beliefs.

Each known answer was solved by hand; ids name the source of the game.
"""

from __future__ import annotations

import importlib.util
import json
import textwrap
from fractions import Fraction as F
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from deterrence.cli import cli
from deterrence.io import load_game, parse_game
from deterrence.solver import solve
from deterrence.trees.backward_induction import backward_induction
from deterrence.trees.reduced_form import reduced_form
from deterrence.trees.solver import solve_tree
from deterrence.views.tree import TreeResultView, TreeView

HEADER = 'schema = "deterrence/1"\nkind = "tree"\n'


def tree(text: str) -> object:
    return parse_game(HEADER + textwrap.dedent(text), "t.toml")


ENTRY = tree("""
    title = "Entry game"
    players = ["Challenger", "Incumbent"]
    root = "c"
    [nodes.c]
    player = "Challenger"
    actions = { In = "i", Out = "out" }
    [nodes.i]
    player = "Incumbent"
    actions = { Acquiesce = "acq", Fight = "fight" }
    [outcomes.out]
    payoffs = { Challenger = 1, Incumbent = 2 }
    [outcomes.acq]
    payoffs = { Challenger = 2, Incumbent = 1 }
    [outcomes.fight]
    payoffs = { Challenger = 0, Incumbent = 0 }
""")

CENTIPEDE = tree("""
    title = "Centipede"
    players = ["One", "Two"]
    root = "m1"
    [nodes.m1]
    player = "One"
    actions = { Stop = "s1", Go = "m2" }
    [nodes.m2]
    player = "Two"
    actions = { Stop = "s2", Go = "m3" }
    [nodes.m3]
    player = "One"
    actions = { Stop = "s3", Go = "m4" }
    [nodes.m4]
    player = "Two"
    actions = { Stop = "s4", Go = "end" }
    [outcomes.s1]
    payoffs = { One = 1, Two = 0 }
    [outcomes.s2]
    payoffs = { One = 0, Two = 2 }
    [outcomes.s3]
    payoffs = { One = 3, Two = 1 }
    [outcomes.s4]
    payoffs = { One = 2, Two = 4 }
    [outcomes.end]
    payoffs = { One = 4, Two = 3 }
""")

GAMBLE = tree("""
    title = "Chance, a threat and a bet"
    players = ["A", "B"]
    root = "nature"
    [nodes.nature]
    chance = { H = "1/3", T = "2/3" }
    actions = { H = "a_h", T = "a_t" }
    [nodes.a_h]
    player = "A"
    actions = { safe = "safe", risk = "b" }
    [nodes.b]
    player = "B"
    actions = { punish = "punished", reward = "rewarded" }
    [nodes.a_t]
    player = "A"
    actions = { bet = "coin", fold = "folded" }
    [nodes.coin]
    chance = { win = "1/2", lose = "1/2" }
    actions = { win = "won", lose = "lost" }
    [outcomes.safe]
    payoffs = { A = 1, B = 1 }
    [outcomes.punished]
    payoffs = { A = 0, B = 2 }
    [outcomes.rewarded]
    payoffs = { A = 4, B = 0 }
    [outcomes.folded]
    payoffs = { A = 0, B = 0 }
    [outcomes.won]
    payoffs = { A = 4, B = 0 }
    [outcomes.lost]
    payoffs = { A = -1, B = 3 }
""")

THREE = tree("""
    title = "Three players in turn"
    players = ["P1", "P2", "P3"]
    root = "n1"
    [nodes.n1]
    player = "P1"
    actions = { L = "n2", R = "r" }
    [nodes.n2]
    player = "P2"
    actions = { a = "n3", b = "b" }
    [nodes.n3]
    player = "P3"
    actions = { x = "x", y = "y" }
    [outcomes.r]
    payoffs = { P1 = 1, P2 = 2, P3 = 0 }
    [outcomes.b]
    payoffs = { P1 = 0, P2 = 1, P3 = 3 }
    [outcomes.x]
    payoffs = { P1 = 3, P2 = 3, P3 = 1 }
    [outcomes.y]
    payoffs = { P1 = 2, P2 = 0, P3 = 2 }
""")

BEER_QUICHE = tree("""
    title = "Beer or quiche"
    players = ["Sender", "Receiver"]
    root = "nature"
    [nodes.nature]
    chance = { Strong = "9/10", Weak = "1/10" }
    actions = { Strong = "strong", Weak = "weak" }
    [nodes.strong]
    player = "Sender"
    actions = { Beer = "sb", Quiche = "sq" }
    [nodes.weak]
    player = "Sender"
    actions = { Beer = "wb", Quiche = "wq" }
    [nodes.sb]
    player = "Receiver"
    infoset = "after beer"
    actions = { Duel = "sbd", Not = "sbn" }
    [nodes.wb]
    player = "Receiver"
    infoset = "after beer"
    actions = { Duel = "wbd", Not = "wbn" }
    [nodes.sq]
    player = "Receiver"
    infoset = "after quiche"
    actions = { Duel = "sqd", Not = "sqn" }
    [nodes.wq]
    player = "Receiver"
    infoset = "after quiche"
    actions = { Duel = "wqd", Not = "wqn" }
    [outcomes.sbd]
    label = "beer, duel"
    payoffs = { Sender = 1, Receiver = 0 }
    [outcomes.sbn]
    label = "beer, no duel"
    payoffs = { Sender = 3, Receiver = 1 }
    [outcomes.wbd]
    label = "beer, duel"
    payoffs = { Sender = 0, Receiver = 1 }
    [outcomes.wbn]
    label = "beer, no duel"
    payoffs = { Sender = 2, Receiver = 0 }
    [outcomes.sqd]
    label = "quiche, duel"
    payoffs = { Sender = 0, Receiver = 0 }
    [outcomes.sqn]
    label = "quiche, no duel"
    payoffs = { Sender = 2, Receiver = 1 }
    [outcomes.wqd]
    label = "quiche, duel"
    payoffs = { Sender = 1, Receiver = 1 }
    [outcomes.wqn]
    label = "quiche, no duel"
    payoffs = { Sender = 3, Receiver = 0 }
""")


def choices(game, eq) -> dict[str, str]:
    """Decision point -> chosen action (pure equilibria)."""
    out = {}
    for h in range(game.n_infosets):
        probs = eq.probabilities(game, h)
        out[game.decision_point(h)] = game.infoset_actions(h)[probs.index(1)]
    return out


SPE = [
    pytest.param(ENTRY, {"c": "In", "i": "Acquiesce"}, (F(2), F(1)), {"acq": F(1)},
                 id="selten-1978-entry-game"),
    pytest.param(CENTIPEDE, {"m1": "Stop", "m2": "Stop", "m3": "Stop", "m4": "Stop"}, (F(1), F(0)),
                 {"s1": F(1)}, id="rosenthal-1981-centipede"),
    pytest.param(GAMBLE, {"a_h": "safe", "b": "punish", "a_t": "bet"}, (F(4, 3), F(4, 3)),
                 {"safe": F(1, 3), "won": F(1, 3), "lost": F(1, 3)}, id="hand-solved-chance-moves"),
    pytest.param(THREE, {"n1": "R", "n2": "b", "n3": "y"}, (F(1), F(2), F(0)), {"r": F(1)},
                 id="hand-solved-three-players"),
    pytest.param(load_game("punishment_deterrence"), {"start": "Challenge", "respond": "Acquiesce"},
                 (F(1), F(-1)), {"Defender concedes": F(1)}, id="schelling-1960-costly-retaliation"),
    pytest.param(load_game("punishment_commitment"),
                 {"commit": "Commit", "challenge_committed": "Status quo",
                  "respond_committed": "Retaliate", "challenge_silent": "Challenge",
                  "respond_silent": "Acquiesce"}, (F(0), F(0)), {"status quo": F(1)},
                 id="fearon-1994-audience-cost"),
]


@pytest.mark.parametrize("game, expected, payoffs, outcomes", SPE)
def test_backward_induction_finds_the_subgame_perfect_equilibrium(game, expected, payoffs, outcomes):
    result = solve_tree(game)
    assert result.concept == "subgame-perfect" and result.complete and result.exact
    [eq] = result.equilibria
    assert choices(game, eq) == expected
    assert eq.payoffs == payoffs
    assert dict(eq.outcomes) == outcomes
    assert eq.subgame_perfect and not eq.incredible_threats
    floating = solve_tree(game, floating=True)
    assert not floating.exact
    assert choices(game, floating.equilibria[0]) == expected
    assert floating.equilibria[0].payoffs == pytest.approx([float(x) for x in payoffs])


def test_every_pure_subgame_perfect_equilibrium_when_indifferent():
    game = load_game("punishment_deterrence", values={"d": F(1)})  # retaliating costs the stake
    result = solve_tree(game)
    assert result.complete
    pure = [eq for eq in result.equilibria if eq.is_pure]
    found = sorted(tuple(choices(game, eq).values()) for eq in pure)
    assert found == [("Challenge", "Acquiesce"), ("Status quo", "Retaliate")]
    assert any("indifferent" in w for w in result.warnings)
    # two players: the mixed extreme equilibria that are subgame perfect are listed too;
    # retaliating with probability 1/3 leaves the Challenger indifferent
    mixed = [eq for eq in result.equilibria if not eq.is_pure]
    respond = game.infoset[game.index["respond"]]
    assert {eq.probabilities(game, respond) for eq in mixed} == {(F(1, 3), F(2, 3))}
    assert len(mixed) == 2 and all(eq.subgame_perfect for eq in mixed)
    assert len(backward_induction(game).equilibria) == 2


def test_ties_below_ties_multiply():
    game = tree("""
        title = "ties"
        players = ["A", "B"]
        root = "a"
        [nodes.a]
        player = "A"
        actions = { l = "b1", r = "b2" }
        [nodes.b1]
        player = "B"
        actions = { x = "z1", y = "z2" }
        [nodes.b2]
        player = "B"
        actions = { x = "z3", y = "z4" }
        [outcomes.z1]
        payoffs = { A = 1, B = 0 }
        [outcomes.z2]
        payoffs = { A = 2, B = 0 }
        [outcomes.z3]
        payoffs = { A = 0, B = 5 }
        [outcomes.z4]
        payoffs = { A = 3, B = 5 }
    """)
    result = backward_induction(game)
    # B is indifferent at both nodes: 4 continuations, A's best reply to each
    assert len(result.equilibria) == 4
    expected = {("l", "x", "x"), ("l", "y", "x"), ("r", "x", "y"), ("r", "y", "y")}
    found = {tuple(choices(game, eq)[k] for k in ("a", "b1", "b2")) for eq in result.equilibria}
    assert found == expected
    truncated = backward_induction(game, limit=2)
    assert not truncated.complete and len(truncated.equilibria) == 2


def test_nash_equilibria_flag_the_incredible_threat():
    """Issue 3: solve gives the single SPE; --concept nash the extra equilibrium, flagged."""
    game = ENTRY
    result = solve_tree(game, concept="nash")
    assert result.concept == "nash" and result.complete
    labels = [(eq.label(game), eq.subgame_perfect) for eq in result.equilibria]
    assert labels == [("Challenger: In; Incumbent: Acquiesce", True),
                      ("Challenger: Out; Incumbent: Fight", False),
                      ("Challenger: Out; Incumbent: 1/2 Acquiesce + 1/2 Fight", False)]
    threat = result.equilibria[1].incredible_threats[0]
    assert (game.ids[threat.node], game.players[threat.player], threat.better, threat.gain) == \
        ("i", "Incumbent", 0, F(1))


def test_challenge_retaliate_acceptance_from_the_command_line():
    runner = CliRunner()
    spe = json.loads(runner.invoke(cli, ["solve", "games/punishment_deterrence.toml", "--json"]).output)
    assert spe["concept"] == "subgame-perfect"
    assert [eq["outcomes"] for eq in spe["equilibria"]] == [{"Defender concedes": "1"}]
    nash = json.loads(runner.invoke(cli, ["solve", "games/punishment_deterrence.toml",
                                          "--concept", "nash", "--json"]).output)
    extra = [eq for eq in nash["equilibria"] if not eq["subgame_perfect"]]
    assert extra and extra[0]["strategies"]["Defender"]["respond"] == {"Retaliate": "1", "Acquiesce": "0"}
    assert extra[0]["outcomes"] == {"status quo": "1"}
    assert extra[0]["incredible_threats"] == [{
        "node": "respond", "infoset": "respond", "player": "Defender", "prescribed": "Retaliate",
        "better": "Acquiesce", "gain": "1"}]
    text = runner.invoke(cli, ["solve", "punishment_deterrence", "--concept", "nash"]).output
    assert "incredible threat" in text and "would rather Acquiesce" in text


def test_commitment_without_audience_cost_leaves_the_threat_incredible():
    game = load_game("punishment_commitment", values={"a": F(0)})
    result = solve_tree(game)
    assert result.equilibria
    assert all(eq.payoffs == (F(1), F(-1)) for eq in result.equilibria)


def test_two_stage_raid_needs_a_mixed_equilibrium_in_its_subgame():
    game = load_game("two_stage_raid")
    result = solve_tree(game)
    # the guessing subgame has one Nash equilibrium (its sequence form's only extreme
    # one, no continuum), so the list provably holds every outcome of a subgame-perfect
    # equilibrium: complete (issue 11; the reduced-form route could never say so)
    assert result.concept == "subgame-perfect" and result.complete
    [eq] = result.equilibria
    strike = eq.probabilities(game, game.infoset[game.index["strike"]])
    guard = eq.probabilities(game, game.infoset[game.index["guess_a"]])
    assert (strike, guard) == ((F(2, 5), F(3, 5)), (F(3, 5), F(2, 5)))
    assert eq.payoffs == (F(1, 5), F(-1, 5))
    assert dict(eq.beliefs)[game.infoset[game.index["guess_a"]]] == (F(2, 5), F(3, 5))
    # denial that costs the attacker more: the raid's value (2 - 4)/7 < 0
    deterred = solve_tree(load_game("two_stage_raid", values={"L": F(2)}))
    [eq] = deterred.equilibria
    assert dict(eq.outcomes) == {"no raid": F(1)}


@pytest.mark.parametrize("p, action", [(F(1, 4), "Challenge"), (F(1, 2), "Status quo")],
                         ids=["harsanyi-powell-p-1/4", "harsanyi-powell-p-1/2"])
def test_credibility_as_a_probability(p, action):
    game = load_game("punishment_credibility", values={"p": p})
    result = solve_tree(game)
    assert result.concept == "perfect-bayesian"
    [eq] = result.equilibria
    assert choices(game, eq)["Challenger"] == action
    assert eq.perfect_bayesian and eq.subgame_perfect
    assert dict(eq.beliefs) == {game.infoset_labels.index("Challenger"): (p, 1 - p)}


@pytest.mark.parametrize("p, action, outcomes", [
    (F(1, 3), "Enter", {"shared market": F(2, 3), "price war": F(1, 3)}),
    (F(2, 3), "Stay out", {"no entry": F(1)}),
], ids=["kreps-wilson-1982-weak-likely", "kreps-wilson-1982-tough-likely"])
def test_entry_deterrence_with_a_tough_or_weak_incumbent(p, action, outcomes):
    game = load_game("entry_deterrence", values={"p": p})
    [eq] = solve_tree(game).equilibria
    assert choices(game, eq)["Entrant"] == action
    assert dict(eq.outcomes) == outcomes
    assert choices(game, eq)["weak"] == "Accommodate" and choices(game, eq)["tough"] == "Fight"


def test_beer_quiche_has_both_pooling_perfect_bayesian_equilibria():
    game = BEER_QUICHE
    result = solve_tree(game)
    assert result.concept == "perfect-bayesian"
    distributions = [dict(eq.outcomes) for eq in result.equilibria]
    assert {"beer, no duel": F(1)} in distributions
    assert {"quiche, no duel": F(1)} in distributions
    beer = game.infoset_labels.index("after beer")
    for eq in result.equilibria:
        assert eq.perfect_bayesian and eq.subgame_perfect
        if dict(eq.outcomes) == {"beer, no duel": F(1)}:
            assert dict(eq.beliefs)[beer] == (F(9, 10), F(1, 10))
            quiche = game.infoset_labels.index("after quiche")
            weak_belief = dict(eq.off_path_beliefs)[quiche][1]
            assert weak_belief >= F(1, 2)  # only a likely-weak quiche eater is dueled
    # separating profiles are Nash equilibria of nothing here: every listed one pools
    assert all(len(d) == 1 for d in distributions)


def test_reduced_strategic_form_of_the_commitment_game():
    form = reduced_form(load_game("punishment_commitment"))
    assert form.normal.strategies[0] == (
        "Challenge/Challenge", "Challenge/Status quo", "Status quo/Challenge", "Status quo/Status quo")
    assert "Stay silent/*/Retaliate" in form.normal.strategies[1]
    assert len(form.normal.strategies[1]) == 4
    shown = CliRunner().invoke(cli, ["show", "punishment_commitment", "--normal"],
                               env={"COLUMNS": "200"})
    assert shown.exit_code == 0 and "Commit/Retaliate/*" in shown.output


def test_json_for_trees_with_information_sets():
    runner = CliRunner()
    doc = json.loads(runner.invoke(cli, ["solve", "punishment_credibility", "--json"]).output)
    assert doc["schema"] == "deterrence.result/1" and doc["game"]["kind"] == "tree"
    eq = doc["equilibria"][0]
    assert set(eq) >= {"strategies", "payoffs", "outcomes", "beliefs", "subgame_perfect",
                       "perfect_bayesian", "incredible_threats", "pure", "component"}
    assert eq["beliefs"] == {"Challenger": {"challenge_resolute": "1/2", "challenge_irresolute": "1/2"}}
    assert eq["strategies"]["Challenger"] == {"Challenger": {"Challenge": "0", "Status quo": "1"}}
    floats = json.loads(runner.invoke(cli, ["solve", "punishment_credibility", "--json", "--float"]).output)
    assert floats["equilibria"][0]["beliefs"]["Challenger"]["challenge_resolute"] == 0.5


def test_usage_errors_for_concepts_and_methods():
    runner = CliRunner()
    result = runner.invoke(cli, ["solve", "hawk_dove", "--concept", "subgame-perfect"])
    assert result.exit_code == 2
    result = runner.invoke(cli, ["solve", "two_stage_raid", "--method", "lemke-howson"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    result = runner.invoke(cli, ["show", "hawk_dove", "--normal"])
    assert result.exit_code == 2


def test_normal_form_entry_point_dispatches_trees():
    result = solve(load_game("punishment_deterrence"), concept="nash")
    assert result.concept == "nash" and len(result.equilibria) == 3


def render(view, width: int = 80) -> str:
    console = Console(width=width, color_system=None, force_terminal=False)
    with console.capture() as capture:
        console.print(view)
    return capture.get()


def test_result_view_marks_choices_path_and_threats_in_plain_text():
    game = load_game("punishment_deterrence")
    text = render(TreeResultView(solve_tree(game, concept="nash")))
    assert "→ Acquiesce" in text and "* Defender concedes" in text
    assert "incredible threat: at 'respond', Defender is told to Retaliate" in text
    assert "outcomes:" in text and "status quo" in text
    assert all(len(line) <= 80 for line in text.splitlines())
    beliefs = render(TreeResultView(solve_tree(load_game("punishment_credibility"))))
    assert "belief (Bayes' rule) at 'Challenger': challenge_resolute 1/2" in beliefs


def test_tree_view_of_a_large_tree_is_summarised():
    spec = importlib.util.spec_from_file_location(
        "bench_trees", Path(__file__).resolve().parent.parent / "benchmarks" / "bench_trees.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    game = bench.random_tree(2000, seed=3)
    assert "too large to draw" in render(TreeView(game))
    exact = backward_induction(game, limit=1)
    floating = backward_induction(game, floating=True)
    assert float(exact.equilibria[0].payoffs[0]) == pytest.approx(floating.equilibria[0].payoffs[0])
    shown = render(TreeResultView(exact))
    assert "decision points (see --json)" in shown and "──" not in shown


GOLDEN_SPE = """\
Subgame-perfect equilibria — complete list, exact (backward-induction)

1. Challenger: Challenge; Defender: Acquiesce
   payoffs: Challenger 1, Defender -1
   subgame perfect: yes
* start: Challenger
├── → Challenge ── * respond: Defender
│   ├── Retaliate ── war: Challenger -2, Defender -2
│   └── → Acquiesce ── * Defender concedes: Challenger 1, Defender -1
└── Status quo ── status quo: Challenger 0, Defender 0
   outcomes:
     Defender concedes  1

→ = prescribed action (with its probability if mixed); * = reached in 
equilibrium
"""


def test_golden_rendering_of_a_subgame_perfect_answer():
    assert render(TreeResultView(solve_tree(load_game("punishment_deterrence")))) == GOLDEN_SPE


DOMINATED_THREAT = tree("""
    title = "A threat no belief can justify"
    players = ["Sender", "Receiver"]
    root = "nature"
    [nodes.nature]
    chance = { Strong = "1/2", Weak = "1/2" }
    actions = { Strong = "s", Weak = "w" }
    [nodes.s]
    player = "Sender"
    actions = { In = "rs", Out = "out" }
    [nodes.w]
    player = "Sender"
    actions = { In = "rw", Out = "out" }
    [nodes.rs]
    player = "Receiver"
    infoset = "after In"
    actions = { Fight = "fs", Yield = "ys" }
    [nodes.rw]
    player = "Receiver"
    infoset = "after In"
    actions = { Fight = "fw", Yield = "yw" }
    [outcomes.out]
    payoffs = { Sender = 0, Receiver = 2 }
    [outcomes.fs]
    payoffs = { Sender = -1, Receiver = -1 }
    [outcomes.ys]
    payoffs = { Sender = 1, Receiver = 0 }
    [outcomes.fw]
    payoffs = { Sender = -1, Receiver = -2 }
    [outcomes.yw]
    payoffs = { Sender = 1, Receiver = 1 }
""")


def test_perfect_bayesian_removes_a_threat_subgame_perfection_cannot_see():
    """No proper subgame starts at the Receiver's information set, so keeping the
    Sender out by threatening to fight is subgame perfect; but fighting is worse than
    yielding whatever the Receiver believes, so it is not perfect Bayesian."""
    game = DOMINATED_THREAT
    nash = solve_tree(game, concept="nash")
    out = [eq for eq in nash.equilibria if dict(eq.outcomes) == {"out": F(1)}]
    assert out and all(eq.subgame_perfect and eq.perfect_bayesian is False for eq in out)
    threat = out[0].incredible_threats[0]
    assert game.decision_point(threat.infoset) == "after In"
    assert game.infoset_actions(threat.infoset)[threat.better] == "Yield"
    [pbe] = solve_tree(game).equilibria
    assert dict(pbe.outcomes) == {"ys": F(1, 2), "yw": F(1, 2)}
    spe = solve_tree(game, concept="subgame-perfect")
    assert len(spe.equilibria) > 1


def _bench():
    spec = importlib.util.spec_from_file_location(
        "bench_trees", Path(__file__).resolve().parent.parent / "benchmarks" / "bench_trees.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("seed", range(6))
def test_exact_and_float_backward_induction_agree_on_random_trees(seed):
    game = _bench().random_tree(3000 + 97 * seed, seed=seed)
    exact = backward_induction(game, limit=1)
    floating = backward_induction(game, floating=True)
    assert [float(x) for x in exact.equilibria[0].payoffs] == pytest.approx(
        list(floating.equilibria[0].payoffs))
    assert sum(p for _, p in exact.equilibria[0].outcomes) == 1


def test_positive_affine_change_of_payoffs_keeps_the_subgame_perfect_play():
    from dataclasses import replace

    from deterrence.model.expr import Const

    game = _bench().random_tree(500, seed=11)
    # the generator's first 11 expressions are the payoffs -5..5, the rest probabilities
    scaled = replace(game, exprs=tuple(Const(3 * e.value + 7) for e in game.exprs[:11])
                     + game.exprs[11:])
    a = backward_induction(game, limit=1).equilibria[0]
    b = backward_induction(scaled, limit=1).equilibria[0]
    assert a.choice.tobytes() == b.choice.tobytes()
    assert b.payoffs == tuple(3 * x + 7 for x in a.payoffs)
