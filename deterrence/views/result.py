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
from deterrence.views.text import safe_str, safe_text

CONCEPT_NAMES = {
    "nash": "Nash equilibria",
    "pure-nash": "Pure-strategy Nash equilibria",
    "subgame-perfect": "Subgame-perfect equilibria",
    "perfect-bayesian": "Perfect Bayesian equilibria",
}


def number_text(value) -> str:
    """``1/3``; an irrational number by its decimal (``≈0.6192326``, exact form listed
    under the table); a float to 10 significant digits."""
    if hasattr(value, "exact_text") and not value.is_rational():
        return f"≈{float(value):.7f}"
    if isinstance(value, float):
        return f"{value:.10g}"
    if hasattr(value, "exact_text"):
        value = value.rational()
    return format_fraction(value)


def mixed_text(labels, probabilities) -> str:
    """``Hawk`` for a pure strategy, else ``1/3 Hawk + 2/3 Dove``."""
    support = [(l, p) for l, p in zip(labels, probabilities) if p]
    if len(support) == 1:
        return support[0][0]
    return " + ".join(f"{number_text(p)} {l}" for l, p in support)


def irrational_values(result) -> list[tuple[str, object]]:
    """``(where, value)`` of every irrational probability and payoff, in table order."""
    out = []
    game = result.game
    for k, eq in enumerate(result.equilibria, start=1):
        for i, probs in enumerate(eq.strategies):
            for s, p in enumerate(probs):
                if hasattr(p, "exact_text") and not p.is_rational():
                    out.append((f"#{k} P({game.players[i]} plays {game.strategies[i][s]})", p))
        for i, v in enumerate(eq.payoffs):
            if hasattr(v, "exact_text") and not v.is_rational():
                out.append((f"#{k} payoff of {game.players[i]}", v))
    return out


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
        if not result.exact and result.concept == "nash" and len(result.equilibria) == 1:
            return "one equilibrium, approximate"
        return "not a complete list"
    method = getattr(result, "method", "")
    if result.concept == "nash" and getattr(result.game, "n_players", 2) > 2:
        return "every equilibrium (points and sets)"
    if result.concept == "nash":
        from deterrence.model.kinds import is_tree

        if "sequence form" in method:
            return "all extreme equilibria of the sequence form"
        if is_tree(result.game):
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
        yield safe_text(game.title or "(untitled game)", style="bold")
        if game.source:
            yield safe_text(f"Source: {game.source}", style="dim")
        if self.describe and game.description:
            yield safe_text(game.description, keep="\n")
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
                table.add_row(p.name, value, safe_text(p.description))
            yield table
        yield safe_text("")


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
            yield safe_text("None found.", style="italic")
        else:
            table = Table(show_header=True, header_style="bold")
            table.add_column("#", justify="right")
            for player in game.players:
                table.add_column(safe_text(player))
            table.add_column("payoffs", justify="right", no_wrap=True)
            for k, eq in enumerate(r.equilibria, start=1):
                cells = [safe_text(mixed_text(game.strategies[i], eq.strategies[i]))
                         for i in range(game.n_players)]
                payoffs = ", ".join(number_text(v) for v in eq.payoffs)
                table.add_row(str(k), *cells, payoffs)
            yield table
        for component in r.components:
            if component.is_continuum:
                members = ", ".join(str(i + 1) for i in component.extreme)
                yield safe_text(f"Equilibria {members} are extreme points of one connected set "
                           "(a continuum): every convex combination within a maximal subset "
                           + ", ".join("{" + ", ".join(str(i + 1) for i in s) + "}"
                                       for s in component.maximal_subsets)
                           + " is also an equilibrium.")
        exact = irrational_values(r)
        if exact:
            yield Text("Irrational values, exactly (each the root of its polynomial named):",
                       style="bold")
            for where, value in exact:
                yield Text(f"  {where} = {value.exact_text()}  [{value.polynomial_text()} = 0]")
        for k, found in enumerate(getattr(r, "sets", ()), start=len(r.equilibria) + 1):
            yield from _set_lines(game, k, found)
        for warning in r.warnings:
            yield Text.assemble(("warning: ", "bold yellow"), safe_str(warning))


def _set_lines(game, number: int, found):
    """A positive-dimensional set of equilibria: support, variables, equations, conditions."""
    support = "; ".join(f"{game.players[i]} uses {', '.join(game.strategies[i][s] for s in ss)}"
                        for i, ss in enumerate(found.support))
    dimension = (f"dimension {found.dimension}" if found.dimension is not None
                 else f"dimension at most {found.bound}")
    yield Text.assemble((f"Set {number}", "bold"), f" — a continuum of equilibria ({dimension}): "
                        f"{support}")
    names = ", ".join(f"{name} = P({player} plays {strategy})"
                      for name, player, strategy in found.variable_names(game))
    yield Text(f"  where {names}")
    for equation in found.equations:
        yield Text(f"  {equation} = 0")
    for condition in found.conditions:
        yield Text(f"  {condition}")
    witness = ", ".join(mixed_text(game.strategies[i], found.witness.strategies[i])
                        for i in range(game.n_players))
    yield Text(f"  for example ({witness}), verified exactly", style="dim")


def _proof_table(margins, against: str, by: str, dominated: str) -> Table:
    """The inequalities behind one elimination: payoffs against each opponent profile."""
    table = Table(box=None, show_header=True, header_style="dim", pad_edge=False,
                  padding=(0, 1))
    table.add_column(safe_text(f"{against} plays"), style="dim")
    table.add_column(safe_text(by), justify="right")
    table.add_column("", justify="center")
    table.add_column(safe_text(dominated), justify="right")
    for against, a, b in margins:
        table.add_row(safe_text(against), format_fraction(a), ">" if a > b else "=", format_fraction(b))
    return table


class DominanceView:
    """The rounds of iterated elimination of dominated strategies."""

    def __init__(self, result) -> None:
        self.result = result

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        r = self.result
        game = r.game
        kind = "weakly" if r.weak else "strictly"
        yield safe_text(f"Iterated elimination of {kind} dominated strategies", style="bold")
        if not r.rounds:
            yield safe_text("No strategy is dominated.", style="italic")
        for number, round_ in enumerate(r.rounds, start=1):
            for elimination in round_:
                player = game.players[elimination.player]
                dominated = game.strategies[elimination.player][elimination.strategy]
                by = mixed_text(game.strategies[elimination.player], elimination.dominator)
                yield safe_text(f"Round {number}: {player}'s {dominated} is {kind} dominated by {by}")
                margins = getattr(elimination, "margins", ())
                if margins:
                    others = [p for j, p in enumerate(game.players) if j != elimination.player]
                    against = others[0] if len(others) == 1 else "(" + ", ".join(others) + ")"
                    yield Padding(_proof_table(margins, against, by, dominated), (0, 0, 0, 2),
                                  expand=False)
        remaining = r.reduced
        survivors = "; ".join(f"{p}: {', '.join(s)}" for p, s in zip(remaining.players, remaining.strategies))
        yield safe_text(f"Surviving strategies — {survivors}")
        for note in r.notes:
            yield Text.assemble(("note: ", "bold"), safe_str(note))
        yield Group()
