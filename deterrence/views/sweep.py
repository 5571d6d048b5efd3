"""Terminal views of sweeps, regime maps, thresholds and symbolic solutions.

Views format; they never solve: every number shown comes from the result
object handed in. Regimes are named by letters (A, B, ...) with a legend, so
the meaning never rests on colour alone; changes of regime are marked ``►``
(and ``*`` in plain output is not needed: the marker is a character).
"""

from __future__ import annotations

import math
import time
from contextlib import contextmanager
from typing import Any, Sequence

import numpy as np
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.constrain import Constrain
from rich.table import Table
from rich.text import Text

from deterrence.model.expr import format_fraction
from deterrence.model.labels import regime_letters
from deterrence.views.regime_text import (  # noqa: F401  (REGIME_STYLES, legend: part of this module's face)
    REGIME_STYLES,
    Legend,
    legend,
    regime_labels,
    regime_style,
    summary_note,
)
from deterrence.views.summary import clip, lines_budget, play_summary, profile_moves, summary_width, typical_moves
from deterrence.views.sweep_table import (  # noqa: F401  (equilibrium_text, payoff_text: part of this module's face)
    SweepTable,
    equilibrium_text,
    labelled,
    payoff_text,
    typical_block,
)
from deterrence.views.text import safe_str, safe_text

SPARKS = "▁▂▃▄▅▆▇█"
#: Largest number of rows a sweep table prints before it samples rows.
MAX_ROWS = 60


def shown_rows(sweep, limit: int = MAX_ROWS) -> list[int]:
    """All rows of a small sweep; for a large one, evenly spaced rows plus
    every row where the regime changes and the row before it."""
    n = sweep.steps
    if n <= limit:
        return list(range(n))
    changed = list(sweep.change_rows())
    step = max(1, math.ceil(n / (limit - 2 * len(changed) if limit > 2 * len(changed) + 4 else 4)))
    rows = set(range(0, n, step)) | {n - 1} | set(changed) | {max(0, i - 1) for i in changed}
    return sorted(rows)


class SweepView:
    """A one-parameter sweep: legend, change points, the table and a chart."""

    def __init__(self, sweep, answers: dict[int, tuple], exact: bool = True, chart: bool = True) -> None:
        self.sweep = sweep
        self.answers = answers
        self.exact = exact
        self.chart = chart

    def outcome_weights(self) -> dict[int, dict[str, float]]:
        """Per regime, each outcome's largest probability over the rows shown."""
        out: dict[int, dict[str, float]] = {}
        for i, eqs in self.answers.items():
            table = out.setdefault(self.sweep.segment_of(i).regime, {})
            for eq in eqs:
                for label, p in getattr(eq, "outcomes", None) or ():
                    try:
                        w = float(p)
                    except (TypeError, ValueError, OverflowError):
                        continue
                    table[str(label)] = max(w, table.get(str(label), 0.0))
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        s = self.sweep
        game = s.game
        yield Text.assemble((safe_str(game.title or "(untitled game)"), "bold"),
                            f" — sweep of {s.range.name} from {format_fraction(s.range.lo)} "
                            f"to {format_fraction(s.range.hi)}, {s.steps} points")
        others = {k: v for k, v in game.parameters.values().items() if k != s.range.name}
        if others:
            yield Constrain(safe_text("other parameters: " + ", ".join(f"{k} = {format_fraction(v)}"
                                                                  for k, v in others.items()), style="dim"),
                            summary_width(options.max_width))
        yield safe_text("")
        yield safe_text("Regimes", style="bold")
        yield Legend(s.regimes, game, self.outcome_weights())
        yield safe_text("")
        yield ChangesView(s)
        yield safe_text("")
        rows = sorted(self.answers)
        yield SweepTable(self, rows)
        if len(rows) < s.steps:
            yield safe_text(f"showing {len(rows)} of {s.steps} rows (every change kept); --json lists all",
                       style="dim")
        if self.chart:
            yield safe_text("")
            yield SweepChart(s)
        agree, total = s.checks
        if total:
            yield safe_text(f"checked: the exact solver agrees with the formulas inside {agree} of {total} "
                       "regime intervals", style="dim")
        for w in s.warnings:
            yield Text.assemble(("warning: ", "bold yellow"), safe_str(w))


class ChangesView:
    """The change points of a sweep, exact, with their formulas."""

    def __init__(self, sweep) -> None:
        self.sweep = sweep

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        s = self.sweep
        letters = regime_letters(len(s.regimes))
        if not s.changes:
            yield safe_text(f"No change of regime for {s.range.name} in "
                       f"[{format_fraction(s.range.lo)}, {format_fraction(s.range.hi)}].", style="italic")
            return
        yield safe_text("Change points (exact)", style="bold")
        for c in s.changes:
            formula = "; ".join(c.formula_texts())
            where = f"{c.parameter} = {c.text}"
            if as_decimal(c) != c.text:
                where += f" ≈ {c.approx:.6g}"
            line = Text.assemble(("► ", "bold"), (where, "bold"),
                                 (f"   ({formula})" if formula else "", "italic"),
                                 f"   {letters[c.before]} → {letters[c.after]}")
            if c.at not in (c.before, c.after):
                line.append(f"   (at the point itself: {letters[c.at]})")
            if c.method != "symbolic roots":
                line.append(f"   [{c.method}]", style="dim")
            yield line


def as_decimal(change) -> str:
    value = change.approx
    return format(value, "g") if math.isfinite(value) else change.text


class SweepChart:
    """A compact chart of a one-parameter sweep: the regime band, then one
    sparkline per player (payoff in the first listed equilibrium)."""

    def __init__(self, sweep, width: int = 60) -> None:
        self.sweep = sweep
        self.width = width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        s = self.sweep
        game = s.game
        width = max(10, min(self.width, options.max_width - 16, s.steps))
        index = [min(s.steps - 1, round(k * (s.steps - 1) / (width - 1))) for k in range(width)]
        letters = regime_letters(len(s.regimes))
        band = Text()
        for i in index:
            r = s.segment_of(i).regime
            band.append(letters[r], style=f"bold {regime_style(r)}")
        label_width = max(len("regime"), *(len(p) for p in game.players)) + 1
        yield Text.assemble(("regime".ljust(label_width), "bold"), band)
        series = s.series(index)
        if series:
            first = _first_series(s, series, len(index))
            for p, player in enumerate(game.players):
                values = [first[k][p] for k in range(len(index))]
                yield Text.assemble((safe_str(player)[:label_width - 1].ljust(label_width), "bold"),
                                    sparkline(values), _range_text(values))
        axis = f"{format_fraction(s.range.lo)}".ljust(width - len(format_fraction(s.range.hi)))
        yield safe_text(" " * label_width + axis + format_fraction(s.range.hi), style="dim")
        yield safe_text(" " * label_width + f"{s.range.name} →   (payoff in the first equilibrium listed)",
                   style="dim")


def _first_series(s, series, count: int) -> list[list[float]]:
    keys = list(series)
    out = []
    for i in range(count):
        row = None
        for k in keys:
            if not np.isnan(series[k][i]).any():
                row = list(series[k][i])
                break
        out.append(row if row is not None else [float("nan")] * len(s.game.players))
    return out


def _range_text(values) -> str:
    finite = [v for v in values if v == v]
    if not finite:
        return ""
    return f"  {min(finite):.4g} … {max(finite):.4g}"


def sparkline(values: Sequence[float]) -> Text:
    """``▁▂▅█`` from numbers; a gap for NaN.

    >>> sparkline([0, 1, 2, float("nan")]).plain
    '▁▅█ '
    """
    finite = [v for v in values if v == v]
    text = Text()
    if not finite:
        return safe_text(" " * len(values))
    lo, hi = min(finite), max(finite)
    for v in values:
        if v != v:
            text.append(" ")
        elif hi == lo:
            text.append(SPARKS[len(SPARKS) // 2])
        else:
            text.append(SPARKS[min(len(SPARKS) - 1, int((v - lo) / (hi - lo) * (len(SPARKS) - 1) + 0.5))])
    return text


class MapView:
    """A two-parameter regime map drawn with regime letters."""

    def __init__(self, regime_map, width: int = 60, height: int = 24) -> None:
        self.map = regime_map
        self.width = width
        self.height = height

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        m = self.map
        game = m.game
        n = m.steps
        width = max(8, min(self.width, options.max_width - 12, n))
        height = max(4, min(self.height, n))
        cols = [min(n - 1, round(k * (n - 1) / (width - 1))) for k in range(width)]
        rows = [min(n - 1, round(k * (n - 1) / (height - 1))) for k in range(height)][::-1]
        letters = regime_letters(len(m.regimes))
        yield Text.assemble((safe_str(game.title or "(untitled game)"), "bold"),
                            f" — regime map of {m.x.name} × {m.y.name}, {n} × {n} points")
        ys = m.y.grid(n)
        xs = m.x.grid(n)
        label_width = max(len(format_fraction(ys[0])), len(format_fraction(ys[-1])), len(m.y.name)) + 1
        yield safe_text(m.y.name.rjust(label_width - 1) + " ↑", style="bold")
        for j in rows:
            line = Text()
            edge = j in (rows[0], rows[-1])
            line.append((format_fraction(ys[j]) if edge else "").rjust(label_width - 1) + " ", style="dim")
            for i in cols:
                r = int(m.grid[j, i])
                line.append(letters[r], style=f"bold {regime_style(r)}")
            yield line
        lo, hi = format_fraction(xs[0]), format_fraction(xs[-1])
        yield safe_text(" " * label_width + lo.ljust(width - len(hi)) + hi, style="dim")
        yield safe_text(" " * label_width + f"{m.x.name} →", style="bold")
        yield safe_text("")
        yield safe_text("Regimes", style="bold")
        yield legend(m.regimes, game)
        if m.boundaries:
            yield safe_text("")
            yield safe_text("Boundaries (exact)", style="bold")
            for b in m.boundaries:
                pairs = ", ".join(f"{letters[a]}|{letters[c]}" for a, c in b.separates)
                yield safe_text(f"  {b.text}   separates {pairs}")
        agree, total = m.checks
        cells = m.steps * m.steps
        if total:
            said = (f"{m.exact_cells} cells decided in exact arithmetic; the exact solver agrees at "
                    f"{agree} of {total} checked cells")
        elif m.exact_cells >= cells:
            said = f"all {cells} cells solved by the exact solver (no formulas to check)"
        else:
            said = f"{m.exact_cells} cells decided in exact arithmetic; no cell was checked against the exact solver"
        yield safe_text(said, style="dim")
        for w in m.warnings:
            yield Text.assemble(("warning: ", "bold yellow"), safe_str(w))


class SymbolicView:
    """Candidate equilibria as formulas, each with its conditions."""

    def __init__(self, solution) -> None:
        self.solution = solution

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        s = self.solution
        game = s.game
        if getattr(s, "kind", "normal") == "tree":
            yield from _tree_symbolic(s)
            return
        free = ", ".join(s.free) or "none"
        yield Text.assemble(("Equilibria as formulas", "bold"), f" in {free}")
        yield safe_text("Each candidate is an equilibrium exactly where all its conditions hold "
                   "(from the indifference equations on its support).", style="dim")
        if not s.candidates:
            yield safe_text("No candidate can be an equilibrium for any parameter values.", style="italic")
        for k, cand in enumerate(s.candidates, start=1):
            yield safe_text("")
            kind = "pure" if cand.is_pure else "mixed"
            yield Text.assemble((safe_str(f"{k}. {cand.label(game)}"), "bold"), f"  ({kind})")
            if not cand.is_pure:
                for i, player in enumerate(game.players):
                    parts = [f"{label} = {p}" for label, p in zip(game.strategies[i], cand.strategies[i])
                             if p != 0]
                    yield safe_text(f"   {player}: " + ", ".join(parts))
            yield safe_text("   payoffs: " + ", ".join(f"{p} = {v}" for p, v in zip(game.players, cand.payoffs)))
            if cand.conditions:
                yield safe_text("   holds iff: " + " and ".join(c.text for c in cand.conditions))
            else:
                yield safe_text("   holds for all parameter values")
            if cand.nonzero:
                yield safe_text("   (where " + ", ".join(f"{z} ≠ 0" for z in cand.nonzero) + ")", style="dim")
        for w in s.warnings:
            yield Text.assemble(("note: ", "bold"), safe_str(w))


def _tree_symbolic(s):
    game = s.game
    yield safe_text("The equilibrium as formulas", style="bold")
    yield safe_text(s.profile)
    yield safe_text("   payoffs: " + ", ".join(f"{p} = {v}" for p, v in zip(game.players, s.payoffs)))
    yield safe_text("   outcomes: " + ", ".join(f"{label}: {p}" for label, p in s.outcomes))
    if s.conditions:
        yield safe_text("   while: " + " and ".join(c.text for c in s.conditions))
    for w in s.warnings:
        yield Text.assemble(("note: ", "bold"), safe_str(w))


class ThresholdsView:
    """Regimes with the conditions under which they hold, thresholds, checks.

    Headings that would take more than about two lines at the console's width
    are summarised as in a sweep's legend (:func:`regime_labels`); where the
    regimes' profiles are that long, the typical play is listed once and each
    regime's ``equilibrium:`` line gives the moves that differ from it; long
    conjunctions of conditions are written one condition a line. Conditions
    and thresholds are never cut.
    """

    def __init__(self, report) -> None:
        self.report = report

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        r = self.report
        game = r.game
        width = summary_width(options.max_width)
        letters = regime_letters(len(r.regimes))
        here = "   ← at the values in force"
        budget = lines_budget(width - max((len(x) for x in letters), default=1) - 1) - len(here)
        labels, summarised = regime_labels([rc.regime for rc in r.regimes], game, budget)
        profiles = [safe_str(rc.profile) for rc in r.regimes]
        bounded = any(cell_len(t) > lines_budget(width - 16) for t in profiles)
        moves = [profile_moves(t, game.players) if t else None for t in profiles]
        typical = typical_moves(m for m in moves if m) if bounded else {}
        yield Text.assemble((safe_str(game.title or "(untitled game)"), "bold"), " — thresholds")
        yield safe_text("")
        if typical:
            yield from typical_block(typical, "each regime shows where its play differs", width)
            yield safe_text("")
        yield safe_text("Regimes and when they hold", style="bold")
        for k, rc in enumerate(r.regimes):
            heading = Table.grid()
            heading.add_column(no_wrap=True)
            heading.add_column()
            heading.add_row(safe_text(f"{letters[k]} ", style=f"bold {regime_style(k)}"),
                            Text.assemble(safe_str(labels[k]), (here if r.current == k else "", "italic")))
            yield Constrain(heading, width)
            if profiles[k]:
                play = (play_summary(moves[k], profiles[k], typical, "typical", lines_budget(width - 16))
                        if typical else profiles[k])
                yield Constrain(labelled("   equilibrium: ", play, "dim"), width)
            word = "iff" if rc.exact else "while"
            line = f"   {word}: {rc.text()}"
            if len(rc.conditions) > 1 and cell_len(line) > width:
                texts = [c.text for c in rc.conditions]
                yield Constrain(labelled(f"   {word}: ", "\n".join([texts[0]] + [f"and {t}" for t in texts[1:]])),
                                width)
            else:
                yield safe_text(line)
        if summarised:
            yield Constrain(safe_text(summary_note(False), style="dim"), width)
        yield safe_text("")
        yield safe_text("Thresholds", style="bold")
        for t in r.thresholds:
            sep = ", ".join(f"{letters[a]}|{letters[b]}" for a, b in t.separates)
            yield safe_text(f"  {t.text}" + (f"   separates {sep}" if sep else ""))
        if r.kind == "normal" and r.solution is not None:
            yield safe_text("")
            yield SymbolicView(r.solution)
        elif r.solution is not None and hasattr(r.solution, "__rich_console__"):
            yield safe_text("")
            yield r.solution
        yield safe_text("")
        agree, total = r.agreement
        box = ", ".join(f"{n} ∈ [{format_fraction(lo)}, {format_fraction(hi)}]" for n, lo, hi in r.box)
        yield Constrain(safe_text(f"Checked: at {total} sampled points ({box}) the formulas and the exact solver "
                                  f"agree at {agree}" + (f"; {r.degenerate_samples} sampled point(s) on a boundary "
                                                         "skipped" if r.degenerate_samples else "") + ".",
                                  style="dim"), width)
        for s in r.sweeps:
            swept = f"Sweep of {s.parameter} over [{format_fraction(s.lo)}, {format_fraction(s.hi)}]: "
            if s.not_swept:
                yield Constrain(safe_text(swept + s.not_swept, style="dim"), width)
            else:
                head = swept + f"{len(s.changes)} change point(s), {s.matched} at a threshold formula"
                changes = [f"{v} ({', '.join(f) or 'no formula'})" for v, f in s.changes]
                line = head + "".join(f"; {c}" for c in changes)
                if cell_len(line) <= width:
                    yield safe_text(line, style="dim")
                else:
                    yield safe_text(head + ":", style="dim")
                    for c in changes:       # a check: its formulas, whole, are in --json
                        yield Constrain(labelled("    ", clip(safe_str(c), lines_budget(width - 4)), "dim"),
                                        width)
            if s.note:
                yield Constrain(labelled("    ", safe_str(f"({s.note})"), "dim"), width)
        for w in r.warnings:
            yield Text.assemble(("warning: ", "bold yellow"), safe_str(w))


def sweep_view(sweep):
    """A sweep with the rows a terminal shows (see :func:`shown_rows`)."""
    rows = shown_rows(sweep)
    # the table shows profiles, outcomes and payoffs: no beliefs or refinements
    return SweepView(sweep, dict(zip(rows, sweep.answers(rows, detail=False))))


# ---------------------------------------------------------------- progress


@contextmanager
def progress_reporter(description: str = "working", delay: float = 1.0, console: Console | None = None):
    """A progress callback that shows a rich progress bar on stderr, but only
    once the work has taken longer than ``delay`` seconds.

    Yields ``report(done, total, description)``.
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    start = time.monotonic()
    state: dict[str, Any] = {"progress": None, "task": None}
    console = console or Console(stderr=True)

    def report(done: int, total: int, what: str = description) -> None:
        if state["progress"] is None:
            if time.monotonic() - start < delay or not console.is_terminal:
                return
            bar = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                           TimeRemainingColumn(), console=console, transient=True)
            bar.start()
            state["progress"] = bar
            state["task"] = bar.add_task(what, total=total)
        state["progress"].update(state["task"], completed=done, total=total, description=what)

    try:
        yield report
    finally:
        if state["progress"] is not None:
            state["progress"].stop()


__all__ = ["sweep_view", "SweepView", "SweepChart", "MapView", "SymbolicView", "ThresholdsView", "ChangesView",
           "progress_reporter", "sparkline", "shown_rows"]
