"""Escalation ladders: the builder, known answers, unravelling, bad files.

The known answers are derived by hand in the tests (indifference conditions
of the bluffing equilibrium of the abridged Kahn ladder); the properties are
the textbook ones: with complete information an escalation ladder unravels
by backward induction, and a ladder is climbed past its first rung only when
some side's resolve is private.
"""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deterrence.builders.ladder.analysis import analyse_ladder
from deterrence.builders.ladder.file import spec_of
from deterrence.builders.ladder.spec import EXAMPLE
from deterrence.cli import cli
from deterrence.errors import GameFileError
from deterrence.io import load_game, parse_game

F = Fraction


def ladder_text(rungs, *, first="A", stake="10", worst="-50", top="worst", prevail=None,
                resolve="", extra="") -> str:
    """A ladder file for sides A and B; ``rungs`` holds (cost A, cost B, loss of control)."""
    lines = ['schema = "deterrence/1"', 'kind = "ladder"', 'title = "test ladder"',
             'players = ["A", "B"]', extra, "[ladder]", f'first = "{first}"',
             f'stake = "{stake}"', f'worst = "{worst}"', f'top = "{top}"']
    if prevail is not None:
        lines.append(f'prevail = {{ A = "{prevail}" }}')
    for k, (ca, cb, q) in enumerate(rungs, start=1):
        lines += ["[[ladder.rungs]]", f'name = "rung {k}"', f'cost = {{ A = "{ca}", B = "{cb}" }}',
                  f'loss_of_control = "{q}"']
    return "\n".join(lines) + "\n" + resolve


# ------------------------------------------------------------------ the tree


def test_the_tree_alternates_and_costs_add_up():
    game = parse_game(EXAMPLE, "ladder.toml")
    assert [game.node(f"move{k}").player for k in range(3)] == ["A", "B", "A"]
    # B backs down at rung 1: A gets the stake, both bear the cost of rung 1
    payoffs = {p: x.evaluate(game.parameters.environment()) for p, x in game.node("yield1").payoffs}
    assert payoffs == {"A": F(3), "B": F(-1)}
    # losing control at rung 3: the worst outcome on top of three rungs' costs
    lost = {p: x.evaluate(game.parameters.environment()) for p, x in game.node("lost3").payoffs}
    assert lost == {"A": F(-23), "B": F(-23)}
    assert game.is_perfect_information and game.has_chance


def test_private_resolve_makes_information_sets_across_the_other_sides_types():
    game = load_game("tariff_ladder")
    assert not game.is_perfect_information and game.has_perfect_recall
    label = "United States (pragmatic) at Status quo"
    h = game.infoset_labels.index(label)
    assert len(game.members[h]) == 2          # China resolute or pragmatic: the US cannot tell
    assert game.node("types").probabilities[0].names() == {"p", "p_us"}


def test_changing_a_value_rebuilds_and_rechecks():
    game = load_game("kahn_ladder")
    again = game.with_values({"q5": F(1, 2)})
    assert spec_of(again) is spec_of(game)
    assert again.probability(again.parent_edge[again.index["irresolute__lost5"]]) == F(1, 2)


def test_war_at_the_top_is_a_chance_move():
    game = parse_game(ladder_text([(1, 1, 0)], top="war", prevail="3/4"), "t.toml")
    top = game.node("top")
    assert [a for a, _ in top.actions] == ["A prevails", "B prevails"]
    assert [str(p) for p in top.probabilities] == ["3/4", "1/4"]


# ------------------------------------------------------------------ known answers


def test_kahn_ladder_complete_information_unravels():
    """With p = 0 (the Defender surely irresolute) backward induction: the
    Challenger opens the crisis and the Defender backs down at once."""
    a = analyse_ladder(load_game("kahn_ladder", {"p": F(0)}))
    assert a.rows[1].reach == 1 and a.rows[1].backs_down == 1
    assert a.escalation == 0
    assert a.stake == (F(1), F(0))
    assert a.payoffs == (F(10) - F(1, 2), F(-1, 2))


@pytest.mark.parametrize("p, sigma, beta, escalation", [
    pytest.param(F(1, 5), F(69, 116), F(298, 693), F(98, 145), id="kahn-1965-bluff-p=1/5"),
    pytest.param(F(1, 10), F(23, 87), F(298, 693), F(49, 145), id="kahn-1965-bluff-p=1/10",
                 marks=pytest.mark.slow),
])
def test_kahn_ladder_bluffing_equilibrium(p, sigma, beta, escalation):
    """Hand derivation (costs net of what is already sunk; V = 10, D = 100).

    The Challenger, at 'Political and economic gestures' with belief mu that
    the Defender is resolute, calls with a show of force (cost 2, control lost
    with 1/50) and then backs down at limited military action if the Defender
    is resolute (cost 5, control lost with 1/20)::

        -2 - 2 + 49/50 * (10 (1 - mu) - 10 mu) = 0   =>   mu = 29/98

    so the irresolute Defender escalates at the crisis with sigma solving
    p / (p + (1 - p) sigma) = 29/98, sigma = 69 p / (29 (1 - p)). The
    irresolute Defender is indifferent at the crisis when the Challenger backs
    down with beta::

        -1 - 1 + 99/100 * (10 beta - 4 (1 - beta)) = 0   =>   beta = 298/693

    The crisis climbs past the first rung with p + (1 - p) sigma = 98 p / 29.
    """
    assert sigma == 69 * p / (29 * (1 - p)) and escalation == 98 * p / 29
    a = analyse_ladder(load_game("kahn_ladder", {"p": p}))
    plans = {plan.label: dict(plan.back_down) for plan in a.plans}
    assert plans["Defender (irresolute)"][1] == 1 - sigma
    assert plans["Challenger"][2] == beta
    assert plans["Defender (resolute)"][1] == 0
    assert a.escalation == escalation
    assert a.rows[5].reach == 0                          # nobody goes nuclear


@pytest.mark.slow
@pytest.mark.parametrize("p, opens", [
    pytest.param(F(23, 100), True, id="kahn-1965-below-551/2352"),
    pytest.param(F(1, 3), False, id="kahn-1965-above-551/2352"),
])
def test_kahn_ladder_challenger_opens_below_a_threshold(p, opens):
    """The Challenger's value of opening, with the bluffing continuation::

        -1/2 + 10 ((1 - p) - 69 p / 29) - 2 (p + 69 p / 29) > 0
        <=>  p < 551/2352 (about 0.234)
    """
    threshold = F(19, 2) * 29 / 1176
    assert threshold == F(551, 2352) and (p < threshold) == opens
    a = analyse_ladder(load_game("kahn_ladder", {"p": p}))
    assert (a.rows[1].reach == 1) == opens


def test_tariff_ladder_escalates_only_with_private_resolve():
    uncertain = analyse_ladder(load_game("tariff_ladder"))
    assert uncertain.escalation == F(171, 280)
    assert uncertain.rows[5].reach == F(6859, 32000)
    assert uncertain.worst == F(5066407, 64960000)
    plans = {plan.label: dict(plan.back_down) for plan in uncertain.plans}
    assert plans["China (pragmatic)"][1] == F(22, 29)            # bluffs with 7/29
    assert plans["China (resolute)"] == {1: 0, 3: 0}
    # priors of 0: both sides surely pragmatic, which is complete information
    certain = analyse_ladder(load_game("tariff_ladder", {"p": F(0), "p_us": F(0)}))
    assert certain.game.is_perfect_information
    assert certain.escalation == 0
    # the pragmatic United States moves last below the top and would back down there,
    # so backward induction has it back down at its first move
    assert certain.rows[0].backs_down == 1
    assert [plan.label for plan in certain.plans] == ["United States (pragmatic)", "China (pragmatic)"]


def test_a_prior_of_one_leaves_only_the_resolute_type():
    game = load_game("kahn_ladder", {"p": F(1)})
    assert game.is_perfect_information and "resolute__move1" in game.index


# ------------------------------------------------------------------ properties

costs = st.integers(1, 5)
risks = st.sampled_from(["0", "1/10", "1/5"])


@st.composite
def complete_ladders(draw):
    n = draw(st.integers(1, 5))
    rungs = [(draw(costs), draw(costs), draw(risks)) for _ in range(n)]
    top = draw(st.sampled_from(["worst", "stalemate", "war-A", "war-B"]))
    prevail = None
    if top.startswith("war"):
        prevail, top = ("1" if top == "war-A" else "0"), "war"
    return ladder_text(rungs, first=draw(st.sampled_from("AB")), stake=str(draw(st.integers(1, 30))),
                       worst=str(-draw(st.integers(1, 60))), top=top, prevail=prevail)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(complete_ladders())
def test_complete_information_ladders_unravel(text):
    """Every pure subgame-perfect equilibrium climbs at most one rung: the side
    that backs down does so at its first move (a side climbing on would pay a
    rung's cost only to back down later or lose at the top). Where a side is
    indifferent it may also mix, and then the ladder can be climbed with
    positive probability (stake 2, costs (1, 1), (1, 2), (1, 1): B escalates
    with probability 1/3), so mixed equilibria are not claimed."""
    game = parse_game(text, "ladder.toml")
    from deterrence.solver import solve

    result = solve(game)
    assert result.equilibria
    assert any(eq.is_pure for eq in result.equilibria)
    for index, eq in enumerate(result.equilibria):
        if not eq.is_pure:
            continue
        a = analyse_ladder(game, result, index)
        assert a.escalation == 0
        assert a.rows[0].backs_down + a.rows[1].reach == 1


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 5), st.data())
def test_the_side_that_loses_at_the_top_backs_down_at_its_first_move(n, data):
    """Without risk, if A surely prevails at the top and climbing every rung
    costs A less than the stake, B backs down at its first move."""
    stake = 40
    rungs = [(data.draw(st.integers(1, 7)), data.draw(costs), "0") for _ in range(n)]
    first = data.draw(st.sampled_from("AB"))
    a = analyse_ladder(parse_game(ladder_text(rungs, first=first, stake=str(stake), top="war",
                                              prevail="1"), "t.toml"))
    b_first_move = 0 if first == "B" else 1
    if n == 1 and first == "A":
        assert a.stake == (F(1), F(0))                   # A climbs to the top and prevails
    else:
        assert a.rows[b_first_move].backs_down == 1
        assert a.stake == (F(1), F(0))


# ------------------------------------------------------------------ the command


def test_ladder_command_prints_the_table_and_a_sentence(tmp_path):
    path = tmp_path / "ladder.toml"
    # rung 2 is a coin toss on the worst outcome: B would rather back down at rung 1
    path.write_text(ladder_text([(1, 1, "0"), (1, 1, "1/2"), (1, 1, "0")]))
    result = CliRunner().invoke(cli, ["ladder", str(path)])
    assert result.exit_code == 0, result.output
    assert "rung 2" in result.output and "P(reach)" in result.output
    assert "A climbs to rung 1 and B backs down at its first move: the ladder unravels" in result.output


def test_ladder_json():
    result = CliRunner().invoke(cli, ["ladder", "tariff_ladder", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["schema"] == "deterrence.ladder/1"
    assert doc["concept"] == "perfect-bayesian"
    assert doc["escalation"] == "171/280"
    assert [r["name"] for r in doc["rungs"]][:2] == ["Status quo", "Tariffs"]
    plans = {(p["side"], p["type"]): p for p in doc["plans"]}
    assert plans[("United States", "pragmatic")]["back_down"]["Status quo"] == "9/280"
    assert plans[("China", "resolute")]["stops_at"] is None
    assert plans[("China", "resolute")]["label"] == "China (resolute)"
    assert sum(F(x) for x in doc["stake"].values()) + F(doc["worst_outcome"]) + F(doc["stalemate"]) == 1


def test_ladder_command_refuses_a_game_that_is_not_a_ladder():
    result = CliRunner().invoke(cli, ["ladder", "prisoners_dilemma"])
    assert result.exit_code == 2
    assert "not an escalation ladder" in result.output


def _replace(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


BAD = [
    pytest.param(_replace(EXAMPLE, 'first = "A"\n', ""), "ladder.first is missing", id="no-first-mover"),
    pytest.param(_replace(EXAMPLE, 'first = "A"', 'first = "C"'), "'C' is not a side", id="unknown-first-mover"),
    pytest.param(_replace(EXAMPLE, 'stake = "V"\n', ""), "ladder.stake is missing", id="no-stake"),
    pytest.param(_replace(EXAMPLE, 'worst = "-D"\n', ""), "ladder.worst is missing", id="no-worst"),
    pytest.param(EXAMPLE.split("[[ladder.rungs]]")[0] + "rungs = []\n", "the rung list is empty", id="empty-rungs"),
    pytest.param(EXAMPLE.split("[[ladder.rungs]]")[0], "the ladder has no rungs", id="no-rungs"),
    pytest.param(_replace(EXAMPLE, 'loss_of_control = "q"', 'loss_of_control = "3/2"'),
                 "3/2 at rung 'Tariffs' is not a probability", id="loss-of-control-above-1"),
    pytest.param(_replace(EXAMPLE, 'cost = "c"', 'cost = "-c"'), "a cost cannot be negative", id="negative-cost"),
    pytest.param(_replace(EXAMPLE, 'cost = "c"', 'cost = { A = 1 }'), "no value for B", id="cost-missing-a-side"),
    pytest.param(_replace(EXAMPLE, 'cost = "c"\n', ""), "has no cost", id="rung-without-cost"),
    pytest.param(_replace(EXAMPLE, 'worst = "-D"', 'worst = "-D"\ntop = "war"'),
                 'top = "war" needs the chance', id="war-without-prevail"),
    pytest.param(_replace(EXAMPLE, 'worst = "-D"', 'worst = "-D"\nprevail = { A = "1/2" }'),
                 "prevail is given but top", id="prevail-without-war"),
    pytest.param(_replace(EXAMPLE, 'worst = "-D"', 'worst = "-D"\ntop = "war"\nprevail = { A = "1/2", B = "1/3" }'),
                 "add up to 5/6, not 1", id="prevail-not-summing-to-1"),
    pytest.param(_replace(EXAMPLE, 'worst = "-D"', 'worst = "-D"\ntop = "nuclear"'), "ladder.top must be one of",
                 id="unknown-top"),
    pytest.param(EXAMPLE + '[ladder.resolve.C]\nprobability = "1/2"\nstake = 8\n', "'C' is not a side",
                 id="resolve-of-unknown-side"),
    pytest.param(EXAMPLE + '[ladder.resolve.B]\nstake = 8\n', "has no probability", id="resolve-without-probability"),
    pytest.param(EXAMPLE + '[ladder.resolve.B]\nprobability = 2\nstake = 8\n', "2 is not a probability",
                 id="resolve-probability-above-1"),
    pytest.param(EXAMPLE + '[ladder.resolve.B]\nprobability = "1/2"\n', "no different from the other",
                 id="resolve-without-difference"),
    pytest.param(_replace(EXAMPLE, 'players = ["A", "B"]', 'players = ["A", "B", "C"]'),
                 "exactly two sides", id="three-players"),
    pytest.param(_replace(EXAMPLE, 'first = "A"', 'first = "A"\nsteak = 3'), "did you mean 'stake'",
                 id="misspelt-field"),
    pytest.param(_replace(EXAMPLE, 'name = "Export controls"', 'name = "Tariffs"'), "used twice",
                 id="duplicate-rung-name"),
    pytest.param(_replace(EXAMPLE, 'cost = "c"', 'cost = "k"'), "unknown parameter 'k'", id="unknown-parameter"),
]


@pytest.mark.parametrize("text, message", BAD)
def test_bad_ladder_files_exit_1_with_a_clear_message(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    result = CliRunner().invoke(cli, ["ladder", str(path)])
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert "bad.toml:" in result.output


def test_a_bad_rung_is_located_on_its_line(tmp_path):
    text = _replace(EXAMPLE, 'name = "Sanctions"\ncost = "c"\nloss_of_control = "q"',
                    'name = "Sanctions"\ncost = "c"\nloss_of_control = "1 + q"')
    with pytest.raises(GameFileError) as info:
        parse_game(text, "bad.toml")
    line = text.splitlines()[info.value.line - 1]
    assert line.startswith("[[ladder.rungs]]") and "rungs[3]" in info.value.message


def test_a_value_set_on_the_command_line_is_checked(tmp_path):
    path = tmp_path / "l.toml"
    path.write_text(_replace(EXAMPLE, 'loss_of_control = "q"', 'loss_of_control = "c/10"'))
    result = CliRunner().invoke(cli, ["ladder", str(path), "--set", "c=20"])
    assert result.exit_code == 1
    assert "is not a probability" in result.output


# ------------------------------------------------------------------ garbage


def _ladder_paths(data: dict) -> list[tuple]:
    """Every key path under [ladder], down into rungs and resolve tables."""
    out = []

    def walk(value, prefix):
        out.append(prefix)
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, prefix + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, prefix + (i,))

    walk(data["ladder"], ("ladder",))
    return out


garbage = st.one_of(
    st.integers(-3, 3), st.booleans(), st.text(max_size=6), st.sampled_from(["A", "B", "q", "1/0", "2", "-1"]),
    st.floats(-2, 2, allow_nan=False), st.lists(st.integers(0, 2), max_size=2),
    st.dictionaries(st.sampled_from(["A", "B", "C", "name", "cost"]), st.integers(-1, 2), max_size=2),
)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_garbage_in_the_ladder_table_raises_only_our_error(data):
    """A damaged [ladder] table gives a GameFileError (exit 1), never a traceback."""
    import tomllib

    import tomlkit

    from deterrence.errors import DeterrenceError

    doc = tomllib.loads(EXAMPLE + '[ladder.resolve.B]\nprobability = "1/2"\nstake = 8\n')
    path = data.draw(st.sampled_from(_ladder_paths(doc)[1:]))
    node = doc
    for key in path[:-1]:
        node = node[key]
    if data.draw(st.booleans()):
        node[path[-1]] = data.draw(garbage)
    elif isinstance(node, dict):
        del node[path[-1]]
    else:
        node.pop(path[-1])
    text = tomlkit.dumps(doc)
    try:
        game = parse_game(text, "garbage.toml")
    except DeterrenceError:
        return
    assert game.size > 0


GOLDEN = """\
test ladder
Escalation ladder solved for subgame perfect equilibria, exactly (the equilibrium).
                                                                   
                                                  P(lose   P(backs 
 rung   name         moves   costs   P(reach)   control)     down) 
 ───────────────────────────────────────────────────────────────── 
    0   Status quo   A        0, 0          1          0         0 
    1   rung 1       B        1, 2          1          0         1 
    2   rung 2       A        1, 1          0          0         0 
    3   rung 3       (top)    1, 1          0          0         0 
                                                                   
costs: of reaching the rung, to A and B; P(lose control), P(backs  
down): that play ends so at this rung                              
A                 backs down at rung 2
B                 backs down at rung 1
stake             A 1, B 0            
worst outcome     0                   
expected costs    A 1, B 2            
expected payoffs  A 9, B -2           
A climbs to rung 1 and B backs down at its first move: the ladder unravels, A takes the stake.
"""


def test_ladder_view_golden():
    from rich.console import Console

    from deterrence.views.ladder import LadderView

    console = Console(width=100, color_system=None, force_terminal=False)
    game = parse_game(ladder_text([(1, 2, "0"), (1, 1, "1/2"), (1, 1, "0")]), "t.toml")
    with console.capture() as out:
        console.print(LadderView(analyse_ladder(game)))
    assert out.get() == GOLDEN


def test_asking_for_an_equilibrium_that_is_not_there_is_a_usage_error():
    result = CliRunner().invoke(cli, ["ladder", "tariff_ladder", "--equilibrium", "3"])
    assert result.exit_code == 2
    assert "found 1 equilibrium" in result.output


def test_a_war_worth_fighting_to_both_is_climbed_to_even_with_complete_information():
    """The condition of unravelling matters: with a coin-toss war at the top
    worth 1/2 * 100 - 3 > 0 to each side, both climb all the way."""
    a = analyse_ladder(parse_game(ladder_text([(1, 1, "0")] * 3, stake="100", top="war",
                                              prevail="1/2"), "t.toml"))
    assert a.rows[3].reach == 1 and a.stake == (F(1, 2), F(1, 2))
