"""Game trees: the model, the TOML format, Gambit .efg, and validation messages."""

from __future__ import annotations

import textwrap
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from deterrence.cli import cli
from deterrence.errors import GameFileError
from deterrence.io import dumps, load_game, parse_game
from deterrence.io.catalogue import catalogue_files
from deterrence.io.gambit_efg import read_efg, write_efg
from deterrence.model.tree import GameTree, Node

TREES = [p.stem for p in catalogue_files()
         if p.suffix == ".toml" and 'kind = "tree"' in p.read_text(encoding="utf-8")]

HEADER = """\
schema = "deterrence/1"
title = "t"
kind = "tree"
players = ["A", "B"]
"""


def tree(body: str) -> str:
    return HEADER + textwrap.dedent(body)


GOOD = tree("""
    root = "r"
    [parameters]
    p = { default = "1/2", type = "probability" }
    [nodes.r]
    chance = { H = "p", T = "1 - p" }
    actions = { H = "a1", T = "a2" }
    [nodes.a1]
    player = "A"
    infoset = "I"
    actions = { L = "x", R = "y" }
    [nodes.a2]
    player = "A"
    infoset = "I"
    actions = { R = "y2", L = "x2" }
    [outcomes.x]
    payoffs = { A = 1, B = 0 }
    [outcomes.y]
    payoffs = { A = 0, B = 1 }
    [outcomes.x2]
    payoffs = { A = 0, B = 1 }
    [outcomes.y2]
    payoffs = { A = 1, B = 0 }
""")


def test_catalogue_has_the_issue_trees():
    for name in ("punishment_deterrence", "punishment_commitment", "entry_deterrence",
                 "punishment_credibility", "two_stage_raid"):
        assert name in TREES


@pytest.mark.parametrize("name", TREES)
def test_catalogue_tree_round_trips_through_toml(name):
    game = load_game(name)
    assert parse_game(dumps(game, "toml"), "x.toml") == game
    meta = dict(game.metadata)
    assert game.title and game.source and game.description and meta.get("group")
    assert all(p.description for p in game.parameters.declared)


@pytest.mark.parametrize("name", TREES)
def test_catalogue_tree_round_trips_through_efg(name):
    game = load_game(name)
    back = read_efg(write_efg(game), "x.efg")
    assert back.ids == game.ids
    assert back.players == game.players
    assert [back.node_payoff(v) for v in range(back.size)] == \
        [game.node_payoff(v) for v in range(game.size)]
    assert [back.infoset_labels[h] for h in back.infoset] == [game.infoset_labels[h] for h in game.infoset]
    assert write_efg(back) == write_efg(game)


def test_information_set_children_follow_the_set_action_order():
    game = parse_game(GOOD, "g.toml")
    a2 = game.index["a2"]
    assert game.actions(a2) == ("L", "R")
    assert [game.ids[c] for c in game.children(a2)] == ["x2", "y2"]
    assert game.members[game.infoset[a2]] == (game.index["a1"], a2)
    assert game.has_perfect_recall


def test_payoffs_on_inner_nodes_add_up_along_the_path():
    text = tree("""
        root = "r"
        [nodes.r]
        player = "A"
        actions = { go = "s", stop = "z" }
        payoffs = { A = -1 }
        [nodes.s]
        player = "B"
        actions = { go = "w" }
        payoffs = { B = "1/2" }
        [outcomes.z]
        payoffs = { A = 0, B = 0 }
        [outcomes.w]
        payoffs = { A = 3, B = 1 }
    """)
    game = parse_game(text, "g.toml")
    totals = {game.ids[z]: v for z, v in game.path_payoffs.items()}
    assert totals == {"z": (Fraction(-1), Fraction(0)), "w": (Fraction(2), Fraction(3, 2))}
    assert parse_game(dumps(game, "toml"), "g.toml") == game


def test_shared_outcomes_become_one_end_node_per_reference():
    game = load_game("punishment_commitment")
    assert "sq@challenge_committed" in game.ids and "sq@challenge_silent" in game.ids
    assert game.outcome[game.index["sq@challenge_silent"]] == "status quo"


def test_perfect_recall_is_reported_not_refused():
    text = tree("""
        root = "r"
        [nodes.r]
        player = "A"
        actions = { L = "b1", R = "b2" }
        [nodes.b1]
        player = "B"
        actions = { l = "a1", r = "z3" }
        [nodes.b2]
        player = "B"
        actions = { l = "a2", r = "z4" }
        [nodes.a1]
        player = "A"
        infoset = "forgetful"
        actions = { x = "z1", y = "z2" }
        [nodes.a2]
        player = "A"
        infoset = "forgetful"
        actions = { x = "z5", y = "z6" }
    """) + "".join(f"[outcomes.z{k}]\npayoffs = {{ A = {k}, B = 0 }}\n" for k in range(1, 7))
    game = parse_game(text, "g.toml")
    problems = game.perfect_recall_violations()
    assert len(problems) == 1 and "'forgetful'" in problems[0] and "forgets" in problems[0]
    result = CliRunner().invoke(cli, ["check", "-"], input=text)
    assert result.exit_code == 0 and "imperfect recall" in result.output


BAD = [
    pytest.param(tree("""
        root = "r"
        [nodes.r]
        player = "A"
        actions = { x = "nowhere" }
    """), "'nowhere'", "define a node", id="dangling-child"),
    pytest.param(tree("""
        root = "r"
        [nodes.r]
        player = "A"
        actions = { x = "z" }
        [nodes.lost]
        player = "B"
        actions = { y = "z2" }
        [outcomes.z]
        payoffs = { A = 0, B = 0 }
        [outcomes.z2]
        payoffs = { A = 0, B = 0 }
    """), "'lost' cannot be reached", "connect it", id="unreachable"),
    pytest.param(tree("""
        root = "r"
        [nodes.r]
        player = "A"
        actions = { x = "s" }
        [nodes.s]
        player = "B"
        actions = { back = "r" }
    """), "cycle: r → s → r", "never returns", id="cycle"),
    pytest.param(tree("""
        root = "r"
        [nodes.r]
        player = "A"
        actions = { x = "s", y = "t" }
        [nodes.s]
        player = "B"
        actions = { a = "u" }
        [nodes.t]
        player = "B"
        actions = { a = "u" }
        [nodes.u]
        payoffs = { A = 0, B = 0 }
    """), "'u' has two parents", "exactly one parent", id="two-parents"),
    pytest.param(tree("""
        root = "r"
        [nodes.r]
        chance = { H = "1/2", T = "1/3" }
        actions = { H = "z1", T = "z2" }
        [outcomes.z1]
        payoffs = { A = 0, B = 0 }
        [outcomes.z2]
        payoffs = { A = 0, B = 0 }
    """), "chance node 'r': probabilities sum to 5/6", "add up to 1", id="chance-sum"),
    pytest.param(tree("""
        root = "r"
        [parameters]
        q = { default = "3/2" }
        [nodes.r]
        chance = { H = "q", T = "1 - q" }
        actions = { H = "z1", T = "z2" }
        [outcomes.z1]
        payoffs = { A = 0, B = 0 }
        [outcomes.z2]
        payoffs = { A = 0, B = 0 }
    """), "chance node 'r': probability of 'H' is 3/2 at q = 3/2, outside [0, 1]", "min/max",
        id="chance-range"),
    pytest.param(tree("""
        root = "r"
        [nodes.r]
        chance = { H = "1/2", T = "1/2" }
        actions = { H = "a", T = "b" }
        [nodes.a]
        player = "A"
        infoset = "I"
        actions = { x = "z1", y = "z2" }
        [nodes.b]
        player = "B"
        infoset = "I"
        actions = { x = "z3", y = "z4" }
    """) + "".join(f"[outcomes.z{k}]\npayoffs = {{ A = 0, B = 0 }}\n" for k in range(1, 5)),
        "information set 'I' joins 'a' (A) and 'b' (B)", "one player", id="infoset-players"),
    pytest.param(tree("""
        root = "r"
        [nodes.r]
        chance = { H = "1/2", T = "1/2" }
        actions = { H = "a", T = "b" }
        [nodes.a]
        player = "A"
        infoset = "I"
        actions = { x = "z1", y = "z2" }
        [nodes.b]
        player = "A"
        infoset = "I"
        actions = { x = "z3", w = "z4" }
    """) + "".join(f"[outcomes.z{k}]\npayoffs = {{ A = 0, B = 0 }}\n" for k in range(1, 5)),
        "information set 'I': node 'b' has actions x, w but node 'a' has x, y", "same actions",
        id="infoset-actions"),
    pytest.param(tree("""
        root = "r"
        [nodes.r]
        player = "A"
        actions = { x = "z" }
        [outcomes.z]
        payoffs = { A = 1 }
    """), "terminal node 'z' has no payoff for B", "give every player a payoff",
        id="missing-payoff"),
    pytest.param(tree("""
        root = "r"
        [nodes.r]
        player = "A"
        actions = { x = "z" }
        [nodes.z]
        label = "the end"
    """), "terminal node 'z' has no payoffs", "give every player a payoff", id="no-payoffs"),
    pytest.param(tree("""
        root = "r"
        [nodes.r]
        player = "C"
        actions = { x = "z" }
        [outcomes.z]
        payoffs = { A = 1, B = 1 }
    """), "'C' is not a player", "players are A, B", id="unknown-player"),
    pytest.param(tree("""
        root = "start"
        [nodes.r]
        player = "A"
        actions = { x = "z" }
        [outcomes.z]
        payoffs = { A = 1, B = 1 }
    """), "the root 'start' is not a node", "correct root", id="missing-root-node"),
    pytest.param(tree("""
        root = "r"
        [nodes.r]
        player = "A"
        actions = { x = "z" }
        [outcomes.z]
        payoffs = [1, 1]
    """), "payoffs must name each player", "A = 0, B = 0", id="positional-payoffs"),
]


@pytest.mark.parametrize("text, message, hint", BAD)
def test_bad_tree_exits_1_naming_the_node_and_the_fix(text, message, hint, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GameFileError) as info:
        load_game(str(path))
    assert message in info.value.message
    assert hint in (info.value.hint or "")
    assert info.value.line is not None
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(cli, ["solve", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_probability_made_invalid_by_set_is_an_error_naming_the_node():
    text = tree("""
        root = "r"
        [parameters]
        q = { default = "1/2" }
        [nodes.r]
        chance = { H = "q", T = "1 - q" }
        actions = { H = "z1", T = "z2" }
        [outcomes.z1]
        payoffs = { A = 0, B = 0 }
        [outcomes.z2]
        payoffs = { A = 0, B = 0 }
    """)
    result = CliRunner().invoke(cli, ["solve", "-", "--set", "q=2"], input=text)
    assert result.exit_code == 1
    assert "chance node 'r'" in result.output and "Traceback" not in result.output


# ------------------------------------------------------------------ .efg


def test_efg_reader_normalises_empty_and_duplicate_labels():
    text = ('EFG 2 R "labels" { "" "" }\n""\n'
            'p "" 1 1 "" { "" "" } 0\n'
            'p "same" 2 1 "" { "go" "go" } 0\n'
            't "" 1 "" { 1, 2 }\n'
            't "same" 2 "" { 3, 4 }\n'
            't "" 0\n')
    game = read_efg(text, "l.efg")
    assert game.players == ("Player 1", "Player 2")
    assert game.actions(0) == ("1", "2")
    assert game.actions(game.index["same"]) == ("go", "go (2)")
    assert len(set(game.ids)) == game.size
    assert game.node_payoff(game.index["n5"]) == (0, 0)  # no outcome pays 0


def test_efg_reads_decimals_exactly_and_shared_outcomes():
    text = ('EFG 2 D "d" { "A" "B" }\n'
            'c "" 1 "" { "x" 0.1 "y" 0.9 } 0\n'
            't "" 1 "o" { 0.5 -1 }\n'
            't "" 1\n')
    game = read_efg(text, "d.efg")
    assert game.probability(0) == Fraction(1, 10)
    assert game.node_payoff(2) == (Fraction(1, 2), Fraction(-1))
    assert game.outcome[2] == "o"


EFG_ERRORS = [
    pytest.param('EFG 2 R "t" { "A" }\np "" 1 1 "" { "x" "y" } 0\nt "" 1 "o" { 1 }\n',
                 "the tree ends early", 4, id="missing-child"),
    pytest.param('EFG 2 R "t" { "A" }\nt "" 1 "o" { 1 }\nt "" 2 "p" { 2 }\n',
                 "after the end of the tree", 3, id="extra-node"),
    pytest.param('EFG 2 R "t" { "A" "B" }\nt "" 1 "o" { 1 }\n',
                 "outcome 1 has 1 payoffs; the game has 2 players", 2, id="payoff-count"),
    pytest.param('EFG 2 R "t" { "A" }\np "" 3 1 "" { "x" } 0\nt "" 1 "o" { 1 }\n',
                 "player 3 does not exist", 2, id="bad-player"),
    pytest.param('EFG 2 R "t" { "A" }\np "" 1 1 0\n', "appears for the first time without its actions",
                 2, id="infoset-without-actions"),
    pytest.param('NFG 1 R "t" { "A" }\n', "starts with EFG", 1, id="not-efg"),
    pytest.param('EFG 2 R "t" { "A" }\nc "" 1 "" { "x" 1/2 "y" 1/3 } 0\nt "" 1 "o" { 1 }\nt "" 1\n',
                 "probabilities sum to 5/6", 2, id="chance-sum"),
]


@pytest.mark.parametrize("text, message, line", EFG_ERRORS)
def test_efg_errors_have_line_and_column(text, message, line):
    with pytest.raises(GameFileError) as info:
        read_efg(text, "bad.efg")
    assert message in info.value.message
    assert info.value.line == line and info.value.column is not None
    assert str(info.value).startswith(f"bad.efg:{line}:")


def test_efg_files_solve_and_convert_from_the_command_line(tmp_path):
    runner = CliRunner()
    out = tmp_path / "pc.efg"
    result = runner.invoke(cli, ["convert", "punishment_credibility", str(out), "--set", "p=1/4"])
    assert result.exit_code == 0, result.output
    assert "1/4" in out.read_text()
    result = runner.invoke(cli, ["solve", str(out), "--json"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["convert", str(out), str(tmp_path / "back.toml")])
    assert result.exit_code == 0
    assert load_game(str(tmp_path / "back.toml")).ids == load_game("punishment_credibility").ids


def test_pygambit_reads_what_we_write():
    gbt = pytest.importorskip("pygambit")
    import io

    for name in TREES:
        game = load_game(name)
        theirs = gbt.read_efg(io.StringIO(write_efg(game)))
        assert len(list(theirs.nodes)) == game.size
        assert [p.label for p in theirs.players] == list(game.players)
        assert read_efg(theirs.to_efg(), "g.efg").ids == game.ids


def test_docs_file_format_example_is_a_valid_start():
    text = Path(__file__).resolve().parent.parent.joinpath("docs", "file-format.md").read_text()
    assert "## Game trees" in text and 'kind = "tree"' in text


# ------------------------------------------------------------------ garbage


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

EFG_SAMPLE = write_efg(load_game("punishment_credibility"))
TOML_SAMPLE = dumps(load_game("punishment_credibility"), "toml")


def _mutate(text: str, data) -> str:
    cut = data.draw(st.integers(0, len(text)))
    stop = data.draw(st.integers(cut, min(len(text), cut + 12)))
    insert = data.draw(st.text(alphabet='{}"0123456789/ -.ptcR\n=[]a', max_size=8))
    return text[:cut] + insert + text[stop:]


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_garbled_efg_raises_only_game_file_errors(data):
    text = _mutate(EFG_SAMPLE, data)
    try:
        game = read_efg(text, "g.efg")
    except GameFileError:
        return
    from deterrence.trees.solver import solve_tree

    solve_tree(game)  # whatever still parses is a valid tree that solves


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_garbled_tree_toml_raises_only_game_file_errors(data):
    from deterrence.errors import DeterrenceError

    text = _mutate(TOML_SAMPLE, data)
    try:
        parse_game(text, "g.toml")
    except DeterrenceError as error:
        assert error.exit_code in (1, 2)


# ------------------------------------------------------------------ the fast builder (issue 11)


def _random_nodes(seed: int):
    """Random well-formed nodes in random key order, information sets whose members list
    their actions in different orders, payoffs on some inner nodes."""
    import random

    from deterrence.model.expr import Const

    rng = random.Random(seed)
    players = ("A", "B", "C")[: rng.choice([1, 2, 3])]
    nodes = {}
    count = [0]

    def fresh():
        count[0] += 1
        return f"x{count[0]}"

    frontier = [("root", 0)]
    groups = {}
    while frontier:
        node_id, depth = frontier.pop()
        roll = rng.random()
        pay = tuple((p, Const(Fraction(rng.randint(-3, 3)))) for p in players)
        if depth >= 3 or (depth and roll < 0.25):
            nodes[node_id] = Node(payoffs=pay, outcome=rng.choice([None, "end", node_id]))
            continue
        width = rng.choice([2, 3])
        kids = [fresh() for _ in range(width)]
        frontier.extend((c, depth + 1) for c in kids)
        if roll < 0.45:
            probs = tuple(Const(Fraction(1, width)) for _ in kids)
            nodes[node_id] = Node(actions=tuple((f"c{j}", c) for j, c in enumerate(kids)),
                                  probabilities=probs)
            continue
        player = rng.choice(players)
        labels = [f"a{j}" for j in range(width)]
        key = (player, width)
        label = None
        if key in groups and rng.random() < 0.6:
            label = groups[key]
        else:
            groups[key] = label = f"set {node_id}"
        order = list(range(width))
        rng.shuffle(order)
        nodes[node_id] = Node(player=player, infoset=label,
                              actions=tuple((labels[j], kids[j]) for j in order),
                              payoffs=pay[:1] if rng.random() < 0.2 else ())
    keys = list(nodes)
    rng.shuffle(keys)
    return players, {k: nodes[k] for k in keys}


@pytest.mark.parametrize("seed", range(40))
def test_the_fast_builder_builds_what_the_careful_one_builds(seed):
    from deterrence.model.tree_build import Irregular, _fast, careful_build

    players, nodes = _random_nodes(seed)
    try:
        careful = careful_build(GameTree, players, "root", nodes, {})
    except GameFileError:
        with pytest.raises(Irregular):
            _fast(GameTree, players, "root", nodes, {})
        return
    fast = _fast(GameTree, players, "root", nodes, {})
    assert fast == careful
    assert fast.exprs and len(fast.exprs) == len(set(fast.exprs))


@pytest.mark.parametrize("mistake", ["dangling", "two parents", "unreachable", "cycle", "player",
                                     "payoff", "infoset actions", "infoset players"])
def test_the_fast_builder_hands_every_mistake_to_the_careful_one(mistake):
    from dataclasses import replace as change

    from deterrence.model.expr import Const
    from deterrence.model.tree_build import Irregular, _fast

    pay = (("A", Const(Fraction(0))), ("B", Const(Fraction(0))))
    nodes = {"r": Node(player="A", actions=(("l", "x"), ("r", "y"))),
             "x": Node(player="B", infoset="h", actions=(("u", "z1"), ("d", "z2"))),
             "y": Node(player="B", infoset="h", actions=(("u", "z3"), ("d", "z4"))),
             **{f"z{k}": Node(payoffs=pay) for k in range(1, 5)}}
    if mistake == "dangling":
        nodes["x"] = change(nodes["x"], actions=(("u", "nowhere"), ("d", "z2")))
    elif mistake == "two parents":
        nodes["x"] = change(nodes["x"], actions=(("u", "z3"), ("d", "z2")))
    elif mistake == "unreachable":
        nodes["lost"] = Node(payoffs=pay)
    elif mistake == "cycle":
        nodes["x"] = change(nodes["x"], actions=(("u", "r"), ("d", "z2")))
    elif mistake == "player":
        nodes["x"] = change(nodes["x"], player="Nobody")
    elif mistake == "payoff":
        nodes["z1"] = Node(payoffs=pay[:1])
    elif mistake == "infoset actions":
        nodes["y"] = change(nodes["y"], actions=(("u", "z3"), ("other", "z4")))
    elif mistake == "infoset players":
        nodes["y"] = change(nodes["y"], player="A")
    with pytest.raises(Irregular):
        _fast(GameTree, ("A", "B"), "r", nodes, {})
    with pytest.raises(GameFileError):
        GameTree.from_nodes(("A", "B"), "r", nodes)
