"""Which reader turns a TOML file of each ``kind`` into a game.

The readers of ``kind = "normal"`` and ``kind = "tree"`` belong to this
package. Other kinds are *builders* (a sharing pool, an escalation ladder):
their readers live with the builders, above this layer, and are registered
here by the package's top level (:func:`register`), so that reading a file
never makes the input layer depend on what is built from it.

Example
-------
>>> sorted(KINDS)[:2]
['ladder', 'normal']
>>> reader("normal").__name__
'read_normal'
"""

from __future__ import annotations

import importlib
from typing import Callable

#: kind -> (module, function); imported the first time a file of that kind is read.
KINDS: dict[str, tuple[str, str]] = {
    "normal": ("deterrence.io.toml_normal", "read_normal"),
    "tree": ("deterrence.io.toml_tree", "read_tree"),
}


def register(kind: str, module: str, function: str) -> None:
    """Read TOML files of ``kind`` with ``module.function(document)``."""
    KINDS[kind] = (module, function)


def reader(kind: str) -> Callable | None:
    """The reader function for a TOML ``kind``, or ``None`` when none is registered."""
    entry = KINDS.get(kind) if isinstance(kind, str) else None
    if entry is None:
        return None
    try:
        module = importlib.import_module(entry[0])
    except ModuleNotFoundError:
        return None
    return getattr(module, entry[1])


__all__ = ["KINDS", "register", "reader"]
