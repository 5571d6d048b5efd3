"""Reading and writing games: TOML payoff files, Gambit ``.nfg``/``.efg``.

:func:`load_game` accepts a path, ``"-"`` for standard input, or the name of
a catalogue game; the format follows the suffix (``.toml``, ``.nfg``,
``.efg``) or, for standard input, the first characters of the text.

Example
-------
>>> game = load_game("hawk_dove", values={"C": 8})
>>> game.parameters.values()["C"]
Fraction(8, 1)
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Mapping

from deterrence.errors import UsageError, excerpt

FORMATS = ("toml", "nfg", "efg", "json")


def detect_format(text: str, suffix: str = "") -> str:
    """``toml``, ``nfg``, ``efg`` or ``json`` from a suffix, else from the text."""
    suffix = suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    if text.lstrip().startswith("{"):
        return "json"
    head = text.lstrip()[:3].upper()
    if head == "NFG":
        return "nfg"
    if head == "EFG":
        return "efg"
    return "toml"


def parse_game(text: str, path: str = "<stdin>", fmt: str | None = None, *,
               values: Mapping[str, Fraction] | None = None,
               swept: Mapping[str, tuple[Fraction, Fraction]] | None = None):
    """A game from text in any supported format.

    The text is checked against the input limits first (nesting depth,
    digits, tree nodes: :mod:`deterrence.io.scan`); a parser that still
    recursed too deeply is reported as the ``depth`` limit, never a crash.
    ``values`` and ``swept`` say where the game will be used (see
    :func:`load_named_game`): a model built from a TOML file is built there.
    """
    from deterrence.io.scan import check_text

    if text.startswith("\ufeff"):
        text = text[1:]
    fmt = fmt or detect_format(text, Path(path).suffix if path != "<stdin>" else "")
    check_text(text, fmt, path)
    try:
        return _parse(text, path, fmt, values, swept)
    except RecursionError:
        from deterrence.io.scan import refuse_depth
        from deterrence.model import limits

        if fmt == "toml":  # find the bracket where the nesting passes the limit, if any
            refuse_depth(text, path, limits.get("depth") or 0)
        raise limits.refusal("depth", (limits.get("depth") or 0) + 1,
                             "the file nests too deeply to read", at_least=True, path=path) from None


def _parse(text: str, path: str, fmt: str, values=None, swept=None):
    if fmt == "nfg":
        from deterrence.io.gambit_nfg import read_nfg

        return read_nfg(text, path)
    if fmt == "efg":
        from deterrence.io.gambit_efg import read_efg

        return read_efg(text, path)
    if fmt == "json":
        from deterrence.io.json_game import read_game_json

        return read_game_json(text, path)
    from deterrence.io.toml_document import TomlDocument

    doc = TomlDocument(text, path, values=values, swept=swept)
    kind = doc.data.get("kind", "normal")
    reader = toml_reader(kind) if isinstance(kind, str) else None
    if reader is None:
        from deterrence.io.kinds import KINDS

        doc.fail(f"unknown kind {excerpt(kind)}", ("kind",),
                 f"kind may be {', '.join(repr(k) for k in KINDS)}")
    nodes = doc.data.get("nodes")
    if isinstance(nodes, dict):
        from deterrence.model import limits

        count = len(nodes) + len(doc.data.get("outcomes") or ())
        limits.check("nodes", count, f"the tree has {count:,} nodes and outcomes", path=path,
                     hint="solve a smaller tree")
    return reader(doc)


def toml_reader(kind: str):
    """The reader function for a TOML ``kind``, or ``None`` when this install has none."""
    from deterrence.io.kinds import reader

    return reader(kind)


def resolve(source: str) -> tuple[str, str, str]:
    """Read ``source`` (path, ``-`` or catalogue name) through the input layer.

    Returns ``(text, display name, suffix)``; the suffix is ``""`` for stdin.
    See :mod:`deterrence.io.source` for the limits and the errors.
    """
    from deterrence.io.source import read_source

    read = read_source(source)
    return read.text, read.name, read.suffix


def load_game(source: str, values: Mapping[str, Fraction] | None = None):
    """Load a game from a path, ``-`` or a catalogue name; apply ``values``.

    Raises
    ------
    GameFileError
        When the file is not a valid game (exit code 1).
    UsageError
        When the file does not exist or a value is not a parameter (exit code 2).
    """
    return load_named_game(source, values)[0]


def load_named_game(source: str, values: Mapping[str, Fraction] | None = None,
                    swept: Mapping[str, tuple[Fraction, Fraction]] | None = None):
    """``(game, name)``: :func:`load_game` and the name its messages give the file
    (``hawk_dove.toml`` for a catalogue game, the path as given, ``<stdin>``), for a
    caller that reports later errors about the game (a payoff that cannot be evaluated
    at a swept point) at the file.

    ``swept`` gives the range ``(lo, hi)`` of each parameter a sweep will move. A game
    solved as the file gives it keeps the file's values of those; a model built from the
    file (a pool, a ladder) is built only at values used: ``values``, and a swept
    parameter at its default if its range holds it, else at the middle of the range. The
    limits on what is built (a pool's members) are checked at those values and at the
    ends of the ranges, before anything is built, as bad usage.
    """
    text, name, suffix = resolve(source)
    game = parse_game(text, name, detect_format(text, suffix), values=values, swept=swept)
    given = dict(game.parameters.overrides)   # values a built model was built at already
    pending = {k: v for k, v in (values or {}).items() if k not in given or given[k] != v}
    return (game.with_values(pending) if pending else game), name


def dumps(game, fmt: str = "toml") -> str:
    """Text of ``game`` in format ``toml``, ``nfg``, ``efg`` or ``json`` (``deterrence.game/1``)."""
    from deterrence.model.kinds import is_tree

    if fmt == "toml":
        if not is_tree(game):
            from deterrence.io.toml_normal import write_normal

            return write_normal(game)
        from deterrence.io.toml_tree import write_tree

        return write_tree(game)
    if fmt == "nfg":
        from deterrence.io.gambit_nfg import write_nfg

        return write_nfg(game)
    if fmt == "efg":
        from deterrence.io.gambit_efg import write_efg

        return write_efg(game)
    if fmt == "json":
        import json

        from deterrence.io.json_game import game_to_json
        from deterrence.model.display import escape_unsafe

        return escape_unsafe(json.dumps(game_to_json(game), indent=2, ensure_ascii=False)) + "\n"
    raise UsageError(f"unknown format {fmt!r}", hint=f"formats: {', '.join(FORMATS)}")


def write_atomic(path: str | Path, text: str, *, expected: bytes | None = None) -> None:
    """Write ``text`` to ``path`` safely (see :func:`deterrence.io.write.write_atomic`).

    A crash leaves either the old file or the new one, never half of it;
    permissions, owner and symbolic links are kept; read-only files and
    folders and hard-linked files are refused (exit code 1).
    """
    from deterrence.io.write import write_atomic as write

    write(path, text, expected=expected)


__all__ = ["load_game", "load_named_game", "parse_game", "dumps", "detect_format", "write_atomic", "resolve"]
