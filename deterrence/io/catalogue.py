"""The bundled catalogue of games, found by file name ("slug").

In a source checkout the catalogue is the top-level ``games/`` folder; an
installed wheel carries the same files as ``deterrence/_catalogue``. Extra
folders may be named in the ``DETERRENCE_GAMES`` environment variable
(separated by the platform's path separator); they are searched first.

Example
-------
>>> "prisoners_dilemma" in [p.stem for p in catalogue_files()]
True
"""

from __future__ import annotations

import os
from pathlib import Path

SUFFIXES = (".toml", ".nfg", ".efg")


def catalogue_dirs() -> list[Path]:
    """Folders searched for catalogue games, in order."""
    dirs = [Path(p) for p in os.environ.get("DETERRENCE_GAMES", "").split(os.pathsep) if p]
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_catalogue", here.parent / "games"):
        if candidate.is_dir():
            dirs.append(candidate)
    return dirs


def catalogue_files() -> list[Path]:
    """Every catalogue game file, sorted by name; earlier folders win."""
    seen: dict[str, Path] = {}
    for folder in catalogue_dirs():
        for path in sorted(folder.iterdir()):
            if path.suffix in SUFFIXES and path.stem not in seen:
                seen[path.stem] = path
    return [seen[k] for k in sorted(seen)]


def find(slug: str) -> Path | None:
    """The catalogue file called ``slug`` (with or without suffix), or ``None``."""
    stem = Path(slug).stem if Path(slug).suffix in SUFFIXES else slug
    for path in catalogue_files():
        if path.stem == stem:
            return path
    return None


def slugs() -> list[str]:
    return [p.stem for p in catalogue_files()]
