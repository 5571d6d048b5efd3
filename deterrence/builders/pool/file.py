"""Read a ``kind = "pool"`` file as an ordinary game tree.

The reader checks the file (:mod:`deterrence.builders.pool.spec`), builds
the tree (:mod:`deterrence.builders.pool.tree`) at the parameter values in force,
and attaches a rebuild function so that ``--set N=12`` builds the tree for
twelve members.

Example
-------
>>> from deterrence.io.toml_document import TomlDocument
>>> from deterrence.builders.pool.spec import EXAMPLE
>>> game = read_pool(TomlDocument(EXAMPLE))
>>> game.kind, game.with_values({"N": 2}).size
('tree', 12)
"""

from __future__ import annotations

from deterrence.builders import rebuild
from deterrence.builders.pool.tree import build_pool_game
from deterrence.builders.pool.spec import PoolSpec, read_pool_spec
from deterrence.io.toml_document import TomlDocument
from deterrence.model.parameters import Parameters


class PoolRebuilder(rebuild.Rebuilder):
    """Builds the pool tree again for new parameter values (``GameTree.rebuild``)."""

    kind = "pool"

    def build(self, parameters: Parameters):
        return build_pool_game(self.spec, parameters, **dict(self.meta))


def read_pool(doc: TomlDocument):
    """The pool game of a parsed ``kind = "pool"`` document."""
    return rebuild.read_built(doc, read_pool_spec, PoolRebuilder)


def spec_of(game) -> PoolSpec | None:
    """The :class:`PoolSpec` a pool tree was built from (``None`` otherwise)."""
    return rebuild.spec_of(game, PoolRebuilder)
