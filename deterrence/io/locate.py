"""Find where a key or a value sits in TOML text, for error messages.

``tomllib`` reports positions only for syntax errors. For semantic errors
("unknown parameter in this payoff") we find the line again in the text: the
header of each table is tracked and the first ``key =`` line under the right
table is taken. It is a locator for messages, not a parser: when it cannot
tell, it says nothing rather than something wrong.

Example
-------
>>> text = '[payoffs]\\nHawk = [["(V - C)/2", 0]]\\n'
>>> TomlLocator(text).line(("payoffs", "Hawk"))
2
>>> TomlLocator(text).column_of(2, "(V - C)/2")
11
"""

from __future__ import annotations

import re
from typing import Sequence

_HEADER = re.compile(r"^\s*\[\[?\s*(?P<name>[^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*(?P<key>"[^"]*"|'[^']*'|[A-Za-z0-9_\-.\s"']+?)\s*=""")


def _split_key(raw: str) -> tuple[str, ...]:
    parts = []
    for match in re.finditer(r'"([^"]*)"|\'([^\']*)\'|([A-Za-z0-9_\-]+)', raw):
        parts.append(next(g for g in match.groups() if g is not None))
    return tuple(parts)


class TomlLocator:
    """Map key paths such as ``("payoffs", "Hawk")`` to 1-based line numbers."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self._entries: list[tuple[tuple[str, ...], int]] = []
        table: tuple[str, ...] = ()
        for number, line in enumerate(self.lines, start=1):
            header = _HEADER.match(line)
            if header and not line.lstrip().startswith("#"):
                table = _split_key(header.group("name"))
                self._entries.append((table, number))
                continue
            key = _KEY.match(line)
            if key and not line.lstrip().startswith("#"):
                self._entries.append((table + _split_key(key.group("key")), number))

    @property
    def entries(self) -> tuple[tuple[tuple[str, ...], int], ...]:
        """Every table header and key found, as ``(key path, line)``, in file order."""
        return tuple(self._entries)

    def line(self, path: Sequence[str]) -> int | None:
        """Line of the deepest prefix of ``path`` found in the text."""
        path = tuple(str(p) for p in path)
        for depth in range(len(path), 0, -1):
            prefix = path[:depth]
            for key, number in self._entries:
                if key == prefix:
                    return number
        return None

    def column_of(self, line: int | None, snippet: str) -> int | None:
        """1-based column where ``snippet`` starts on ``line``, if it does."""
        if line is None or not snippet or line > len(self.lines):
            return None
        index = self.lines[line - 1].find(snippet)
        return index + 1 if index >= 0 else None

    def find_bare(self, literal: str) -> tuple[int | None, int | None]:
        """First line and column of an unquoted value such as ``inf`` or ``1e999``.

        >>> TomlLocator('info = "inf"\\nx = [1, inf]').find_bare("inf")
        (2, 9)
        """
        pattern = re.compile(r"(?<![\w.+\-])" + re.escape(literal) + r"(?![\w.])")
        for number, text in enumerate(self.lines, start=1):
            for match in pattern.finditer(text):
                before = text[:match.start()]
                if "#" not in before and before.count('"') % 2 == 0 and before.count("'") % 2 == 0:
                    return number, match.start() + 1
        return None, None

    def find_value(self, snippet: str, start: int | None = None) -> tuple[int | None, int | None]:
        """First line (at or after ``start``) holding ``snippet``, and its column."""
        begin = (start or 1) - 1
        for offset, text in enumerate(self.lines[begin:], start=begin + 1):
            index = text.find(snippet)
            if index >= 0:
                return offset, index + 1
        return None, None
