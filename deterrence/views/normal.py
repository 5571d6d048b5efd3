"""The payoff table of a normal-form game, best responses marked.

On a terminal a best response is underlined; in plain output (piped, or a
file) it carries a ``*`` instead, since meaning is never carried by style
alone. Pure equilibria are the cells where every payoff is marked.

Example
-------
>>> from rich.console import Console
>>> from deterrence.model import NormalFormGame
>>> pd = NormalFormGame.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], ["C", "D"], ["C", "D"])
>>> console = Console(width=60, color_system=None, force_terminal=False)
>>> with console.capture() as cap:
...     console.print(PayoffTable(pd))
>>> print(cap.get())
┏━━━━━━━━━━━━━━┳━━━━━━━┳━━━━━━━━━━━━━━┓
┃ Row \\ Column ┃ C     ┃ D            ┃
┡━━━━━━━━━━━━━━╇━━━━━━━╇━━━━━━━━━━━━━━┩
│ C            │ 3, 3  │ 0, 5*        │
│ D            │ 5*, 0 │ 1*, 1*  (NE) │
└──────────────┴───────┴──────────────┘
* = best response; (NE) = pure Nash equilibrium
<BLANKLINE>
"""

from __future__ import annotations

import itertools

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.table import Table
from rich.text import Text

from deterrence.model.expr import format_fraction
from deterrence.views.text import safe_text

NE_MARK = "(NE)"


class PayoffTable:
    """Renders a game's payoff table(s) with best responses marked.

    For more than two players, one table per strategy profile of the players
    after the second.
    """

    def __init__(self, game, title: str | None = None) -> None:
        self.game = game
        self.title = title

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from deterrence.model.best_response import best_replies

        game = self.game
        plain = not console.is_terminal
        masks = best_replies(game)
        rows, cols = game.strategies[0], game.strategies[1] if game.n_players > 1 else ("",)
        key = None
        if self._too_wide(game, options.max_width):
            # long labels (e.g. plans of a reduced strategic form): short codes and a key
            key = [(f"R{i + 1}", r) for i, r in enumerate(rows)]
            if game.n_players > 1:
                key += [(f"C{j + 1}", c) for j, c in enumerate(cols)]
                cols = tuple(f"C{j + 1}" for j in range(len(cols)))
            rows = tuple(f"R{i + 1}" for i in range(len(rows)))
        tables = []
        rest = [range(len(s)) for s in game.strategies[2:]]
        for tail in itertools.product(*rest):
            caption = ", ".join(f"{game.players[2 + i]} plays {game.strategies[2 + i][k]}"
                                for i, k in enumerate(tail))
            corner = f"{game.players[0]} \\ {game.players[1]}" if game.n_players > 1 else game.players[0]
            title = self.title if not caption else caption
            table = Table(title=safe_text(title) if title else None, show_lines=False,
                          title_style="bold" if not caption else "italic")
            table.add_column(safe_text(corner), style="bold")
            for c in cols:
                table.add_column(safe_text(c))
            for i, r in enumerate(rows):
                cells = []
                for j in range(len(cols)):
                    index = (i, j) + tail if game.n_players > 1 else (i,)
                    cell = Text()
                    all_best = True
                    for p in range(game.n_players):
                        if p:
                            cell.append(", ")
                        best = bool(masks[p][index])
                        all_best &= best
                        value = format_fraction(game.payoff(index)[p])
                        cell.append(value, style="underline" if best and not plain else "")
                        if best and plain:
                            cell.append("*")
                    if all_best:
                        cell.stylize("bold")
                        cell.append(f"  {NE_MARK}")
                    cells.append(cell)
                table.add_row(safe_text(r), *cells)
            tables.append(table)
        marker = "*" if plain else "underlined"
        legend = safe_text(f"{marker} = best response; {NE_MARK} = pure Nash equilibrium", style="dim")
        if key:
            names = {"R": game.players[0], "C": game.players[1] if game.n_players > 1 else ""}
            legend = Group(legend, *(safe_text(f"{code} = {names[code[0]]}: {label}") for code, label in key))
        yield Group(*tables, legend)

    @staticmethod
    def _too_wide(game, width: int) -> bool:
        """Would the labelled table need more than ``width`` columns?"""
        if game.n_players < 2:
            return False
        cell = max(len(", ".join(format_fraction(v) for v in game.payoff(index))) + 7
                   for index in itertools.product(*(range(k) for k in game.shape)))
        corner = len(game.players[0]) + len(game.players[1]) + 3
        first = max([corner] + [len(r) for r in game.strategies[0]])
        columns = [max(cell, len(c)) for c in game.strategies[1]]
        return first + sum(columns) + 3 * (len(columns) + 1) + 1 > width
