"""The solved pool game at one value of the varied parameter: the coercion figures.

Example
-------
>>> from fractions import Fraction
>>> p = PoolPoint(Fraction(5), Fraction(21116, 3125), Fraction(0), Fraction(-7), Fraction(2101, 3125), True)
>>> p.pays, p.to_json()["coercer_restrict"]
(True, '21116/3125')
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from deterrence.model.numbers import number


@dataclass(frozen=True)
class PoolPoint:
    """The solved pool game at one value of the varied parameter."""

    value: Fraction
    restrict: Fraction
    refrain: Fraction
    target_restrict: Fraction
    concede: Fraction
    coerces: bool
    several: bool = False

    @property
    def pays(self) -> bool:
        """Does restricting beat the status quo for the coercer?"""
        return self.restrict > self.refrain

    def to_json(self, as_float: bool = False) -> dict[str, Any]:
        return {"value": number(self.value, as_float),
                "coercer_restrict": number(self.restrict, as_float),
                "coercer_refrain": number(self.refrain, as_float),
                "target_if_restricted": number(self.target_restrict, as_float),
                "concede_probability": number(self.concede, as_float),
                "coercer_restricts": self.coerces, "coercion_pays": self.pays,
                "several_equilibria": self.several}


__all__ = ["PoolPoint"]
