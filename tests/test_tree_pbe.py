"""Perfect Bayesian equilibria of trees: found where they hide, and never a false "complete".

Every finite game has a sequential, hence perfect Bayesian, equilibrium;
the answers drawn from the extreme Nash equilibria of the reduced strategic
form may miss it (it can need a mixed continuation off the path), so the
solver searches further, and never claims a complete list. Ids name the
game and its source.
"""

from __future__ import annotations

import re
from fractions import Fraction as F

import pytest
from click.testing import CliRunner
from rich.console import Console

from deterrence.cli import cli
from deterrence.io import load_game, parse_game
from deterrence.model import GameTree, Node
from deterrence.model.expr import parse
from deterrence.trees.behaviour import action_values, infoset_weights, node_values
from deterrence.trees.credibility import subgame_perfection
from deterrence.trees.reduced_form import reduced_form
from deterrence.trees.solver import _check_nash, enumerable, solve_tree
from deterrence.views.result import completeness_text
from deterrence.views.tree import TreeResultView


def point(game, label: str) -> int:
    return game.infoset_labels.index(label)


def probabilities(game, eq, label: str, action: str) -> F:
    h = point(game, label)
    return eq.probabilities(game, h)[game.infoset_actions(h).index(action)]


# p, Challenger's opening, irresolute Defender's bluff at the crisis, Challenger's call
KAHN = [
    pytest.param(F(1, 5), F(1), F(69, 116), F(395, 693), id="kahn-1965-ladder-p-1/5-on-the-path"),
    pytest.param(F(1, 4), F(0), F(23, 29), F(395, 693), id="kahn-1965-ladder-p-1/4-off-the-path"),
]


@pytest.mark.parametrize("p, opens, bluff, call", KAHN)
def test_kahn_ladder_has_a_verified_perfect_bayesian_equilibrium(p, opens, bluff, call):
    """At p = 1/4 no extreme Nash equilibrium of the reduced form is perfect Bayesian:
    the Challenger stays out, and off the path the irresolute Defender must bluff and the
    Challenger call with exactly the probabilities that leave each indifferent."""
    game = load_game("kahn_ladder", values={"p": p})
    result = solve_tree(game)
    assert result.concept == "perfect-bayesian" and not result.complete
    assert any("others may exist" in w for w in result.warnings)
    matching = [eq for eq in result.equilibria
                if probabilities(game, eq, "Challenger at Peace", "Escalate to Ostensible crisis") == opens
                and probabilities(game, eq, "Defender (irresolute) at Ostensible crisis",
                                  "Escalate to Political and economic gestures") == bluff
                and probabilities(game, eq, "Challenger at Political and economic gestures",
                                  "Escalate to Show of force") == call]
    assert matching
    eq = matching[0]
    assert eq.perfect_bayesian and eq.subgame_perfect and not eq.incredible_threats
    behaviour = eq.behaviour(game)
    assert _check_nash(game, behaviour)
    # by hand: both mixing players are indifferent where they mix, given Bayes' rule
    # applied to the others' play (off the path too: the Defender's strategy is known)
    values = node_values(game, behaviour)
    for label in ("Defender (irresolute) at Ostensible crisis",
                  "Challenger at Political and economic gestures"):
        h = point(game, label)
        weights = infoset_weights(game, behaviour, h, 0)
        weights = weights if any(weights) else [F(1)] * len(weights)  # a single node
        q = action_values(game, values, h, weights)
        assert q[0] == q[1], label
    h = point(game, "Challenger at Political and economic gestures")
    weights = infoset_weights(game, behaviour, h, 0)
    assert weights[0] / sum(weights) == F(29, 98)  # the Challenger's belief: resolute


def test_kahn_ladder_from_the_command_line_is_honest():
    """Issue 3, the false completeness: ``solve kahn_ladder --set p=1/4`` once said
    "complete" with no equilibrium at all."""
    import json

    out = CliRunner().invoke(cli, ["solve", "kahn_ladder", "--set", "p=1/4", "--json"]).output
    doc = json.loads(out)
    assert doc["concept"] == "perfect-bayesian" and doc["complete"] is False
    assert doc["equilibria"] and all(eq["perfect_bayesian"] for eq in doc["equilibria"])
    # once 56 numbers of the internal enumeration; now a few short sentences
    assert all(len(w) < 400 for w in doc["warnings"])
    assert all(1 <= k <= len(doc["equilibria"]) for w in doc["warnings"]
               for k in _printed_numbers(w))


def _printed_numbers(warning: str) -> list[int]:
    found = re.search(r"equilibri(?:um|a) ([\d, \-]+) li", warning)
    if not found:
        return []
    out = []
    for part in found.group(1).split(","):
        lo, _, hi = part.strip().partition("-")
        out.extend(range(int(lo), int(hi or lo) + 1))
    return out


TREES = ["crisis_bargaining", "two_sided_uncertainty", "entry_deterrence",
         "punishment_credibility", "tariff_ladder"]  # kahn_ladder: the command-line test


@pytest.mark.parametrize("name", TREES, ids=[f"catalogue-{n}" for n in TREES])
@pytest.mark.parametrize("concept", [None, "nash"])
def test_warnings_speak_of_the_printed_list(name, concept):
    """A continuum is named by the equilibria as printed (numbered from 1), never by the
    internal enumeration's numbers, and warnings stay short."""
    result = solve_tree(load_game(name), concept=concept)
    for warning in result.warnings:
        assert "extreme equilibria 1" not in warning
        assert len(warning) < 400, warning
        assert all(1 <= k <= len(result.equilibria) for k in _printed_numbers(warning)), warning


def test_crisis_bargaining_names_its_one_equilibrium():
    """Fearon (1995)-style crisis bargaining: one perfect Bayesian equilibrium printed, so a
    continuum warning can only speak of equilibrium 1."""
    result = solve_tree(load_game("crisis_bargaining"))
    assert len(result.equilibria) == 1
    continua = [w for w in result.warnings if "continuum" in w]
    assert continua == ["equilibrium 1 lies in one connected set (a continuum) of Nash "
                        "equilibria of the sequence form"]


def test_one_threat_per_information_set_with_the_local_gain():
    """The ladder-tree template: B's export controls after tariffs. Backing down there gains
    17/10 at the node itself (before: a second threat, 153/100 = (1 - q) 17/10, the gain
    seen from the chance node above)."""
    from deterrence.edit.templates import template

    game = parse_game(template("ladder-tree").text(), "lt.toml")
    result = solve_tree(game, concept="nash")
    for eq in result.equilibria:
        points = [t.infoset for t in eq.incredible_threats]
        assert len(points) == len(set(points))
    threats = [t for eq in result.equilibria for t in eq.incredible_threats
               if game.decision_point(t.infoset) == "controls" and t.prescribed == (F(1), F(0))]
    assert [t.gain for t in threats] == [F(17, 10)]
    # the gain is the best deviation's at that point, given the play below
    h = threats[0].infoset
    eq = next(e for e in result.equilibria if threats[0] in e.incredible_threats)
    behaviour = eq.behaviour(game)
    q = action_values(game, node_values(game, behaviour), h, [F(1)])
    assert q[threats[0].better] - q[0] == F(17, 10)
    assert subgame_perfection(game, behaviour)[1] == eq.incredible_threats


def _simultaneous(n: int) -> GameTree:
    """A guessing game in tree form: B moves without seeing A's n actions (n × n)."""
    nodes = {"a": Node(player="A", actions=tuple((f"a{i}", f"b{i}") for i in range(n)))}
    for i in range(n):
        nodes[f"b{i}"] = Node(player="B", infoset="guess",
                              actions=tuple((f"g{j}", f"z{i}_{j}") for j in range(n)))
        for j in range(n):
            a, b = (3 * i + 5 * j) % 7, (2 * i * j + i) % 5
            nodes[f"z{i}_{j}"] = Node(outcome=f"{i}/{j}",
                                      payoffs=(("A", parse(str(a))), ("B", parse(str(b)))))
    return GameTree.from_nodes(["A", "B"], "a", nodes, title=f"{n} x {n} guessing game")


@pytest.mark.parametrize("n, expected", [(12, True), (13, False)],
                         ids=["12x12-enumerated", "13x13-too-large"])
def test_square_reduced_forms_beyond_the_enumeration_limit_fall_back(n, expected):
    """The reduced-form route (``--method reduced-form``) still falls back beyond its
    limit; the default route is the sequence form now (issue 11), see the next test."""
    game = _simultaneous(n)
    assert enumerable(reduced_form(game)) is expected
    if expected:
        return
    nash = solve_tree(game, concept="nash", method="reduced-form")
    assert not nash.complete and nash.equilibria
    assert any("too large to enumerate" in w for w in nash.warnings)
    spe = solve_tree(game, method="reduced-form")
    assert not spe.complete and spe.equilibria
    assert any("too large to enumerate" in w for w in spe.warnings)


@pytest.mark.slow
def test_the_sequence_form_enumerates_the_guessing_game_and_says_how_many():
    """Its polyhedra have a few hundred vertices; the game is so degenerate that it has
    924 extreme equilibria at 10 x 10, and the list says it shows the first 400."""
    nash = solve_tree(_simultaneous(10), concept="nash")
    assert not nash.complete and len(nash.equilibria) == 400
    assert any("924 extreme Nash equilibria" in w for w in nash.warnings)


def test_long_thin_reduced_forms_are_enumerated():
    """The enumeration's cost grows with the smaller side: 4 × 50 is fast."""
    class Form:  # the shape is all the rule looks at
        class normal:
            strategies = (tuple(range(4)), tuple(range(50)))
    assert enumerable(Form)
    Form.normal.strategies = (tuple(range(6)), tuple(range(54)))  # a tree's took 10 s
    assert not enumerable(Form)


@pytest.mark.parametrize("name, concept, text", [
    pytest.param("punishment_deterrence", None, "complete list", id="backward-induction"),
    pytest.param("punishment_deterrence", "nash",
                 "all extreme equilibria of the sequence form", id="tree-nash"),
    pytest.param("kahn_ladder", None, "not a complete list", id="perfect-bayesian"),
    pytest.param("crisis_bargaining", None, "every outcome distribution",
                 id="perfect-bayesian-proven-complete"),
    pytest.param("hawk_dove", None, "all extreme equilibria", id="normal-form-nash"),
])
def test_completeness_text_is_truthful(name, concept, text):
    game = load_game(name)
    from deterrence.solver import solve

    result = solve(game, concept=concept) if concept else solve(game)
    assert completeness_text(result) == text
    if game.kind == "tree":
        console = Console(width=100, color_system=None, force_terminal=False)
        with console.capture() as cap:
            console.print(TreeResultView(result, draw=False))
        assert f"— {text}," in cap.get()


def test_when_the_search_finds_nothing_the_answer_says_so(monkeypatch):
    """Never "complete" with an empty list: if no candidate passed and the search off the
    path found nothing either, the warning says one exists and was not found."""
    import sys

    tree_solver = sys.modules[solve_tree.__module__]
    monkeypatch.setattr(tree_solver, "_passes", lambda *args: False)
    result = solve_tree(load_game("punishment_credibility"))
    assert not result.equilibria and not result.complete
    assert any("every finite game has a sequential equilibrium" in w for w in result.warnings)
