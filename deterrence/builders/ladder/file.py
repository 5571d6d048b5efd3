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
    removes a type). A tree built for one set of profiles is kept and given the new
    values (after the same checks a fresh build makes): a sweep asks for the tree at
    every grid point.
    """

    kind = "ladder"

    def build(self, parameters: Parameters):
        from dataclasses import replace

        from deterrence.builders.ladder.tree import profiles

        env = parameters.environment()
        shape = tuple((profile, label) for profile, _, label in profiles(self.spec, env))
        built = _BUILT.get((id(self.spec), shape))
        if built is not None and built[0] is self.spec:
            self.spec.check(env)
            return replace(built[1], parameters=parameters)
        game = build_ladder(self.spec, parameters, **dict(self.meta))[0]
        if len(_BUILT) > 64:
            _BUILT.clear()
        _BUILT[(id(self.spec), shape)] = (self.spec, game)
        return game

    def roles(self, game) -> dict[str, NodeRole]:
        """What every node of ``game`` (built by this rebuilder) stands for."""
        return build_ladder(self.spec, game.parameters)[1]


#: Trees built per (spec, type profiles that occur); the spec is kept to make ``id`` safe.
_BUILT: dict = {}


def read_ladder(doc: TomlDocument):
    """The ladder game of a parsed ``kind = "ladder"`` document."""
    return rebuild.read_built(doc, read_ladder_spec, LadderRebuilder)


def spec_of(game) -> LadderSpec | None:
    """The :class:`LadderSpec` a ladder tree was built from (``None`` otherwise)."""
    return rebuild.spec_of(game, LadderRebuilder)


__all__ = ["read_ladder", "LadderRebuilder", "spec_of"]
