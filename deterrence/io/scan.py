"""Limits checked on the text of a game file before any parser sees it.

A parser that recurses (``tomllib`` on nested arrays and inline tables) or
converts digits to integers (Python refuses more than 4,300 digits) can fail
in ways that are not messages. :func:`check_text` looks at the text first:

* nesting of TOML arrays and inline tables deeper than the ``depth`` limit;
* a number with more digits than the ``digits`` limit (outside quoted
  strings and comments: quoted expressions are checked by the expression
  parser, and a long run of digits in a title harms nobody);
* more tree nodes than the ``nodes`` limit (``.efg`` node lines, TOML
  ``[nodes.*]`` and ``[outcomes.*]`` tables).

Each refusal is a :class:`~deterrence.errors.LimitError` with the file,
line and column where the limit is passed. The checks cost a few passes of
the regular-expression engine over the text, not a Python loop per character.

Example
-------
>>> check_text("x = " + "[" * 500 + "]" * 500, "toml", "deep.toml")
Traceback (most recent call last):
...
deterrence.errors.LimitError: deep.toml:1:105: arrays and tables nest 101 levels deep here, above the limit of 100 levels
  hint: pass --limit depth=none to go on anyway
"""

from __future__ import annotations

import re

from deterrence.model import limits

#: TOML strings (all four kinds) and comments: what brackets and digits inside do not count.
_TOML_SKIP = re.compile(r'''
    """(?:[^"\\]|\\[\s\S]|"(?!""))*"""{0,2}
  | \'\'\'[\s\S]*?\'\'\'\'{0,2}
  | "(?:[^"\\\n]|\\.)*"
  | '[^'\n]*'
  | \#[^\n]*
''', re.VERBOSE)
#: Gambit strings: double quotes, backslash escapes, may span lines.
_GAMBIT_SKIP = re.compile(r'"(?:[^"\\]|\\[\s\S])*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_PAIR = re.compile(r"\[\]|\{\}")
_EFG_NODE = re.compile(r"^[ \t]*[pct][ \t]+\"", re.MULTILINE)
_TOML_NODE = re.compile(r"^[ \t]*\[[ \t]*(?:nodes|outcomes)[ \t]*\.", re.MULTILINE)


def check_text(text: str, fmt: str, path: str) -> None:
    """Refuse ``text`` (in format ``toml``, ``nfg`` or ``efg``) that passes a limit."""
    skip = _TOML_SKIP if fmt == "toml" else _GAMBIT_SKIP
    _check_digits(text, skip, path)
    if fmt == "toml":
        _check_depth(text, path)
    _check_nodes(text, fmt, path)


def _check_nodes(text: str, fmt: str, path: str) -> None:
    bound = limits.get("nodes")
    if bound is None or fmt == "nfg":
        return
    # a quick upper bound first (a plain count), the line-by-line count only when it is passed
    if fmt == "toml":
        quick = text.count("[nodes") + text.count("[ nodes") + text.count("[outcomes")
        exact = _TOML_NODE.findall
    else:
        quick = text.count("\n") + 1
        exact = _EFG_NODE.findall
    if quick <= bound:
        return
    nodes = len(exact(text))
    limits.check("nodes", nodes, f"the tree has {nodes:,} nodes", path=path,
                 hint="solve a smaller tree")


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _outside(skip: re.Pattern, text: str, offset: int) -> bool:
    """Is ``offset`` outside every string and comment?"""
    for match in skip.finditer(text, 0, offset + 1):
        if match.start() <= offset < match.end():
            return False
    return True


#: Bytes that may belong to a long number (decimal or hexadecimal digits,
#: underscores) all become "0", so one search finds any long run of them.
_DIGITISH = bytes(ord("0") if chr(c) in "0123456789abcdefABCDEF_" else c for c in range(256))


def _check_digits(text: str, skip: re.Pattern, path: str) -> None:
    bound = limits.get("digits")
    if bound is None:
        return
    data = text.encode("utf-8", "surrogatepass")
    if b"0" * (bound + 1) not in data.translate(_DIGITISH):
        return  # no run long enough anywhere: the common case, in one pass
    for match in re.finditer(r"\d(?:_?\d){%d,}|0[xob][0-9A-Fa-f_]{%d,}" % (bound, bound), text):
        if _outside(skip, text, match.start()):
            number = match.group()
            body = number[2:] if number[1:2] in ("x", "o", "b") else number
            digits = len(body.replace("_", ""))
            line, column = _position(text, match.start())
            raise limits.refusal("digits", digits, f"a number of {digits:,} digits", path=path,
                                 line=line, column=column, hint="payoffs and parameters are "
                                 "limited to numbers of a few thousand digits")


def _check_depth(text: str, path: str) -> None:
    bound = limits.get("depth")
    if bound is None or text.count("[") + text.count("{") <= bound:
        return
    # First the brackets as they stand: strings rarely hold brackets, so when
    # these nest no deeper than the limit and all close, the file is fine.
    # Only otherwise are strings and comments taken out and the count redone.
    # (A file crafted so that brackets in its strings hide its nesting still
    # cannot crash the parser: parse_game reports its RecursionError as this
    # limit.)
    raw = text.encode("utf-8", "surrogatepass").translate(None, _NOT_BRACKET_BYTES).decode()
    if _nesting(raw, bound) <= bound:
        return
    brackets = _NOT_BRACKET.sub("", _TOML_SKIP.sub("", text))
    if _nesting(brackets, bound) > bound:
        refuse_depth(text, path, bound)


_NOT_BRACKET_BYTES = bytes(c for c in range(256) if chr(c) not in "[]{}")


def _nesting(brackets: str, bound: int) -> int:
    """How deep a string of brackets nests, exactly up to ``bound`` (above: ``bound + 1``).

    Innermost pairs are removed a level at a time (a pass of the regular
    expression engine each); what stays unmatched counts too, since a parser
    recurses on an opening bracket whether or not it is ever closed.
    """
    for _ in range(bound):
        fewer = _PAIR.sub("", brackets)
        if fewer == brackets:
            return _depth(brackets)  # no matched pair left: only unmatched ones
        brackets = fewer
    return bound + 1 if brackets else bound


def _depth(brackets: str) -> int:
    """Deepest nesting of a string of brackets (closers that close nothing ignored)."""
    depth = deepest = 0
    for char in brackets:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif depth:
            depth -= 1
    return deepest


_TOML_TOKEN = re.compile(_TOML_SKIP.pattern + r"| (?P<bracket>[\[\]{}])", re.VERBOSE)


def refuse_depth(text: str, path: str, bound: int) -> None:
    """Find where nesting passes ``bound`` and refuse there."""
    depth = 0
    for match in _TOML_TOKEN.finditer(text):
        char = match.group("bracket")
        if char is None:
            continue
        if char in "[{":
            depth += 1
            if depth > bound:
                line, column = _position(text, match.start())
                raise limits.refusal("depth", depth, f"arrays and tables nest {depth} levels deep "
                                     "here", at_least=True, path=path, line=line, column=column)
        elif depth:
            depth -= 1


__all__ = ["check_text", "refuse_depth"]
