"""Round trips: the deterrence.game/1 JSON document is an input format like TOML, .nfg and .efg."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from deterrence.cli import cli
from deterrence.errors import GameFileError
from deterrence.io import dumps, load_game, parse_game
from deterrence.io.catalogue import catalogue_files
from deterrence.model.tree import GameTree

CATALOGUE = [p.stem for p in catalogue_files() if p.suffix == ".toml"]


@pytest.mark.parametrize("name", CATALOGUE)
def test_json_keeps_the_game_formulas_and_all(name):
    game = load_game(name)
    assert parse_game(dumps(game, "json"), "again.json") == game
    assert parse_game(dumps(parse_game(dumps(game, "json"), "a.json"), "toml"), "b.toml") == game


def test_values_set_on_the_command_line_survive_the_trip():
    game = load_game("hawk_dove", values={"C": 8})
    again = parse_game(dumps(game, "json"), "hd.json")
    assert again.parameters.values()["C"] == 8 and again == game


@pytest.mark.parametrize("source, middle", [("hawk_dove", "nfg"), ("hawk_dove", "json"),
                                            ("punishment_credibility", "efg"),
                                            ("punishment_credibility", "json")])
def test_convert_between_every_format(source, middle, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["convert", source, f"g.{middle}"]).exit_code == 0
    for target in ("toml", "json", "nfg" if middle != "efg" else "efg"):
        done = runner.invoke(cli, ["convert", f"g.{middle}", f"out.{target}"])
        assert done.exit_code == 0, done.output
    original = load_game(source)
    back = load_game(str(tmp_path / "out.toml"))
    assert back.players == original.players
    if middle == "json":
        assert back == original  # JSON keeps formulas; Gambit keeps numbers


def test_gambit_output_notes_that_formulas_became_numbers(tmp_path):
    done = CliRunner().invoke(cli, ["convert", "hawk_dove", str(tmp_path / "hd.nfg")])
    assert done.exit_code == 0 and "hold numbers, not formulas" in done.stderr


def test_export_json_reads_back_through_stdin():
    runner = CliRunner()
    exported = runner.invoke(cli, ["export", "punishment_deterrence", "--to", "json"]).stdout
    solved = runner.invoke(cli, ["solve", "-", "--json"], input=exported)
    assert solved.exit_code == 0, solved.output
    assert json.loads(solved.stdout)["game"]["kind"] == "tree"


def test_a_normal_form_is_not_written_as_efg(tmp_path):
    done = CliRunner().invoke(cli, ["convert", "hawk_dove", str(tmp_path / "x.efg")])
    assert done.exit_code == 2 and ".nfg" in done.output


@pytest.mark.parametrize("text, fragment", [
    ('{"schema": "deterrence.result/1"}', "not a game document"),
    ('{"schema": "deterrence.game/1", "kind": "normal", "players": ["A"]', "not valid JSON"),
    ('[1, 2]', "JSON object"),
    ('{"schema": "deterrence.game/1", "kind": "normal", "players": ["A", "B"], '
     '"strategies": {"A": ["x"], "B": ["y"]}, "profiles": []}', "no payoffs for the profile"),
    ('{"schema": "deterrence.game/1", "kind": "normal", "players": ["A", "B"], '
     '"strategies": {"A": ["x"], "B": ["y"]}, "profiles": [{"profile": {"A": "x", "B": "y"}, '
     '"formulas": {"A": "__import__(1)", "B": "0"}}]}', "profile 1"),
    ('{"schema": "deterrence.game/1", "kind": "normal", "players": ["A", "B"], '
     '"strategies": {"A": ["x"], "B": ["y"]}, "profiles": [{"profile": {"A": "x", "B": "y"}, '
     '"formulas": {"A": "K", "B": "0"}}]}', "unknown parameter 'K'"),
    ('{"schema": "deterrence.game/1", "kind": "sphere", "players": ["A"]}', "unknown kind"),
])
def test_a_bad_game_document_gets_a_clear_error(text, fragment):
    with pytest.raises(GameFileError, match=fragment.replace("(", r"\(")):
        parse_game(text, "bad.json")
    done = CliRunner().invoke(cli, ["solve", "-"], input=text)
    assert done.exit_code == 1 and "Traceback" not in done.output


def test_json_trees_build_like_toml_trees():
    game = load_game("two_sided_uncertainty")
    again = parse_game(dumps(game, "json"), "t.json")
    assert isinstance(again, GameTree) and again.size == game.size and again == game
