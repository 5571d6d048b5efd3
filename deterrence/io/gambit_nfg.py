"""Gambit's strategic-game file format (``.nfg``), read and written exactly.

A file starts with a prologue::

    NFG 1 R "Title" { "Player 1" "Player 2" }
    { { "Up" "Down" } { "Left" "Right" } }      (or counts: { 2 2 })
    "an optional comment"

and continues in one of two versions:

* **payoff version**: the payoffs of every player, profile after profile;
* **outcome version**: a list of outcomes ``{ "name" 1, 2 }`` followed by one
  outcome number per profile (``0`` is the null outcome: all payoffs zero).

Profiles are listed with the *first* player's strategy varying fastest (the
opposite of this package's C order; the reader and writer convert).
Whitespace is not significant; labels are double-quoted with ``\\"`` for an
embedded quote; numbers are integers, decimals or rationals ``1/3`` and are
read exactly (``0.1`` is 1/10). Like Gambit, the reader accepts empty or
repeated labels (they are numbered so that every label is distinct) and is
strict about structure: every error names the line and column.

The writer produces the payoff version with exact rationals, at the parameter
values in force (Gambit files hold numbers, not formulas); a game tree is
written as its reduced strategic form.

Example
-------
>>> text = '''NFG 1 R "Matching pennies" { "Row" "Column" } { 2 2 }
... 1 -1  -1 1  -1 1  1 -1'''
>>> g = read_nfg(text, "mp.nfg")
>>> g.strategies
(('1', '2'), ('1', '2'))
>>> g.payoff((1, 0))
(Fraction(-1, 1), Fraction(1, 1))
>>> read_nfg(write_nfg(g), "again.nfg").payoffs == g.payoffs
True
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Iterator, NoReturn, Sequence

from deterrence.errors import GameFileError, UsageError, excerpt
from deterrence.model.expr import Const, format_fraction
from deterrence.model.normal import NormalFormGame

#: Largest decimal exponent accepted in a number such as ``1e30``.
MAX_EXPONENT = 1000
#: Largest number of pure profiles a file may declare.
MAX_PROFILES = 10**6

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?(/\d+)?", re.ASCII)
_WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")


@dataclass(frozen=True)
class Token:
    """A token of an ``.nfg`` file and where it starts (1-based)."""

    kind: str  # "word", "number", "string", "{", "}", "end"
    text: str
    line: int
    column: int

    def describe(self) -> str:
        if self.kind == "end":
            return "the end of the file"
        if self.kind == "string":
            return f"the label {excerpt(self.text)}"
        return excerpt(self.text)


def tokenize(text: str, path: str = "<stdin>") -> Iterator[Token]:
    """The tokens of ``text``, each with its line and column.

    Commas are separators like whitespace (Gambit writes ``{ "" 1, 2 }``).

    >>> [t.text for t in tokenize('NFG 1 R "a \\\\"b\\\\"" { 1/3, -0.5 }')]
    ['NFG', '1', 'R', 'a "b"', '{', '1/3', '-0.5', '}', '']
    """
    line, column, i, n = 1, 1, 0, len(text)
    while i < n:
        char = text[i]
        if char == "\n":
            line, column, i = line + 1, 1, i + 1
            continue
        if char.isspace() or char == ",":
            column, i = column + 1, i + 1
            continue
        start_line, start_column = line, column
        if char in "{}":
            yield Token(char, char, line, column)
            column, i = column + 1, i + 1
            continue
        if char == '"':
            i, column = i + 1, column + 1
            chars = []
            while True:
                if i >= n:
                    raise GameFileError("a label is not closed", path=path, line=start_line,
                                        column=start_column,
                                        hint='close it with a double quote; write \\" for a quote inside')
                c = text[i]
                if c == "\\" and i + 1 < n and text[i + 1] in '"\\':
                    chars.append(text[i + 1])
                    i, column = i + 2, column + 2
                    continue
                if c == '"':
                    i, column = i + 1, column + 1
                    break
                chars.append(c)
                if c == "\n":
                    line, column = line + 1, 1
                else:
                    column += 1
                i += 1
            yield Token("string", "".join(chars), start_line, start_column)
            continue
        match = _NUMBER.match(text, i) or _WORD.match(text, i)
        if match is None or (match.end() < n and not _separator(text[match.end()])):
            end = i
            while end < n and not _separator(text[end]):
                end += 1
            word = text[i:end]
            raise GameFileError(f"cannot read {word!r}", path=path, line=line, column=column,
                                hint="expected a number such as 3, -1/2 or 0.25, a quoted "
                                     'label "...", or { }')
        kind = "number" if match.re is _NUMBER else "word"
        yield Token(kind, match.group(), line, column)
        column += match.end() - i
        i = match.end()
    yield Token("end", "", line, column)


def _separator(char: str) -> bool:
    return char.isspace() or char in ',{}"'


class _Reader:
    """A cursor over the tokens with error reporting."""

    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.tokens = list(tokenize(text.lstrip("\ufeff"), path))
        self.index = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def next(self) -> Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def fail(self, message: str, token: Token | None = None, hint: str | None = None) -> NoReturn:
        token = token or self.current
        raise GameFileError(message, path=self.path, line=token.line, column=token.column,
                            hint=hint)

    def expect(self, kind: str, what: str, hint: str | None = None) -> Token:
        token = self.current
        if token.kind != kind:
            self.fail(f"expected {what}, found {token.describe()}", token, hint)
        return self.next()

    def strings(self, what: str) -> list[str]:
        """``{ "a" "b" ... }``."""
        self.expect("{", f"'{{' opening the list of {what}")
        out = []
        while self.current.kind == "string":
            out.append(self.next().text)
        self.expect("}", f"a quoted label or '}}' closing the list of {what}",
                     'labels are double-quoted: "Up"')
        return out

    def number(self, what: str) -> Fraction:
        token = self.expect("number", what)
        return exact_number(token, self)

    def count(self, what: str, lo: int, hi: int) -> int:
        token = self.expect("number", what)
        if not token.text.isdigit() or not lo <= int(token.text) <= hi:
            self.fail(f"{what} must be a whole number from {lo} to {hi}, got {excerpt(token.text)}", token)
        return int(token.text)


def exact_number(token: Token, reader: _Reader) -> Fraction:
    """The exact value of a number token (``0.1`` is 1/10, ``1/3`` is 1/3)."""
    text = token.text
    exponent = re.search(r"[eE]([+-]?\d+)", text)
    if exponent and abs(int(exponent.group(1))) > MAX_EXPONENT:
        reader.fail(f"the exponent of {text} is too large", token,
                    f"exponents are limited to ±{MAX_EXPONENT}")
    if "/" in text:
        head, _, denominator = text.partition("/")
        if int(denominator) == 0:
            reader.fail(f"division by zero in {text}", token)
        return Fraction(head) / int(denominator)
    return Fraction(text)


def read_nfg(text: str, path: str = "<stdin>") -> NormalFormGame:
    """A :class:`NormalFormGame` from the text of a Gambit ``.nfg`` file.

    Parameters
    ----------
    text:
        The file's contents (payoff or outcome version).
    path:
        The file name, for error messages.

    Raises
    ------
    GameFileError
        With the line and column of the first problem, and a hint.

    Example
    -------
    The outcome version, as pygambit writes it:

    >>> g = read_nfg('''NFG 1 R "PD" { "A" "B" }
    ... { { "C" "D" } { "C" "D" } } ""
    ... { { "" 3, 3 } { "" 5, 0 } { "" 0, 5 } { "" 1, 1 } }
    ... 1 2 3 4''')
    >>> g.payoff((1, 0)), g.payoff((0, 1))
    ((Fraction(5, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(5, 1)))
    """
    r = _Reader(text, path)
    head = r.current
    if head.kind != "word" or head.text != "NFG":
        r.fail(f"expected NFG at the start, found {head.describe()}", head,
               "a Gambit strategic-game file starts with: NFG 1 R \"title\"")
    r.next()
    version = r.expect("number", "the version number 1")
    if version.text != "1":
        r.fail(f"unsupported .nfg version {version.text}", version, "only version 1 exists")
    kind = r.current
    if kind.kind != "word" or kind.text not in ("R", "D"):
        r.fail(f"expected R after the version, found {kind.describe()}", kind,
               'the prologue reads: NFG 1 R "title" { "Player 1" "Player 2" }')
    r.next()
    title = r.expect("string", "the quoted title of the game", 'write "" for no title').text
    players_token = r.current
    players = r.strings("players")
    if not players:
        r.fail("the game has no players", players_token, 'list them: { "Player 1" "Player 2" }')
    players = _distinct(players, "Player")
    strategies = _strategies(r, len(players))
    shape = tuple(len(s) for s in strategies)
    profiles = math.prod(shape)
    if profiles > MAX_PROFILES:
        r.fail(f"the game has {profiles} pure profiles, more than {MAX_PROFILES}", players_token)
    comment = r.next().text if r.current.kind == "string" else ""
    if r.current.kind == "{":
        flat = _outcome_version(r, len(players), profiles)
    else:
        flat = _payoff_version(r, len(players), profiles)
    if r.current.kind != "end":
        r.fail(f"unexpected {r.current.describe()} after the last profile",
               hint=f"the game has {profiles} profiles; remove what follows")
    # reorder from "first player fastest" to C order (first player slowest)
    payoffs = [None] * profiles
    for position, entry in enumerate(flat):
        index, rest = 0, position
        digits = []
        for n in shape:
            digits.append(rest % n)
            rest //= n
        for k, n in zip(digits, shape):
            index = index * n + k
        payoffs[index] = tuple(Const(v) for v in entry)
    return NormalFormGame(tuple(players), strategies, tuple(payoffs), title=title.strip(),
                          description=comment.strip())


def _strategies(r: _Reader, n_players: int) -> tuple[tuple[str, ...], ...]:
    opening = r.expect("{", "'{' opening the strategies",
                       'give one list of labels per player, { { "Up" "Down" } { "L" "R" } }, '
                       "or the numbers of strategies, { 2 2 }")
    lists: list[list[str]] = []
    if r.current.kind == "number":
        profiles = 1
        while r.current.kind == "number":
            token = r.current
            count = r.count("a number of strategies", 1, MAX_PROFILES)
            profiles *= count
            if profiles > MAX_PROFILES:
                r.fail(f"the game has more than {MAX_PROFILES} pure profiles", token,
                       "this reader is meant for games that can be solved")
            lists.append([str(k + 1) for k in range(count)])
    else:
        while r.current.kind == "{":
            token = r.current
            labels = r.strings("strategies")
            if not labels:
                r.fail(f"player {len(lists) + 1} has no strategies", token,
                       "every player needs at least one strategy")
            lists.append(labels)
    r.expect("}", "'}' closing the strategies")
    if len(lists) != n_players:
        r.fail(f"strategies are given for {len(lists)} players, but the game has {n_players}",
               opening, "give one list of strategies (or one count) per player, in order")
    return tuple(tuple(_distinct(labels, "")) for labels in lists)


def _distinct(labels: Sequence[str], prefix: str) -> list[str]:
    """Empty labels numbered, repeated labels suffixed ``(2)``, so that all differ.

    >>> _distinct(["", "Up", "Up"], "")
    ['1', 'Up', 'Up (2)']
    """
    out: list[str] = []
    seen: set[str] = set()
    for k, label in enumerate(labels, start=1):
        base = label if label.strip() else f"{prefix} {k}".strip()
        candidate, extra = base, 2
        while candidate in seen:
            candidate, extra = f"{base} ({extra})", extra + 1
        out.append(candidate)
        seen.add(candidate)
    return out


def _payoff_version(r: _Reader, n_players: int, profiles: int) -> list[list[Fraction]]:
    flat = []
    for p in range(profiles):
        entry = []
        for i in range(n_players):
            if r.current.kind != "number":
                r.fail(f"expected the payoff of player {i + 1} in profile {p + 1} of {profiles}, "
                       f"found {r.current.describe()}", hint=(
                           f"the payoff version lists {n_players} payoffs for each of the "
                           f"{profiles} profiles, first player's strategy varying fastest"))
            entry.append(r.number("a payoff"))
        flat.append(entry)
    return flat


def _outcome_version(r: _Reader, n_players: int, profiles: int) -> list[list[Fraction]]:
    r.expect("{", "'{' opening the outcomes")
    outcomes: list[list[Fraction]] = [[Fraction(0)] * n_players]  # outcome 0: the null outcome
    while r.current.kind == "{":
        opening = r.next()
        if r.current.kind == "string":
            r.next()
        values = []
        while r.current.kind == "number":
            values.append(r.number("a payoff"))
        if len(values) != n_players:
            r.fail(f"outcome {len(outcomes)} has {len(values)} payoffs, the game has "
                   f"{n_players} players", opening, 'write { "name" 1, 2 } with one payoff per player')
        r.expect("}", f"'}}' closing outcome {len(outcomes)}")
        outcomes.append(values)
    r.expect("}", "'{' opening an outcome or '}' closing the outcomes")
    flat = []
    for p in range(profiles):
        if r.current.kind != "number":
            r.fail(f"expected the outcome of profile {p + 1} of {profiles}, found "
                   f"{r.current.describe()}",
                   hint="the outcome version ends with one outcome number per profile")
        flat.append(outcomes[r.count("an outcome number", 0, len(outcomes) - 1)])
    return flat


# ------------------------------------------------------------------ writing


def quote(label: str) -> str:
    """A double-quoted label with ``"`` and ``\\`` escaped.

    >>> print(quote('say "no"'))
    "say \\"no\\""
    """
    return '"' + label.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_nfg(game) -> str:
    """The payoff version of a normal-form game, exact, at the values in force.

    Example
    -------
    >>> g = NormalFormGame.bimatrix([[1, 0], ["1/3", 2]], [[0, 1], [1, 0]], ["U", "D"], ["L", "R"])
    >>> print(write_nfg(g), end="")
    NFG 1 R "" { "Row" "Column" }
    { { "U" "D" } { "L" "R" } }
    ""
    <BLANKLINE>
    1 0
    1/3 1
    0 1
    2 0
    """
    if not isinstance(game, NormalFormGame):
        raise UsageError("an .nfg file holds a normal-form game",
                         hint="write a game tree as .efg, or convert it to its reduced "
                              "strategic form first (deterrence convert does)")
    lines = [f"NFG 1 R {quote(game.title)} {{ " + " ".join(quote(p) for p in game.players) + " }"]
    lines.append("{ " + " ".join("{ " + " ".join(quote(s) for s in labels) + " }"
                                 for labels in game.strategies) + " }")
    comment = game.description
    values = game.parameters.values()
    if values:
        assigned = ", ".join(f"{k} = {format_fraction(v)}" for k, v in values.items())
        comment = (comment + "\n\n" if comment else "") + f"Parameters: {assigned}"
    lines += [quote(comment), ""]
    shape = game.shape
    for position in range(math.prod(shape)):
        profile, rest = [], position
        for n in shape:
            profile.append(rest % n)
            rest //= n
        lines.append(" ".join(format_fraction(v) for v in game.payoff(profile)))
    return "\n".join(lines) + "\n"


__all__ = ["read_nfg", "write_nfg", "tokenize", "quote"]
