"""Read a ``kind = "yard"`` file as an ordinary game tree that rebuilds itself.

Example
-------
>>> from deterrence.io.toml_document import TomlDocument
>>> from deterrence.builders.yard.spec import EXAMPLE
>>> game = read_yard(TomlDocument(EXAMPLE))
>>> len(game.node("protect").actions), len(game.with_values({"B": 10}).node("protect").actions)
(5, 8)
"""

from __future__ import annotations

from deterrence.builders import rebuild
from deterrence.builders.yard.spec import YardSpec, check_numbers, read_yard_spec
from deterrence.builders.yard.tree import build_yard_game, protection_sets
from deterrence.io.toml_document import TomlDocument
from deterrence.model.parameters import Parameters


class YardRebuilder(rebuild.Rebuilder):
    """Builds the yard tree again for new parameter values: the budget shapes it (which
    sets of goods it affords), and the payoffs are formulas in the parameters."""

    kind = "yard"

    def shape(self, parameters: Parameters):
        return tuple(protection_sets(self.spec, parameters.environment()))

    def check(self, parameters: Parameters) -> None:
        check_numbers(self.spec.evaluate(parameters.environment()))

    def build(self, parameters: Parameters):
        return build_yard_game(self.spec, parameters, **dict(self.meta))


def read_yard(doc: TomlDocument):
    """The small-yard game of a parsed ``kind = "yard"`` document."""
    return rebuild.read_built(doc, read_yard_spec, YardRebuilder)


def spec_of(game) -> YardSpec | None:
    """The :class:`YardSpec` a yard tree was built from (``None`` otherwise)."""
    return rebuild.spec_of(game, YardRebuilder)
