"""Read a ``kind = "pool"`` file as an ordinary game tree.

The reader checks the file (:mod:`deterrence.builders.pool_spec`), builds
the tree (:mod:`deterrence.builders.pool`) at the parameter values in force,
and attaches a rebuild function so that ``--set N=12`` builds the tree for
twelve members.

Example
-------
>>> from deterrence.io.toml_document import TomlDocument
>>> from deterrence.builders.pool_spec import EXAMPLE
>>> game = read_pool(TomlDocument(EXAMPLE))
>>> game.kind, game.with_values({"N": 2}).size
('tree', 12)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from deterrence.builders.pool import build_pool_game
from deterrence.builders.pool_spec import PoolSpec, read_pool_spec
from deterrence.errors import GameFileError
from deterrence.io.toml_document import TomlDocument
from deterrence.model.parameters import Parameters


def read_pool(doc: TomlDocument):
    """The pool game of a parsed ``kind = "pool"`` document."""
    spec = read_pool_spec(doc)
    meta = doc.header("pool")
    parameters = doc.parameters()
    try:
        return pool_game(spec, parameters, meta)
    except GameFileError as exc:
        raise exc.located(doc.path, doc.locator.line(("pool",))) from None


@dataclass(frozen=True)
class PoolRebuilder:
    """Builds the pool tree again for new parameter values (``GameTree.rebuild``)."""

    kind = "pool"

    spec: PoolSpec
    meta: tuple

    def __call__(self, parameters: Parameters):
        game = build_pool_game(self.spec, parameters, **dict(self.meta))
        return replace(game, rebuild=self)


def pool_game(spec: PoolSpec, parameters: Parameters, meta: dict):
    """Build the tree and teach it to rebuild itself for new values."""
    return PoolRebuilder(spec, tuple(meta.items()))(parameters)


def spec_of(game) -> PoolSpec | None:
    """The :class:`PoolSpec` a pool tree was built from (``None`` otherwise)."""
    rebuild = getattr(game, "rebuild", None)
    return rebuild.spec if isinstance(rebuild, PoolRebuilder) else None
