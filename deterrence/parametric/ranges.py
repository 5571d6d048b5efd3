"""Ranges of parameters: ``NAME=LO:HI``, read from the command line and checked against a game.

Example
-------
>>> r = Range.parse("p=0:1/2")
>>> r, r.grid(3)
(Range(name='p', lo=Fraction(0, 1), hi=Fraction(1, 2)), [Fraction(0, 1), Fraction(1, 4), Fraction(1, 2)])
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

from deterrence.errors import ExpressionError, GameFileError, UsageError
from deterrence.model.expr import format_fraction, to_fraction


@dataclass(frozen=True)
class Range:
    """``NAME=LO:HI`` — a parameter and the closed interval swept.

    >>> Range.parse("p=0:1/2")
    Range(name='p', lo=Fraction(0, 1), hi=Fraction(1, 2))
    """

    name: str
    lo: Fraction
    hi: Fraction

    @classmethod
    def parse(cls, text: str) -> "Range":
        name, sep, span = text.partition("=")
        lo_text, colon, hi_text = span.partition(":")
        name = name.strip()
        if not sep or not colon or not name or not lo_text.strip() or not hi_text.strip():
            raise UsageError(f"cannot read the range {text!r}",
                             hint="write NAME=LO:HI, e.g. C=0:12 or p=0:1")
        try:
            lo, hi = to_fraction(lo_text.strip()), to_fraction(hi_text.strip())
        except ExpressionError:
            raise UsageError(f"the range {text!r} needs two numbers",
                             hint="write NAME=LO:HI with numbers or fractions, e.g. p=0:1/2") from None
        if not lo < hi:
            raise UsageError(f"empty range {text!r}: {format_fraction(lo)} is not below "
                             f"{format_fraction(hi)}", hint="write the smaller end first")
        return cls(name, lo, hi)

    @property
    def text(self) -> str:
        return f"{self.name}={format_fraction(self.lo)}:{format_fraction(self.hi)}"

    def value(self, index: int, steps: int) -> Fraction:
        """The exact ``index``-th of ``steps`` grid values."""
        if steps < 2:
            return self.lo
        return self.lo + index * (self.hi - self.lo) / (steps - 1)

    def grid(self, steps: int) -> list[Fraction]:
        """``steps`` equally spaced exact values from ``lo`` to ``hi``."""
        if steps < 2:
            return [self.lo]
        width = (self.hi - self.lo) / (steps - 1)
        return [self.lo + k * width for k in range(steps)]


def whole_steps(rng: Range, steps: int) -> bool:
    """Whether every one of ``steps`` grid values of ``rng`` is a whole number.

    >>> whole_steps(Range.parse("N=0:10"), 11), whole_steps(Range.parse("N=0:10"), 21)
    (True, False)
    """
    if rng.lo.denominator != 1 or rng.hi.denominator != 1:
        return False
    return steps < 2 or (rng.hi - rng.lo) % (steps - 1) == 0


def check_ranges(game, ranges: Sequence[Range], steps: int | None = None) -> None:
    """Every swept name must be a declared parameter and its range within bounds; with
    ``steps``, a count (``type = "integer"``) must be swept on whole numbers only.

    Raises
    ------
    UsageError
        For an undeclared name, a name swept twice, or a range leaving the
        parameter's bounds (exit 2).
    LimitError
        For a range that takes a built model beyond a limit (a pool above the
        ``members`` limit; exit 2, the hint names ``--limit``).
    GameFileError
        When the file's own bounds are inconsistent (exit 1).
    """
    params = game.parameters
    seen = set()
    for r in ranges:
        if r.name in seen:
            raise UsageError(f"{r.name} is swept twice", hint="give each parameter one range")
        seen.add(r.name)
        if r.name not in params.names:
            known = ", ".join(params.names) or "none"
            hint = f"parameters of this game: {known}"
            if r.name in {n for n, _ in params.definitions}:
                hint = f"{r.name} is a definition, computed from other parameters; " + hint
            raise UsageError(f"the game has no parameter {r.name!r} to sweep", hint=hint)
        p = params.get(r.name)
        if p.minimum is not None and p.maximum is not None and p.minimum > p.maximum:
            raise GameFileError(f"parameter {p.name} has min {format_fraction(p.minimum)} above max "
                                f"{format_fraction(p.maximum)}", hint="fix its bounds in the file")
        params.check_range(r.name, r.lo, r.hi)
        if p.integer and steps is not None and not whole_steps(r, steps):
            span = r.hi - r.lo
            fit = f"--steps {int(span) + 1}" if r.lo.denominator == 1 and r.hi.denominator == 1 \
                else "whole-number ends"
            raise UsageError(f"{p.name} counts something (type = \"integer\"), but {steps} steps over "
                             f"{r.text} put grid points between whole numbers",
                             hint=f"sweep it on whole numbers: {r.text} with {fit}, or a number of "
                                  f"steps that divides {format_fraction(span)} into whole steps")
    # a built model checks the values the ranges reach against its limits (a pool's members)
    check_request = getattr(getattr(game, "rebuild", None), "check_request", None)
    if check_request is not None:
        check_request(params, {}, {r.name: (r.lo, r.hi) for r in ranges})
    problems = params.check_bounds()
    fixed = [m for m in problems if not any(m.startswith(f"{r.name} = ") for r in ranges)]
    if fixed:
        raise GameFileError(f"parameter values out of bounds: {'; '.join(fixed)}",
                            hint="fix the default in the file or pass --set")


__all__ = ["Range", "check_ranges", "whole_steps"]
