"""Named parameters: the numbers a user changes to see the answer move.

A :class:`Parameter` has an exact default, optional bounds and a description.
:class:`Parameters` is the ordered, immutable set a game carries, together
with *definitions* (named expressions over parameters, e.g. the shortfall
``sigma*Q*tau``) and the current values.

Example
-------
>>> p = Parameters.of(Parameter("V", Fraction(2)), Parameter("C", Fraction(6), minimum=Fraction(0)))
>>> p.values()["C"]
Fraction(6, 1)
>>> p.with_values({"C": Fraction(8)}).values()["C"]
Fraction(8, 1)
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Iterable, Mapping

from deterrence.errors import ExpressionError, UsageError
from deterrence.model.expr import Expr, format_fraction


@dataclass(frozen=True)
class Parameter:
    """A named number with an exact default and optional bounds.

    Parameters
    ----------
    name:
        Identifier used in expressions.
    default:
        The value used unless overridden.
    minimum, maximum:
        Inclusive bounds, or ``None``.
    description:
        What the number means, for people.
    integer:
        A count (``type = "integer"`` in the file: pool members, rungs): only
        whole numbers are allowed.

    Example
    -------
    >>> Parameter("p", Fraction(1, 2), Fraction(0), Fraction(1)).violation(Fraction(3, 2))
    'p = 3/2 is above its maximum 1'
    >>> Parameter("N", Fraction(4), Fraction(0), integer=True).violation(Fraction(5, 2))
    'N = 5/2 is not a whole number (N counts something)'
    """

    name: str
    default: Fraction
    minimum: Fraction | None = None
    maximum: Fraction | None = None
    description: str = ""
    integer: bool = False

    def violation(self, value: Fraction) -> str | None:
        """Why ``value`` is out of bounds (or not whole, for a count), or ``None`` when it
        is allowed."""
        if self.integer and Fraction(value).denominator != 1:
            return f"{self.name} = {format_fraction(value)} is not a whole number ({self.name} counts something)"
        if self.minimum is not None and value < self.minimum:
            return (f"{self.name} = {format_fraction(value)} is below its minimum "
                    f"{format_fraction(self.minimum)}")
        if self.maximum is not None and value > self.maximum:
            return (f"{self.name} = {format_fraction(value)} is above its maximum "
                    f"{format_fraction(self.maximum)}")
        return None

    @property
    def bounds_text(self) -> str:
        lo = "-∞" if self.minimum is None else format_fraction(self.minimum)
        hi = "∞" if self.maximum is None else format_fraction(self.maximum)
        return f"[{lo}, {hi}]"


@dataclass(frozen=True)
class Parameters:
    """The parameters of a game, its definitions and the values in force.

    ``overrides`` holds values that differ from the defaults (from ``--set``).
    """

    declared: tuple[Parameter, ...] = ()
    definitions: tuple[tuple[str, Expr], ...] = ()
    overrides: tuple[tuple[str, Fraction], ...] = field(default=())

    @classmethod
    def of(cls, *parameters: Parameter) -> "Parameters":
        return cls(tuple(parameters))

    def __bool__(self) -> bool:
        return bool(self.declared or self.definitions)

    def __iter__(self):
        return iter(self.declared)

    def __len__(self) -> int:
        return len(self.declared)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.declared)

    @property
    def known_names(self) -> frozenset[str]:
        """Every name an expression may use: parameters and definitions."""
        return frozenset(self.names) | {name for name, _ in self.definitions}

    def get(self, name: str) -> Parameter:
        for p in self.declared:
            if p.name == name:
                return p
        raise KeyError(name)

    def values(self) -> dict[str, Fraction]:
        """Every parameter's value in force (definitions not included)."""
        values = {p.name: p.default for p in self.declared}
        values.update(dict(self.overrides))
        return values

    def at_text(self, names: Iterable[str]) -> str:
        """`` at C = 3, V = 2``: the values in force of the declared parameters among
        ``names`` (in declaration order), for a message about one expression; ``""`` when
        it uses none."""
        wanted, values = set(names), self.values()
        text = ", ".join(f"{p.name} = {format_fraction(values[p.name])}" for p in self.declared
                         if p.name in wanted)
        return f" at {text}" if text else ""

    def environment(self) -> dict[str, Fraction]:
        """Values of parameters *and* definitions, for evaluating payoffs."""
        env = self.values()
        for name, expr in self.definitions:
            try:
                env[name] = expr.evaluate(env)
            except ExpressionError as exc:
                raise ExpressionError(f"definition {name} = {expr}: {exc.message}",
                                      hint=exc.hint) from None
        return env

    def with_values(self, values: Mapping[str, Fraction]) -> "Parameters":
        """A copy with some values changed; unknown names and bounds are checked.

        Raises
        ------
        UsageError
            For a name the game does not declare, or a value out of bounds.
        """
        overrides = dict(self.overrides)
        for name, value in values.items():
            if name not in self.names:
                known = ", ".join(self.names) or "none"
                raise UsageError(f"the game has no parameter {name!r}",
                                 hint=f"parameters of this game: {known}")
            value = Fraction(value)
            problem = self.get(name).violation(value)
            if problem:
                whole = "a whole number " if self.get(name).integer else ""
                raise UsageError(problem, hint=f"{name} must be {whole}in {self.get(name).bounds_text}")
            overrides[name] = value
        return replace(self, overrides=tuple(sorted(overrides.items())))

    def check_range(self, name: str, lo: Fraction, hi: Fraction) -> None:
        """Refuse a range ``lo..hi`` of the declared parameter ``name`` that leaves its
        bounds (a sweep's ``NAME=LO:HI``).

        >>> Parameters.of(Parameter("p", Fraction(1, 2), Fraction(0), Fraction(1))).check_range(
        ...     "p", Fraction(0), Fraction(2))
        Traceback (most recent call last):
        ...
        deterrence.errors.UsageError: the range p=0:2 leaves the bounds of p: p = 2 is above its maximum 1
          hint: p must lie in [0, 1]

        Raises
        ------
        UsageError
            For an end out of bounds (exit 2).
        """
        p = self.get(name)
        for end in (lo, hi):
            problem = p.violation(end)
            if problem:
                raise UsageError(f"the range {name}={format_fraction(lo)}:{format_fraction(hi)} "
                                 f"leaves the bounds of {name}: {problem}",
                                 hint=f"{name} must lie in {p.bounds_text}")

    def check_bounds(self) -> list[str]:
        """Messages for every value in force that is out of bounds."""
        values = self.values()
        return [msg for p in self.declared if (msg := p.violation(values[p.name]))]


def parse_assignments(items: Iterable[str]) -> dict[str, Fraction]:
    """Read ``NAME=VALUE`` strings (``--set``) into exact values.

    >>> parse_assignments(["C=8", "p=1/3", "x=0.25"])
    {'C': Fraction(8, 1), 'p': Fraction(1, 3), 'x': Fraction(1, 4)}
    """
    from deterrence.model.expr import to_fraction

    out: dict[str, Fraction] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name or not text.strip():
            raise UsageError(f"cannot read {item!r}", hint="write NAME=VALUE, e.g. --set C=8")
        try:
            out[name] = to_fraction(text.strip())
        except ExpressionError as exc:
            raise UsageError(f"value of {name} is not a number: {text.strip()!r}",
                             hint="use a number or a fraction such as 1/3") from exc
    return out
