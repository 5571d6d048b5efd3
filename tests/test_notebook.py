"""Rich display in notebooks: games, results and explanations render as HTML."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from deterrence import load_game, solve
from deterrence.teaching.explain import explain


@pytest.mark.parametrize("name", ["hawk_dove", "punishment_deterrence"])
def test_results_render_as_html_tables(name):
    result = solve(load_game(name))
    html = result._repr_html_()
    assert "<table" in html and html.rstrip().endswith("</table>")
    assert "equilibri" in html and "<caption>" in html
    assert html.count("<tr>") == len(result.equilibria) + 1


def test_game_html_is_a_table_with_best_responses_underlined():
    html = load_game("hawk_dove")._repr_html_()
    assert "<table" in html and "<th" in html and ">Hawk</th>" in html
    assert "<u>2</u>*" in html and "(NE)" in html


def test_html_escapes_labels_from_the_file():
    from deterrence.model.normal import NormalFormGame

    game = NormalFormGame.bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]], ["<b>x</b>", "y&z"], ["c", "d"],
                                   title="<script>alert(1)</script>")
    html = game._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "y&amp;z" in html
    assert "<script>" not in solve(game)._repr_html_()


def test_a_tree_shows_its_drawing():
    html = load_game("punishment_deterrence")._repr_html_()
    assert "Retaliate" in html


def test_explanation_html_has_the_indifference_answer():
    html = explain(load_game("hawk_dove"))._repr_html_()
    assert "q = V/C = 1/3" in html


def test_rich_print_uses_the_views():
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(solve(load_game("matching_pennies")))
    text = console.file.getvalue()
    assert "1/2" in text and "Nash equilibria" in text
