"""Rich display in notebooks: games, results and explanations render as HTML."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from deterrence import load_game, solve
from deterrence.teaching.explain import explain


@pytest.mark.parametrize("name", ["hawk_dove", "punishment_deterrence"])
def test_results_render_as_html(name):
    result = solve(load_game(name))
    html = result._repr_html_()
    assert html.startswith("<pre") and html.endswith("</pre>")
    assert "equilibri" in html


def test_game_html_shows_the_table_with_best_responses_underlined():
    html = load_game("hawk_dove")._repr_html_()
    assert "Hawk" in html and "text-decoration: underline" in html


def test_explanation_html_has_the_indifference_answer():
    html = explain(load_game("hawk_dove"))._repr_html_()
    assert "q = V/C = 1/3" in html


def test_rich_print_uses_the_views():
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(solve(load_game("matching_pennies")))
    text = console.file.getvalue()
    assert "1/2" in text and "Nash equilibria" in text
