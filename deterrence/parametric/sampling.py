"""Sampled points of parameter space: a box around the values in force, seeded rationals in it.

Example
-------
>>> from deterrence import load_game
>>> box = parameter_box(load_game("hawk_dove"))
>>> box
[('V', Fraction(0, 1), Fraction(6, 1)), ('C', Fraction(0, 1), Fraction(18, 1))]
>>> sample_points(box, 1)
[(Fraction(294, 97), Fraction(18, 1))]
"""

from __future__ import annotations

import math
import random
from fractions import Fraction
from typing import Sequence


def parameter_box(game) -> list[tuple[str, Fraction, Fraction]]:
    """A box around the values in force, inside each parameter's bounds.

    A bounded side is used as it is; an open side reaches twice the scale of
    the value (at least 1) beyond it.

    >>> from deterrence import load_game
    >>> parameter_box(load_game("hawk_dove"))
    [('V', Fraction(0, 1), Fraction(6, 1)), ('C', Fraction(0, 1), Fraction(18, 1))]
    """
    values = game.parameters.values()
    box = []
    for p in game.parameters.declared:
        v = values[p.name]
        span = 2 * max(abs(v), Fraction(1))
        lo = p.minimum if p.minimum is not None else v - span
        hi = p.maximum if p.maximum is not None else max(v, lo) + span
        box.append((p.name, lo, hi))
    return box


def sample_points(box, count: int, seed: int = 0, integers: Sequence[str] = ()) -> list[tuple[Fraction, ...]]:
    """``count`` seeded rational points in ``box`` (denominators 97, so ties are rare);
    the parameters named in ``integers`` (counts) are drawn as whole numbers.

    >>> sample_points([("N", Fraction(0), Fraction(8)), ("p", Fraction(0), Fraction(1))], 2,
    ...               integers=["N"])
    [(Fraction(6, 1), Fraction(1, 1)), (Fraction(6, 1), Fraction(5, 97))]
    """
    rng = random.Random(seed)
    whole = set(integers)

    def draw(name, lo, hi):
        if name in whole:
            first, last = math.ceil(lo), math.floor(hi)
            if first <= last:
                return Fraction(rng.randint(first, last))
        return lo + (hi - lo) * Fraction(rng.randint(0, 97), 97)

    return [tuple(draw(name, lo, hi) for name, lo, hi in box) for _ in range(count)]


def axis_points(box, centre: Sequence[Fraction], integers: Sequence[str] = (),
                per_axis: int = 2) -> list[tuple[Fraction, ...]]:
    """Points on the lines through ``centre`` (the values in force) along each parameter
    of ``box``: ``per_axis`` of them, in the middles of equal parts of its side (whole
    numbers for a count), the others at ``centre``. The regimes one parameter's sweep
    meets are found there, which random points of a box of many dimensions seldom are.

    >>> axis_points([("p", Fraction(0), Fraction(1)), ("V", Fraction(0), Fraction(4))],
    ...             (Fraction(1, 2), Fraction(1)))     # (1/2, 1) is the centre
    [(Fraction(1, 4), Fraction(1, 1)), (Fraction(3, 4), Fraction(1, 1)), (Fraction(1, 2), Fraction(3, 1))]
    """
    whole = set(integers)
    out: list[tuple[Fraction, ...]] = []
    for k, (name, lo, hi) in enumerate(box):
        for j in range(per_axis):
            x = lo + (hi - lo) * Fraction(2 * j + 1, 2 * per_axis)
            if name in whole:
                x = Fraction(round(x))
            point = tuple(x if i == k else c for i, c in enumerate(centre))
            if point != tuple(centre) and point not in out:
                out.append(point)
    return out


def integer_parameters(game) -> tuple[str, ...]:
    """The parameters that count something (``type = "integer"``)."""
    return tuple(p.name for p in game.parameters.declared if p.integer)


__all__ = ["parameter_box", "sample_points", "axis_points", "integer_parameters"]
