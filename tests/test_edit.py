"""`deterrence set` and `deterrence new`: safe edits of payoff files, templates.

The promises tested here: an edit changes exactly the lines it must (the
unified diff is compared line for line), comments and layout survive, an edit
that would make the file invalid exits 1 and leaves the file byte-identical,
and an interrupted write leaves the old file intact with no temporary file.
"""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from deterrence.cli import cli
from deterrence.edit import toml_edit as te
from deterrence.edit.templates import TEMPLATES, new_game_text
from deterrence.io import load_game, parse_game

COMMENTED = '''\
# A commented file: every comment must survive an edit.
schema = "deterrence/1"
title = "Security dilemma"   # the name shown to people
kind = "normal"
players = ["Row", "Column"]

# Axelrod's names for the four payoffs
[parameters]
T = { default = 5, description = "temptation" }   # defect on a cooperator
R = { default = 3, description = "reward" }
P = { default = 1, description = "punishment" }
S = { default = 0, min = -10, description = "sucker" }

[strategies]
Row = ["Cooperate", "Defect"]      # row labels
Column = ["Cooperate", "Defect"]

# each cell is [Row, Column]
[payoffs]
Cooperate = [["R", "R"], ["S", "T"]]   # Row cooperates
Defect = [["T", "S"], ["P", "P"]]      # Row defects
'''

THREE_PLAYERS = '''\
schema = "deterrence/1"
title = "Three exporters"
players = ["A", "B", "C"]

[strategies]
A = ["Up", "Down"]
B = ["Left", "Right"]
C = ["Near", "Far"]

# nested: A's strategy, then B's, then a list over C's strategies
[payoffs.Up]
Left = [[1, 1, 1], [0, 0, 0]]   # Up, Left
Right = [[0, 0, 0], [2, 2, 2]]

[payoffs.Down]   # A plays Down
Left = [[0, 0, 0], [0, 0, 0]]
Right = [[3, 3, 3], [0, 0, 0]]
'''

NAMED_CELLS = '''\
schema = "deterrence/1"
players = ["Row", "Column"]
[strategies]
Row = ["Up", "Down"]
Column = ["Left", "Right"]
[payoffs]
Up = [{ Row = 1, Column = 2 }, { Row = 0, Column = 0 }]   # cells name the players
Down = [{ Row = 0, Column = 0 }, { Row = 2, Column = 1 }]
'''


def changed_lines(diff: str) -> list[str]:
    """The -/+ lines of a unified diff, without its two file header lines."""
    return [line for line in diff.splitlines()[2:] if line[:1] in "+-"]


def write(tmp_path: Path, text: str, name: str = "game.toml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


# ---------------------------------------------------------------- exact diffs


@pytest.mark.parametrize("edits, expected", [
    pytest.param([te.SetParameter("T", "6")], [
        '-T = { default = 5, description = "temptation" }   # defect on a cooperator',
        '+T = { default = 6, description = "temptation" }   # defect on a cooperator',
    ], id="parameter-default"),
    pytest.param([te.SetParameter("S", "-1/2")], [
        '-S = { default = 0, min = -10, description = "sucker" }',
        '+S = { default = "-1/2", min = -10, description = "sucker" }',
    ], id="parameter-fraction-quoted"),
    pytest.param([te.SetParameter("P", "0.5")], [
        '-P = { default = 1, description = "punishment" }',
        '+P = { default = 0.5, description = "punishment" }',
    ], id="parameter-decimal-kept-as-typed"),
    pytest.param([te.SetPayoff((("Row", "Defect"), ("Column", "Cooperate")),
                               (("Row", "6"), ("Column", "0")))], [
        '-Defect = [["T", "S"], ["P", "P"]]      # Row defects',
        '+Defect = [[6, 0], ["P", "P"]]      # Row defects',
    ], id="payoff-cell-numbers"),
    pytest.param([te.SetPayoff((("Row", "Cooperate"), ("Column", "Defect")),
                               (("Column", "T + max(R, P)"),))], [
        '-Cooperate = [["R", "R"], ["S", "T"]]   # Row cooperates',
        '+Cooperate = [["R", "R"], ["S", "T + max(R, P)"]]   # Row cooperates',
    ], id="payoff-one-player-formula"),
    pytest.param([te.RenameStrategy("Row", "Defect", "Build")], [
        '-Row = ["Cooperate", "Defect"]      # row labels',
        '+Row = ["Cooperate", "Build"]      # row labels',
        '-Defect = [["T", "S"], ["P", "P"]]      # Row defects',
        '+Build = [["T", "S"], ["P", "P"]]      # Row defects',
    ], id="rename-row-strategy-everywhere"),
    pytest.param([te.RenameStrategy("Column", "Defect", "Build")], [
        '-Column = ["Cooperate", "Defect"]',
        '+Column = ["Cooperate", "Build"]',
    ], id="rename-column-strategy-positional"),
    pytest.param([te.SetMetadata("title", "Arms race")], [
        '-title = "Security dilemma"   # the name shown to people',
        '+title = "Arms race"   # the name shown to people',
    ], id="title-keeps-comment"),
    pytest.param([te.RenamePlayer("Row", "Attacker")], [
        '-players = ["Row", "Column"]',
        '+players = ["Attacker", "Column"]',
        '-Row = ["Cooperate", "Defect"]      # row labels',
        '+Attacker = ["Cooperate", "Defect"]      # row labels',
    ], id="rename-player"),
])
def test_edit_changes_exactly_the_lines_it_must(edits, expected):
    outcome = te.apply_edits(COMMENTED, edits)
    assert changed_lines(outcome.diff) == expected
    # every other line, comments included, is unchanged
    old_lines = COMMENTED.splitlines()
    new_lines = outcome.text.splitlines()
    removed = {line[1:] for line in expected if line.startswith("-")}
    added = {line[1:] for line in expected if line.startswith("+")}
    assert [l for l in old_lines if l not in removed] == [l for l in new_lines if l not in added]


def test_set_parameter_changes_the_answer():
    outcome = te.apply_edits(COMMENTED, [te.SetParameter("R", "6")])
    game = outcome.game
    assert game.parameters.get("R").default == 6
    assert game.payoff((0, 0)) == (Fraction(6), Fraction(6))


def test_description_added_before_first_table():
    outcome = te.apply_edits(COMMENTED, [te.SetMetadata("description", "First line.\nSecond line.")])
    assert changed_lines(outcome.diff) == ['+description = """', "+First line.", "+Second line.", '+"""']
    assert outcome.game.description == "First line.\nSecond line."


def test_rename_in_nested_tables_of_three_players():
    outcome = te.apply_edits(THREE_PLAYERS, [te.RenameStrategy("A", "Down", "Low"),
                                             te.RenameStrategy("B", "Left", "West")])
    assert changed_lines(outcome.diff) == [
        '-A = ["Up", "Down"]', '-B = ["Left", "Right"]',
        '+A = ["Up", "Low"]', '+B = ["West", "Right"]',
        '-Left = [[1, 1, 1], [0, 0, 0]]   # Up, Left', '+West = [[1, 1, 1], [0, 0, 0]]   # Up, Left',
        '-[payoffs.Down]   # A plays Down', '-Left = [[0, 0, 0], [0, 0, 0]]',
        '+[payoffs.Low]   # A plays Down', '+West = [[0, 0, 0], [0, 0, 0]]',
    ]
    before = parse_game(THREE_PLAYERS, "x.toml")
    assert outcome.game.payoffs == before.payoffs
    assert outcome.game.strategies == (("Up", "Low"), ("West", "Right"), ("Near", "Far"))


def test_rename_to_a_label_that_needs_quotes():
    outcome = te.apply_edits(THREE_PLAYERS, [te.RenameStrategy("A", "Down", "Hold back")])
    assert '[payoffs."Hold back"]   # A plays Down' in outcome.text.splitlines()
    assert outcome.game.strategies[0] == ("Up", "Hold back")


def test_rename_player_renames_named_cells():
    outcome = te.apply_edits(NAMED_CELLS, [te.RenamePlayer("Column", "Rival")])
    assert "Up = [{ Row = 1, Rival = 2 }, { Row = 0, Rival = 0 }]   # cells name the players" \
        in outcome.text.splitlines()
    assert outcome.game.players == ("Row", "Rival")
    assert outcome.game.payoffs == parse_game(NAMED_CELLS).payoffs


def test_payoff_in_named_cell():
    outcome = te.apply_edits(NAMED_CELLS, [te.SetPayoff((("Row", "Down"), ("Column", "Right")),
                                                        (("Column", "5"),))])
    assert changed_lines(outcome.diff) == [
        "-Down = [{ Row = 0, Column = 0 }, { Row = 2, Column = 1 }]",
        "+Down = [{ Row = 0, Column = 0 }, { Row = 2, Column = 5 }]",
    ]


@pytest.mark.parametrize("text, players, expected", [
    pytest.param("Row=Defect,Column=Cooperate", ["Row", "Column"],
                 (("Row", "Defect"), ("Column", "Cooperate")), id="named"),
    pytest.param("Defect, Cooperate", ["Row", "Column"],
                 (("Row", "Defect"), ("Column", "Cooperate")), id="positional"),
])
def test_parse_profile(text, players, expected):
    assert te.parse_profile(text, players) == expected


# ---------------------------------------------------------------- the CLI


def test_cli_set_writes_and_reports(tmp_path):
    path = write(tmp_path, COMMENTED)
    result = CliRunner().invoke(cli, ["set", str(path), "T=6", "--payoff",
                                      "Row=Defect,Column=Cooperate", "6,0"])
    assert result.exit_code == 0, result.output
    game = load_game(str(path))
    assert game.parameters.get("T").default == 6
    assert game.payoff((1, 0)) == (6, 0)
    assert "# Axelrod's names for the four payoffs" in path.read_text()


@pytest.mark.parametrize("args, code", [
    pytest.param(["S=-11"], 1, id="default-below-min"),
    pytest.param(["--payoff", "Row=Defect,Column=Defect", "K,0"], 1, id="unknown-parameter-in-payoff"),
    pytest.param(["--payoff", "Row=Defect,Column=Defect", "1/0,0"], 1, id="division-by-zero"),
    pytest.param(["--payoff", "Row=Defect,Column=Defect", "__import__('os'),0"], 1, id="not-an-expression"),
    pytest.param(["--rename-strategy", "Row:Defect=Cooperate"], 2, id="duplicate-label"),
    pytest.param(["Q=3"], 2, id="no-such-parameter"),
    pytest.param(["T=abc"], 2, id="not-a-number"),
    pytest.param(["--payoff", "Row=Maybe,Column=Defect", "1,1"], 2, id="no-such-strategy"),
    pytest.param([], 2, id="nothing-to-do"),
])
def test_refused_edit_leaves_file_byte_identical(tmp_path, args, code):
    path = write(tmp_path, COMMENTED)
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["set", str(path), *args])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert "error:" in result.output
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["game.toml"]


def test_dry_run_shows_diff_and_does_not_write(tmp_path):
    path = write(tmp_path, COMMENTED)
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["set", str(path), "T=7", "--dry-run"])
    assert result.exit_code == 0
    assert "+T = { default = 7" in result.output
    assert path.read_bytes() == before


@pytest.mark.parametrize("where", ["replace", "fsync"])
def test_interrupted_write_leaves_old_file(tmp_path, monkeypatch, where):
    path = write(tmp_path, COMMENTED)
    before = path.read_bytes()

    def crash(*args, **kwargs):
        raise OSError("simulated crash")

    monkeypatch.setattr(os, where, crash)
    with pytest.raises(DeterrenceError, match="simulated crash"):  # exit 1, a message
        te.edit_file(path, [te.SetParameter("T", "9")])
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["game.toml"]  # no temporary file left


def test_crlf_file_keeps_its_line_endings(tmp_path):
    path = write(tmp_path, COMMENTED.replace("\n", "\r\n"))
    te.edit_file(path, [te.SetParameter("T", "6")])
    data = path.read_bytes()
    assert b"T = { default = 6" in data
    assert data.count(b"\r\n") == COMMENTED.count("\n")


# ---------------------------------------------------------------- templates


AVAILABLE = [t.name for t in TEMPLATES if t.available]


@pytest.mark.parametrize("name", AVAILABLE)
def test_every_available_template_loads_and_solves(name):
    from deterrence.solver import solve

    game = parse_game(new_game_text(name), f"{name}.toml")
    if game.kind == "tree":
        pytest.importorskip("deterrence.trees.solver")
    result = solve(game)
    assert result.equilibria


def test_2x2_template_is_the_prisoners_dilemma_with_named_payoffs():
    from deterrence.solver import solve

    game = parse_game(new_game_text("2x2"))
    assert game.parameters.names == ("T", "R", "P", "S")
    assert [eq.label(game) for eq in solve(game).equilibria] == ["(Defect, Defect)"]
    assert [eq.label(game) for eq in solve(game.with_values({"T": 2})).equilibria][:2] == \
        ["(Cooperate, Cooperate)", "(Defect, Defect)"]


def test_new_refuses_to_overwrite(tmp_path):
    path = write(tmp_path, "keep me\n")
    runner = CliRunner()
    result = runner.invoke(cli, ["new", "2x2", str(path)])
    assert result.exit_code == 2
    assert path.read_text() == "keep me\n"
    result = runner.invoke(cli, ["new", "2x2", str(path), "--force"])
    assert result.exit_code == 0
    assert load_game(str(path)).parameters.names == ("T", "R", "P", "S")


@pytest.mark.parametrize("name", [t.name for t in TEMPLATES if not t.available] + ["4x4"])
def test_unavailable_template_exits_2_and_writes_nothing(tmp_path, name):
    result = CliRunner().invoke(cli, ["new", name, str(tmp_path / "x.toml")])
    assert result.exit_code == 2
    assert not (tmp_path / "x.toml").exists()


def test_new_then_set_then_solve(tmp_path):
    path = tmp_path / "my_game.toml"
    runner = CliRunner()
    assert runner.invoke(cli, ["new", "2x2", str(path)]).exit_code == 0
    assert runner.invoke(cli, ["set", str(path), "T=2"]).exit_code == 0
    result = runner.invoke(cli, ["solve", str(path), "--json"])
    assert result.exit_code == 0
    import json

    labels = [{p: max(s, key=lambda k: Fraction(s[k])) for p, s in eq["strategies"].items()}
              for eq in json.loads(result.output)["equilibria"] if eq["pure"]]
    assert {"Row": "Cooperate", "Column": "Cooperate"} in labels


def test_set_on_a_tree_file_edits_parameters_and_keeps_comments(tmp_path):
    path = write(tmp_path, new_game_text("sequential"))
    outcome = te.edit_file(path, [te.SetParameter("d", "1")])
    assert changed_lines(outcome.diff) == [
        '-d = { default = 3, min = 0, description = "defender\'s cost of retaliating" }',
        '+d = { default = 1, min = 0, description = "defender\'s cost of retaliating" }',
    ]
    assert load_game(str(path)).parameters.values()["d"] == 1


# ---------------------------------------------------------------- garbage in


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from deterrence.errors import DeterrenceError  # noqa: E402

GARBAGE = st.one_of(st.text(max_size=12), st.sampled_from(
    ["1/0", "T - ", "max(T, ", "__import__('os')", "1e999", "T**99", "\"", "'", "\n", "[1, 2]", "{x=1}",
     "T # c", "nan", "inf", "-0", "0.1", "3", "R + P"]))


@settings(max_examples=60, deadline=None)
@given(value=GARBAGE, which=st.sampled_from(["parameter", "payoff", "rename", "title"]))
def test_any_edit_either_applies_cleanly_or_raises_our_error(value, which):
    edit = {
        "parameter": lambda: te.SetParameter("T", value),
        "payoff": lambda: te.SetPayoff((("Row", "Defect"), ("Column", "Defect")), (("Row", value),)),
        "rename": lambda: te.RenameStrategy("Row", "Defect", value),
        "title": lambda: te.SetMetadata("title", value),
    }[which]()
    try:
        outcome = te.apply_edits(COMMENTED, [edit])
    except DeterrenceError:
        return
    # whatever was accepted loads again, and every comment survived
    parse_game(outcome.text, "x.toml")
    for line in COMMENTED.splitlines():
        if line.lstrip().startswith("#"):
            assert line in outcome.text
