"""Output made for terminals and for pipes: consoles, JSON and rows.

On a terminal, rich draws tables at the terminal's width. When standard
output is a pipe or a file, nothing is cut to fit a width that does not
exist: the console is as wide as the longest line needs (a ``COLUMNS``
left in the environment does not narrow it), lines carry no trailing
padding, and there is no colour.
JSON is compact when piped and indented on a terminal or with ``--pretty``.
Commands that print rows take ``--format table|plain|csv|tsv|json|jsonl``
(as sqlite-utils does): ``table`` is the rich view, ``plain`` aligned
columns without box drawing, ``csv``/``tsv`` a header and a row per line,
``json`` the command's whole JSON document (what ``--json`` writes) and
``jsonl`` one JSON object per row.

Example
-------
>>> import io
>>> out = io.StringIO()
>>> write_rows([{"name": "hawk_dove", "players": 2}, {"name": "stag_hunt", "players": 2}], "csv", out)
>>> out.getvalue().splitlines()
['name,players', 'hawk_dove,2', 'stag_hunt,2']
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from typing import Any, Iterable, Mapping, TextIO

#: Width of a console that writes to a pipe or a file: no line is cut or wrapped to fit.
PIPE_WIDTH = 4096

FORMATS = ("table", "plain", "csv", "tsv", "json", "jsonl")


def stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


class _StripTrailing(io.TextIOBase):
    """A text stream that drops the spaces rich pads lines with."""

    def __init__(self, target: TextIO) -> None:
        self.target = target
        self.pending = ""

    def write(self, text: str) -> int:
        self.pending += text
        *lines, self.pending = self.pending.split("\n")
        for line in lines:
            self.target.write(line.rstrip() + "\n")
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.target.write(self.pending.rstrip())
            self.pending = ""
        self.target.flush()

    def isatty(self) -> bool:
        return False


def make_console(stderr: bool = False):
    """A rich console for standard output (or error) that suits where it writes; it reads no
    markup and writes no control character from file text (:class:`~deterrence.views.text.SafeConsole`)."""
    from deterrence.views.text import SafeConsole as Console

    no_color = bool(os.environ.get("NO_COLOR")) or None
    stream = sys.stderr if stderr else sys.stdout
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):
        terminal = False
    if terminal or stderr:
        return Console(stderr=stderr, no_color=no_color, highlight=False)
    return Console(file=_StripTrailing(stream), width=PIPE_WIDTH, no_color=True, highlight=False,
                   color_system=None, soft_wrap=False)


def json_text(document: Any, pretty: bool | None = None) -> str:
    """JSON text: indented on a terminal or when asked, else compact; UTF-8, with
    every control character escaped (none reaches a terminal raw)."""
    from deterrence.model.display import escape_unsafe

    if pretty is None:
        pretty = stdout_is_terminal()
    if pretty:
        return escape_unsafe(json.dumps(document, indent=2, ensure_ascii=False))
    return escape_unsafe(json.dumps(document, ensure_ascii=False, separators=(",", ":")))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    return str(value)


def write_rows(rows: Iterable[Mapping[str, Any]], fmt: str, out: TextIO,
               columns: list[str] | None = None) -> None:
    """Write ``rows`` (dicts with the same keys) as ``plain``, ``csv``, ``tsv`` or ``jsonl``."""
    rows = list(rows)
    columns = columns or (list(rows[0]) if rows else [])
    if fmt in ("csv", "tsv"):
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
    elif fmt == "jsonl":
        for row in rows:
            out.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False,
                                 separators=(",", ":")) + "\n")
    elif fmt == "plain":
        cells = [columns] + [[_cell(row.get(c)) for c in columns] for row in rows]
        widths = [max(len(line[k]) for line in cells) for k in range(len(columns))]
        for line in cells:
            out.write("  ".join(text.ljust(w) for text, w in zip(line, widths)).rstrip() + "\n")
    else:
        raise ValueError(f"write_rows does not write {fmt!r}")


__all__ = ["make_console", "json_text", "write_rows",
           "stdout_is_terminal", "FORMATS", "PIPE_WIDTH"]
