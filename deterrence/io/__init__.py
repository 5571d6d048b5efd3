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

import sys
from fractions import Fraction
from pathlib import Path
from typing import Mapping

from deterrence.errors import GameFileError, UsageError
from deterrence.io import catalogue

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


def parse_game(text: str, path: str = "<stdin>", fmt: str | None = None):
    """A game from text in any supported format."""
    fmt = fmt or detect_format(text, Path(path).suffix if path != "<stdin>" else "")
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

    doc = TomlDocument(text, path)
    kind = doc.data.get("kind", "normal")
    reader = toml_reader(kind)
    if reader is None:
        from deterrence.io.kinds import KINDS

        doc.fail(f"unknown kind {kind!r}", ("kind",),
                 f"kind may be {', '.join(repr(k) for k in KINDS)}")
    return reader(doc)


def toml_reader(kind: str):
    """The reader function for a TOML ``kind``, or ``None`` when this install has none."""
    from deterrence.io.kinds import reader

    return reader(kind)


def resolve(source: str) -> tuple[str, str, str]:
    """Read ``source`` (path, ``-`` or catalogue name).

    Returns ``(text, display name, suffix)``; the suffix is ``""`` for stdin.
    """
    if source == "-":
        return sys.stdin.read(), "<stdin>", ""
    path = Path(source)
    display = source
    if not path.exists():
        found = catalogue.find(source)
        if found is None:
            raise UsageError(f"no such file or catalogue game: {source}",
                             hint="run 'deterrence games' to list the catalogue")
        path, display = found, found.name
    if path.is_dir():
        raise UsageError(f"{source} is a folder, not a game file")
    try:
        return path.read_text(encoding="utf-8"), display, path.suffix
    except UnicodeDecodeError:
        raise GameFileError("the file is not UTF-8 text", path=display,
                            hint="save the payoff file as UTF-8") from None
    except OSError as exc:
        raise UsageError(f"cannot read {source}: {exc.strerror}") from None


def load_game(source: str, values: Mapping[str, Fraction] | None = None):
    """Load a game from a path, ``-`` or a catalogue name; apply ``values``.

    Raises
    ------
    GameFileError
        When the file is not a valid game (exit code 1).
    UsageError
        When the file does not exist or a value is not a parameter (exit code 2).
    """
    text, name, suffix = resolve(source)
    game = parse_game(text, name, detect_format(text, suffix))
    return game.with_values(values) if values else game


def dumps(game, fmt: str = "toml") -> str:
    """Text of ``game`` in format ``toml``, ``nfg``, ``efg`` or ``json`` (``deterrence.game/1``)."""
    from deterrence.model.tree import GameTree

    if fmt == "toml":
        if not isinstance(game, GameTree):
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

        return json.dumps(game_to_json(game), indent=2, ensure_ascii=False) + "\n"
    raise UsageError(f"unknown format {fmt!r}", hint=f"formats: {', '.join(FORMATS)}")


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename.

    A crash leaves either the old file or the new one, never half of it.
    """
    import os
    import tempfile

    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


__all__ = ["load_game", "parse_game", "dumps", "detect_format", "write_atomic", "resolve"]
