"""Edits of a TOML payoff file that keep every comment and the layout.

Each edit is a small frozen dataclass (:class:`SetParameter`,
:class:`SetPayoff`, :class:`RenameStrategy`, :class:`RenamePlayer`,
:class:`SetMetadata`). :func:`apply_edits` applies them to the text through
``tomlkit`` — which keeps comments, blank lines, key order and quoting — and
then checks the result twice before anyone writes it:

1. the new text must load as a valid game (:func:`deterrence.io.parse_game`);
2. the new game must be the old game with exactly the requested change (so an
   edit that tomlkit applied somewhere unexpected is refused, not written).

:func:`edit_file` does the same for a file and writes it atomically
(:func:`deterrence.io.write_atomic`); on any failure the file is untouched.

Example
-------
>>> text = '''schema = "deterrence/1"
... players = ["Row", "Column"]
... [parameters]
... T = { default = 5 }   # temptation
... [strategies]
... Row = ["Cooperate", "Defect"]
... Column = ["Cooperate", "Defect"]
... [payoffs]
... Cooperate = [[3, 3], [0, "T"]]
... Defect = [["T", 0], [1, 1]]
... '''
>>> out = apply_edits(text, [SetParameter("T", "6")])
>>> for line in out.diff.splitlines()[2:]:
...     if line[:1] in "+-":
...         print(line)
-T = { default = 5 }   # temptation
+T = { default = 6 }   # temptation
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Sequence

from deterrence.errors import (
    DeterrenceError,
    ExpressionError,
    GameFileError,
    UsageError,
)
from deterrence.model.expr import as_expr, format_fraction, to_fraction

# ------------------------------------------------------------------ the edits


@dataclass(frozen=True)
class SetParameter:
    """Change the default of parameter ``name`` to the number ``value``."""

    name: str
    value: str

    def describe(self) -> str:
        return f"{self.name} = {self.value}"


@dataclass(frozen=True)
class SetPayoff:
    """Set payoffs at one pure profile.

    ``profile`` maps every player to a strategy label; ``values`` maps some or
    all players to a number or an expression over the game's parameters.
    """

    profile: tuple[tuple[str, str], ...]
    values: tuple[tuple[str, str], ...]

    def describe(self) -> str:
        where = ", ".join(f"{p}={s}" for p, s in self.profile)
        what = ", ".join(f"{p}: {v}" for p, v in self.values)
        return f"payoff at ({where}) -> {what}"


@dataclass(frozen=True)
class RenameStrategy:
    """Rename ``player``'s strategy ``old`` to ``new`` everywhere it appears."""

    player: str
    old: str
    new: str

    def describe(self) -> str:
        return f"{self.player}'s strategy {self.old} -> {self.new}"


@dataclass(frozen=True)
class RenamePlayer:
    """Rename player ``old`` to ``new`` everywhere the name appears."""

    old: str
    new: str

    def describe(self) -> str:
        return f"player {self.old} -> {self.new}"


@dataclass(frozen=True)
class SetMetadata:
    """Set ``title``, ``description`` or ``source``."""

    key: str
    value: str

    def describe(self) -> str:
        return f"{self.key}"


Edit = SetParameter | SetPayoff | RenameStrategy | RenamePlayer | SetMetadata

METADATA_KEYS = ("title", "description", "source")


@dataclass(frozen=True)
class EditOutcome:
    """The edited text, a unified diff against the old text, and the new game."""

    text: str
    diff: str
    game: Any

    @property
    def changed(self) -> bool:
        return bool(self.diff)


# ------------------------------------------------------------------ reading CLI text


def split_top_level(text: str, separator: str = ",") -> list[str]:
    """Split at ``separator`` outside parentheses: ``min(a, b), 0`` has two parts.

    >>> split_top_level("max(V - C, 0), 1/2")
    ['max(V - C, 0)', '1/2']
    """
    parts, depth, current = [], 0, []
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == separator and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return parts


def parse_profile(text: str, players: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """``Row=Defect,Column=Cooperate`` (or ``Defect,Cooperate``) as pairs.

    >>> parse_profile("Column=C,Row=D", ["Row", "Column"])
    (('Row', 'D'), ('Column', 'C'))
    >>> parse_profile("D,C", ["Row", "Column"])
    (('Row', 'D'), ('Column', 'C'))
    """
    items = [item.strip() for item in text.split(",") if item.strip()]
    hint = (f"name a strategy of every player, e.g. "
            f"{','.join(f'{p}=...' for p in players)}")
    if items and all("=" not in item for item in items):
        if len(items) != len(players):
            raise UsageError(f"profile {text!r} names {len(items)} strategies, "
                             f"the game has {len(players)} players", hint=hint)
        return tuple(zip(players, items))
    named: dict[str, str] = {}
    for item in items:
        player, sep, label = (part.strip() for part in item.partition("="))
        if not sep or not player or not label:
            raise UsageError(f"cannot read {item!r} in profile {text!r}", hint=hint)
        if player not in players:
            raise UsageError(f"{player!r} is not a player", hint=f"players: {', '.join(players)}")
        named[player] = label
    missing = [p for p in players if p not in named]
    if missing:
        raise UsageError(f"profile {text!r} gives no strategy for {missing[0]}", hint=hint)
    return tuple((p, named[p]) for p in players)


def parse_cell_values(text: str, players: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """``6,0`` (one value per player, in order) or ``Row=6`` (some players).

    Values may be expressions; commas inside ``min(...)``/``max(...)`` are kept.

    >>> parse_cell_values("6, V - 1", ["Row", "Column"])
    (('Row', '6'), ('Column', 'V - 1'))
    >>> parse_cell_values("Column=max(V, 0)", ["Row", "Column"])
    (('Column', 'max(V, 0)'),)
    """
    items = split_top_level(text)
    named = [re.match(r"^\s*([^=<>]+?)\s*=(?!=)\s*(.+)$", item) for item in items]
    if all(m is not None and m.group(1) in players for m in named):
        return tuple((m.group(1), m.group(2).strip()) for m in named)
    if len(items) != len(players) or not all(items):
        raise UsageError(f"payoffs {text!r}: give {len(players)} values, one per player "
                         f"({', '.join(players)})", hint="e.g. --payoff Row=Defect,Column=Cooperate 6,0")
    return tuple(zip(players, items))


def parse_rename(text: str) -> RenameStrategy:
    """``Row:Defect=Build`` as a :class:`RenameStrategy`.

    >>> parse_rename("Row:Defect=Build")
    RenameStrategy(player='Row', old='Defect', new='Build')
    """
    player, sep, rest = text.partition(":")
    old, sep2, new = rest.partition("=")
    if not (sep and sep2 and player.strip() and old.strip() and new.strip()):
        raise UsageError(f"cannot read {text!r}", hint="write PLAYER:OLD=NEW, e.g. Row:Defect=Build")
    return RenameStrategy(player.strip(), old.strip(), new.strip())


# ------------------------------------------------------------------ TOML items


def _number_item(text: str):
    """A TOML item for a number typed by a user: ``6``, ``0.25`` or ``"1/3"``."""
    import tomlkit

    value = to_fraction(text)  # raises ExpressionError for anything not a number
    literal = text.strip()
    if re.fullmatch(r"[+-]?\d+", literal):
        return tomlkit.integer(int(literal))
    if re.fullmatch(r"[+-]?\d+\.\d+", literal):
        return tomlkit.parse(f"x = {literal}")["x"]
    return tomlkit.string(format_fraction(value))


def _payoff_item(text: str):
    """A TOML item for a payoff: integer literal bare, anything else quoted."""
    import tomlkit

    as_expr(text)  # check the grammar now, for a clear message
    literal = text.strip()
    if re.fullmatch(r"[+-]?\d+", literal):
        return tomlkit.integer(int(literal))
    return tomlkit.string(literal)


def _walk_rename(container, path: tuple[str, ...], match, new_key: str, renamed: list) -> None:
    """Rename keys for which ``match(path, key)`` holds, in every (out-of-order) part.

    Works on tomlkit's container bodies so that layout and comments stay. Only
    the body (what is written out) is changed: the caller re-reads the text
    before looking keys up again.
    """
    import tomlkit
    from tomlkit.items import AoT, InlineTable, Table

    body = container.body
    for index, (key, item) in enumerate(body):
        if key is None:
            continue
        name = key.key
        if match(path, name):
            new = tomlkit.key(new_key)
            body[index] = (new, item)
            renamed.append(path + (name,))
            name = new_key
        if isinstance(item, (Table, InlineTable)):
            _walk_rename(item.value, path + (name,), match, new_key, renamed)
        elif isinstance(item, AoT):
            for table in item.body:
                _walk_rename(table.value, path + (name,), match, new_key, renamed)


def _fix_display_names(container, path_keys: tuple, changed: set[tuple[str, ...]]) -> None:
    """Rewrite ``[a.b.c]`` headers whose path went through a renamed key."""
    from tomlkit.items import Table

    for key, item in container.body:
        if key is None or not isinstance(item, Table):
            continue
        keys = path_keys + (key,)
        plain = tuple(k.key for k in keys)
        if item.display_name is not None and any(plain[:len(c)] == c for c in changed):
            item.display_name = ".".join(k.as_string().strip() for k in keys)
        _fix_display_names(item.value, keys, changed)


def _rename_keys(doc, match, new_key: str) -> list[tuple[str, ...]]:
    renamed: list[tuple[str, ...]] = []
    _walk_rename(doc, (), match, new_key, renamed)
    if renamed:
        changed = {p[:-1] + (new_key,) for p in renamed}
        _fix_display_names(doc, (), changed)
    return renamed


# ------------------------------------------------------------------ applying


def _require_normal(doc, what: str) -> None:
    kind = doc.get("kind", "normal")
    if kind != "normal":
        raise UsageError(f"{what} works on normal-form files; this file has kind = {kind!r}",
                         hint="edit the tree's nodes in the file itself")


def _players(doc) -> list[str]:
    players = doc.get("players")
    if not isinstance(players, list):
        raise UsageError("the file lists no players", hint='add players = ["Row", "Column"]')
    return [str(p) for p in players]


def _strategy_lists(doc, players) -> list[list[str]]:
    table = doc.get("strategies")
    if table is None:
        raise UsageError("the file has no [strategies] table")
    return [[str(s) for s in table.get(p, [])] for p in players]


def _set_parameter(doc, edit: SetParameter) -> None:
    table = doc.get("parameters")
    names = list(table.keys()) if table is not None else []
    if edit.name not in names:
        from deterrence.io.toml_document import did_you_mean

        raise UsageError(f"the game has no parameter {edit.name!r}",
                         hint=did_you_mean(edit.name, names,
                                           f"parameters: {', '.join(names) or 'none'}"))
    try:
        item = _number_item(edit.value)
    except ExpressionError:
        raise UsageError(f"value of {edit.name} is not a number: {edit.value!r}",
                         hint="use a number or a fraction such as 1/3") from None
    spec = table[edit.name]
    if isinstance(spec, dict):
        spec["default"] = item
    else:
        table[edit.name] = item


def _set_payoff(doc, edit: SetPayoff) -> None:
    _require_normal(doc, "--payoff")
    players = _players(doc)
    strategies = _strategy_lists(doc, players)
    indices = []
    for (player, label), labels in zip(edit.profile, strategies):
        if label not in labels:
            from deterrence.io.toml_document import did_you_mean

            raise UsageError(f"{player} has no strategy {label!r}",
                             hint=did_you_mean(label, labels, f"strategies: {', '.join(labels)}"))
        indices.append(labels.index(label))
    node = doc.get("payoffs")
    if node is None:
        raise UsageError("the file has no [payoffs]")
    for _, label in edit.profile[:-1]:
        node = node[label]
    if len(players) > 1:
        node = node[indices[-1]]
    new_values = {p: _payoff_item(v) for p, v in edit.values}
    if isinstance(node, dict):
        for player, item in new_values.items():
            node[player] = item
    elif isinstance(node, list):
        for player, item in new_values.items():
            node[players.index(player)] = item
    elif len(players) == 1:
        doc["payoffs"][indices[0]] = new_values[players[0]]
    else:
        raise UsageError("the payoff cell has an unexpected shape; fix the file with 'deterrence check'")


def _rename_strategy(doc, edit: RenameStrategy) -> None:
    _require_normal(doc, "--rename-strategy")
    players = _players(doc)
    if edit.player not in players:
        raise UsageError(f"{edit.player!r} is not a player", hint=f"players: {', '.join(players)}")
    level = players.index(edit.player)
    labels = doc["strategies"][edit.player]
    plain = [str(s) for s in labels]
    if edit.old not in plain:
        raise UsageError(f"{edit.player} has no strategy {edit.old!r}",
                         hint=f"strategies: {', '.join(plain)}")
    if edit.new in plain:
        raise UsageError(f"{edit.player} already has a strategy {edit.new!r}")
    labels[plain.index(edit.old)] = edit.new
    if level < len(players) - 1:  # the label is a key of the payoff tables at this depth
        _rename_keys(doc, lambda path, key: (len(path) == level + 1 and path[0] == "payoffs"
                                             and key == edit.old), edit.new)


def _rename_player(doc, edit: RenamePlayer) -> None:
    _require_normal(doc, "--rename-player")
    players_item = doc["players"]
    plain = _players(doc)
    if edit.old not in plain:
        raise UsageError(f"{edit.old!r} is not a player", hint=f"players: {', '.join(plain)}")
    if edit.new in plain:
        raise UsageError(f"there is already a player {edit.new!r}")
    players_item[plain.index(edit.old)] = edit.new
    # cells written as tables { Row = 3, Column = 0 } sit inside arrays; rename
    # them first, while tomlkit's mapping view is still in step with the text
    if doc.get("payoffs") is not None:
        _rename_cell_keys(doc["payoffs"], edit.old, edit.new)
    _rename_keys(doc, lambda path, key: path == ("strategies",) and key == edit.old, edit.new)


def _rename_cell_keys(node, old: str, new: str) -> None:
    """Rename ``old`` to ``new`` in every inline-table cell under ``node``."""
    from tomlkit.items import Array, InlineTable, Table

    if isinstance(node, (Table, InlineTable)):
        if isinstance(node, InlineTable) and old in node:
            _walk_rename(node.value, (), lambda path, key: not path and key == old, new, [])
            return
        for value in node.values():
            _rename_cell_keys(value, old, new)
    elif isinstance(node, Array):
        for value in node:
            _rename_cell_keys(value, old, new)


def _set_metadata(doc, edit: SetMetadata):
    import tomlkit

    if edit.key not in METADATA_KEYS:
        raise UsageError(f"cannot set {edit.key!r}", hint=f"metadata keys: {', '.join(METADATA_KEYS)}")
    value = edit.value.strip()
    if "\n" in value:
        # written as the catalogue writes it: """ on its own line, then the text
        raw = value.replace("\\", "\\\\").replace('"""', '\\"""')
        item = tomlkit.parse(f'x = """\n{raw}\n"""\n')["x"]
    else:
        item = tomlkit.string(value)
    if edit.key in doc:
        doc[edit.key] = item
        return
    # a new key goes with the header, just before players (as the catalogue writes it)
    keys = list(doc.keys())
    before_players = keys[keys.index("players") - 1] if "players" in keys and keys.index("players") else None
    if before_players is not None and not isinstance(doc[before_players], dict):
        placed = _inserted_after(doc, before_players, edit.key, item)
        if placed is not None:
            return placed
    doc[edit.key] = item         # tomlkit puts a new key before the first table
    return None


def _inserted_after(doc, after: str, key: str, item):
    """A new document: ``doc`` with ``key = item`` written on the line after the top-level
    key ``after``, spliced into the text (tomlkit has no public way to insert at a
    position); ``None`` where the text does not split there as expected."""
    import tomlkit

    full = tomlkit.dumps(doc)
    head = tomlkit.document()
    for name, part in doc.body:
        head.append(name, part)
        if getattr(name, "key", None) == after:
            break
    start = tomlkit.dumps(head)
    if not full.startswith(start):
        return None
    gap = "" if start.endswith("\n") else "\n"
    return tomlkit.parse(start + gap + tomlkit.dumps({key: item}) + full[len(start):])


_APPLY = {
    SetParameter: _set_parameter,
    SetPayoff: _set_payoff,
    RenameStrategy: _rename_strategy,
    RenamePlayer: _rename_player,
    SetMetadata: _set_metadata,
}


def _expected(game, edits: Sequence[Edit]):
    """The game the edits should produce, computed on the model (not the text)."""
    from deterrence.model.expr import as_expr as expr_of
    from deterrence.model.kinds import is_tree

    for edit in edits:
        if isinstance(edit, SetParameter):
            declared = tuple(replace(p, default=to_fraction(edit.value)) if p.name == edit.name else p
                             for p in game.parameters.declared)
            game = replace(game, parameters=replace(game.parameters, declared=declared))
        elif isinstance(edit, SetMetadata):
            game = replace(game, **{edit.key: edit.value.strip()})
        elif is_tree(game):
            return None
        elif isinstance(edit, SetPayoff):
            profile = tuple(game.strategy_index(i, label) for i, (_, label) in enumerate(edit.profile))
            index = game.profile_index(profile)
            cell = list(game.payoffs[index])
            for player, text in edit.values:
                cell[game.player_index(player)] = expr_of(text)
            payoffs = game.payoffs[:index] + (tuple(cell),) + game.payoffs[index + 1:]
            game = replace(game, payoffs=payoffs)
        elif isinstance(edit, RenameStrategy):
            i = game.player_index(edit.player)
            labels = tuple(edit.new if s == edit.old else s for s in game.strategies[i])
            game = game.relabel(game.strategies[:i] + (labels,) + game.strategies[i + 1:])
        elif isinstance(edit, RenamePlayer):
            players = tuple(edit.new if p == edit.old else p for p in game.players)
            game = replace(game, players=players)
    return game


def _same(a, b) -> bool:
    if a is None or b is None:
        return True
    return a == b


def unified_diff(old: str, new: str, path: str = "game.toml") -> str:
    """A unified diff of two texts, as ``git diff`` would show it."""
    return "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        fromfile=f"a/{path}", tofile=f"b/{path}"))


def apply_edits(text: str, edits: Sequence[Edit], path: str = "game.toml") -> EditOutcome:
    """Apply ``edits`` to TOML ``text``; return the new text once it validates.

    Raises
    ------
    UsageError
        When an edit names something the file does not have (exit code 2).
    GameFileError
        When the edited file would not be a valid game, or the edit did not
        produce exactly the requested change (exit code 1).
    """
    import tomlkit

    from deterrence.io import parse_game

    try:
        doc = tomlkit.parse(text)
    except Exception as exc:  # tomlkit's parse errors have no common public base
        raise GameFileError(f"not valid TOML: {exc}", path=path,
                            hint="run 'deterrence check' on the file and fix it first") from None
    try:
        before = parse_game(text, path, "toml")
    except DeterrenceError:
        before = None  # a broken file may be repaired by an edit; the result must validate
    for edit in edits:
        doc = _APPLY[type(edit)](doc, edit) or doc      # an edit may give a new document
        # key renames change tomlkit's document body only (the text), so read the
        # text again before the next edit looks anything up
        doc = tomlkit.parse(tomlkit.dumps(doc))
    new_text = tomlkit.dumps(doc)
    try:
        after = parse_game(new_text, path, "toml")
    except GameFileError as exc:
        raise GameFileError(f"the edit would make the file invalid ({exc.message}); "
                            f"{path} was left unchanged", path=path, line=exc.line, hint=exc.hint) from None
    except UsageError as exc:
        raise GameFileError(f"the edit would make the file invalid ({exc.message}); "
                            f"{path} was left unchanged", path=path, hint=exc.hint) from None
    if before is not None:
        expected = _expected(before, edits)
        if not _same(_comparable(expected), _comparable(after)):
            raise GameFileError(f"the edit could not be applied exactly as asked; {path} was left "
                                "unchanged", path=path,
                                hint="the file may use a layout this command does not edit; "
                                     "edit it by hand")
    return EditOutcome(new_text, unified_diff(text, new_text, path), after)


def _comparable(game):
    """What an edit may change: players, strategies, payoffs, parameters, metadata."""
    from deterrence.model.kinds import is_tree

    if game is None:
        return None
    params = tuple((p.name, p.default, p.minimum, p.maximum, p.description, p.integer)
                   for p in game.parameters.declared)
    fields = (game.kind, game.players, params, game.title, game.description, game.source)
    if not is_tree(game):
        fields += (game.strategies, game.payoffs)
    return fields


def edit_file(path: str | Path, edits: Sequence[Edit], dry_run: bool = False) -> EditOutcome:
    """Apply ``edits`` to the file at ``path`` and write it atomically.

    Nothing is written when the result is invalid, when nothing changed, or
    when ``dry_run`` is true. The file is locked (``fcntl.flock``) from the
    read to the replace, so concurrent edits queue instead of losing one
    another's changes; an editor that ignores the lock and changes the file
    meanwhile makes this edit refuse (exit code 1) rather than overwrite it.
    A symbolic link is edited at its target; permissions and owner are kept;
    a read-only file or folder, or a file with several hard links, is refused
    (exit code 1) before anything is read. Temporary files that a killed run
    left next to the file are removed.
    """
    from deterrence.edit.lock import locked_read
    from deterrence.io.source import decode
    from deterrence.io.write import (
        check_writable,
        remove_stale_temporaries,
        target_of,
        write_atomic,
    )

    path = Path(path)
    if not path.exists():
        dangling = " (a symbolic link to a missing file)" if path.is_symlink() else ""
        raise UsageError(f"no such file: {path}{dangling}",
                         hint="create one with 'deterrence new 2x2 FILE'")
    if path.is_dir():
        raise UsageError(f"{path} is a folder, not a payoff file")
    if path.suffix.lower() not in (".toml", ""):
        raise UsageError(f"{path} is not a TOML payoff file",
                         hint="convert it first: deterrence convert GAME game.toml")
    target = target_of(path)
    if not dry_run:
        check_writable(path)
    with locked_read(target) as held:
        remove_stale_temporaries(target)  # left by a run that was killed while writing
        text = decode(held.data, str(path))
        outcome = apply_edits(text, edits, str(path))
        if outcome.changed and not dry_run:
            write_atomic(target, outcome.text, expected=held.data)
    return outcome


__all__ = [
    "SetParameter", "SetPayoff", "RenameStrategy", "RenamePlayer", "SetMetadata", "Edit",
    "EditOutcome", "apply_edits", "edit_file", "unified_diff", "parse_profile",
    "parse_cell_values", "parse_rename", "split_top_level", "METADATA_KEYS",
]
