"""Every result shares one protocol: to_json(), __rich__, _repr_html_, a short repr.

The cases call the library's face (``deterrence.solve``, ``deterrence.sweep``, ...)
the way a user in a notebook would.
"""

from __future__ import annotations

import io

import pytest
from rich.console import Console

import deterrence
from deterrence.model.display import REPR_LIMIT, Result

CASES = {
    "solve a matrix game": lambda: deterrence.solve(deterrence.load_game("hawk_dove")),
    "solve a tree": lambda: deterrence.solve(deterrence.load_game("punishment_deterrence")),
    "dominance": lambda: deterrence.dominance(deterrence.load_game("mixed_dominance")),
    "explain a matrix game": lambda: deterrence.explain(deterrence.load_game("hawk_dove")),
    "explain a tree": lambda: deterrence.explain(deterrence.load_game("punishment_deterrence")),
    "pool": lambda: deterrence.pool(deterrence.load_game("export_control_pool"), values=range(0, 3)),
    "ladder": lambda: deterrence.ladder(deterrence.load_game("tariff_ladder")),
    "repeated": lambda: deterrence.repeated(deterrence.load_game("prisoners_dilemma"),
                                            strategies="tft,alld", noise="1/20"),
    "tournament": lambda: deterrence.tournament(deterrence.load_game("prisoners_dilemma"),
                                                "tft,alld", noise=[0, "1/10"]),
}

PARAMETRIC = {
    "sweep": lambda: deterrence.sweep(deterrence.load_game("hawk_dove"), C=(0, 12), steps=7),
    "regime map": lambda: deterrence.regime_map(deterrence.load_game("hawk_dove"), V=(1, 4),
                                                C=(1, 12), steps=5),
    "thresholds": lambda: deterrence.thresholds(deterrence.load_game("hawk_dove"), samples=10),
    "symbolic": lambda: deterrence.symbolic(deterrence.load_game("hawk_dove")),
}


def check_protocol(result) -> None:
    assert isinstance(result, Result)
    assert len(repr(result)) <= REPR_LIMIT, repr(result)
    document = result.to_json()
    assert {"schema", "game", "parameters"} <= set(document), sorted(document)
    assert document["schema"].startswith("deterrence.")
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(result)
    assert console.file.getvalue().strip()
    html = result._repr_html_()
    assert html.startswith("<") and len(html) > 50


@pytest.mark.parametrize("case", CASES, ids=str)
def test_every_result_has_the_protocol(case):
    check_protocol(CASES[case]())


@pytest.mark.parametrize("case", PARAMETRIC, ids=str)
def test_parametric_results_have_the_protocol(case):
    check_protocol(PARAMETRIC[case]())


def test_games_have_short_reprs_too():
    for name in ("hawk_dove", "kahn_ladder", "export_control_pool"):
        game = deterrence.load_game(name)
        assert len(repr(game)) <= REPR_LIMIT
        assert game.title in repr(game)


def test_solve_rejects_unknown_options_by_name():
    with pytest.raises(TypeError, match="bogus_option"):
        deterrence.solve(deterrence.load_game("hawk_dove"), bogus_option=1)
    with pytest.raises(TypeError, match="bogus_option"):
        deterrence.solve(deterrence.load_game("punishment_deterrence"), bogus_option=1)


def test_the_facade_names_every_function_a_user_reaches_for():
    for name in ("load_game", "solve", "dominance", "sweep", "regime_map", "thresholds",
                 "symbolic", "explain", "pool", "ladder", "repeated", "tournament"):
        assert callable(getattr(deterrence, name)), name
        assert name in dir(deterrence)
    with pytest.raises(AttributeError):
        deterrence.no_such_function  # noqa: B018
