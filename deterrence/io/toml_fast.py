"""A fast reader for the node tables of large TOML game trees (the rest goes to ``tomllib``).

``tomllib`` is pure Python and reads a tree of 10^5 nodes in seconds. The bulk
of such a file is a run of small tables in one simple shape::

    [nodes.n7]
    player = "P1"
    infoset = "D"
    actions = { a = "n19", b = "n20" }

    [outcomes.n20]
    payoffs = { P1 = 3, P2 = "-1/2" }

:func:`loads` reads the text before the first ``[nodes.…]`` or
``[outcomes.…]`` header with ``tomllib`` and the tables from there on with one
regular expression per line, accepting only a conservative subset of TOML:
bare or plain double-quoted keys; values that are plain double-quoted strings
(no escapes), integers or decimal floats, or one-line inline tables of those;
comments on their own lines. Anything else, and anything ``tomllib`` would
reject (a repeated key or table), makes it return ``None``, and the caller
parses the whole text with ``tomllib``, which then gives the same data or the
syntax error with its line. Floats are read exactly, like the rest of the
package (``parse_float``).

Example
-------
>>> text = 'kind = "tree"\\n[nodes.a]\\nplayer = "A"\\nactions = { x = "b" }\\n[outcomes.b]\\npayoffs = { A = 1.5 }\\n'
>>> loads(text, parse_float=__import__("fractions").Fraction)
{'kind': 'tree', 'nodes': {'a': {'player': 'A', 'actions': {'x': 'b'}}}, 'outcomes': {'b': {'payoffs': {'A': Fraction(3, 2)}}}}
>>> loads('[nodes.a]\\nplayer = "A" "B"\\n') is None
True
"""

from __future__ import annotations

import re
import tomllib
from typing import Any, Callable

#: Files shorter than this are left to ``tomllib`` alone.
FAST_FROM = 20000

_KEY = r'(?:([A-Za-z0-9_-]+)|"([^"\\\x00-\x1f]*)")'
_STRING = r'"([^"\\\x00-\x1f]*)"'
_INT = r'([-+]?(?:0|[1-9][0-9]*))'
_FLOAT = r'([-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+(?:[eE][-+]?[0-9]+)?|[eE][-+]?[0-9]+))'
_SCALAR = rf'(?:{_STRING}|{_FLOAT}|{_INT})'
_HEADER = re.compile(rf'\[\s*(nodes|outcomes)\s*\.\s*{_KEY}\s*\]\s*(?:#.*)?')
_LINE = re.compile(rf'{_KEY}\s*=\s*(?:{_SCALAR}|\{{(.*)\}})\s*(?:#[^"]*)?')
_ITEM = re.compile(rf'\s*{_KEY}\s*=\s*{_SCALAR}\s*(,|$)')
_BODY = re.compile(r'^\s*\[\s*(?:nodes|outcomes)\s*\.', re.MULTILINE)


def loads(text: str, parse_float: Callable[[str], Any] = float) -> dict[str, Any] | None:
    """The parsed document, or ``None`` when the tables are not in the simple shape."""
    start = _BODY.search(text)
    if start is None:
        return None
    head = text[:start.start()]
    try:
        data = tomllib.loads(head, parse_float=parse_float)
    except tomllib.TOMLDecodeError:
        return None
    if "nodes" in data or "outcomes" in data:
        return None
    tables: dict[str, dict[str, dict]] = {"nodes": {}, "outcomes": {}}
    reader = _Reader(parse_float)
    current: dict | None = None
    for line in text[start.start():].split("\n"):
        if not line or line.isspace():
            continue
        first = line[0]
        if first == "[":
            match = _HEADER.fullmatch(line.strip())
            if match is None:
                return None
            group, bare, quoted = match.groups()
            key = bare if bare is not None else quoted
            table = tables[group]
            if key in table:
                return None
            current = table[key] = {}
            continue
        if first == "#" or current is None:
            if current is None or line.lstrip()[0] != "#":
                return None
            continue
        key, sep, rest = line.partition(" = ")
        if not sep:
            return None
        key = reader.key(key)
        if key is None or key in current:
            return None
        value = reader.value(rest.rstrip())
        if value is None:
            return None
        current[key] = value
    for group in ("nodes", "outcomes"):
        if tables[group]:
            data[group] = tables[group]
    return data


class _Reader:
    """Keys and values of the simple shape, each distinct text checked once."""

    def __init__(self, parse_float) -> None:
        self.parse_float = parse_float
        self.keys: dict[str, str | None] = {}
        self.scalars: dict[str, Any] = {}

    def key(self, text: str) -> str | None:
        known = self.keys.get(text, _MISSING)
        if known is not _MISSING:
            return known
        match = _KEY_ONLY.fullmatch(text)
        key = None if match is None else (match.group(1) if match.group(1) is not None
                                          else match.group(2))
        self.keys[text] = key
        return key

    def value(self, text: str):
        if text.startswith("{"):
            if not text.endswith("}"):
                return None
            return self.inline(text[1:-1])
        return self.scalar(text)

    def scalar(self, text: str):
        known = self.scalars.get(text, _MISSING)
        if known is not _MISSING:
            return known
        match = _SCALAR_ONLY.fullmatch(text)
        value = None if match is None else _scalar(*match.groups(), self.parse_float)
        self.scalars[text] = value
        return value

    def inline(self, body: str) -> dict | None:
        body = body.strip()
        out: dict = {}
        if not body:
            return out
        for item in body.split(", "):
            key, sep, rest = item.partition(" = ")
            if not sep:
                return _inline(body, self.parse_float)  # unusual spacing: the general way
            key = self.key(key.strip())
            if key is None or key in out:
                return _inline(body, self.parse_float)
            value = self.scalar(rest.strip())
            if value is None:
                return _inline(body, self.parse_float)
            out[key] = value
        return out


_MISSING = object()
_KEY_ONLY = re.compile(_KEY)
_SCALAR_ONLY = re.compile(_SCALAR)


def _scalar(string, number, integer, parse_float):
    if string is not None:
        return string
    if number is not None:
        return parse_float(number)
    return int(integer)


def _inline(body: str, parse_float) -> dict | None:
    out: dict = {}
    body = body.strip()
    if not body:
        return out
    position = 0
    while position < len(body):
        match = _ITEM.match(body, position)
        if match is None:
            return None
        bare, quoted, string, number, integer, end = match.groups()
        key = bare if bare is not None else quoted
        if key in out:
            return None
        out[key] = _scalar(string, number, integer, parse_float)
        position = match.end()
        if end == "" and position < len(body):
            return None
    if body.rstrip().endswith(","):
        return None  # a trailing comma is not TOML (before 1.1)
    return out


__all__ = ["loads", "FAST_FROM"]
