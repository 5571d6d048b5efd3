"""What ``thresholds`` found: regimes with their conditions, boundaries, and the checks.

Example
-------
>>> from deterrence import load_game
>>> from deterrence.parametric.thresholds import derive_thresholds
>>> report = derive_thresholds(load_game("hawk_dove"), samples=20)
>>> report.to_json()["schema"], len(repr(report)) <= 200
('deterrence.thresholds/1', True)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from deterrence.model.display import Displayable, short_repr
from deterrence.model.expr import format_fraction
from deterrence.parametric.conditions import Condition
from deterrence.parametric.regimes import Regime
from deterrence.parametric.results import Boundary

THRESHOLDS_SCHEMA = "deterrence.thresholds/1"


@dataclass(frozen=True)
class RegimeConditions:
    """A regime and a conjunction of conditions under which it holds."""

    regime: Regime
    conditions: tuple[Any, ...]
    exact: bool
    samples: int
    profile: str = ""

    def text(self) -> str:
        return " and ".join(c.text for c in self.conditions) or "always"

    def to_json(self, game) -> dict[str, Any]:
        out = self.regime.to_json(game)
        out.update({"conditions": [condition_json(c) for c in self.conditions], "condition_text": self.text(),
                    "characterises": self.exact, "samples": self.samples})
        if self.profile:
            out["profile"] = self.profile
        return out


def condition_json(condition) -> dict[str, Any]:
    """``condition.to_json()``, printed once for all the regimes that share the condition
    (a tree's regimes repeat most of their comparisons, each with its own reason: the yard's
    48 regimes have 11,886 conditions, 486 of them different; printing them is the slow part).

    >>> import sympy
    >>> from deterrence.parametric.conditions import make_conditions
    >>> V, C = sympy.symbols("V C", positive=True)
    >>> (c,) = make_conditions(V - C, True, "Hawk pays", (V, C))
    >>> condition_json(c)["text"], condition_json(c)["reason"]
    ('V > C', 'Hawk pays')
    """
    from dataclasses import replace

    if not isinstance(condition, Condition):
        return condition.to_json()
    return {**_printed(replace(condition, reason="")), "reason": condition.reason}


@functools.lru_cache(maxsize=8192)
def _printed(condition) -> dict[str, Any]:
    return condition.to_json()


#: How an entry of :attr:`SweepCheck.changes` says that the parameter was not swept.
NOT_SWEPT = ("sweep failed: ", "sweep skipped: ")


@dataclass(frozen=True)
class SweepCheck:
    """A one-parameter sweep used as a check: change points vs formulas."""

    parameter: str
    lo: Fraction
    hi: Fraction
    changes: tuple[tuple[str, tuple[str, ...]], ...]   # (value, matching formulas)
    #: Why the sweep covers less than the box (the model refuses an end), or "".
    note: str = ""
    #: The change points, exact (rationals or algebraic numbers), in the order of ``changes``.
    values: tuple = field(default=(), compare=False, repr=False)
    #: For each change point, the bracket ``(lo, hi)`` that bisection located it in, or
    #: ``None`` where it is exact (a formula's root, a whole number).
    brackets: tuple = field(default=(), compare=False, repr=False)
    #: Changes between two grid points not yet located: ``(lo, hi, before, after)`` with the
    #: regimes on either side (:func:`~deterrence.parametric.thresholds.located`).
    pending: tuple = field(default=(), compare=False, repr=False)

    @property
    def matched(self) -> int:
        return sum(1 for _, f in self.changes if f)

    @property
    def not_swept(self) -> str:
        """Why the parameter was not swept (its one entry of ``changes`` says so, as the
        JSON has always had it), or ``""``."""
        if len(self.changes) == 1 and self.changes[0][0].startswith(NOT_SWEPT):
            return self.changes[0][0]
        return ""

    def to_json(self) -> dict[str, Any]:
        out = {"parameter": self.parameter, "lo": format_fraction(self.lo), "hi": format_fraction(self.hi),
               "changes": [{"value": v, "formulas": list(f)} for v, f in self.changes],
               "matched": self.matched, "total": len(self.changes)}
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True, eq=False)
class ThresholdReport(Displayable):
    """Everything :func:`~deterrence.parametric.thresholds.derive_thresholds` found, with its checks."""

    game: Any
    kind: str
    solution: Any = field(repr=False)
    regimes: tuple[RegimeConditions, ...]
    thresholds: tuple[Boundary, ...]
    agreement: tuple[int, int]
    degenerate_samples: int
    sweeps: tuple[SweepCheck, ...]
    box: tuple[tuple[str, Fraction, Fraction], ...]
    warnings: tuple[str, ...] = ()
    current: int | None = None      # index of the regime at the values in force

    display_as = "thresholds"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ThresholdReport):
            return NotImplemented
        return (self.game, self.kind, self.regimes, self.thresholds, self.agreement, self.sweeps,
                self.box, self.current) == (other.game, other.kind, other.regimes, other.thresholds,
                                            other.agreement, other.sweeps, other.box, other.current)

    def __hash__(self) -> int:
        return hash((self.kind, self.regimes, self.thresholds))

    def __repr__(self) -> str:
        return short_repr("ThresholdReport", repr(self.game.title), self.kind,
                          f"regimes={len(self.regimes)}", f"thresholds={len(self.thresholds)}",
                          f"agree={self.agreement[0]}/{self.agreement[1]}")

    def to_json(self, as_float: bool = False) -> dict[str, Any]:
        from deterrence.model.envelope import envelope

        game = self.game
        doc: dict[str, Any] = {
            **envelope(THRESHOLDS_SCHEMA, game, as_float),
            "kind": self.kind,
            "regimes": [r.to_json(game) for r in self.regimes],
            "current_regime": self.current,
            "thresholds": [t.to_json() for t in self.thresholds],
            "check": {"agree": self.agreement[0], "total": self.agreement[1],
                      "degenerate_samples": self.degenerate_samples,
                      "box": {n: [format_fraction(lo), format_fraction(hi)] for n, lo, hi in self.box},
                      "sweeps": [s.to_json() for s in self.sweeps]},
            "warnings": list(self.warnings),
        }
        if self.solution is not None and hasattr(self.solution, "candidates") and self.kind == "normal":
            doc["candidates"] = [c.to_json(game) for c in self.solution.candidates]
        elif self.solution is not None and hasattr(self.solution, "to_json"):
            doc["comparisons"] = self.solution.to_json()
        return doc


__all__ = ["ThresholdReport", "RegimeConditions", "SweepCheck", "NOT_SWEPT", "THRESHOLDS_SCHEMA", "condition_json"]
