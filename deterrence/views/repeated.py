"""Terminal views of repeated games: thresholds, noisy matches, tournaments.

Numbers are exact: a fraction with a small denominator prints as itself
(``9/4``); a long one prints rounded with ``≈`` (``≈2.3390``) and ``--json``
carries the exact fraction. A simulated value prints with ``~``.

Example
-------
>>> from rich.console import Console
>>> from deterrence.io import load_game
>>> from deterrence.repeated_games.analysis import analyse
>>> console = Console(width=100, color_system=None, force_terminal=False)
>>> with console.capture() as cap:
...     console.print(RepeatedView(analyse(load_game("stag_hunt"))))
>>> "only trust" in cap.get() and "3/4" in cap.get()
True
"""

from __future__ import annotations

from fractions import Fraction

from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

from deterrence.model.expr import format_fraction
from deterrence.views.text import safe_text

#: Largest denominator printed as a fraction in tables.
SHOWN_DENOMINATOR = 1000
#: Longest exact text printed in a table cell.
SHOWN_LENGTH = 7
BARS = "▁▂▃▄▅▆▇█"


def show(value, digits: int = 4) -> str:
    """A number for a table cell: exact when short, else ``≈`` rounded.

    >>> show(Fraction(9, 4)), show(Fraction(2, 3000001)), show(2.5), show(None)
    ('9/4', '≈0.0000', '~2.5000', 'never')
    """
    if value is None:
        return "never"
    if isinstance(value, float):
        return f"~{value:.{digits}f}"
    value = Fraction(value)
    text = format_fraction(value)
    if value.denominator <= SHOWN_DENOMINATOR and len(text) <= SHOWN_LENGTH:
        return text
    return f"≈{float(value):.{digits}f}"


def sparkline(values, low: float, high: float) -> str:
    """One block character per value, scaled to [low, high].

    >>> sparkline([0, 0.5, 1], 0, 1)
    '▁▅█'
    """
    span = high - low
    out = []
    for v in values:
        k = 0 if span <= 0 else int(round((float(v) - low) / span * (len(BARS) - 1)))
        out.append(BARS[max(0, min(len(BARS) - 1, k))])
    return "".join(out)


class StageView:
    """The stage game: its class, cooperative actions and T, R, P, S."""

    def __init__(self, stage) -> None:
        self.stage = stage

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        stage = self.stage
        yield Text.assemble(("Stage game: ", "bold"), (stage.kind, "bold"))
        yield safe_text(stage.verdict)
        table = Table(box=None, pad_edge=False)
        table.add_column("player", style="bold")
        table.add_column("cooperate")
        table.add_column("defect")
        for key in "TRPS":
            table.add_column(key, justify="right")
        rows = stage.payoffs if not stage.symmetric else stage.payoffs[:1]
        for i, p in enumerate(rows):
            c, d = stage.labels(i)
            name = p.player if not stage.symmetric else "both"
            table.add_row(safe_text(name), safe_text(c), safe_text(d), *(format_fraction(v) for v in p.TRPS))
        yield table
        for note in stage.notes:
            yield safe_text(f"note: {note}", style="dim")


class ThresholdTable:
    """Critical discount factors, generosity and trust, with their formulas."""

    def __init__(self, thresholds, parametric: bool) -> None:
        self.thresholds = thresholds
        self.parametric = parametric

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = Table(title="What sustains mutual cooperation", title_justify="left",
                      box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("strategy", max_width=14)
        table.add_column("holds when", max_width=12)
        table.add_column("kind", max_width=9)
        table.add_column("formula", min_width=28, ratio=1)
        notes = []
        for t in self.thresholds:
            if t.value is None:
                condition = "never"
            else:
                condition = f"{t.quantity} {t.relation} {format_fraction(t.value)}"
                if not t.attainable:
                    condition += " (never)"
            condition += {True: " ✓", False: " ✗ CHECK FAILED", None: ""}[t.verified]
            formula = t.textbook
            if t.formula and t.formula != t.textbook.replace("−", "-"):
                formula += f"\n= {t.formula}"
            table.add_row(t.name, condition, t.concept, formula)
            notes.extend(f"{t.name}: {n}" for n in t.notes)
        yield table
        yield safe_text("δ: discount factor (or the probability that another round follows); "
                   "g: generosity (probability of forgiving a defection); q: belief that the "
                   "other cooperates. ✓: checked exactly -- at the threshold the pair is an "
                   "equilibrium of that kind and just past it is not (exact best reply against "
                   "every strategy).",
                   style="dim")
        for note in notes:
            yield safe_text(f"• {note}")
        yield safe_text("Sources: " + "; ".join(f"{t.name}: {t.source}" for t in self.thresholds),
                   style="dim")


class MatchTables:
    """Self-play under noise, and the payoff matrix among the strategies."""

    def __init__(self, analysis) -> None:
        self.analysis = analysis

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        a = self.analysis
        horizon = "long-run" if a.matches[0][0].rounds is None else \
            f"first {a.matches[0][0].rounds} rounds"
        table = Table(title=f"Each strategy against itself, noise ε = {format_fraction(a.epsilon)} "
                            f"({horizon} average per round)", title_justify="left",
                      box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("strategy", style="bold")
        table.add_column("payoff", justify="right")
        if a.discount is not None:
            table.add_column(f"δ={format_fraction(a.discount)}", justify="right")
        echo = a.epsilon == 0 and any(not m.ergodic and m.vanishing_noise is not None
                                      for row in a.matches for m in row)
        if echo:
            table.add_column("ε→0+", justify="right")
        table.add_column("P(CC)", justify="right")
        table.add_column("CC spell", justify="right")
        table.add_column("breaks", justify="right")
        table.add_column("recovers", justify="right")
        if a.discount is not None:
            table.add_column("equilibrium?", no_wrap=True)
        for i, s in enumerate(a.strategies):
            m = a.matches[i][i]
            row = [s.name, show(m.payoffs[0], 3)]
            if a.discount is not None:
                row.append(show(m.discounted_payoffs[0], 3))
            if echo:
                row.append(show(m.vanishing_noise[1][0], 3))
            row += [show(m.mutual_cooperation, 3), show(m.cooperation_spell, 2),
                    show(m.first_breakdown, 2),
                    show(m.recovery, 2) if m.breaks_down else "—"]
            if a.discount is not None:
                check = a.self_play[i]
                row.append("SPE" if check.subgame_perfect else "Nash" if check.nash else
                           f"no +{show(max(check.gains), 3).lstrip('≈')}")
            table.add_row(*row)
        yield table
        yield safe_text("; ".join(f"{s.name} = {s.text()}" for s in a.strategies)
                   + "  (cooperation after CC, CD, DC, DD; p0: first round)", style="dim")
        yield safe_text("CC spell: mean rounds a run of mutual cooperation lasts; breaks: expected "
                   "round of the first outcome other than CC; recovers: mean rounds from a "
                   "breakdown back to CC; never: the expectation is infinite. "
                   + ("equilibrium?: against itself at δ, checked against every strategy by "
                      "an exact best reply (+gain of the best deviation). "
                      if a.discount is not None else "")
                   + "≈: rounded for display, --json has the exact fraction.",
                   style="dim")
        if any(not m.ergodic for row in a.matches for m in row):
            yield safe_text("Without noise some chains have several closed classes: their averages "
                       "are the exact long-run averages from the first round, which need not be "
                       "the limit as ε → 0+ (column ε→0+; tit-for-tat: R without noise, "
                       "(T+R+P+S)/4 with any noise at all).", style="dim")
        matrix = Table(title="Payoff to the row strategy against the column strategy",
                       title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
        matrix.add_column("", style="bold")
        for s in a.strategies:
            matrix.add_column(s.name, justify="right")
        for i, s in enumerate(a.strategies):
            matrix.add_row(s.name, *(show(m.payoffs[0], 3) for m in a.matches[i]))
        yield matrix


class RepeatedView:
    """Everything ``deterrence repeated`` prints."""

    def __init__(self, analysis) -> None:
        self.analysis = analysis

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        a = self.analysis
        yield safe_text(a.stage.game.title or "(untitled game)", style="bold")
        yield StageView(a.stage)
        yield safe_text("")
        yield ThresholdTable(a.thresholds, a.stage.is_parametric)
        checks = ", ".join(f"{c.name}: {'yes' if c.holds else 'no'}" for c in a.checks)
        yield safe_text(f"Checks: {checks}", style="dim")
        if a.strategies:
            yield safe_text("")
            yield MatchTables(a)


class TournamentView:
    """The ranking of one round robin, and its payoff matrix."""

    def __init__(self, tournament) -> None:
        self.tournament = tournament

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        t = self.tournament
        horizon = "long run" if t.rounds is None else f"{t.rounds} rounds"
        how = "exact" if t.exact else \
            f"exact for memory-one pairs, ~ simulated otherwise ({t.repetitions} repetitions, " \
            f"seed {t.seed})"
        table = Table(title=f"Round robin, noise ε = {format_fraction(t.epsilon)} ({horizon}; {how})",
                      title_justify="left")
        table.add_column("rank", justify="right")
        table.add_column("strategy", style="bold")
        table.add_column("score", justify="right")
        table.add_column("P(CC) with itself", justify="right")
        scores = t.scores
        for r, i in enumerate(t.ranking, 1):
            table.add_row(str(r), t.strategies[i].name, show(scores[i]),
                          show(t.mutual_cooperation[i][i]))
        yield table
        matrix = Table(title="Mean payoff per round to the row strategy", title_justify="left")
        matrix.add_column("", style="bold")
        order = t.ranking
        for j in order:
            matrix.add_column(t.strategies[j].name, justify="right")
        for i in order:
            matrix.add_row(t.strategies[i].name, *(show(t.payoffs[i][j]) for j in order))
        yield matrix
        yield safe_text("score: mean payoff per round over all matches, self-play included.",
                   style="dim")


class SweepView:
    """A noise sweep: one sparkline per strategy, winners, and the collapse."""

    def __init__(self, sweep) -> None:
        self.sweep = sweep

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        sweep = self.sweep
        eps = sweep.epsilons
        yield Text.assemble(("Noise sweep ", "bold"),
                            f"ε from {format_fraction(eps[0])} to {format_fraction(eps[-1])} "
                            f"in {len(eps)} steps")
        scores = [t.scores for t in sweep.tournaments]
        flat = [float(v) for row in scores for v in row]
        low, high = min(flat), max(flat)
        table = Table(box=None, pad_edge=False)
        table.add_column("strategy", style="bold")
        table.add_column(f"score vs ε ({low:.2f} … {high:.2f})")
        table.add_column("at lowest ε", justify="right")
        table.add_column("at highest ε", justify="right")
        table.add_column("P(CC) with itself vs ε (0 … 1)")
        final = sweep.tournaments[-1].ranking
        for i in final:
            s = sweep.strategies[i]
            series = [row[i] for row in scores]
            coop = [t.mutual_cooperation[i][i] for t in sweep.tournaments]
            table.add_row(s.name, sparkline(series, low, high), show(series[0]),
                          show(series[-1]), sparkline(coop, 0, 1))
        yield table
        overall = [t.cooperation for t in sweep.tournaments]
        yield safe_text(f"mutual cooperation, all matches: {sparkline(overall, 0, 1)}  "
                   f"({show(overall[0])} → {show(overall[-1])})")
        for a, b, name in sweep.leaders():
            span = format_fraction(a) if a == b else f"{format_fraction(a)} … {format_fraction(b)}"
            yield safe_text(f"  winner for ε = {span}: {name}")
        if sweep.collapse is None:
            yield safe_text("Cooperation does not collapse on this grid: every winner cooperates "
                       "with itself at least half the time.")
        else:
            yield Text.assemble(("Cooperation collapses at ε = ", "bold"),
                                (format_fraction(sweep.collapse), "bold"),
                                ": from there the winner cooperates with itself less than half "
                                "the time.")


def tournament_view(sweep):
    """A tournament sweep: the stage game, the noise chart (several levels), the last table."""
    from rich.console import Group

    parts = [StageView(sweep.stage), Text("")]
    if len(sweep.tournaments) > 1:
        parts += [SweepView(sweep), Text("")]
    parts.append(TournamentView(sweep.tournaments[-1]))
    return Group(*parts)


__all__ = ["RepeatedView", "tournament_view", "StageView", "ThresholdTable", "MatchTables",
           "TournamentView",
           "SweepView", "show", "sparkline"]
