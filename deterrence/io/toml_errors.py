"""TOML syntax errors as messages: where, what, and a hint that fits.

``tomllib`` says what is wrong ("Unterminated string", "Invalid value") and
usually where; at the end of the document it only says "at end of
document". :func:`syntax_error` turns its exception into a
:class:`~deterrence.errors.GameFileError` with the line and column of the
cause (the opening quote of an unterminated string, the bracket that is never
closed, the second definition of a key) and a hint chosen for the error and
the text found there: an unquoted fraction gets "quote it", an unterminated
string gets "close the string".

Example
-------
>>> import tomllib
>>> try:
...     tomllib.loads('x = 1\\ntitle = "Arms race\\n')
... except tomllib.TOMLDecodeError as exc:
...     print(syntax_error(exc, 'x = 1\\ntitle = "Arms race\\n', "g.toml"))
g.toml:2:9: not valid TOML: unterminated string
  hint: close the string on the same line with the quote that opens it, or use triple quotes (\""" ... \""") for text over several lines
"""

from __future__ import annotations

import re
import tomllib

from deterrence.errors import GameFileError, excerpt

_QUOTE_HINT = 'quote fractions and expressions: "1/3", "(V - C)/2"'

#: (start of tomllib's message, hint); the first that matches is used.
_HINTS: tuple[tuple[str, str], ...] = (
    ("Unterminated string", "close the string on the same line with the quote that opens it, "
                            'or use triple quotes (""" ... """) for text over several lines'),
    ("Expected \"'\"", "close the string with ' on the same line"),
    ("Unclosed array", "close the array with ] and separate its items with commas"),
    ("Unclosed inline table", "close the inline table with } on the same line (an inline table "
                              "cannot span lines; use a [table] for more)"),
    ("Expected ']]'", "close the header with ]]: [[name]]"),
    ("Expected ']'", "close the table header with ]: [name]"),
    ("Expected '='", 'write KEY = VALUE; a key with spaces or other characters needs quotes: '
                     '"Status quo" = ...'),
    ("Cannot overwrite a value", "each key may appear once in a table: remove or rename the "
                                 "second one"),
    ("Cannot declare", "each table and key may be defined once: merge the two definitions"),
    ("Duplicate inline table key", "each key may appear once in an inline table"),
    ("Cannot mutate immutable namespace", "a table written inline (x = { ... }) cannot be "
                                          "extended later: write it as a [table] instead"),
    ("Cannot redefine namespace", "a key cannot be both a value and a table"),
    ("Unescaped '\\' in a string", "in a \"...\" string write \\\\ for a backslash, or use a "
                                    "'...' literal string"),
    ("Invalid hex value", "write unicode escapes as \\u00e9 or \\U0001F600"),
    ("Escaped character is not a Unicode scalar value", "write unicode escapes as \\u00e9"),
    ("Illegal character", "control characters are not allowed in TOML text: delete it (a tab "
                          "is fine)"),
    ("Found invalid character", "delete the character, or put the text in quotes"),
    ("Invalid date or datetime", "dates are written 1979-05-27; quote any other text"),
    ("Invalid initial character for a key part", 'a key is a name (letters, digits, _ and -) '
                                                 'or quoted: "Status quo" = ...'),
)


def syntax_error(exc: tomllib.TOMLDecodeError, text: str, path: str) -> GameFileError:
    """A located :class:`GameFileError` for ``tomllib``'s exception on ``text``."""
    message = str(exc)
    line = column = None
    match = re.search(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*$", message)
    if match:
        message = message[: match.start()]
        if match.group(1):
            line, column = int(match.group(1)), int(match.group(2))
    if line is None:
        line, column = _locate(text, message)
        if message == 'Expected "\'"':
            message = "Unterminated string"
    elif message in ("Illegal character '\\n'", "Illegal character '\\r'", 'Expected "\'"'):
        # a string left open at the end of its line: point at its opening quote
        opening = _open_quote(_line(text, line))
        if opening is not None:
            message, column = "Unterminated string", opening + 1
    found = _token_at(text, line, column)
    return GameFileError(f"not valid TOML: {message[:1].lower() + message[1:]}", path=path,
                         line=line, column=column, hint=_hint(message, found, text, line))


def _hint(message: str, found: str, text: str, line: int | None) -> str:
    value_error = message.startswith(("Invalid value", "Expected newline or end of document",
                                      "Unclosed array", "Unclosed inline table"))
    if value_error and found and not found.startswith(('"', "'", "[", "{")):
        if re.search(r"[-+*/^()]", found.lstrip("+-")) or re.fullmatch(r"\d+\s*/\s*\d+", found):
            return f"{_QUOTE_HINT} (found {excerpt(found)})"
        if len(found) <= 60 and re.fullmatch(r"[A-Za-z_][\w\s-]*", found):
            return (f'text is written in quotes: "{found}" (so are fractions and expressions, '
                    'e.g. "1/3", "V - C")')
        if re.fullmatch(r"[-+]?\.\d+", found):
            return f"write a digit before the point: {found.replace('.', '0.', 1)}"
    if message.startswith("Invalid value") and (not found or found[:1] in ",]}"):
        return "a value is missing here: write a number, a quoted string, an array or a table"
    if message.startswith("Expected newline"):
        return "put one KEY = VALUE on each line, and separate the items of an array with commas"
    if message.startswith("Invalid value"):
        return f"not a TOML value (found {excerpt(found)}); {_QUOTE_HINT}"
    if message.startswith("Invalid statement"):
        if line is not None and _line(text, line).lstrip().startswith(("=", ".")):
            return "a key is missing before the ="
        return "a line holds KEY = VALUE, a [table] header, a comment (#) or nothing"
    for start, hint in _HINTS:
        if message.startswith(start):
            return hint
    return "check the line against the TOML syntax (https://toml.io)"


def _open_quote(line: str) -> int | None:
    """Offset of the quote that opens a string never closed on ``line``."""
    offset = 0
    while True:
        match = _STRING_START.search(line, offset)
        if match is None or match.group() == "#":
            return None
        end = _ENDS[match.group()].match(line, match.end())
        if end is None:
            return match.start()
        offset = end.end()


def _line(text: str, line: int) -> str:
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _token_at(text: str, line: int | None, column: int | None) -> str:
    """The unquoted value around ``line:column``: from the ``=``, ``[``, ``{`` or
    comma before it to the comma, bracket or comment after it."""
    if not line or not column:
        return ""
    full = _line(text, line)
    here = min(column - 1, len(full))
    start = max(full.rfind(c, 0, here) for c in "=[{,") + 1
    match = re.match(r"[^,\]}#\n]*", full[here:])
    return (full[start:here] + (match.group() if match else "")).strip()


_STRING_START = re.compile(r'"""|\'\'\'|"|\'|#')
_ENDS = {'"""': re.compile(r'(?:[^"\\]|\\[\s\S]|"(?!""))*"""'), "'''": re.compile(r"[\s\S]*?'''"),
         '"': re.compile(r'(?:[^"\\\n]|\\.)*"'), "'": re.compile(r"[^'\n]*'"),
         "#": re.compile(r"[^\n]*")}


def _locate(text: str, message: str) -> tuple[int | None, int | None]:
    """Where an error reported "at end of document" comes from."""
    stack: list[int] = []
    offset = 0
    while True:
        match = _STRING_START.search(text, offset)
        # brackets between here and the next string or comment
        stop = match.start() if match else len(text)
        for bracket in re.finditer(r"[\[\]{}]", text[offset:stop]):
            char = bracket.group()
            if char in "[{":
                stack.append(offset + bracket.start())
            elif stack:
                stack.pop()
        if match is None:
            break
        end = _ENDS[match.group()].match(text, match.end())
        if end is None:  # this string never ends: that is the error
            return _position(text, match.start())
        offset = end.end()
    if message.startswith(("Unclosed", "Expected ']")) and stack:
        return _position(text, stack[-1])
    if message.startswith(("Cannot overwrite", "Cannot declare")):
        duplicate = _second_definition(text)
        if duplicate:
            return duplicate, 1
    lines = text.rstrip("\n").count("\n") + 1
    return lines, None


def _second_definition(text: str) -> int | None:
    from deterrence.io.locate import TomlLocator

    seen: set[tuple[str, ...]] = set()
    lines = text.splitlines()
    for key, number in TomlLocator(text).entries:
        if lines[number - 1].lstrip().startswith("[["):
            continue  # an array of tables repeats its header on purpose
        if key in seen:
            return number
        seen.add(key)
    return None


def _position(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


__all__ = ["syntax_error"]
