"""Read a ``kind = "ladder"`` file as an ordinary game tree.

The reader checks the file (:mod:`deterrence.builders.ladder.spec`), builds
the tree (:mod:`deterrence.builders.ladder.tree`) at the parameter values in
force, and attaches a rebuild function, so that ``--set q=1/5`` checks the
new values (a probability must stay in [0, 1]) and builds the tree again.

Example
-------
>>> from deterrence.io.toml_document import TomlDocument
>>> from deterrence.builders.ladder.spec import EXAMPLE
>>> game = read_ladder(TomlDocument(EXAMPLE))
>>> game.kind, game.is_perfect_information, spec_of(game).first
('tree', True, 'A')
>>> game.with_values({"q": 0}).node("reach1").probabilities[0]
Name(name='q')
"""

from __future__ import annotations

from deterrence.builders import rebuild
from deterrence.builders.ladder.tree import NodeRole, build_ladder
from deterrence.builders.ladder.spec import LadderSpec, read_ladder_spec
from deterrence.io.toml_document import TomlDocument
from deterrence.model.parameters import Parameters


class LadderRebuilder(rebuild.Rebuilder):
    """Builds the ladder tree again for new parameter values (``GameTree.rebuild``).

    The tree's payoffs and probabilities are formulas in the parameters, so its shape
    changes only with the type profiles that can occur (a prior of exactly 0 or 1
    removes a type): its :meth:`shape` (see :class:`~deterrence.builders.rebuild.Rebuilder`).
    """

    kind = "ladder"

    def shape(self, parameters: Parameters):
        from deterrence.builders.ladder.tree import profiles

        env = parameters.environment()
        return tuple((profile, label) for profile, _, label in profiles(self.spec, env))

    def check(self, parameters: Parameters) -> None:
        self.spec.check(parameters.environment())

    def build(self, parameters: Parameters):
        return build_ladder(self.spec, parameters, **dict(self.meta))[0]

    def roles(self, game) -> dict[str, NodeRole]:
        """What every node of ``game`` (built by this rebuilder) stands for."""
        return build_ladder(self.spec, game.parameters)[1]


def read_ladder(doc: TomlDocument):
    """The ladder game of a parsed ``kind = "ladder"`` document."""
    return rebuild.read_built(doc, read_ladder_spec, LadderRebuilder)


def spec_of(game) -> LadderSpec | None:
    """The :class:`LadderSpec` a ladder tree was built from (``None`` otherwise)."""
    return rebuild.spec_of(game, LadderRebuilder)


__all__ = ["read_ladder", "LadderRebuilder", "spec_of"]
