"""Terminal views of games and solver results (rich display objects).

Each view renders itself through rich's console protocol, so the same object
prints in a terminal, a notebook or a test. Views format; they never solve.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from deterrence.model.expr import format_fraction

CONCEPT_NAMES = {
    "nash": "Nash equilibria",
    "pure-nash": "Pure-strategy Nash equilibria",
    "subgame-perfect": "Subgame-perfect equilibria",
    "perfect-bayesian": "Perfect Bayesian equilibria",
}


def mixed_text(labels, probabilities) -> str:
    """``Hawk`` for a pure strategy, else ``1/3 Hawk + 2/3 Dove``."""
    support = [(l, p) for l, p in zip(labels, probabilities) if p]
    if len(support) == 1:
        return support[0][0]
    return " + ".join(f"{format_fraction(p)} {l}" for l, p in support)


def completeness_text(result) -> str:
    """What the list is, from ``result.complete``, the concept and the method (one place
    for every view).

    A complete list of mixed Nash equilibria of a two-player game holds its
    *extreme* equilibria (of the sequence form or of the reduced strategic form,
    for a tree, as the method says); a complete list of refined equilibria of a
    tree found through the sequence form holds every *outcome distribution* of
    the refinement; any other complete list holds every equilibrium of its concept.
    """
    if not result.complete:
        return "not a complete list"
    method = getattr(result, "method", "")
    if result.concept == "nash":
        if "sequence form" in method:
            return "all extreme equilibria of the sequence form"
        if getattr(result.game, "kind", "normal") == "tree":
            return "all extreme equilibria of the reduced strategic form"
        return "all extreme equilibria"
    if "sequence form" in method:
        return "every outcome distribution"
    return "complete list"


class GameHeader:
    """Title, source, parameters in force and description of a game."""

    def __init__(self, game, describe: bool = True) -> None:
        self.game = game
        self.describe = describe

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        game = self.game
        yield Text(game.title or "(untitled game)", style="bold")
        if game.source:
            yield Text(f"Source: {game.source}", style="dim")
        if self.describe and game.description:
            yield Text(game.description)
        params = game.parameters
        if params.declared:
            values = params.values()
            table = Table(title=None, show_header=True, box=None, pad_edge=False)
            table.add_column("parameter", style="bold")
            table.add_column("value", justify="right")
            table.add_column("meaning")
            for p in params.declared:
                changed = values[p.name] != p.default
                value = format_fraction(values[p.name])
                if changed:
                    value += f" (default {format_fraction(p.default)})"
                table.add_row(p.name, value, p.description)
            yield table
        yield Text("")


class ResultView:
    """The equilibria of a result, exact, with payoffs, components and warnings."""

    def __init__(self, result) -> None:
        self.result = result

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        r = self.result
        game = r.game
        heading = CONCEPT_NAMES.get(r.concept, r.concept)
        arithmetic = "exact" if r.exact else "floating point"
        yield Text.assemble((heading, "bold"),
                           f" — {completeness_text(r)}, {arithmetic} ({r.method})")
        if not r.equilibria:
            yield Text("None found.", style="italic")
        else:
            table = Table(show_header=True, header_style="bold")
            table.add_column("#", justify="right")
            for player in game.players:
                table.add_column(player)
            table.add_column("payoffs", justify="right", no_wrap=True)
            for k, eq in enumerate(r.equilibria, start=1):
                cells = [mixed_text(game.strategies[i], eq.strategies[i])
                         for i in range(game.n_players)]
                payoffs = ", ".join(format_fraction(v) for v in eq.payoffs)
                table.add_row(str(k), *cells, payoffs)
            yield table
        for component in r.components:
            if component.is_continuum:
                members = ", ".join(str(i + 1) for i in component.extreme)
                yield Text(f"Equilibria {members} are extreme points of one connected set "
                           "(a continuum): every convex combination within a maximal subset "
                           + ", ".join("{" + ", ".join(str(i + 1) for i in s) + "}"
                                       for s in component.maximal_subsets)
                           + " is also an equilibrium.")
        for warning in r.warnings:
            yield Text.assemble(("warning: ", "bold yellow"), warning)


def _proof_table(margins, against: str, by: str, dominated: str) -> Table:
    """The inequalities behind one elimination: payoffs against each opponent profile."""
    table = Table(box=None, show_header=True, header_style="dim", pad_edge=False,
                  padding=(0, 1))
    table.add_column(f"{against} plays", style="dim")
    table.add_column(by, justify="right")
    table.add_column("", justify="center")
    table.add_column(dominated, justify="right")
    for against, a, b in margins:
        table.add_row(against, format_fraction(a), ">" if a > b else "=", format_fraction(b))
    return table


class DominanceView:
    """The rounds of iterated elimination of dominated strategies."""

    def __init__(self, result) -> None:
        self.result = result

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        r = self.result
        game = r.game
        kind = "weakly" if r.weak else "strictly"
        yield Text(f"Iterated elimination of {kind} dominated strategies", style="bold")
        if not r.rounds:
            yield Text("No strategy is dominated.", style="italic")
        for number, round_ in enumerate(r.rounds, start=1):
            for elimination in round_:
                player = game.players[elimination.player]
                dominated = game.strategies[elimination.player][elimination.strategy]
                by = mixed_text(game.strategies[elimination.player], elimination.dominator)
                yield Text(f"Round {number}: {player}'s {dominated} is {kind} dominated by {by}")
                margins = getattr(elimination, "margins", ())
                if margins:
                    others = [p for j, p in enumerate(game.players) if j != elimination.player]
                    against = others[0] if len(others) == 1 else "(" + ", ".join(others) + ")"
                    yield Padding(_proof_table(margins, against, by, dominated), (0, 0, 0, 2),
                                  expand=False)
        remaining = r.reduced
        survivors = "; ".join(f"{p}: {', '.join(s)}" for p, s in zip(remaining.players, remaining.strategies))
        yield Text(f"Surviving strategies — {survivors}")
        for note in r.notes:
            yield Text.assemble(("note: ", "bold"), note)
        yield Group()
