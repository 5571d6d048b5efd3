"""The catalogue listing: one line per game, grouped."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table

from deterrence.views.text import safe_str, safe_text

GROUP_ORDER = ("punishment", "denial", "coercion", "dilemma", "escalation", "other")


class CatalogueView:
    """Rows of ``name, kind, title`` grouped by the file's ``group``."""

    def __init__(self, entries) -> None:
        self.entries = entries

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        groups: dict[str, list] = {}
        for entry in self.entries:
            groups.setdefault(entry["group"], []).append(entry)
        order = [g for g in GROUP_ORDER if g in groups] + sorted(set(groups) - set(GROUP_ORDER))
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        widest = max((len(e["name"]) for e in self.entries), default=4) + 2
        room = max(10, options.max_width - widest - 6 - 4)
        table.add_column("name", style="bold", no_wrap=True)
        table.add_column("kind", no_wrap=True)
        table.add_column("title", no_wrap=True)
        for group in order:
            table.add_row(safe_text(group, style="italic"), "", "")
            for entry in groups[group]:
                title = safe_str(entry["title"])
                if console.is_terminal and len(title) > room:  # a terminal line per game; pipes get it whole
                    title = title[: room - 1].rstrip() + "…"
                table.add_row(safe_text("  " + entry["name"]), safe_text(entry["kind"]), safe_text(title))
        yield table
