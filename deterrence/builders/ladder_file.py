"""Read a ``kind = "ladder"`` file as an ordinary game tree.

The reader checks the file (:mod:`deterrence.builders.ladder_spec`), builds
the tree (:mod:`deterrence.builders.ladder`) at the parameter values in
force, and attaches a rebuild function, so that ``--set q=1/5`` checks the
new values (a probability must stay in [0, 1]) and builds the tree again.

Example
-------
>>> from deterrence.io.toml_document import TomlDocument
>>> from deterrence.builders.ladder_spec import EXAMPLE
>>> game = read_ladder(TomlDocument(EXAMPLE))
>>> game.kind, game.is_perfect_information, spec_of(game).first
('tree', True, 'A')
>>> game.with_values({"q": 0}).node("reach1").probabilities[0]
Name(name='q')
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from deterrence.builders.ladder import NodeRole, build_ladder
from deterrence.builders.ladder_spec import LadderSpec, read_ladder_spec
from deterrence.errors import GameFileError
from deterrence.io.toml_document import TomlDocument
from deterrence.model.parameters import Parameters


def read_ladder(doc: TomlDocument):
    """The ladder game of a parsed ``kind = "ladder"`` document."""
    spec = read_ladder_spec(doc)
    meta = doc.header("ladder")
    parameters = doc.parameters()
    try:
        return LadderRebuilder(spec, tuple(meta.items()))(parameters)
    except GameFileError as exc:
        raise exc.located(doc.path, doc.locator.line(("ladder",))) from None


@dataclass(frozen=True)
class LadderRebuilder:
    """Builds the ladder tree again for new parameter values (``GameTree.rebuild``)."""

    kind = "ladder"

    spec: LadderSpec
    meta: tuple

    def __call__(self, parameters: Parameters):
        game, _ = build_ladder(self.spec, parameters, **dict(self.meta))
        return replace(game, rebuild=self)

    def roles(self, game) -> dict[str, NodeRole]:
        """What every node of ``game`` (built by this rebuilder) stands for."""
        return build_ladder(self.spec, game.parameters)[1]


def spec_of(game) -> LadderSpec | None:
    """The :class:`LadderSpec` a ladder tree was built from (``None`` otherwise)."""
    rebuild = getattr(game, "rebuild", None)
    return rebuild.spec if isinstance(rebuild, LadderRebuilder) else None


__all__ = ["read_ladder", "LadderRebuilder", "spec_of"]
