"""Exact signs of rational functions of two parameters on every cell of a grid.

A regime map asks, for each cell of a ``steps`` x ``steps`` grid and for each
condition of each equilibrium found, whether the condition's rational
function is positive, zero or negative there — a cell exactly on a
threshold must be told from its neighbours, so floating point will not do.
The grid values are rationals ``X_i / Dx`` and ``Y_j / Dy`` with integer
``X_i``, ``Y_j`` and common denominators; a polynomial multiplied by
``Dx^deg_x * Dy^deg_y`` and the common denominator of its coefficients (all
positive) is then an integer polynomial in ``X_i`` and ``Y_j``, evaluated on
the whole grid at once in Python integers (numpy object arrays): exact, and
no slower than a few numpy passes per term.

Example
-------
>>> from fractions import Fraction
>>> from deterrence import load_game
>>> from deterrence.parametric.ranges import Range
>>> from deterrence.parametric.tree_pieces import FractionField
>>> g = load_game("punishment_credibility")
>>> field = FractionField(g, ("p", "c"))
>>> grid = GridSigns(field, Range.parse("p=0:1"), Range.parse("c=0:4"), 5)
>>> p, c = field.of_name("p"), field.of_name("c")
>>> grid.signs(p * (c + 1) - 1)   # rows: c = 0..4; columns: p = 0..1; 0 on p = 1/(c + 1)
array([[-1, -1, -1, -1,  0],
       [-1, -1,  0,  1,  1],
       [-1, -1,  1,  1,  1],
       [-1,  0,  1,  1,  1],
       [-1,  1,  1,  1,  1]], dtype=int8)
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from deterrence.parametric.ranges import Range

#: The sign given to a cell where a rational function's denominator vanishes.
POLE = 2


def _integers(values: list[Fraction]) -> tuple[np.ndarray, int]:
    """``values`` as integers over one common denominator: ``(numerators, denominator)``."""
    d = math.lcm(*(v.denominator for v in values)) if values else 1
    return np.array([int(v * d) for v in values], dtype=object), d


class GridSigns:
    """Signs of elements of a :class:`~deterrence.parametric.tree_pieces.FractionField`
    (rational functions of the map's two parameters) on every cell of the map's grid.

    ``signs(v)[j, i]`` is the sign of ``v`` at ``(x_i, y_j)``: -1, 0, 1, or :data:`POLE`.
    Results are cached per element (kept alive by the cache itself).
    """

    def __init__(self, field, x: Range, y: Range, steps: int) -> None:
        self.field = field
        self.xs, self.ys = x.grid(steps), y.grid(steps)
        self._ix, self._iy = field.names.index(x.name), field.names.index(y.name)
        self._X, self._dx = _integers(self.xs)
        self._Y, self._dy = _integers(self.ys)
        self.shape = (len(self.ys), len(self.xs))
        self._cache: dict[int, tuple[Any, np.ndarray]] = {}

    def _powers(self, base: np.ndarray, denominator: int, degree: int) -> list[np.ndarray]:
        """``base**k * denominator**(degree - k)`` for ``k = 0..degree``."""
        out = []
        for k in range(degree + 1):
            out.append(base ** k * denominator ** (degree - k) if k else
                       np.full(base.shape, denominator ** degree, dtype=object))
        return out

    def polynomial(self, poly) -> np.ndarray:
        """A positive multiple of the ring polynomial ``poly`` at every cell, in integers."""
        terms = list(poly.items())
        if not terms:
            return np.zeros(self.shape, dtype=object)
        ix, iy = self._ix, self._iy
        dx = max(m[ix] for m, _ in terms)
        dy = max(m[iy] for m, _ in terms)
        scale = math.lcm(*(int(c.denominator) for _, c in terms))
        xp = self._powers(self._X, self._dx, dx)
        yp = self._powers(self._Y, self._dy, dy)
        rows: dict[int, Any] = {}
        for m, c in terms:
            coefficient = int(c.numerator) * (scale // int(c.denominator))
            row = coefficient * xp[m[ix]]
            rows[m[iy]] = rows[m[iy]] + row if m[iy] in rows else row
        total = np.zeros(self.shape, dtype=object)
        for b, row in rows.items():
            total = total + np.multiply.outer(yp[b], row)
        return total

    def polynomial_signs(self, poly) -> np.ndarray:
        values = self.polynomial(poly)
        return (values > 0).astype(np.int8) - (values < 0).astype(np.int8)

    def signs(self, v) -> np.ndarray:
        """The sign of the rational function ``v`` at every cell (:data:`POLE` at a pole)."""
        key = id(v)
        if key not in self._cache:
            top = self.polynomial_signs(v.numer)
            bottom = self.polynomial_signs(v.denom)
            out = top * bottom
            out[bottom == 0] = POLE
            self._cache[key] = (v, out)
        return self._cache[key][1]


__all__ = ["GridSigns", "POLE"]
