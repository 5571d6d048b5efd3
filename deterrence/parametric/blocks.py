"""Per-point answers of a sweep, a stretch of the grid at a time: blocks of columns.

A :class:`Block` is a run of consecutive grid points with one regime and one
set of formulas: its grid values, and for each equilibrium an
:class:`EqColumns` — every field of that equilibrium's JSON (a probability,
a payoff, an outcome's probability) as one *column*: a single value when it
is constant on the block, else one value per point. Points that have no
formulas (a critical value hit by the grid, a degenerate stretch) come as
blocks of one point carrying the exact solver's equilibrium objects. The
writers of :mod:`deterrence.parametric.output` turn blocks into JSON points,
columnar JSON or CSV rows without ever holding more than one chunk.

Example
-------
>>> from fractions import Fraction
>>> from deterrence.parametric.ranges import Range
>>> from deterrence.parametric.univariate import RationalFunction
>>> x = RationalFunction.variable()
>>> column(2 / x, Range.parse("x=1:2"), 3, 0, 3, exact=True), column(x * 0 + 1, Range.parse("x=1:2"), 3, 0, 3, True)
(['2', '4/3', '1'], '1')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from deterrence.model.expr import format_fraction
from deterrence.parametric.univariate import RationalFunction, fraction_texts, grid_floats, grid_values


def column(f: RationalFunction, rng, steps: int, start: int, stop: int, exact: bool):
    """``f`` on grid points ``start..stop-1``: one value when constant, else a list
    (exact texts ``"1/3"``, or floats)."""
    if f.is_constant:
        return format_fraction(f.value) if exact else float(f.value)
    if exact:
        return fraction_texts(*grid_values(f, rng.lo, rng.hi, steps, start, stop))
    return f.floats(grid_floats(rng.lo, rng.hi, steps, start, stop)).tolist()


def value_column(rng, steps: int, start: int, stop: int, exact: bool) -> list:
    """The grid values ``start..stop-1``: exact texts, or floats (each the float nearest
    the exact value)."""
    num, den = grid_values(RationalFunction.variable(), rng.lo, rng.hi, steps, start, stop)
    if exact:
        return fraction_texts(num, den)
    if num.dtype != object and len(num) and max(abs(int(num.max())), abs(int(num.min())), int(den.max())) < 2**53:
        return (num.astype(float) / den.astype(float)).tolist()
    return [n / d for n, d in zip(num.tolist(), den.tolist())]


def entry(col, k: int):
    """Point ``k`` of a column (a constant is the same everywhere)."""
    return col[k] if isinstance(col, list) else col


@dataclass
class EqColumns:
    """One equilibrium on a block: its JSON fields by path, each a column."""

    key: tuple
    fields: dict[tuple[str, ...], Any]
    #: What orders equilibria at a point (the normal form's probabilities), if it varies.
    order: Any = None

    def at(self, k: int) -> dict[str, Any]:
        """The equilibrium's JSON document at point ``k`` of the block."""
        out: dict[str, Any] = {}
        for path, col in self.fields.items():
            target = out
            for name in path[:-1]:
                target = target.setdefault(name, {})
            target[path[-1]] = entry(col, k)
        return out

    @property
    def constant(self) -> bool:
        return not any(isinstance(c, list) for c in self.fields.values())


@dataclass
class Block:
    """Consecutive grid points ``start..stop-1`` with one regime.

    ``equilibria`` holds the columns of each equilibrium; a block without
    formulas holds ``objects`` instead: per point, the exact solver's
    equilibria (with ``to_json(game, as_float)``).
    """

    start: int
    stop: int
    regime: int
    change: bool
    values: list
    equilibria: Sequence[EqColumns] = ()
    objects: Sequence[tuple] | None = field(default=None)

    def __len__(self) -> int:
        return self.stop - self.start


__all__ = ["Block", "EqColumns", "column", "value_column", "entry"]
