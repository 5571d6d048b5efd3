"""Read and write normal-form games in the TOML payoff format.

The layout (``kind = "normal"``)::

    schema = "deterrence/1"
    title = "Hawk-Dove (Chicken)"
    kind = "normal"
    players = ["Row", "Column"]

    [parameters]
    V = { default = 2, description = "value of the resource" }
    C = { default = 6, min = 0, description = "cost of a fight" }

    [strategies]
    Row = ["Hawk", "Dove"]
    Column = ["Hawk", "Dove"]

    [payoffs]            # one row per Row strategy; each cell [Row, Column]
    Hawk = [["(V - C)/2", "(V - C)/2"], ["V", 0]]
    Dove = [[0, "V"], ["V/2", "V/2"]]

With more players the payoff table nests one level per player before the
last two: ``[payoffs.Up]`` holds ``Left = [[...], [...]]`` lists over the
last player's strategies. A cell is a list of payoffs in the order of
``players`` or a table naming them: ``{ Row = 3, Column = 0 }``.

Example
-------
>>> from deterrence.io.toml_document import TomlDocument
>>> doc = TomlDocument(write_normal(read_normal(TomlDocument(EXAMPLE))))
>>> read_normal(doc).strategies
(('Cooperate', 'Defect'), ('Cooperate', 'Defect'))
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

from deterrence.errors import GameFileError, excerpt
from deterrence.io.toml_document import COMMON_KEYS, TomlDocument, did_you_mean, excerpt_key
from deterrence.model.display import escape_unsafe, visible
from deterrence.model.expr import Const, Expr, format_fraction
from deterrence.model.normal import NormalFormGame

NORMAL_KEYS = COMMON_KEYS + ("strategies", "payoffs")

EXAMPLE = """\
schema = "deterrence/1"
title = "Prisoner's dilemma"
players = ["Row", "Column"]
[strategies]
Row = ["Cooperate", "Defect"]
Column = ["Cooperate", "Defect"]
[payoffs]
Cooperate = [[3, 3], [0, 5]]
Defect = [[5, 0], [1, 1]]
"""


def read_normal(doc: TomlDocument) -> NormalFormGame:
    """Build a :class:`NormalFormGame` from a parsed TOML document."""
    doc.check_keys(NORMAL_KEYS)
    meta = doc.header("normal")
    players = doc.players()
    parameters = doc.parameters()
    strategies = _strategies(doc, players)
    known = parameters.known_names
    payoffs = _payoffs(doc, players, strategies, known)
    game = NormalFormGame(players, strategies, payoffs, parameters, **meta)
    doc.check_values(parameters)
    try:
        game.exact_payoffs()  # evaluate once so that e.g. a division by zero shows now
    except GameFileError as exc:
        raise exc.located(doc.path, doc.locator.line(("payoffs",))) from None
    return game


def _strategies(doc: TomlDocument, players: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    table = doc.data.get("strategies")
    if table is None:
        doc.fail("missing [strategies]", hint="add [strategies] with one list of labels per player")
    if not isinstance(table, dict):
        doc.fail("strategies must be a table", ("strategies",),
                 "write [strategies] and one line per player: Row = [\"Up\", \"Down\"]")
    for name in table:
        if name not in players:
            doc.fail(f"strategies given for {excerpt(name)}, who is not a player", ("strategies", name),
                     did_you_mean(name, players, f"players are {', '.join(players)}"))
    out = []
    for player in players:
        labels = table.get(player)
        at = ("strategies", player)
        if labels is None:
            doc.fail(f"no strategies for player {player!r}", ("strategies",),
                     f'add the line: {toml_key(player)} = ["...", "..."]')
        if not isinstance(labels, list) or not labels or \
                not all(isinstance(s, str) and s.strip() for s in labels):
            doc.fail(f"strategies of {player} must be a non-empty list of names", at)
        duplicates = sorted({s for s in labels if labels.count(s) > 1})
        if duplicates:
            doc.fail(f"{player} has strategy {excerpt(duplicates[0])} twice", at,
                     "give every strategy a distinct label")
        out.append(tuple(labels))
    return tuple(out)


def _payoffs(doc: TomlDocument, players, strategies, known) -> tuple[tuple[Expr, ...], ...]:
    table = doc.data.get("payoffs")
    if table is None:
        doc.fail("missing [payoffs]", hint=f"add [payoffs]; {_layout_hint(players, strategies)}")
    flat: list[tuple[Expr, ...]] = []
    _read_level(doc, table, 0, ("payoffs",), players, strategies, known, flat)
    return tuple(flat)


def _layout_hint(players, strategies) -> str:
    if len(players) == 2:
        return (f"one line per {players[0]} strategy, each a list of "
                f"{len(strategies[1])} cells [{players[0]}, {players[1]}]")
    return (f"nest one table per strategy of {', '.join(players[:-1])}, then a list over "
            f"{players[-1]}'s strategies of cells [{', '.join(players)}]")


def _read_level(doc, value, level, at, players, strategies, known, flat) -> None:
    n = len(players)
    if level == n - 1:
        labels = strategies[level]
        if not isinstance(value, list) or len(value) != len(labels):
            got = f"{len(value)} cells" if isinstance(value, list) else type(value).__name__
            doc.fail(f"{excerpt_key(at)}: expected a list of {len(labels)} cells, one per "
                     f"{players[level]} strategy ({', '.join(labels)}), got {got}", at,
                     _layout_hint(players, strategies))
        for label, cell in zip(labels, value):
            flat.append(_cell(doc, cell, at, label, players, known))
        return
    labels = strategies[level]
    if not isinstance(value, dict):
        doc.fail(f"{excerpt_key(at)} must be a table keyed by {players[level]}'s strategies", at,
                 _layout_hint(players, strategies))
    for key in value:
        if key not in labels:
            doc.fail(f"{excerpt_key(at)}: {excerpt(key)} is not a strategy of {players[level]}", at + (key,),
                     did_you_mean(key, labels, f"strategies are {', '.join(labels)}"))
    for label in labels:
        if label not in value:
            doc.fail(f"{excerpt_key(at)}: no payoffs for {players[level]} playing {label!r}", at,
                     f"add the line: {toml_key(label)} = [...]")
        _read_level(doc, value[label], level + 1, at + (label,), players, strategies, known, flat)


def _cell(doc, cell, at, label, players, known) -> tuple[Expr, ...]:
    where = f"{excerpt_key(at)} / {excerpt_key((label,))}"
    if isinstance(cell, dict):
        for name in cell:
            if name not in players:
                doc.fail(f"{where}: {excerpt(name)} is not a player", at,
                         did_you_mean(name, players, f"players are {', '.join(players)}"))
        missing = [p for p in players if p not in cell]
        if missing:
            doc.fail(f"{where}: no payoff for {missing[0]}", at, "name every player in the cell")
        values = [cell[p] for p in players]
    elif isinstance(cell, list):
        if len(cell) != len(players):
            doc.fail(f"{where}: a cell needs {len(players)} payoffs "
                     f"[{', '.join(players)}], got {len(cell)}", at,
                     "write one payoff per player, in the order of players")
        values = cell
    elif len(players) == 1:
        values = [cell]
    else:
        doc.fail(f"{where}: a cell must be a list [{', '.join(players)}]", at,
                 f"write e.g. [3, 0]; got {excerpt(cell)}")
    return tuple(doc.expression(v, at, known) for v in values)


# ------------------------------------------------------------------ writing


def toml_key(label: str) -> str:
    import re

    return label if re.fullmatch(r"[A-Za-z0-9_-]+", label) else toml_string(label)


def toml_string(text: str) -> str:
    r"""A TOML basic string; control characters (C0, DEL, C1, bidirectional) escaped.

    >>> print(toml_string('say "hi"\x1b\u202e'))
    "say \"hi\"\u001b\u202e"
    """
    import json

    return escape_unsafe(json.dumps(text, ensure_ascii=False))


def toml_multiline(text: str) -> str:
    r'''A TOML multi-line basic string of ``text`` that reads back as ``text``.

    Backslashes, runs of quotes and control characters (other than newline
    and tab) are escaped; the text starts on the line after the opening quotes.

    >>> print(toml_multiline("two\nlines with \\ and \x1b"))
    """
    two
    lines with \\ and \u001b
    """
    '''
    import re

    def escape(match: re.Match) -> str:
        char = match.group()
        return {"\\": "\\\\", '"': '\\"'}.get(char) or f"\\u{ord(char):04x}"

    body = re.sub(r'\\|"(?="")|"$|[\x00-\x08\x0b-\x1f\x7f]', escape, text)
    return '"""\n' + body + '\n"""'


def value_text(expr: Expr) -> str:
    """TOML text of a payoff: a bare integer, else a quoted fraction or formula.

    >>> from deterrence.model.expr import parse
    >>> value_text(parse("3")), value_text(parse("1/3")), value_text(parse("V - C"))
    ('3', '"1/3"', '"V - C"')
    """
    if isinstance(expr, Const) and expr.value.denominator == 1:
        return str(expr.value.numerator)
    return toml_string(str(expr))


def number_text(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else toml_string(format_fraction(value))


def header_lines(game, kind: str) -> list[str]:
    """The header and ``[parameters]``/``[define]`` of any game, as TOML lines."""
    lines = ['schema = "deterrence/1"']
    if game.title:
        lines.append(f"title = {toml_string(game.title)}")
    lines.append(f'kind = "{kind}"')
    meta = dict(game.metadata)
    if "group" in meta:
        lines.append(f"group = {toml_string(meta['group'])}")
    if meta.get("tags"):
        lines.append("tags = [" + ", ".join(toml_string(t) for t in meta["tags"].split(",")) + "]")
    if game.source:
        lines.append(f"source = {toml_string(game.source)}")
    if game.description:
        if "\n" in game.description:
            lines.append(f"description = {toml_multiline(game.description)}")
        else:
            lines.append(f"description = {toml_string(game.description)}")
    lines.append("players = [" + ", ".join(toml_string(p) for p in game.players) + "]")
    params = game.parameters
    if params.declared:
        lines += ["", "[parameters]"]
        values = params.values()
        for p in params.declared:
            fields = [f"default = {number_text(values[p.name])}"]
            if p.integer:
                fields.append('type = "integer"')
            if p.minimum is not None:
                fields.append(f"min = {number_text(p.minimum)}")
            if p.maximum is not None:
                fields.append(f"max = {number_text(p.maximum)}")
            if p.description:
                fields.append(f"description = {toml_string(p.description)}")
            lines.append(f"{p.name} = {{ {', '.join(fields)} }}")
    if params.definitions:
        lines += ["", "[define]"]
        for name, expr in params.definitions:
            lines.append(f"{name} = {toml_string(str(expr))}")
    return lines


def write_normal(game: NormalFormGame) -> str:
    """TOML text of a normal-form game; reading it back gives an equal game."""
    lines = header_lines(game, "normal")
    lines += ["", "[strategies]"]
    for player, labels in zip(game.players, game.strategies):
        lines.append(f"{toml_key(player)} = [" + ", ".join(toml_string(s) for s in labels) + "]")
    n = game.n_players
    order = ", ".join(visible(p) for p in game.players)  # a comment holds no control character
    if n == 1:
        cells = ", ".join(value_text(e[0]) for e in game.payoffs)
        lines += ["", f"payoffs = [{cells}]"]
        return "\n".join(lines) + "\n"
    lines += ["", f"# each cell lists the payoffs [{order}]"]
    inner = len(game.strategies[-1])
    prefixes: dict[tuple[str, ...], list[str]] = {}
    for index, profile in enumerate(game.profiles()):
        if profile[-1] != 0:
            continue
        cells = game.payoffs[index:index + inner]
        row = "[" + ", ".join("[" + ", ".join(value_text(v) for v in cell) + "]" for cell in cells) + "]"
        labels = tuple(game.strategies[i][k] for i, k in enumerate(profile[:-1]))
        prefixes.setdefault(labels[:-1], []).append(f"{toml_key(labels[-1])} = {row}")
    for prefix, rows in prefixes.items():
        header = ".".join(("payoffs",) + tuple(toml_key(p) for p in prefix))
        lines += ["", f"[{header}]"] + rows
    return "\n".join(lines) + "\n"
