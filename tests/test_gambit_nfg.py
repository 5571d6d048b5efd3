"""Gambit .nfg files: both versions read exactly, written so Gambit reads them."""

from __future__ import annotations

import io
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deterrence.errors import GameFileError
from deterrence.io import load_game, parse_game
from deterrence.io.catalogue import catalogue_files
from deterrence.io.gambit_nfg import read_nfg, write_nfg
from deterrence.model import NormalFormGame
from strategies import fractions, normal_games

DATA = Path(__file__).resolve().parent / "data"


def arrays(game):
    return [np.asarray(a).tolist() for a in game.payoff_arrays()]


# ------------------------------------------------------------ sample files

#: Selten (1975), Figure 2, in strategic form: the sample of Gambit's format docs.
SELTEN = [[[1, 1], [0, 2], [0, 2]], [[1, 1], [0, 3], [2, 0]]]


@pytest.mark.parametrize("name", ["selten_payoff.nfg", "selten_outcome.nfg"])
def test_gambit_documentation_samples(name):
    game = load_game(str(DATA / name))
    assert game.title == "Selten (IJGT, 75), Figure 2, normal form"
    assert game.players == ("Player 1", "Player 2")
    assert game.strategies == (("1", "2", "3"), ("1", "2"))
    for j in range(2):  # the file lists player 1's strategy fastest
        for i in range(3):
            assert game.payoff((i, j)) == tuple(F(v) for v in SELTEN[j][i])


def test_outcome_version_three_players_null_outcome_and_exact_decimals():
    game = load_game(str(DATA / "export_ban_3p.nfg"))
    assert game.title == 'Export ban with a "sharing pool"'
    assert game.strategies == (("Restrict", "Trade"), ("Yield", "Resist"), ("Pledge", "2"))
    assert game.description.startswith("A three-player outcome-version fixture")
    pays, stand_off, trade, null = ((F(5, 2), F(-1), F(0)), (F(-1, 2), F(1, 3), F(-1, 4)),
                                    (F(1), F(1), F(1)), (F(0), F(0), F(0)))
    expected = {(0, 0, 0): pays, (1, 0, 0): null, (0, 1, 0): stand_off, (1, 1, 0): trade,
                (0, 0, 1): pays, (1, 0, 1): stand_off, (0, 1, 1): null, (1, 1, 1): trade}
    for profile, payoff in expected.items():
        assert game.payoff(profile) == payoff


def test_labels_are_normalised_like_gambit_is_lenient():
    text = 'NFG 1 R "" { "" "" } { { "" "Up" "Up" } { "x" "x" } } 1 2 3 4 5 6 7 8 9 10 11 12'
    game = read_nfg(text, "labels.nfg")
    assert game.players == ("Player 1", "Player 2")
    assert game.strategies == (("1", "Up", "Up (2)"), ("x", "x (2)"))


@pytest.mark.parametrize("text, value", [
    ("0.1", F(1, 10)), ("-.5", F(-1, 2)), ("1/3", F(1, 3)), ("-2/4", F(-1, 2)),
    ("1e3", F(1000)), ("2.5E-1", F(1, 4)), ("+7", F(7)), ("0.3333", F(3333, 10000)),
])
def test_numbers_are_read_exactly(text, value):
    game = read_nfg(f'NFG 1 R "" {{ "A" }} {{ 1 }} {text}', "n.nfg")
    assert game.payoff((0,)) == (value,)


# ------------------------------------------------------------ round trips


@pytest.mark.parametrize("path", [p for p in catalogue_files() if p.suffix == ".toml"],
                         ids=lambda p: p.stem)
def test_catalogue_round_trip_toml_nfg(path):
    game = load_game(str(path))
    if game.kind != "normal":  # a tree is written as its reduced strategic form
        pytest.importorskip("deterrence.trees.reduced_form")
        from deterrence.errors import UsageError
        from deterrence.trees.reduced_form import strategic_form

        try:
            game = strategic_form(game)
        except UsageError as exc:  # e.g. small_yard_high_fence: a move per fence, 6^20 plans
            assert "too large" in exc.message
            pytest.skip(f"{path.stem}: {exc.message}; solved by backward induction")
    again = parse_game(write_nfg(game), "again.nfg")
    assert again.players == game.players
    assert again.strategies == game.strategies
    assert again.title == game.title
    assert arrays(again) == arrays(game)


def test_writer_uses_the_parameter_values_in_force_and_records_them():
    game = load_game("hawk_dove", {"C": F(8)})
    text = write_nfg(game)
    assert "C = 8" in text
    assert arrays(read_nfg(text, "hd.nfg")) == arrays(game)


def test_writer_escapes_quotes_and_backslashes():
    game = NormalFormGame.bimatrix([[1]], [[2]], ['say "no"'], ["back\\slash"],
                                   title='The "title"')
    text = write_nfg(game)
    assert '"say \\"no\\""' in text
    again = read_nfg(text, "q.nfg")
    assert again.strategies == game.strategies and again.title == game.title


exact_games = normal_games(min_players=1, max_players=3, max_strategies=4, values=fractions,
                           max_cells=24)


@settings(max_examples=40, deadline=None)
@given(exact_games)
def test_write_then_read_is_the_same_game(game):
    again = read_nfg(write_nfg(game), "x.nfg")
    assert (again.players, again.strategies) == (game.players, game.strategies)
    assert arrays(again) == arrays(game)


# ------------------------------------------------------------ pygambit as oracle


@settings(max_examples=20, deadline=None)
@given(exact_games)
def test_pygambit_reads_what_we_write(game):
    gbt = pytest.importorskip("pygambit")
    theirs = gbt.read_nfg(io.StringIO(write_nfg(game)))
    assert [p.label for p in theirs.players] == list(game.players)
    assert [tuple(s.label for s in p.strategies) for p in theirs.players] == list(game.strategies)
    assert [a.tolist() for a in theirs.to_arrays(dtype=F)] == arrays(game)


@settings(max_examples=30, deadline=None)
@given(exact_games.filter(lambda g: g.n_players >= 2))
def test_we_read_what_pygambit_writes(game):
    gbt = pytest.importorskip("pygambit")
    theirs = gbt.Game.from_arrays(*game.payoff_arrays(), title="from pygambit")
    ours = read_nfg(theirs.to_nfg(), "pygambit.nfg")
    assert ours.title == "from pygambit"
    assert arrays(ours) == arrays(game)


# ------------------------------------------------------------ malformed files

MALFORMED = [
    pytest.param('NGF 1 R "" { "A" } { 1 } 0', 1, 1, "expected NFG", id="not-nfg"),
    pytest.param('NFG 2 R "" { "A" } { 1 } 0', 1, 5, "version", id="version-2"),
    pytest.param('NFG 1 X "" { "A" } { 1 } 0', 1, 7, "expected R", id="bad-letter"),
    pytest.param('NFG 1 R { "A" } { 1 } 0', 1, 9, "title", id="no-title"),
    pytest.param('NFG 1 R "t" { } { } ', 1, 13, "no players", id="no-players"),
    pytest.param('NFG 1 R "t" { "A" "B" }\n{ 2 }\n1 2 3 4', 2, 1, "for 1 players",
                 id="strategies-for-too-few-players"),
    pytest.param('NFG 1 R "t" { "A" "B" }\n{ 2 2 }\n1 2 3 4 5 6 7', 3, 14, "profile 4",
                 id="payoff-version-too-short"),
    pytest.param('NFG 1 R "t" { "A" }\n{ 2 }\n1 2 3', 3, 5, "after the last profile",
                 id="payoff-version-too-long"),
    pytest.param('NFG 1 R "t" { "A" "B" }\n{ { "x" } { } }\n1 2', 2, 11, "no strategies",
                 id="empty-strategy-list"),
    pytest.param('NFG 1 R "t" { "A" "B" }\n{ 1 1 } ""\n{ { "" 1 } }\n1', 3, 3,
                 "has 1 payoffs", id="outcome-with-too-few-payoffs"),
    pytest.param('NFG 1 R "t" { "A" }\n{ 2 } ""\n{ { "" 1 } }\n1 2', 4, 3,
                 "from 0 to 1", id="outcome-number-out-of-range"),
    pytest.param('NFG 1 R "t" { "A" }\n{ 2 } ""\n{ { "" 1 } }\n1', 4, 2,
                 "outcome of profile 2", id="outcome-indices-too-few"),
    pytest.param('NFG 1 R "t" { "A" }\n{ 1 }\n1/0', 3, 1, "division by zero", id="one-over-zero"),
    pytest.param('NFG 1 R "t" { "A" }\n{ 1 }\n1e999999', 3, 1, "exponent", id="huge-exponent"),
    pytest.param('NFG 1 R "t" { "A" }\n{ 1 }\n  3x', 3, 3, "cannot read '3x'", id="garbage"),
    pytest.param('NFG 1 R "t { "A" }', 1, 16, "not closed", id="unclosed-label"),
    pytest.param('', 1, 1, "expected NFG", id="empty-file"),
    pytest.param('NFG 1 R "t" { "A" "B" } { 1000000 1000000 }', 1, 35, "more than 1000000",
                 id="too-many-profiles"),
]


@pytest.mark.parametrize("text, line, column, fragment", MALFORMED)
def test_malformed_files_name_the_place(text, line, column, fragment):
    with pytest.raises(GameFileError) as info:
        read_nfg(text, "bad.nfg")
    error = info.value
    assert fragment in error.message
    assert (error.path, error.line, error.column) == ("bad.nfg", line, column)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet='NFG1R "{}\\,./-0123456789eAx\n', max_size=80))
def test_garbage_raises_only_game_file_errors(text):
    try:
        read_nfg("NFG 1 R " + text, "garbage.nfg")
    except GameFileError as error:
        assert error.line is not None and error.column is not None


def test_cli_converts_both_ways(tmp_path):
    from click.testing import CliRunner

    from deterrence.cli import cli

    runner = CliRunner()
    target = tmp_path / "pd.nfg"
    out = runner.invoke(cli, ["convert", "prisoners_dilemma", str(target)])
    assert out.exit_code == 0, out.output
    assert target.read_text().startswith('NFG 1 R "Prisoner')
    back = tmp_path / "pd.toml"
    out = runner.invoke(cli, ["convert", str(target), str(back)])
    assert out.exit_code == 0, out.output
    assert arrays(load_game(str(back))) == arrays(load_game("prisoners_dilemma"))
    out = runner.invoke(cli, ["solve", str(DATA / "selten_outcome.nfg"), "--json"])
    assert out.exit_code == 0, out.output
