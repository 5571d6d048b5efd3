"""The table of a one-parameter sweep: a row per grid value shown.

Where every equilibrium's words fit about two lines of the equilibria column
each is written whole (``profile → outcomes``); otherwise (trees with many
outcomes and decision points) the column is bounded (see :class:`SweepTable`).
Payoffs are always exact.
"""

from __future__ import annotations

from typing import Any, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.constrain import Constrain
from rich.table import Table
from rich.text import Text

from deterrence.model.expr import format_fraction
from deterrence.model.labels import regime_letters
from deterrence.views.regime_text import regime_style
from deterrence.views.summary import (
    and_more,
    decimal_mixture,
    fit,
    lines_budget,
    outcomes_summary,
    play_summary,
    plus_more,
    profile_moves,
    split_top,
    summary_width,
    typical_moves,
)
from deterrence.views.text import safe_str, safe_text

#: Narrowest equilibria column a summarised table is made for.
MIN_CELL = 30
#: Equilibria a row of a sweep table lists before it says how many more there are.
MAX_ROW_EQUILIBRIA = 8
#: Decision points listed in a "typical play" block before it says how many more there are.
MAX_TYPICAL = 30


def equilibrium_text(eq, game) -> str:
    """The profile in words; for a tree, followed by the outcomes it reaches."""
    text = eq.label(game)
    outcomes = getattr(eq, "outcomes", None)
    if outcomes:
        parts = []
        for label, p in outcomes:
            if p == 1:
                parts.append(label)
            else:
                parts.append(f"{format_fraction(p) if not isinstance(p, float) else f'{p:.4g}'} {label}")
        text += " → " + ", ".join(parts)
    return text


def payoff_text(eq) -> str:
    return ", ".join(format_fraction(v) if not isinstance(v, float) else f"{v:.6g}" for v in eq.payoffs)


class SweepTable:
    """The rows of a sweep: marker, value, regime letter, equilibria, payoffs.

    Where every equilibrium's words fit about two lines of the equilibria
    column, each is written whole (``profile → outcomes``). Otherwise (game
    trees with many outcomes and decision points) the column is bounded: for
    each equilibrium a line of the outcomes it reaches, grouped and the most
    likely first, with ``+k more``; then its play as the moves that differ from
    the *typical play* (the most common move at each decision point over the
    rows shown), which is listed once above the table. Payoffs stay exact.
    """

    def __init__(self, view: Any, rows: Sequence[int]) -> None:
        self.view, self.rows = view, list(rows)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        view, s = self.view, self.view.sweep
        game = s.game
        letters = regime_letters(len(s.regimes))
        width = summary_width(options.max_width)
        answers = {i: tuple(view.answers[i][:MAX_ROW_EQUILIBRIA]) for i in self.rows}
        hidden = {i: len(view.answers[i]) - len(answers[i]) for i in self.rows}
        values = {i: format_fraction(s.value(i)) if view.exact else f"{float(s.value(i)):.6g}" for i in self.rows}
        payoffs = {i: [safe_str(payoff_text(e)) for e in answers[i]] for i in self.rows}
        header = safe_str("payoffs (" + ", ".join(game.players) + ")")
        rest = 1 + max([len(s.range.name), *map(len, values.values())]) + max([len("regime"), *map(len, letters)]) + 14
        whole = max([cell_len(header), *(cell_len(t) for ts in payoffs.values() for t in ts)])
        widest = max([len("payoffs"), *(cell_len(n) + 1 for ts in payoffs.values() for t in ts for n in t.split(", "))])
        # payoffs on one line where the equilibria keep MIN_CELL; else one number a line
        stacked = width - rest - whole < MIN_CELL
        cell = max(16, width - rest - (widest if stacked else whole))
        natural = {i: [safe_str(equilibrium_text(e, game)) for e in answers[i]] for i in self.rows}
        bounded = any(cell_len(t) > lines_budget(cell) for ts in natural.values() for t in ts)
        typical: dict = {}
        moves: dict[int, list] = {}
        if bounded:
            moves = {i: [profile_moves(safe_str(e.label(game)), game.players) for e in answers[i]]
                     for i in self.rows}
            if not view.exact:
                moves = {i: [[decimal_mixture(m) for m in ms] if ms else ms for ms in eqs]
                         for i, eqs in moves.items()}
            typical = typical_moves(m for i in self.rows for m in moves[i] if m)
            if typical:
                yield from typical_block(typical, "each row shows where its play differs", width)
                yield safe_text("")
        table = Table(show_header=True, header_style="bold", pad_edge=False)
        table.add_column("", width=1)
        table.add_column(s.range.name, justify="right")
        table.add_column("regime", justify="center")
        stacked = stacked and bounded
        table.add_column("equilibria")
        table.add_column(Text("\n").join(safe_text(header).wrap(console, widest)) if stacked else safe_text(header),
                         justify="right")
        changed = set(s.change_rows())
        previous = None
        for i in self.rows:
            if previous is not None and i != previous + 1:
                table.add_row("", "⋮", "", "", "")
            r = s.segment_of(i).regime
            if bounded:
                above = moves.get(previous) if previous is not None and s.segment_of(previous).regime == r else None
                if above is not None and len(above) != len(moves[i]):
                    above = None
                cells = [bounded_equilibrium(e, game, m, typical, above[k] if above else None, cell, console)
                         for k, (e, m) in enumerate(zip(answers[i], moves[i]))]
                pays = [t.replace(", ", ",\n") if stacked else t for t in payoffs[i]]
                depth = [max(len(c.split("\n")), t.count("\n") + 1) for c, t in zip(cells, pays)]
                eq_cell = Text("\n").join(c + Text("\n" * (n - len(c.split("\n")))) for c, n in zip(cells, depth)) \
                    if cells else safe_text("none")
                pay_cell = Text("\n").join(Text(t + "\n" * (n - 1 - t.count("\n"))) for t, n in zip(pays, depth))
            else:
                eq_cell = Text("\n").join(safe_text(t) for t in natural[i]) if natural[i] else safe_text("none")
                pay_cell = Text("\n").join(safe_text(t) for t in payoffs[i])
            if hidden[i]:
                eq_cell.append(f"\n{and_more(hidden[i])} equilibria (--json lists them all)", style="italic")
            table.add_row("►" if i in changed else "", values[i],
                          safe_text(letters[r], style=f"bold {regime_style(r)}"), eq_cell, pay_cell)
            previous = i
        yield table
        if bounded:
            yield Constrain(safe_text("equilibria summarised: the outcomes reached, the most likely first; the moves "
                                      "that differ from the typical play or from the row above (no play line: as "
                                      "above); --json lists them all", style="dim"), width)


def bounded_equilibrium(eq, game, moves, typical, above, cell: int, console: Console) -> Text:
    """One equilibrium in a bounded column: ``→ outcomes`` on a line, then its play: where it
    differs from ``above`` (the same equilibrium in the row above; no line when it does not),
    else from the ``typical`` play, on at most two (three) lines of ``cell`` cells. A
    normal-form profile is itself, fitted."""
    text = safe_str(eq.label(game))
    outcomes = getattr(eq, "outcomes", None)
    if outcomes is None:
        inner = text[1:-1] if text.startswith("(") and text.endswith(")") else text
        fitted = fit(split_top(inner), lines_budget(cell) - 2, ", ", plus_more)
        return Text("\n").join(wrap(f"({fitted})" if inner != text else fitted, cell, console))
    items = [(safe_str(label), p) for label, p in outcomes if p]
    lines = [safe_text("→ " + outcomes_summary(items, cell - 2, probabilities=True, more=plus_more))]
    if above is not None and moves is not None:
        reference = {m.key: m for m in above}
        if any(reference.get(m.key) != m for m in moves):
            lines += wrap("play: " + play_summary(moves, text, reference, "as above", lines_budget(cell) - 6),
                          cell, console)
    else:
        lines += wrap("play: " + play_summary(moves, text, typical, "typical", lines_budget(cell, 3) - 6),
                      cell, console)
    return Text("\n").join(lines)


def wrap(text: str, width: int, console: Console) -> list[Text]:
    """``text`` wrapped at word boundaries to lines of ``width`` cells."""
    return list(safe_text(text).wrap(console, max(8, width), overflow="fold"))


def typical_block(typical: dict, differs: str, width: int) -> RenderResult:
    """The typical play, one decision point a line (at most :data:`MAX_TYPICAL`)."""
    yield Text.assemble(("Typical play", "bold"),
                        (f" (the most common move at each decision point; {differs})", "dim"))
    shown = list(typical.values())[:MAX_TYPICAL]
    table = Table(show_header=False, box=None, pad_edge=False, padding=(0, 1, 0, 2))
    table.add_column(no_wrap=False)
    table.add_column()
    for m in shown:
        table.add_row(safe_text(m.where + ":"), safe_text(m.what))
    yield Constrain(table, width)
    if len(typical) > len(shown):
        yield safe_text(f"  … and {len(typical) - len(shown)} more decision points (--json lists every profile)",
                        style="dim")


def labelled(label: str, text: str, style: str = "") -> Table:
    """``label`` then ``text``, the text's lines (and wrapped lines) indented under its start."""
    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row(safe_text(label, style=style),
                 Text("\n", style=style).join(safe_text(t, style=style) for t in text.split("\n")))
    return grid


__all__ = ["SweepTable", "equilibrium_text", "payoff_text", "bounded_equilibrium", "typical_block", "labelled",
           "wrap", "MIN_CELL", "MAX_ROW_EQUILIBRIA", "MAX_TYPICAL"]
