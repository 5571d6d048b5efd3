"""Terminal view of a solved escalation ladder: rung by rung, then in words.

Example
-------
>>> from rich.console import Console
>>> from deterrence.io import parse_game
>>> from deterrence.builders.ladder.spec import EXAMPLE
>>> from deterrence.builders.ladder.analysis import analyse_ladder
>>> console = Console(width=100, color_system=None, force_terminal=False)
>>> with console.capture() as out:
...     console.print(LadderView(analyse_ladder(parse_game(EXAMPLE, "ladder.toml"))))
>>> "A backs down at once" in out.get()
True
"""

from __future__ import annotations

from fractions import Fraction

from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table

from deterrence.model.numbers import short_number
from deterrence.views.text import safe_text


def _num(value: Fraction) -> str:
    return short_number(value, 8, approx="float", digits=3)


class LadderView:
    """A :class:`~deterrence.builders.ladder.analysis.LadderAnalysis` for people."""

    def __init__(self, analysis) -> None:
        self.analysis = analysis

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        a = self.analysis
        sides = a.sides
        yield safe_text(a.game.title, style="bold")
        concept = a.result.concept.replace("-", " ")
        many = len(a.result.equilibria)
        which = f"equilibrium {a.index + 1} of {many}" if many > 1 else "the equilibrium"
        yield safe_text(f"Escalation ladder solved for {concept} equilibria, exactly ({which}).")
        table = Table(show_header=True, header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False,
                      caption=safe_text(f"costs: of reaching the rung, to {sides[0]} and {sides[1]}; "
                                        "P(lose control), P(backs down): that play ends so at this rung"),
                      caption_justify="left")
        table.add_column("rung", justify="right", no_wrap=True)
        table.add_column("name", overflow="fold")
        table.add_column("moves")
        table.add_column("costs", justify="right", no_wrap=True)
        for header in ("P(reach)", "P(lose\ncontrol)", "P(backs\ndown)"):
            table.add_column(header, justify="right", no_wrap=True)
        for row in a.rows:
            moves = "(top)" if row.mover is None else sides[row.mover]
            table.add_row(str(row.rung), safe_text(row.name), safe_text(moves),
                          ", ".join(_num(c) for c in row.cost),
                          _num(row.reach), _num(row.loss), _num(row.backs_down))
        yield table
        summary = Table(show_header=False, box=None, pad_edge=False)
        summary.add_column(style="bold")
        summary.add_column()
        for plan in a.plans:
            summary.add_row(safe_text(plan.label), safe_text(a.stop_text(plan)))
        summary.add_row("stake", safe_text(", ".join(f"{s} {_num(p)}" for s, p in zip(sides, a.stake))))
        summary.add_row("worst outcome", _num(a.worst))
        if a.spec.top == "stalemate":
            summary.add_row("stalemate", _num(a.stalemate))
        summary.add_row("expected costs", safe_text(", ".join(f"{s} {_num(c)}" for s, c in zip(sides, a.expected_cost))))
        summary.add_row("expected payoffs", safe_text(", ".join(f"{s} {_num(v)}" for s, v in zip(a.game.players, a.payoffs))))
        yield summary
        yield safe_text(a.sentence())
        yield from notes(a.result)


def notes(result):
    """The solver's warnings, in full (the terminal wraps them; a pipe gets each on one line)."""
    for warning in result.warnings:
        yield safe_text(f"note: {warning}", style="dim")


class NoEquilibriumView:
    """What to say when the solver found no equilibrium to read a ladder from."""

    def __init__(self, game, result) -> None:
        self.game, self.result = game, result

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        concept = self.result.concept.replace("-", " ")
        yield safe_text(f"{self.game.title}: the solver found no {concept} equilibrium to read the ladder from.")
        yield from notes(self.result)


__all__ = ["LadderView", "NoEquilibriumView", "notes"]
