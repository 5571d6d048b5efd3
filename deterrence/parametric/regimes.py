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
key dictionaries; :func:`normal_regime` and :func:`tree_regime` read it off an
exact solver's result (:func:`deterrence.parametric.backends.regime_of_result`
chooses by the game's type), :func:`regime_of_candidates` off the valid
symbolic candidates.

Example
-------
>>> from deterrence import load_game
>>> from deterrence.solver import solve
>>> g = load_game("hawk_dove")
>>> r = normal_regime(solve(g))
>>> r.label(g)
'(Hawk, Dove), (Dove, Hawk), mixed {Hawk, Dove} x {Hawk, Dove}'
>>> r == normal_regime(solve(g.with_values({"C": 10})))
True
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Hashable, Sequence

import numpy as np

from deterrence.model.labels import support_label


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

    def member_labels(self, game) -> list[str]:
        """Words for each member: ``(Hawk, Dove)``, ``mixed {Hawk, Dove} x {...}``, or for a
        tree the outcomes one equilibrium reaches, joined by `` / ``."""
        if self.kind == "tree":
            return [" / ".join(str(o) for o in m) if m else "(nothing)" for m in self.members]
        parts = []
        for m in self.members:
            text = support_label(game, m)
            parts.append(text if all(len(s) == 1 for s in m) else f"mixed {text}")
        return parts

    def label(self, game) -> str:
        """Words for people: ``(Hawk, Hawk)`` or ``mixed {Hawk, Dove} x {...}``."""
        if not self.members:
            return "no equilibrium"
        text = ("; " if self.kind == "tree" else ", ").join(self.member_labels(game))
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


def normal_regime(result, degenerate: bool = False) -> Regime:
    """The regime of an exact normal-form solver's result: the supports of its equilibria."""
    game = result.game
    members = [tuple(eq.support(i) for i in range(game.n_players)) for eq in result.equilibria]
    return Regime.of("normal", members, degenerate)


def tree_regime(result, degenerate: bool = False) -> Regime:
    """The regime of an exact tree solver's result: the outcomes each equilibrium reaches."""
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
    return regime_of_supports([c.supports for c, ok in zip(solution.candidates, valid) if ok], degenerate)


def regime_of_supports(supports: Sequence[tuple], degenerate: bool = False) -> Regime:
    """The normal-form regime whose equilibria have these support profiles."""
    return Regime.of("normal", supports, degenerate)


def support_key(eq) -> tuple:
    """Supports of a normal-form equilibrium; outcomes reached for a tree's."""
    if not hasattr(eq, "strategies"):
        return path_outcomes(eq)
    return tuple(tuple(k for k, p in enumerate(s) if p and (not isinstance(p, float) or p > 1e-12))
                 for s in eq.strategies)


def regime_index(regimes: list[Regime], regime: Regime) -> int:
    """The position of ``regime`` in ``regimes``, appending it when new."""
    if regime not in regimes:
        regimes.append(regime)
    return regimes.index(regime)


def on_boundary(regime: Regime) -> Regime:
    """A tree regime met exactly on a threshold: several equilibria with
    different paths there (the two sides' answers tie) are marked as a boundary."""
    return replace(regime, degenerate=True) if len(regime.members) > 1 else regime


def only_on_thresholds(regimes: list, grid: np.ndarray, unsure: np.ndarray) -> tuple[list, np.ndarray]:
    """Mark as boundaries the regimes met only at cells on a threshold.

    A regime that appears nowhere but where some condition is exactly zero is
    the answer *on* a boundary (ties, extra equilibria), not a region.
    """
    out = list(regimes)
    for r, regime in enumerate(regimes):
        cells = grid == r
        if cells.any() and not (cells & ~unsure).any() and not regime.degenerate:
            out[r] = replace(regime, degenerate=True)
    return out, grid


def opposite_sides(grid: np.ndarray, values: np.ndarray, regimes=None) -> set:
    """Pairs of regimes lying on opposite sides of ``values = 0`` on a map: the sign
    of ``values`` is constant (and opposite) over each one's cells. Regimes
    on a boundary are left out, as are regimes the curve runs through."""
    sign = np.sign(np.where(np.isfinite(values), values, 0))
    sides = {}
    for r in np.unique(grid):
        if regimes is not None and regimes[int(r)].degenerate:
            continue
        signs = set(np.unique(sign[grid == r]).tolist()) - {0.0}
        if len(signs) == 1:
            sides[int(r)] = signs.pop()
    return {(a, b) for a in sides for b in sides if a < b and sides[a] != sides[b]}


__all__ = ["Regime", "support_key", "opposite_sides", "regime_of_supports", "normal_regime", "tree_regime", "regime_of_candidates", "path_outcomes",
           "regime_index", "on_boundary", "only_on_thresholds"]
