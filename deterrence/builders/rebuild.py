"""What every builder file shares: read the spec, build the tree, rebuild on demand.

A builder (pool, ladder) turns a checked *spec* into an ordinary
:class:`~deterrence.model.tree.GameTree`. The tree keeps a :class:`Rebuilder`
as its ``rebuild`` attribute, so that changing a parameter value that shapes
the tree (a member count, a prior of exactly 0) builds it again.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any, Callable, Hashable, Mapping

from deterrence.errors import GameFileError
from deterrence.io.toml_document import TomlDocument
from deterrence.model.expr import format_fraction
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

    def check_limits(self, parameters: Parameters, given: Mapping[str, str]) -> None:
        """Refuse, as bad usage (a :class:`~deterrence.errors.LimitError` with exit 2),
        ``parameters`` that take the build beyond a limit through values the caller gave
        (``given``: how each was given, ``N=4`` or a range ``N=0:4``). Nothing by default;
        the file's own values are the build's to refuse (a pool's members: exit 1)."""

    def check_request(self, parameters: Parameters, values: Mapping[str, Fraction],
                      ranges: Mapping[str, tuple[Fraction, Fraction]]) -> None:
        """:meth:`check_limits` for ``values`` given in place of the defaults and every
        corner of the ``ranges`` a sweep will take (within the parameters' bounds), before
        anything is built. The limits bound counts that grow with the parameters (a pool's
        members), so the ends of each range are where they are reached; the high ends are
        checked first, so that a refusal names the largest value the ranges reach."""
        given = {name: f"{name}={format_fraction(v)}" for name, v in values.items()}
        given.update({name: f"{name}={format_fraction(lo)}:{format_fraction(hi)}"
                      for name, (lo, hi) in ranges.items()})
        at = parameters.with_values(values)
        for corner in itertools.product(*((hi, lo) for lo, hi in ranges.values())):
            self.check_limits(at.with_values(dict(zip(ranges, corner))), given)

    def start(self, parameters: Parameters, values: Mapping[str, Fraction],
              swept: Mapping[str, tuple[Fraction, Fraction]]) -> Parameters:
        """The values to build at first, checked (:meth:`check_request`): ``values`` in
        place of the defaults, and each swept parameter at its default if its range holds
        it, else at the middle of the range (a whole number for a count), so that nothing
        is built at a default the command does not use.

        Raises
        ------
        UsageError
            For a value or a range out of the parameter's bounds, or beyond a limit
            (:meth:`check_limits`); an undeclared name is left to the sweep's own checks.
        """
        at = dict(values)
        ranges = {}
        defaults = parameters.values()
        for name, (lo, hi) in swept.items():
            if name in at or name not in parameters.names:
                continue            # refused by the sweep's own checks, which name them
            parameters.check_range(name, lo, hi)
            declared = parameters.get(name)
            ranges[name] = (lo, hi)
            if not lo <= defaults[name] <= hi:
                middle = (lo + hi) / 2
                at[name] = Fraction(math.floor(middle)) if declared.integer else middle
        self.check_request(parameters, values, ranges)
        return parameters.with_values(at)

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
    """Read a builder file: its spec, header and parameters; build the tree at the values
    the document will be used at (:meth:`Rebuilder.start`), not at defaults a command
    replaces.

    Errors raised while building are located at the builder's table.
    """
    spec = read_spec(doc)
    meta = doc.header(rebuilder.kind)
    build = rebuilder(spec, tuple(meta.items()))
    parameters = build.start(doc.parameters(), doc.values, doc.swept)
    try:
        return build(parameters)
    except GameFileError as exc:
        raise exc.located(doc.path, doc.locator.line((rebuilder.kind,))) from None


def spec_of(game, rebuilder: type[Rebuilder]) -> Any | None:
    """The spec a tree was built from by ``rebuilder`` (``None`` otherwise)."""
    rebuild = getattr(game, "rebuild", None)
    return rebuild.spec if isinstance(rebuild, rebuilder) else None
