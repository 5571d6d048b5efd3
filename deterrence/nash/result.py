"""Immutable results that carry their provenance, and their JSON form.

A :class:`SolveResult` says which solution concept it lists, by which
method, whether arithmetic was exact, whether the list is complete, and any
warnings. Its :meth:`SolveResult.to_json` is the public ``--json`` contract
(``schema = "deterrence.result/1"``): later features add keys, never remove
or change them.

Example
-------
>>> from deterrence.model import NormalFormGame
>>> g = NormalFormGame.bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
>>> eq = MixedEquilibrium(((Fraction(1, 2), Fraction(1, 2)),) * 2, (Fraction(0),) * 2)
>>> eq.to_json(g)["strategies"]["Row"]
{'r1': '1/2', 'r2': '1/2'}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

from deterrence.model.display import Displayable, short_repr
from deterrence.model.envelope import envelope
from deterrence.model.expr import format_fraction
from deterrence.model.numbers import number

RESULT_SCHEMA = "deterrence.result/1"
#: The same document when a number in it is irrational: such a number is written
#: ``{"exact", "decimal", "polynomial", "interval"}`` instead of a string. Results
#: whose numbers are all rational keep writing :data:`RESULT_SCHEMA`.
ALGEBRAIC_RESULT_SCHEMA = "deterrence.result/2"


def value_text(value) -> str:
    """``1/3`` for a rational, the exact form (``-1 + sqrt(2)``) of an irrational."""
    if hasattr(value, "exact_text"):
        return str(value)
    if isinstance(value, float):
        return f"{value:.10g}"
    return format_fraction(value)


def value_json(value, as_float: bool = False):
    """A number in JSON: ``"1/3"`` (schema /1), ``{"exact", "decimal", ...}`` for an
    irrational one (schema /2), a float with ``as_float``."""
    if hasattr(value, "exact_text"):
        return value.to_json(as_float)
    return number(value, as_float)


def is_irrational(value) -> bool:
    return hasattr(value, "exact_text") and not value.is_rational()


@dataclass(frozen=True)
class MixedEquilibrium:
    """A mixed-strategy profile of a normal-form game and its payoffs.

    Parameters
    ----------
    strategies:
        One probability vector per player, over that player's strategies.
    payoffs:
        Expected payoff of every player.
    component:
        Index of the connected component of equilibria it belongs to.
    """

    strategies: tuple[tuple[Fraction, ...], ...]
    payoffs: tuple[Fraction, ...]
    component: int = 0

    @property
    def is_exact_rational(self) -> bool:
        """Every probability and payoff is rational (no irrational number)."""
        return not any(is_irrational(v) for s in self.strategies for v in s) and \
            not any(is_irrational(v) for v in self.payoffs)

    @property
    def is_pure(self) -> bool:
        return all(sum(1 for p in s if p) == 1 for s in self.strategies)

    def support(self, player: int) -> tuple[int, ...]:
        return tuple(i for i, p in enumerate(self.strategies[player]) if p)

    def label(self, game=None) -> str:
        """``(Defect, Defect)`` for a pure profile, else the probabilities.

        Without a game, the label uses strategy numbers.
        """
        parts = []
        for player, probs in enumerate(self.strategies):
            names = game.strategies[player] if game is not None else None
            support = self.support(player)
            if len(support) == 1:
                k = support[0]
                parts.append(names[k] if names else f"s{k + 1}")
            else:
                parts.append(" + ".join(
                    f"{value_text(probs[k])} {names[k] if names else f's{k + 1}'}"
                    for k in support))
        return "(" + ", ".join(parts) + ")"

    def to_json(self, game, as_float: bool = False) -> dict[str, Any]:
        return {
            "strategies": {
                player: {label: value_json(p, as_float)
                         for label, p in zip(game.strategies[i], self.strategies[i])}
                for i, player in enumerate(game.players)
            },
            "payoffs": {player: value_json(v, as_float) for player, v in zip(game.players, self.payoffs)},
            "pure": self.is_pure,
            "component": self.component,
        }


@dataclass(frozen=True)
class Component:
    """A connected component of the equilibrium set (two-player games).

    ``extreme`` lists the indices of its extreme equilibria; ``maximal_subsets``
    the maximal Nash subsets (convex sets, products of two polytopes) whose
    union it is. A component with more than one extreme point is a continuum.
    """

    extreme: tuple[int, ...]
    maximal_subsets: tuple[tuple[int, ...], ...]

    @property
    def is_continuum(self) -> bool:
        return len(self.extreme) > 1

    def to_json(self) -> dict[str, Any]:
        return {"extreme": list(self.extreme),
                "maximal_subsets": [list(s) for s in self.maximal_subsets],
                "continuum": self.is_continuum}


@dataclass(frozen=True, repr=False)
class SolveResult(Displayable):
    """What a solver found, and how.

    Parameters
    ----------
    game:
        The game that was solved (parameter values in force included).
    concept:
        ``"nash"``, ``"pure-nash"``, ``"subgame-perfect"``, ``"perfect-bayesian"``.
    method:
        The algorithm, e.g. ``"vertex-enumeration"``.
    exact:
        Whether arithmetic was exact rational arithmetic.
    complete:
        Whether the list holds every equilibrium of the concept (for mixed
        equilibria of two-player games: every *extreme* equilibrium).
    equilibria:
        The equilibria, in a deterministic order.
    components:
        Connected components, where the method finds them.
    warnings:
        Things a user should know (e.g. "one equilibrium, not all").
    steps:
        Teaching steps (rounds of elimination, ...), as plain data.
    sets:
        Positive-dimensional sets of equilibria of a game with three or more
        players (:class:`~deterrence.nash.eqsets.EquilibriumSet`): each is
        described by its equations and conditions, not by samples. With
        ``complete`` true, every equilibrium is listed or lies in a set.
    tolerance:
        For an approximate (floating-point) answer: the largest gain any
        player can make by deviating, as verified.
    """

    game: Any
    concept: str
    method: str
    exact: bool
    complete: bool
    equilibria: tuple[Any, ...]
    components: tuple[Component, ...] = ()
    warnings: tuple[str, ...] = ()
    steps: tuple[Any, ...] = field(default=())
    sets: tuple[Any, ...] = ()
    tolerance: float | None = None

    display_as = "result"

    def __repr__(self) -> str:
        title = getattr(self.game, "title", "")
        count = len(self.equilibria)
        return short_repr("SolveResult", repr(title), f"concept={self.concept!r}",
                          f"method={self.method!r}", f"{count} equilibri{'um' if count == 1 else 'a'}",
                          "complete" if self.complete else "incomplete")

    def table_rows(self, as_float: bool = False) -> list[dict[str, Any]]:
        """One row per equilibrium, as ``--format csv`` writes it."""
        from deterrence.nash.frames import summary_rows

        return summary_rows(self, as_float)

    def to_frame(self, exact: bool = False):
        """The equilibria as a tidy ``pandas.DataFrame`` (see :mod:`deterrence.nash.frames`)."""
        from deterrence.nash.frames import to_frame

        return to_frame(self, exact=exact)

    def to_numpy(self) -> list:
        """One array per player: a row per equilibrium, a column per strategy."""
        from deterrence.nash.frames import to_numpy

        return to_numpy(self)

    @property
    def schema(self) -> str:
        """``deterrence.result/1``, or ``/2`` when an irrational number is written."""
        rational = all(getattr(eq, "is_exact_rational", True) for eq in self.equilibria) and \
            all(s.witness.is_exact_rational for s in self.sets)
        return RESULT_SCHEMA if rational else ALGEBRAIC_RESULT_SCHEMA

    def to_json(self, as_float: bool = False) -> dict[str, Any]:
        """The public ``--json`` document (schema ``deterrence.result/1``, or
        ``deterrence.result/2`` when a number is irrational)."""
        game = self.game
        doc: dict[str, Any] = {
            **envelope(RESULT_SCHEMA if as_float else self.schema, game, as_float),
            "concept": self.concept,
            "method": self.method,
            "exact": self.exact,
            "complete": self.complete,
            "equilibria": [eq.to_json(game, as_float) for eq in self.equilibria],
            "warnings": list(self.warnings),
        }
        if self.components:
            doc["components"] = [c.to_json() for c in self.components]
        if self.sets:
            doc["sets"] = [s.to_json(game, as_float) for s in self.sets]
        if self.tolerance is not None:
            doc["tolerance"] = self.tolerance
        if self.steps:
            doc["steps"] = [step_json(s, as_float) for s in self.steps]
        return doc


def step_json(step, as_float: bool = False):
    if hasattr(step, "to_json"):
        return step.to_json(as_float)
    return step


def sort_key(eq: MixedEquilibrium) -> tuple:
    """Deterministic order: pure first, then lexicographically by probabilities
    (descending, so that the first strategies come first)."""
    return (not eq.is_pure, tuple(-p for s in eq.strategies for p in s))


def ordered(equilibria: Sequence[MixedEquilibrium]) -> list[MixedEquilibrium]:
    return sorted(equilibria, key=sort_key)
