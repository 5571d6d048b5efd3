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

from typing import Mapping

from deterrence.builders import rebuild
from deterrence.builders.pool.tree import build_pool_game, check_pool_values, member_counts, pool_shape
from deterrence.builders.pool.spec import PoolSpec, read_pool_spec
from deterrence.io.toml_document import TomlDocument
from deterrence.model import limits
from deterrence.model.parameters import Parameters


class PoolRebuilder(rebuild.Rebuilder):
    """Builds the pool tree again for new parameter values (``GameTree.rebuild``)."""

    kind = "pool"

    def shape(self, parameters: Parameters):
        return pool_shape(self.spec, parameters.environment())

    def check(self, parameters: Parameters) -> None:
        check_pool_values(self.spec, parameters.environment())

    def build(self, parameters: Parameters):
        return build_pool_game(self.spec, parameters, **dict(self.meta))

    def check_limits(self, parameters: Parameters, given: Mapping[str, str]) -> None:
        """A pool above the ``members`` limit through a member count the caller gave
        (``N=9``, ``N=0:9``): bad usage, refused before the pool is built."""
        named = [given[m.count] for m in self.spec.members
                 if isinstance(m.count, str) and m.count in given]
        if not named:
            return
        total = sum(member_counts(self.spec, parameters.environment()))
        bound = limits.get("members")
        limits.check("members", total, f"{', '.join(dict.fromkeys(named))}: a pool of {total:,} "
                     "members", usage=True,
                     hint=f"give at most {bound:,} members" if bound is not None else None)


def read_pool(doc: TomlDocument):
    """The pool game of a parsed ``kind = "pool"`` document."""
    return rebuild.read_built(doc, read_pool_spec, PoolRebuilder)


def spec_of(game) -> PoolSpec | None:
    """The :class:`PoolSpec` a pool tree was built from (``None`` otherwise)."""
    return rebuild.spec_of(game, PoolRebuilder)
