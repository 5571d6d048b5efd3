"""Every catalogue game passes the same invariants.

Like Axelrod's ``TestPlayer``: each file in ``games/`` loads, survives a
round trip through TOML and Gambit format, solves, renders, and carries the
metadata a reader needs (title, source, description, described parameters).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from rich.console import Console

from deterrence.io import dumps, load_game, parse_game
from deterrence.io.catalogue import catalogue_files
from deterrence.solver import solve

FILES = [p for p in catalogue_files() if p.suffix == ".toml"]


@pytest.fixture(params=FILES, ids=[p.stem for p in FILES])
def game(request):
    return load_game(str(request.param))


def test_the_catalogue_has_the_foundation_games():
    names = {p.stem for p in FILES}
    assert {"prisoners_dilemma", "stag_hunt", "hawk_dove", "battle_of_the_sexes",
            "matching_pennies", "mixed_dominance"} <= names


def test_has_metadata(game):
    assert game.title and game.source and game.description
    assert dict(game.metadata).get("group"), "a catalogue game names its group"
    for parameter in game.parameters:
        assert parameter.description, f"parameter {parameter.name} needs a description"


def test_toml_round_trip_is_equal(game):
    again = parse_game(dumps(game, "toml"), "round-trip.toml")
    assert again == game


def test_gambit_round_trip_keeps_the_payoffs(game):
    fmt = "nfg" if game.kind == "normal" else "efg"
    pytest.importorskip(f"deterrence.io.gambit_{fmt}")
    again = parse_game(dumps(game, fmt), f"round-trip.{fmt}")
    assert again.players == game.players
    if game.kind == "normal":
        assert again.strategies == game.strategies
        for mine, theirs in zip(game.payoff_arrays(), again.payoff_arrays()):
            assert (mine == theirs).all()
    else:
        assert again.size == game.size and again.n_infosets == game.n_infosets
        assert sorted(again.path_payoffs.values()) == sorted(game.path_payoffs.values())


def test_solves_and_every_answer_is_an_equilibrium(game):
    result = solve(game)
    assert result.exact
    # deterrence.result/2 only where an equilibrium has an irrational number
    irrational = any(not isinstance(p, (int, Fraction)) for eq in result.equilibria
                     for s in getattr(eq, "strategies", ()) for p in s)
    assert result.to_json()["schema"] == ("deterrence.result/2" if irrational else "deterrence.result/1")
    if game.kind == "normal" and game.n_players == 2:
        assert result.complete and result.equilibria, "every finite game has an equilibrium"


def test_renders_in_plain_text(game):
    from deterrence.views import render_game, render_result

    console = Console(width=80, color_system=None, force_terminal=False)
    with console.capture() as captured:
        render_game(console, game)
        render_result(console, solve(game))
    text = " ".join(captured.get().split())  # titles may wrap at 80 columns
    assert " ".join(game.title.split()) in text
    assert "Traceback" not in text
