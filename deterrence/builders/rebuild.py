"""What every builder file shares: read the spec, build the tree, rebuild on demand.

A builder (pool, ladder) turns a checked *spec* into an ordinary
:class:`~deterrence.model.tree.GameTree`. The tree keeps a :class:`Rebuilder`
as its ``rebuild`` attribute, so that changing a parameter value that shapes
the tree (a member count, a prior of exactly 0) builds it again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable, Hashable

from deterrence.errors import GameFileError
from deterrence.io.toml_document import TomlDocument
from deterrence.model.parameters import Parameters


@dataclass(frozen=True)
class Rebuilder:
    """Builds a tree from ``spec`` for given parameters; subclasses define :meth:`build`.

    ``meta`` holds the file's title, description, source and metadata, as
    ``(key, value)`` pairs.

    A builder whose tree holds its payoffs and probabilities as formulas in the
    parameters, so that values change only which moves there are, says so by
    :meth:`shape`: a tree built for one shape is kept and given new values (after
    :meth:`check`, the checks a fresh build makes of them). A sweep asks for the
    tree at every grid point.
    """

    spec: Any
    meta: tuple

    kind = "tree"

    def build(self, parameters: Parameters):  # pragma: no cover - abstract
        raise NotImplementedError

    def shape(self, parameters: Parameters) -> Hashable | None:
        """What of the tree the values decide (its moves), or ``None``: built every time."""
        return None

    def check(self, parameters: Parameters) -> None:
        """The checks a build makes of the values (raises GameFileError)."""

    def __call__(self, parameters: Parameters):
        shape = self.shape(parameters)
        key = (id(self.spec), type(self), shape)
        built = _BUILT.get(key) if shape is not None else None
        if built is not None and built[0] is self.spec:
            self.check(parameters)
            return replace(built[1], parameters=parameters)
        tree = replace(self.build(parameters), rebuild=self)
        if shape is not None:
            if len(_BUILT) >= MAX_BUILT:
                _BUILT.clear()
            _BUILT[key] = (self.spec, tree)
        return tree


#: Trees kept, per (spec, builder, shape); the spec is kept with its tree to make ``id`` safe.
_BUILT: dict = {}
#: Most trees kept.
MAX_BUILT = 64


def read_built(doc: TomlDocument, read_spec: Callable[[TomlDocument], Any],
               rebuilder: type[Rebuilder]):
    """Read a builder file: its spec, header and parameters; build the tree.

    Errors raised while building are located at the builder's table.
    """
    spec = read_spec(doc)
    meta = doc.header(rebuilder.kind)
    parameters = doc.parameters()
    try:
        return rebuilder(spec, tuple(meta.items()))(parameters)
    except GameFileError as exc:
        raise exc.located(doc.path, doc.locator.line((rebuilder.kind,))) from None


def spec_of(game, rebuilder: type[Rebuilder]) -> Any | None:
    """The spec a tree was built from by ``rebuilder`` (``None`` otherwise)."""
    rebuild = getattr(game, "rebuild", None)
    return rebuild.spec if isinstance(rebuild, rebuilder) else None
