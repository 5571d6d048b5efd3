"""Terminal view of a pool analysis: the table, a bar chart, the effect in words."""

from __future__ import annotations

from fractions import Fraction

from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

from deterrence.model.numbers import short_number
from deterrence.views.text import safe_str, safe_text

BAR_WIDTH = 12


def signed_bar(value: Fraction, scale: Fraction, width: int = BAR_WIDTH) -> str:
    """A bar left (negative) or right (positive) of a centre line ``│``.

    >>> signed_bar(Fraction(1), Fraction(2), 8)
    '    │██  '
    >>> signed_bar(Fraction(-2), Fraction(2), 8)
    '████│    '
    """
    half = width // 2
    cells = 0 if not scale else round(abs(value) / scale * half)
    if value < 0:
        return " " * (half - cells) + "█" * cells + "│" + " " * half
    return " " * half + "│" + "█" * cells + " " * (half - cells)


def _num(value: Fraction) -> str:
    return short_number(value, 11)


class PoolView:
    """A :class:`~deterrence.builders.pool.analysis.PoolAnalysis` for people."""

    def __init__(self, analysis) -> None:
        self.analysis = analysis

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        a = self.analysis
        plain = not console.is_terminal
        yield safe_text(a.game.title, style="bold")
        meaning = f" ({a.description})" if a.description else ""
        yield safe_text(f"Coercion against a sharing pool, by {a.parameter}{meaning}; "
                   "subgame-perfect play, exact.")
        rows = ([a.baseline] if a.baseline else []) + list(a.points)
        scale = max((abs(p.restrict) for p in rows), default=Fraction(1)) or Fraction(1)
        table = Table(show_header=True, header_style="bold")
        table.add_column(a.parameter, justify="right", no_wrap=True)
        table.add_column("coercer's payoff\nif it restricts", justify="right", no_wrap=True)
        table.add_column("", no_wrap=True)
        table.add_column("P(target\nconcedes)", justify="right", no_wrap=True)
        table.add_column("coercer", justify="left", no_wrap=True)
        table.add_column("pays?", justify="left", no_wrap=True)
        for k, p in enumerate(rows):
            label = "no pool" if (a.baseline is not None and k == 0) else _num(p.value)
            choice = "restricts" if p.coerces else "refrains"
            pays = "yes" if p.pays else "no"
            style = "" if p.pays else "dim"
            table.add_row(label, _num(p.restrict), signed_bar(p.restrict, scale),
                          _num(p.concede), choice, pays, style=style if not plain else "")
        yield table
        yield safe_text(a.statement)
        if a.change is not None and a.change.kind == "algebraic":
            yield safe_text(f"Exactly: {a.change.parameter} = {a.change.text}", style="italic")
        for warning in a.warnings:
            yield Text.assemble(("warning: ", "bold yellow"), safe_str(warning))


class PoolReasonsView:
    """Why coercion pays or not: the target's choices after a restriction, then the sums."""

    MAX_ROWS = 12

    def __init__(self, reasons) -> None:
        self.reasons = reasons

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        r = self.reasons
        point = r.point
        yield safe_text("Why", style="bold")
        choices = list(r.choices)
        if len(choices) > self.MAX_ROWS:  # a large pool: keep the first and last rows
            half = self.MAX_ROWS // 2
            choices = choices[:half] + [None] + choices[-half:]
        table = Table(show_header=True, header_style="bold")
        table.add_column("after a restriction", no_wrap=False)
        table.add_column("probability", justify="right")
        table.add_column(safe_text(f"{r.target}: concede"), justify="right")
        table.add_column("hold out", justify="right")
        table.add_column("choice")
        for c in choices:
            if c is None:
                table.add_row("…", "", "", "", "")
                continue
            table.add_row(safe_text(c.story or "the cut"), _num(c.probability), _num(c.concede), _num(c.hold_out),
                          "concedes" if c.concedes else "holds out")
        yield table
        conceding = [c for c in r.choices if c.concedes]
        if not conceding:
            first = f"{r.target} holds out whatever the pool delivers: holding out costs it less than conceding."
        elif len(conceding) == len(r.choices):
            first = f"{r.target} concedes whatever happens: holding out would cost it more than the concession."
        else:
            first = (f"{r.target} concedes only where holding out costs more than the concession, "
                     f"with probability {_num(point.concede)}.")
        verdict = "restricts: coercion pays" if point.coerces else "refrains: coercion does not pay"
        relation = ">" if point.restrict > point.refrain else ("=" if point.restrict == point.refrain else "<")
        yield safe_text(f"{first} {r.coercer} expects {_num(point.restrict)} from restricting "
                   f"{relation} {_num(point.refrain)} from the status quo, so it {verdict}.")
