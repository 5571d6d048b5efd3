"""Exact numbers as people and programs read them.

One toolkit for every room: how an exact number is written in JSON
(:func:`number`).

Example
-------
>>> from fractions import Fraction
>>> number(Fraction(1, 3)), number(Fraction(1, 3), as_float=True), number(2)
('1/3', 0.3333333333333333, '2')
"""

from __future__ import annotations

from fractions import Fraction

from deterrence.model.expr import format_fraction


def number(value: Fraction | int | float, as_float: bool = False) -> str | float:
    """An exact string ``"1/3"``, or a float when asked for."""
    if as_float:
        return float(value)
    if isinstance(value, float):
        return repr(value)
    return format_fraction(value)


__all__ = ["number"]
