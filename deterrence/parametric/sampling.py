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

import random
from fractions import Fraction


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


def sample_points(box, count: int, seed: int = 0) -> list[tuple[Fraction, ...]]:
    """``count`` seeded rational points in ``box`` (denominators 97, so ties are rare)."""
    rng = random.Random(seed)
    return [tuple(lo + (hi - lo) * Fraction(rng.randint(0, 97), 97) for _, lo, hi in box)
            for _ in range(count)]


__all__ = ["parameter_box", "sample_points"]
