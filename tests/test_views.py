"""Golden renderings on a fixed-width console (as rich's own tests do)."""

from __future__ import annotations

import re

from rich.console import Console

from deterrence.io import load_game
from deterrence.solver import solve
from deterrence.views.normal import PayoffTable
from deterrence.views.result import ResultView


UNDERLINE = re.compile(r"\x1b\[[0-9;]*\b4m")


def render(obj, terminal: bool = False, no_color: bool = False) -> str:
    console = Console(width=80, force_terminal=terminal, color_system="standard" if terminal else None,
                      no_color=no_color, legacy_windows=False)
    with console.capture() as captured:
        console.print(obj)
    return captured.get()


def test_plain_payoff_table_of_the_stag_hunt():
    assert render(PayoffTable(load_game("stag_hunt"))) == """\
┏━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┓
┃ Bloc A \\ Bloc B ┃ Stag         ┃ Hare         ┃
┡━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━┩
│ Stag            │ 4*, 4*  (NE) │ 0, 3         │
│ Hare            │ 3, 0         │ 3*, 3*  (NE) │
└─────────────────┴──────────────┴──────────────┘
* = best response; (NE) = pure Nash equilibrium
"""


def test_terminal_underlines_best_responses_instead_of_stars():
    text = render(PayoffTable(load_game("stag_hunt")), terminal=True)
    assert UNDERLINE.search(text) and "4*" not in text


def test_no_color_keeps_the_underline():
    text = render(PayoffTable(load_game("stag_hunt")), terminal=True, no_color=True)
    assert UNDERLINE.search(text) and not re.search(r"\x1b\[[0-9;]*3[0-7]m", text)


def test_result_view_of_matching_pennies():
    text = render(ResultView(solve(load_game("matching_pennies"))))
    assert "Nash equilibria — all extreme equilibria, exact" in text
    assert "1/2 Port 1 + 1/2 Port 2" in text
    assert "0, 0" in text


def test_three_player_tables_are_one_per_strategy_of_the_third():
    from deterrence.model import NormalFormGame

    game = NormalFormGame.from_arrays(["A", "B", "C"], [["x", "y"], ["x", "y"], ["l", "r"]],
                                      [[[[1, 0], [0, 0]], [[0, 0], [0, 2]]]] * 3)
    text = render(PayoffTable(game))
    assert "C plays l" in text and "C plays r" in text
    assert "2*, 2*, 2*  (NE)" in text


def test_long_labels_become_codes_with_a_key_instead_of_being_cut():
    from deterrence.model import NormalFormGame

    long = ["Commit publicly, then retaliate", "Stay silent, then acquiesce"]
    game = NormalFormGame.bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]], long, long)
    text = render(PayoffTable(game))
    assert "│ R1 " in text and "C2" in text
    assert "R1 = Row: Commit publicly, then retaliate" in text
    assert "…" not in text
