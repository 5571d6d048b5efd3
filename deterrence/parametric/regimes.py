"""Regimes: the qualitative answer a game gives at some parameter values.

Moving a parameter changes the numbers of an equilibrium continuously; the
*regime* is what changes in jumps, and what people ask about:

* for a normal-form game, which profiles are equilibria and on which
  supports — "Hawk is dominant" (one pure equilibrium) versus "chicken"
  (two pure equilibria and a mixed one on {Hawk, Dove} × {Hawk, Dove});
* for a game tree, which outcomes have positive probability on the
  equilibrium path — "the challenger does not challenge" versus
  "challenge, then the defender backs down".

A :class:`Regime` is a frozen value, so regimes compare with ``==`` and can
key dictionaries; :func:`regime_of_result` reads it off an exact solver's
result, :func:`regime_of_candidates` off the valid symbolic candidates.

Example
-------
>>> from deterrence import load_game
>>> from deterrence.solver import solve
>>> g = load_game("hawk_dove")
>>> r = regime_of_result(solve(g))
>>> r.label(g)
'(Hawk, Dove), (Dove, Hawk), mixed {Hawk, Dove} x {Hawk, Dove}'
>>> r == regime_of_result(solve(g.with_values({"C": 10})))
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Hashable, Sequence

from deterrence.model.labels import support_label

#: Letters used to name regimes compactly (tables, terminal charts).


def _member_key(member) -> tuple:
    """Pure profiles first, then by support size and indices."""
    if member and isinstance(member[0], tuple):
        return (0, sum(len(s) for s in member), member)
    return (1, len(member), tuple(str(m) for m in member))


@dataclass(frozen=True)
class Regime:
    """The qualitative answer at a point of parameter space.

    Parameters
    ----------
    kind:
        ``"normal"`` or ``"tree"``.
    members:
        For a normal-form game, the support profile of each (extreme)
        equilibrium — one tuple of strategy indices per player; a pure
        equilibrium has singleton supports. For a tree, for each
        equilibrium the labels of the outcomes reached with positive
        probability.
    degenerate:
        True at a boundary between regimes where payoffs tie (extra or
        continua of equilibria may appear there).
    """

    kind: str
    members: tuple[Hashable, ...]
    degenerate: bool = False

    @classmethod
    def of(cls, kind: str, members: Sequence[Hashable], degenerate: bool = False) -> "Regime":
        """A regime with its members deduplicated and in canonical order."""
        unique = sorted(set(members), key=_member_key)
        return cls(kind, tuple(unique), degenerate)

    @property
    def is_empty(self) -> bool:
        return not self.members

    def label(self, game) -> str:
        """Words for people: ``(Hawk, Hawk)`` or ``mixed {Hawk, Dove} x {...}``."""
        if not self.members:
            return "no equilibrium"
        if self.kind == "tree":
            parts = [" / ".join(str(o) for o in m) if m else "(nothing)" for m in self.members]
            text = "; ".join(parts)
        else:
            parts = []
            for m in self.members:
                text = support_label(game, m)
                parts.append(text if all(len(s) == 1 for s in m) else f"mixed {text}")
            text = ", ".join(parts)
        return text + (" (boundary)" if self.degenerate else "")

    def to_json(self, game) -> dict[str, Any]:
        doc: dict[str, Any] = {"label": self.label(game), "kind": self.kind,
                               "degenerate": self.degenerate}
        if self.kind == "tree":
            doc["outcomes"] = [list(m) for m in self.members]
        else:
            doc["equilibria"] = [
                {"pure": all(len(s) == 1 for s in m),
                 "supports": {p: [game.strategies[i][k] for k in s]
                              for i, (p, s) in enumerate(zip(game.players, m))}}
                for m in self.members]
        return doc


def regime_of_result(result, degenerate: bool = False) -> Regime:
    """The regime of an exact solver's result.

    For normal-form games, the supports of its equilibria; for trees, the
    outcomes each equilibrium reaches with positive probability.
    """
    game = result.game
    if getattr(game, "kind", "normal") == "normal":
        members = [tuple(eq.support(i) for i in range(game.n_players)) for eq in result.equilibria]
        return Regime.of("normal", members, degenerate)
    return Regime.of("tree", [path_outcomes(eq) for eq in result.equilibria], degenerate)


def path_outcomes(equilibrium) -> tuple[str, ...]:
    """Labels of the outcomes an equilibrium of a tree reaches with positive probability."""
    outcomes = getattr(equilibrium, "outcomes", None)
    if outcomes is None:
        return ()
    items = outcomes.items() if hasattr(outcomes, "items") else outcomes
    return tuple(sorted({str(label) for label, p in items if p}))


def regime_of_candidates(solution, valid: Sequence[bool], degenerate: bool = False) -> Regime:
    """The regime made of the symbolic candidates that are valid."""
    members = [c.supports for c, ok in zip(solution.candidates, valid) if ok]
    return Regime.of("normal", members, degenerate)


__all__ = ["Regime", "regime_of_result", "regime_of_candidates", "path_outcomes"]
