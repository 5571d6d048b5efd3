"""Notebook HTML as real tables: payoff matrices and lists of equilibria.

A game's ``_repr_html_`` is an HTML ``<table>`` (one per profile of the
players after the second), each cell's payoffs with the best responses
underlined and marked ``*``, pure equilibria in bold; a result's is a
caption saying what the list is (concept, method, exact, complete) and a
table of the equilibria. Every label from a file is escaped. Objects
without a table form fall back to the terminal view rendered as HTML.

Example
-------
>>> from deterrence import load_game, solve
>>> html = game_html(load_game("prisoners_dilemma"))
>>> html.count("<table"), "<u>1</u>*" in html
(1, True)
>>> ">Build bloc</td>" in result_html(solve(load_game("prisoners_dilemma")))
True
"""

from __future__ import annotations

import html
import itertools

from deterrence.model.expr import format_fraction

STYLE = ("border-collapse: collapse; margin: 0.4em 0; font-variant-numeric: tabular-nums")
CELL = "border: 1px solid #999; padding: 0.2em 0.6em; text-align: center"
HEAD = CELL + "; font-weight: bold"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _header(game) -> str:
    parts = [f"<p><b>{_e(game.title or '(untitled game)')}</b></p>"]
    values = game.parameters.values() if game.parameters.declared else {}
    if values:
        shown = ", ".join(f"{_e(k)} = {_e(format_fraction(v))}" for k, v in values.items())
        parts.append(f"<p>Parameters: {shown}</p>")
    return "".join(parts)


def _payoff_tables(game) -> str:
    from deterrence.model.best_response import best_replies

    masks = best_replies(game)
    rows = game.strategies[0]
    cols = game.strategies[1] if game.n_players > 1 else ("",)
    out = []
    for tail in itertools.product(*(range(len(s)) for s in game.strategies[2:])):
        caption = ", ".join(f"{game.players[2 + i]} plays {game.strategies[2 + i][k]}"
                            for i, k in enumerate(tail))
        corner = f"{game.players[0]} \\ {game.players[1]}" if game.n_players > 1 else game.players[0]
        lines = [f'<table style="{STYLE}">']
        if caption:
            lines.append(f"<caption>{_e(caption)}</caption>")
        lines.append("<tr>" + f'<th style="{HEAD}">{_e(corner)}</th>'
                     + "".join(f'<th style="{HEAD}">{_e(c)}</th>' for c in cols) + "</tr>")
        for i, r in enumerate(rows):
            cells = []
            for j in range(len(cols)):
                index = (i, j) + tail if game.n_players > 1 else (i,)
                values, everyone = [], True
                for p in range(game.n_players):
                    text = _e(format_fraction(game.payoff(index)[p]))
                    best = bool(masks[p][index])
                    everyone &= best
                    values.append(f"<u>{text}</u>*" if best else text)
                content = ", ".join(values)
                if everyone:
                    content = f"<b>{content}</b> (NE)"
                cells.append(f'<td style="{CELL}">{content}</td>')
            lines.append(f'<tr><th style="{HEAD}">{_e(r)}</th>{"".join(cells)}</tr>')
        lines.append("</table>")
        out.append("\n".join(lines))
    legend = "<p><small>underlined and * = best response; (NE) = pure Nash equilibrium</small></p>"
    return "\n".join(out) + legend


def game_html(game) -> str:
    """A normal-form game as HTML tables; a tree as its terminal drawing."""
    from deterrence.model.kinds import is_tree

    if is_tree(game):
        from deterrence.views.notebook import game_view, to_html

        return to_html(game_view(game))
    return _header(game) + _payoff_tables(game)


def _strategy_text(labels, probabilities) -> str:
    support = [(label, p) for label, p in zip(labels, probabilities) if p]
    if len(support) == 1:
        return support[0][0]
    return " + ".join(f"{format_fraction(p)} {label}" for label, p in support)


def result_html(result) -> str:
    """The caption (what the list is) and a table of the equilibria."""
    from deterrence.model.kinds import is_tree
    from deterrence.views.result import CONCEPT_NAMES, completeness_text

    game = result.game
    concept = CONCEPT_NAMES.get(result.concept, result.concept)
    caption = (f"{concept}: {completeness_text(result)}, "
               f"{'exact' if result.exact else 'floating point'} ({result.method})")
    lines = [_header(game), f'<table style="{STYLE}">', f"<caption>{_e(caption)}</caption>"]
    tree = is_tree(game)
    heads = ["#", "play" if tree else None, *([] if tree else game.players), "payoffs"]
    lines.append("<tr>" + "".join(f'<th style="{HEAD}">{_e(h)}</th>' for h in heads if h) + "</tr>")
    for k, eq in enumerate(result.equilibria, 1):
        cells = [str(k)]
        if tree:
            cells.append(eq.label(game))
        else:
            cells += [_strategy_text(game.strategies[i], s) for i, s in enumerate(eq.strategies)]
        cells.append(", ".join(format_fraction(v) for v in eq.payoffs))
        lines.append("<tr>" + "".join(f'<td style="{CELL}">{_e(c)}</td>' for c in cells) + "</tr>")
    lines.append("</table>")
    if not result.equilibria:
        lines.append("<p>No equilibrium of this concept was found.</p>")
    if result.warnings:
        lines.append("<ul>" + "".join(f"<li>{_e(w)}</li>" for w in result.warnings) + "</ul>")
    return "\n".join(lines)


__all__ = ["game_html", "result_html"]
