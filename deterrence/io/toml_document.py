"""The parts every TOML payoff file shares: header, parameters, definitions.

A :class:`TomlDocument` is the parsed file plus what is needed to point at a
line when something is wrong. Readers for each ``kind`` of game
(:mod:`deterrence.io.toml_normal`, ...) build on it.

Numbers are read exactly: TOML floats become :class:`~fractions.Fraction`
(``0.1`` is 1/10); quoted strings are parsed by the allow-list expression
parser, never executed.
"""

from __future__ import annotations

import difflib
import tomllib
from functools import cached_property
from fractions import Fraction
from typing import Any, Iterable, Mapping, NoReturn, Sequence

from deterrence.errors import ExpressionError, GameFileError, excerpt
from deterrence.io.locate import TomlLocator
from deterrence.io.toml_errors import syntax_error
from deterrence.io.toml_fast import FAST_FROM
from deterrence.io.toml_fast import loads as fast_loads
from deterrence.model import limits
from deterrence.model.expr import Expr, as_expr, decimal, expanded_size, to_fraction
from deterrence.model.memory import paused_gc
from deterrence.model.parameters import Parameter, Parameters

SCHEMA = "deterrence/1"
#: Keys every kind of game file may have at the top level.
COMMON_KEYS = ("schema", "title", "kind", "description", "source", "group", "tags",
               "notes", "players", "parameters", "define")


class _BadFloat(ValueError):
    """A TOML float that is not a finite number of sensible size."""

    def __init__(self, message: str, literal: str, hint: str) -> None:
        super().__init__(message)
        self.literal = literal
        self.hint = hint


def _parse_float(text: str) -> Fraction:
    try:
        return decimal(text.replace("_", ""))
    except ExpressionError as exc:
        raise _BadFloat(exc.message, text, exc.hint or "") from None
    except ValueError:
        raise _BadFloat(f"{text} is not a finite number", text,
                        "payoffs and parameters must be finite numbers") from None


class TomlDocument:
    """A TOML payoff file, parsed, with a locator for error messages.

    Parameters
    ----------
    text:
        The file's text.
    path:
        Its name, for messages (``"<stdin>"`` for standard input).
    values, swept:
        The values the game will be used at in place of the file's defaults (``--set``),
        and the range ``(lo, hi)`` of each parameter a sweep will move. Readers of files
        that are solved as they are ignore them; a model built from the file (a pool) is
        built at them (:func:`deterrence.builders.rebuild.read_built`), never at a
        default the command does not use.
    """

    def __init__(self, text: str, path: str = "<stdin>", *,
                 values: Mapping[str, Fraction] | None = None,
                 swept: Mapping[str, tuple[Fraction, Fraction]] | None = None) -> None:
        self.text = text
        self.path = path
        self.values: Mapping[str, Fraction] = dict(values or {})
        self.swept: Mapping[str, tuple[Fraction, Fraction]] = dict(swept or {})
        try:
            data = None
            if len(text) >= FAST_FROM:  # a large tree: its node tables the fast way
                with paused_gc():
                    data = fast_loads(text, parse_float=_parse_float)
            self.data: dict[str, Any] = data if data is not None else \
                tomllib.loads(text, parse_float=_parse_float)
        except tomllib.TOMLDecodeError as exc:
            raise syntax_error(exc, text, path) from None
        except _BadFloat as exc:  # from _parse_float: inf, nan, 1e999999
            line, column = TomlLocator(text).find_bare(exc.literal)
            raise GameFileError(str(exc), path=path, line=line, column=column,
                                hint=exc.hint) from None
        self._sizes: dict[str, int] = {}  # terms of each definition, written out

    @cached_property
    def locator(self) -> TomlLocator:
        """Where keys and values sit in the text (built when a message needs it)."""
        return TomlLocator(self.text)

    # ------------------------------------------------------------- errors

    def fail(self, message: str, at: Sequence[str] = (), hint: str | None = None,
             snippet: str | None = None) -> NoReturn:
        """Raise a :class:`GameFileError` located at key path ``at``."""
        line = self.locator.line(at) if at else None
        column = None
        if snippet:
            if line is not None:
                column = self.locator.column_of(line, snippet)
            if column is None:
                line, column = self.locator.find_value(snippet, line)
        raise GameFileError(message, path=self.path, line=line, column=column, hint=hint)

    def expression(self, value: Any, at: Sequence[str], known: Iterable[str]) -> Expr:
        """Parse a payoff or probability value; check its names are declared."""
        try:
            expr = as_expr(value)
        except ExpressionError as exc:
            snippet = value if isinstance(value, str) else None
            where = excerpt_key(at, " ")
            msg = f"{where}: {exc.message}"
            if isinstance(value, str):
                msg += f" in {excerpt(value, exc.position)}"
                if exc.position is not None:
                    msg += f" (character {exc.position + 1})"
            self.fail(msg, at, exc.hint or 'write a number, a quoted fraction such as "1/3" '
                      'or a quoted expression such as "(V - C)/2"', snippet)
        unknown = sorted(expr.names() - set(known))
        if unknown:
            name = unknown[0]
            self.fail(f"{excerpt_key(at)}: unknown parameter {excerpt(name)} in {excerpt(value)}", at,
                      did_you_mean(name, known, "declare it under [parameters]"),
                      snippet=str(value))
        self._check_terms(expr, at, value)
        return expr

    def _check_terms(self, expr: Expr, at: Sequence[str], value: Any) -> int:
        """Refuse a formula that grows past the ``terms`` limit once its definitions
        are written out (symbolic work expands them); remember a definition's size."""
        sizes = self._sizes
        size = expanded_size(expr, sizes)
        if limits.exceeds("terms", size):
            line = self.locator.line(at)
            raise limits.refusal("terms", size, f"{excerpt_key(at)} grows to {size:,} terms when "
                                 "the definitions it uses are written out", path=self.path,
                                 line=line, hint="define the quantity once, not by squaring "
                                 "definitions of definitions")
        if len(at) == 2 and at[0] == "define":
            sizes[str(at[1])] = size
        return size

    # ------------------------------------------------------------- header

    def check_keys(self, allowed: Iterable[str]) -> None:
        allowed = tuple(allowed)
        for key in self.data:
            if key not in allowed:
                self.fail(f"unknown top-level key {excerpt(key)}", (key,),
                          did_you_mean(key, allowed, "remove it or check the spelling"))

    def header(self, kind: str) -> dict[str, Any]:
        """Check ``schema`` and return the metadata (title, description, ...)."""
        schema = self.data.get("schema")
        if schema is None:
            self.fail("missing schema", hint=f'add the line: schema = "{SCHEMA}"')
        if schema != SCHEMA:
            self.fail(f"unsupported schema {excerpt(schema)}", ("schema",),
                      f'this version reads schema = "{SCHEMA}"')
        meta: dict[str, Any] = {}
        for key in ("title", "description", "source"):
            value = self.data.get(key, "")
            if not isinstance(value, str):
                self.fail(f"{key} must be a string", (key,), f'write {key} = "..."')
            meta[key] = value.strip()
        extra = []
        group = self.data.get("group")
        if group is not None:
            if not isinstance(group, str):
                self.fail("group must be a string", ("group",))
            extra.append(("group", group))
        tags = self.data.get("tags")
        if tags is not None:
            if not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
                self.fail("tags must be a list of strings", ("tags",))
            extra.append(("tags", ",".join(tags)))
        meta["metadata"] = tuple(extra)
        return meta

    def players(self) -> tuple[str, ...]:
        players = self.data.get("players")
        if players is None:
            self.fail("missing players", hint='add e.g. players = ["Row", "Column"]')
        if not isinstance(players, list) or not players or \
                not all(isinstance(p, str) and p.strip() for p in players):
            self.fail("players must be a non-empty list of names", ("players",),
                      'write e.g. players = ["Challenger", "Defender"]')
        duplicates = sorted({p for p in players if players.count(p) > 1})
        if duplicates:
            self.fail(f"player {excerpt(duplicates[0])} is listed twice", ("players",),
                      "give every player a distinct name")
        return tuple(players)

    # ------------------------------------------------------------- parameters

    def parameters(self) -> Parameters:
        """Read ``[parameters]`` and ``[define]``."""
        table = self.data.get("parameters", {})
        if not isinstance(table, dict):
            self.fail("parameters must be a table", ("parameters",),
                      "write [parameters] and one NAME = value line per parameter")
        declared = []
        for name, spec in table.items():
            declared.append(self._parameter(name, spec))
        definitions = self._definitions({p.name for p in declared})
        params = Parameters(tuple(declared), definitions)
        for p in declared:
            problem = p.violation(p.default)
            if problem:
                self.fail(f"default {problem}", ("parameters", p.name),
                          f"choose a default in {p.bounds_text}")
        return params

    def _parameter(self, name: str, spec: Any) -> Parameter:
        at = ("parameters", name)
        if not name.isidentifier() or name in ("min", "max"):
            self.fail(f"parameter name {excerpt(name)} is not a valid identifier", at,
                      "use letters, digits and underscores, starting with a letter")
        if not isinstance(spec, dict):
            spec = {"default": spec}
        allowed = ("default", "min", "max", "description", "type", "unit")
        for key in spec:
            if key not in allowed:
                self.fail(f"parameter {name}: unknown field {excerpt(key)}", at,
                          did_you_mean(key, allowed, f"fields are {', '.join(allowed)}"))
        if "default" not in spec:
            self.fail(f"parameter {name} has no default", at,
                      f"write {name} = {{ default = 1, ... }}")
        kind = spec.get("type")
        if kind not in (None, "probability", "number", "integer", "share"):
            self.fail(f"parameter {name}: unknown type {excerpt(kind)}", at,
                      'type may be "number", "integer", "probability" or "share"')
        lo = self._number(spec.get("min"), at, f"{name}.min")
        hi = self._number(spec.get("max"), at, f"{name}.max")
        if kind in ("probability", "share"):
            lo = Fraction(0) if lo is None else max(lo, Fraction(0))
            hi = Fraction(1) if hi is None else min(hi, Fraction(1))
        if lo is not None and hi is not None and lo > hi:
            self.fail(f"parameter {name}: min is above max", at, "swap min and max")
        default = self._number(spec["default"], at, f"{name}.default")
        if kind == "integer" and default.denominator != 1:
            self.fail(f"parameter {name} must be an integer", at)
        description = spec.get("description", "")
        if not isinstance(description, str):
            self.fail(f"parameter {name}: description must be a string", at)
        return Parameter(name, default, lo, hi, description.strip(), integer=kind == "integer")

    def _number(self, value: Any, at: Sequence[str], what: str) -> Fraction | None:
        if value is None:
            return None
        try:
            return to_fraction(value)
        except ExpressionError as exc:
            self.fail(f"{what}: {exc.message}", at, exc.hint or "write a number such as 2 or \"1/3\"",
                      snippet=value if isinstance(value, str) else None)

    def _definitions(self, names: set[str]) -> tuple[tuple[str, Expr], ...]:
        table = self.data.get("define", {})
        if not isinstance(table, dict):
            self.fail("define must be a table", ("define",),
                      "write [define] and one NAME = \"expression\" line per quantity")
        known = set(names)
        out = []
        for name, value in table.items():
            at = ("define", name)
            if name in known:
                self.fail(f"{excerpt(name)} is defined twice", at, "rename the definition or the parameter")
            if not name.isidentifier():
                self.fail(f"definition name {excerpt(name)} is not a valid identifier", at)
            out.append((name, self.expression(value, at, known)))
            known.add(name)
        return tuple(out)

    def check_values(self, parameters: Parameters) -> None:
        """Evaluate every definition once so that errors surface at load time."""
        try:
            parameters.environment()
        except ExpressionError as exc:
            self.fail(exc.message, ("define",), exc.hint)


def did_you_mean(word: str, choices: Iterable[str], fallback: str) -> str:
    """A hint naming the closest choice, or ``fallback``."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"did you mean {close[0]!r}?" if close else fallback


def excerpt_key(at: Sequence[object], separator: str = ".") -> str:
    """A key path for a message, each part at most ~80 characters.

    >>> excerpt_key(("payoffs", "Hawk"))
    'payoffs.Hawk'
    """
    return separator.join(str(a) if len(str(a)) <= 80 else excerpt(a) for a in at)


def expect_mapping(doc: TomlDocument, value: Any, at: Sequence[str], hint: str) -> Mapping:
    if not isinstance(value, dict):
        doc.fail(f"{excerpt_key(at)} must be a table", at, hint)
    return value
