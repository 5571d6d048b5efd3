"""Terminal view of a logit QRE branch: choice probabilities along lambda."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

from deterrence.views.result import GameHeader


def probability_text(p: float) -> str:
    """Four decimals; exact ends shown as 0 and 1."""
    if p >= 1 - 5e-5:
        return "1" if p >= 1 - 1e-12 else "1.0000"
    if p <= 5e-5:
        return "0" if p <= 1e-12 else "0.0000"
    return f"{p:.4f}"


class QREView:
    """A table of each agent's choice probabilities at the listed lambdas, and the limit."""

    def __init__(self, result, header: bool = True) -> None:
        self.result = result
        self.header = header

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        r = self.result
        if self.header:
            yield GameHeader(r.game, describe=False)
        concept = "Agent logit QRE" if r.is_tree else "Logit QRE"
        yield Text.assemble((concept, "bold"), " — principal branch from lambda = 0, floating "
                            "point, each listed point solved to 1e-10")
        table = Table(show_header=True, header_style="bold")
        table.add_column("lambda", justify="right")
        columns = []
        for k, agent in enumerate(r.agents):
            for a, action in enumerate(agent.actions):
                if len(agent.actions) == 2 and a == 1:
                    continue  # two actions: the first one's probability says it all
                table.add_column(f"{agent.name}: P({action})", justify="right")
                columns.append((k, a))
        table.add_column("max gain", justify="right")
        for point in r.points:
            table.add_row(f"{point.lam:g}",
                          *[probability_text(point.probabilities[k][a]) for k, a in columns],
                          f"{point.regret:.2g}")
        yield table
        yield Text("max gain: the most any side could gain by best-responding instead "
                   "(0 at a Nash equilibrium).", style="dim")
        if r.limit is not None:
            lim = r.limit
            where = f"lambda = {lim.lam:.3g}, max gain {lim.regret:.1g}"
            kind = "sequential equilibrium" if r.is_tree else "Nash equilibrium"
            yield Text.assemble(("As lambda grows", "bold"),
                                f" the branch converges to the {kind} {lim.label} ",
                                (f"(traced to {where}"
                                 + ("; exact, verified" if lim.exact is not None else "") + ")",
                                 "dim"))
        for warning in r.warnings:
            yield Text.assemble(("warning: ", "bold yellow"), warning)
