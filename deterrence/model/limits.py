"""Limits on input and on work, checked before the work starts.

Every reader and every costly command asks this module how far it may go:
how many bytes to read, how deep a file may nest, how many digits a number
may have, how many cells a normal form may have before it is solved exactly,
and so on. A limit that is reached refuses with a :class:`LimitError` naming
the limit and the option that lifts it (``--limit NAME=N`` on the command
line, ``DETERRENCE_LIMIT="NAME=N ..."`` in the environment, or
:func:`raised` in Python). ``none`` lifts a limit altogether.

Example
-------
>>> get("depth")
100
>>> with raised(depth=500):
...     get("depth")
500
>>> check("depth", 101, "the expression nests 101 levels")
Traceback (most recent call last):
...
deterrence.errors.LimitError: the expression nests 101 levels, above the limit of 100 levels
  hint: pass --limit depth=101 to go on anyway
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import sys
from dataclasses import dataclass
from typing import Iterable, Iterator, Mapping

from deterrence.errors import LimitError, UsageError


@dataclass(frozen=True)
class Limit:
    """One limit: its name, default, unit and what it bounds.

    ``default`` is ``None`` for a limit that is off unless set.
    """

    name: str
    default: int | None
    unit: str
    meaning: str

    def text(self, value: int | None) -> str:
        """``value`` in this limit's unit, for people: ``128 MiB``, ``100 levels``."""
        if value is None:
            return "no limit"
        if self.unit == "bytes":
            return byte_text(value)
        return f"{value:,} {self.unit}"


#: The limits, in the order ``--help`` lists them.
LIMITS: dict[str, Limit] = {limit.name: limit for limit in (
    Limit("input", 128 * 2 ** 20, "bytes",
          "bytes read from one game file or from standard input"),
    Limit("depth", 100, "levels",
          "nesting of arrays and tables in a TOML file, and of parentheses, signs and "
          "operators in an expression"),
    Limit("digits", 3000, "digits", "digits of one number in a file or an expression"),
    Limit("terms", 10_000, "terms",
          "terms of one formula once the definitions it uses are written out"),
    Limit("cells", 10_000, "cells",
          "cells of a normal form solved exactly for mixed equilibria (Lemke-Howson, "
          "dominance by mixed strategies, explanations)"),
    Limit("enumerate", 400, "cells",
          "cells of a two-player normal form whose equilibria are all enumerated "
          "(--method enumerate)"),
    Limit("nodes", 1_000_000, "nodes", "nodes of a game tree read from a file"),
    Limit("members", 100_000, "members", "members of a sharing pool"),
    Limit("points", 100_000, "points", "points of a sweep or a map held in memory"),
    Limit("solves", 2_000, "points",
          "grid points of a sweep or a map that the exact solver must solve one by one (where "
          "no formulas cover them: payoffs with min/max, a tree that changes with the parameter)"),
)}

_OVERRIDES: contextvars.ContextVar[Mapping[str, int | None]] = \
    contextvars.ContextVar("deterrence_limits", default={})


def byte_text(value: int) -> str:
    """``134217728`` as ``128 MiB``.

    >>> byte_text(128 * 2 ** 20), byte_text(1536), byte_text(12)
    ('128 MiB', '1.5 KiB', '12 bytes')
    """
    for unit, size in (("GiB", 2 ** 30), ("MiB", 2 ** 20), ("KiB", 2 ** 10)):
        if value >= size:
            return f"{value / size:.3g} {unit}"
    return f"{value:,} bytes"


def _limit(name: str) -> Limit:
    try:
        return LIMITS[name]
    except KeyError:
        raise UsageError(f"unknown limit {name!r}",
                         hint=f"limits: {', '.join(LIMITS)}") from None


def get(name: str) -> int | None:
    """The value of limit ``name`` in force (``None``: no limit)."""
    overrides = _OVERRIDES.get()
    if name in overrides:
        return overrides[name]
    return _limit(name).default


def exceeds(name: str, value: int) -> bool:
    """Is ``value`` above limit ``name``?"""
    bound = get(name)
    return bound is not None and value > bound


def suggestion(name: str, value: int) -> str:
    """A value of the limit that admits ``value``, written as ``--limit`` reads it.

    >>> suggestion("input", 3 * 2 ** 30 + 5), suggestion("cells", 40_000)
    ('4G', '40000')
    """
    if LIMITS[name].unit == "bytes":
        for suffix, size in (("G", 2 ** 30), ("M", 2 ** 20), ("K", 2 ** 10)):
            if value >= size:
                return f"{-(-value // size)}{suffix}"
    return str(value)


def refusal(name: str, value: int, what: str, *, at_least: bool = False, path: str | None = None,
            line: int | None = None, column: int | None = None, usage: bool = False,
            hint: str | None = None) -> LimitError:
    """The error for ``what`` (``value`` in the limit's unit) above limit ``name``.

    ``at_least`` says that ``value`` is a lower bound (a stream cut off at the limit).
    """
    limit = _limit(name)
    lift = f"pass --limit {name}={suggestion(name, value) if not at_least else 'none'}"
    hint = f"{hint}; or {lift}" if hint else f"{lift} to go on anyway"
    return LimitError(f"{what}, above the limit of {limit.text(get(name))}", limit=name,
                      path=path, line=line, column=column, hint=hint, usage=usage)


def check(name: str, value: int, what: str, **place) -> None:
    """Raise :func:`refusal` when ``value`` is above limit ``name``.

    ``place`` may give ``path``, ``line``, ``column``, ``usage`` and ``hint``.
    """
    if exceeds(name, value):
        raise refusal(name, value, what, **place)


_SIZE = re.compile(r"(?P<number>\d[\d_,]*)(?P<suffix>[kKmMgG]?)(?:i?[bB])?")


def parse_value(name: str, text: str) -> int | None:
    """A limit's value from ``--limit``: ``40000``, ``40_000``, ``200M``, ``none``.

    K, M, G multiply by 1024, 1024², 1024³ for the byte limit ``input`` and by
    10³, 10⁶, 10⁹ for the others.

    >>> parse_value("input", "200M"), parse_value("cells", "40k"), parse_value("depth", "none")
    (209715200, 40000, None)
    """
    limit = _limit(name)
    text = text.strip()
    if text.lower() in ("none", "off", "unlimited"):
        return None
    match = _SIZE.fullmatch(text)
    if match is None:
        raise UsageError(f"--limit {name}={text}: not a whole number",
                         hint=f"write e.g. --limit {name}={suggestion(name, (limit.default or 0) * 2)}"
                              " or none")
    number = int(match.group("number").replace("_", "").replace(",", ""))
    suffix = match.group("suffix").upper()
    base = 1024 if limit.unit == "bytes" else 1000
    return number * base ** " KMG".index(suffix) if suffix else number


def parse_assignments(items: Iterable[str]) -> dict[str, int | None]:
    """``["input=200M", "cells=none"]`` as ``{"input": 209715200, "cells": None}``."""
    out: dict[str, int | None] = {}
    for item in items:
        for part in item.replace(",", " ").split() if "=" in item else [item]:
            name, sep, value = part.partition("=")
            if not sep or not name.strip():
                raise UsageError(f"cannot read --limit {part!r}",
                                 hint=f"write NAME=N, e.g. --limit cells=40000; limits: "
                                      f"{', '.join(LIMITS)}")
            out[name.strip()] = parse_value(name.strip(), value)
    return out


@contextlib.contextmanager
def raised(values: Mapping[str, int | None] | None = None, **more: int | None) -> Iterator[None]:
    """Use other values of some limits inside a ``with`` block.

    A deeper ``depth`` also raises Python's recursion limit enough for the
    readers (``tomllib`` recurses once per level of nesting), and more
    ``digits`` Python's limit on converting long integers to and from text.
    """
    new = dict(_OVERRIDES.get())
    for name, value in {**(values or {}), **more}.items():
        _limit(name)
        new[name] = value
    token = _OVERRIDES.set(new)
    depth = new.get("depth", LIMITS["depth"].default)
    saved = sys.getrecursionlimit()
    wanted = 10_000_000 if depth is None else 8 * depth + 1000
    if wanted > saved:
        sys.setrecursionlimit(wanted)
    digits = new.get("digits", LIMITS["digits"].default)
    saved_digits = sys.get_int_max_str_digits()
    if saved_digits and (digits is None or digits >= saved_digits):
        sys.set_int_max_str_digits(0 if digits is None else digits + 1)
    try:
        yield
    finally:
        _OVERRIDES.reset(token)
        sys.setrecursionlimit(saved)
        sys.set_int_max_str_digits(saved_digits)


def help_text() -> str:
    """One line per limit: name, default and meaning (for ``--help`` and CLI.md)."""
    return "; ".join(f"{limit.name} ({limit.text(limit.default)}): {limit.meaning}"
                     for limit in LIMITS.values())


__all__ = ["Limit", "LIMITS", "get", "exceeds", "check", "refusal", "raised", "parse_value",
           "parse_assignments", "byte_text", "suggestion", "help_text"]
