"""Equilibria of game trees, in behaviour strategies, and their JSON form.

A :class:`TreeEquilibrium` prescribes, at every decision point (an
information set, named by its label; a single node is named by its id), a
probability for each action. It also carries what a reader of a deterrence
game wants to know: the expected payoffs, the probability of each outcome,
the beliefs at information sets, whether the profile is subgame perfect and
perfect Bayesian, and the incredible threats (:class:`Threat`) that make a
Nash equilibrium fail subgame perfection.

Pure prescriptions are kept in one integer array (``choice``), so a solved
tree of a million nodes stays small; mixed ones are listed separately.

Example
-------
>>> from deterrence.io import load_game
>>> from deterrence.trees.solver import solve_tree
>>> game = load_game("punishment_deterrence")
>>> eq = solve_tree(game).equilibria[0]
>>> eq.to_json(game)["strategies"]["Defender"]
{'respond': {'Retaliate': '0', 'Acquiesce': '1'}}
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any, Sequence

import numpy as np

from deterrence.model.expr import format_fraction
from deterrence.model.numbers import number


def behaviour_text(labels: Sequence[str], probabilities: Sequence[Fraction]) -> str:
    """``Retaliate`` for a pure choice, else ``1/3 Retaliate + 2/3 Acquiesce``.

    >>> behaviour_text(["A", "B"], [Fraction(1, 3), Fraction(2, 3)])
    '1/3 A + 2/3 B'
    """
    support = [(a, p) for a, p in zip(labels, probabilities) if p]
    if len(support) == 1:
        return support[0][0]
    return " + ".join(f"{_num(p)} {a}" for a, p in support)


def _num(value) -> str:
    return format_fraction(value) if not isinstance(value, float) else f"{value:.6g}"


@dataclass(frozen=True)
class Threat:
    """A prescribed action that is not optimal where it would be carried out.

    Parameters
    ----------
    infoset:
        The information set (index) where the prescription is not optimal.
    node:
        A node of it (the node itself for a singleton).
    player:
        Index of the player who moves there.
    prescribed:
        The prescribed action probabilities.
    better:
        Index of the action the player would rather take.
    deters:
        ``(player, information set, action)``: the other player's move it makes
        unprofitable (``None``: it deters nobody; not a threat).
    gain:
        The gain of the best deviation at this information set, given the
        beliefs there: Bayes' rule from the smallest subgame containing it,
        applied to chance and the other players' play; where Bayes' rule
        leaves the belief free, the belief most favourable to the
        prescription. (Only where no single information set shows a
        profitable deviation, e.g. one that pays only together with changes
        the player's own moves rule out, is it the gain of the whole
        deviation in the subgame.) There is one threat per information set.
    """

    infoset: int
    node: int
    player: int
    prescribed: tuple[Fraction, ...]
    better: int
    gain: Fraction
    deters: tuple[int, int, int] | None = None

    def sentence(self, game) -> str:
        """The threat explained in words."""
        labels = game.infoset_actions(self.infoset)
        where = game.decision_point(self.infoset)
        player = game.players[self.player]
        text = (f"at {where!r}, {player} is told to {behaviour_text(labels, self.prescribed)}, "
                f"but if it came to that it would rather {labels[self.better]} "
                f"(gain {_num(self.gain)})")
        if self.deters is None:
            return text + ": not optimal there"
        j, g, a = self.deters
        return (text + f": not credible; it keeps {game.players[j]} from "
                f"{game.infoset_actions(g)[a]}")

    def to_json(self, game, as_float: bool = False) -> dict[str, Any]:
        labels = game.infoset_actions(self.infoset)
        return {"node": game.ids[self.node], "infoset": game.decision_point(self.infoset),
                "player": game.players[self.player],
                "prescribed": behaviour_text(labels, self.prescribed),
                "better": labels[self.better], "gain": number(self.gain, as_float)}


@dataclass(frozen=True, eq=False)
class TreeEquilibrium:
    """A behaviour-strategy profile of a tree and what it implies.

    Parameters
    ----------
    choice:
        Per information set, the index of the action chosen for sure, or
        ``-1`` where the prescription is mixed (see ``mixed``).
    mixed:
        ``(infoset, probabilities)`` for every mixed prescription.
    payoffs:
        Expected payoff of every player.
    outcomes:
        ``(outcome label, probability)`` of every outcome that occurs.
    beliefs:
        ``(infoset, probability per node)`` at information sets of several
        nodes reached with positive probability (Bayes' rule).
    off_path_beliefs:
        Beliefs at unreached information sets of several nodes: Bayes' rule
        applied to chance and the other players' strategies where these reach
        the set (only the player's own moves rule it out), else a belief that
        supports the prescribed play (one such belief is shown; others may
        exist).
    subgame_perfect, perfect_bayesian:
        The refinements the profile satisfies (``None``: not checked).
    incredible_threats:
        Prescriptions that are not optimal where they would be carried out
        *and* keep another player from a move that would otherwise pay: the
        threats that deter but would not be carried out.
    component:
        Index of the connected set of equilibria it belongs to, where known.
    sequential:
        Whether some *consistent* beliefs support the profile (a sequential
        equilibrium, Kreps and Wilson 1982); ``None``: not decided.
    not_optimal:
        Other prescriptions that are not optimal where they would be carried
        out but deter nobody (restraint, a partial concession): they fail the
        refinements without being threats.
    intuitive_criterion, intuitive_reason:
        In a sender-receiver game, whether the equilibrium survives Cho and
        Kreps's Intuitive Criterion, and why (``None``: it does not apply).
    """

    choice: np.ndarray
    mixed: tuple[tuple[int, tuple[Fraction, ...]], ...]
    payoffs: tuple[Fraction, ...]
    outcomes: tuple[tuple[str, Fraction], ...]
    beliefs: tuple[tuple[int, tuple[Fraction, ...]], ...] = ()
    off_path_beliefs: tuple[tuple[int, tuple[Fraction, ...]], ...] = ()
    subgame_perfect: bool | None = None
    perfect_bayesian: bool | None = None
    incredible_threats: tuple[Threat, ...] = ()
    component: int = 0
    sequential: bool | None = None
    not_optimal: tuple[Threat, ...] = ()
    intuitive_criterion: bool | None = None
    intuitive_reason: str = ""

    @cached_property
    def _mixed(self) -> dict[int, tuple[Fraction, ...]]:
        return dict(self.mixed)

    def probabilities(self, game, infoset: int) -> tuple[Fraction, ...]:
        """Action probabilities at information set ``infoset``."""
        k = int(self.choice[infoset])
        if k < 0:
            return self._mixed[infoset]
        n = len(game.infoset_actions(infoset))
        return tuple(Fraction(int(j == k)) for j in range(n))

    def behaviour(self, game) -> list[tuple[Fraction, ...]]:
        """Every information set's probabilities, as a list indexed by information set."""
        return [self.probabilities(game, h) for h in range(game.n_infosets)]

    @property
    def is_pure(self) -> bool:
        return not self.mixed

    def key(self, game) -> tuple:
        """A hashable identity of the profile (for removing duplicates)."""
        return (self.choice.tobytes(), tuple(sorted(self.mixed)))

    def label(self, game) -> str:
        """The prescriptions in one line: ``Challenger: Status quo; Defender: Retaliate``."""
        parts = []
        for i, player in enumerate(game.players):
            points = [h for h in range(game.n_infosets) if game.infoset_player[h] == i]
            moves = [behaviour_text(game.infoset_actions(h), self.probabilities(game, h))
                     + (f" [{game.decision_point(h)}]" if len(points) > 1 else "")
                     for h in points]
            if moves:
                parts.append(f"{player}: {', '.join(moves)}")
        return "; ".join(parts)

    def to_json(self, game, as_float: bool = False) -> dict[str, Any]:
        strategies: dict[str, dict] = {p: {} for p in game.players}
        for h in range(game.n_infosets):
            labels = game.infoset_actions(h)
            strategies[game.players[game.infoset_player[h]]][game.decision_point(h)] = {
                a: number(p, as_float) for a, p in zip(labels, self.probabilities(game, h))}
        doc: dict[str, Any] = {
            "strategies": strategies,
            "payoffs": {p: number(v, as_float) for p, v in zip(game.players, self.payoffs)},
            "pure": self.is_pure,
            "component": self.component,
            "outcomes": {label: number(p, as_float) for label, p in self.outcomes},
            "subgame_perfect": self.subgame_perfect,
            "perfect_bayesian": self.perfect_bayesian,
            "incredible_threats": [t.to_json(game, as_float) for t in self.incredible_threats],
            "sequential": self.sequential,
            "not_optimal": [t.to_json(game, as_float) for t in self.not_optimal],
            "intuitive_criterion": self.intuitive_criterion,
            "intuitive_criterion_reason": self.intuitive_reason or None,
        }
        if not game.is_perfect_information:
            doc["beliefs"] = _beliefs_json(game, self.beliefs, as_float)
            doc["off_path_beliefs"] = _beliefs_json(game, self.off_path_beliefs, as_float)
        return doc


def _beliefs_json(game, beliefs, as_float: bool) -> dict[str, dict[str, Any]]:
    return {game.decision_point(h): {game.ids[v]: number(p, as_float)
                                     for v, p in zip(game.members[h], probs)}
            for h, probs in beliefs}


def from_behaviour(game, behaviour: Sequence[Sequence[Fraction]], **fields) -> TreeEquilibrium:
    """A :class:`TreeEquilibrium` from one probability tuple per information set."""
    choice = np.full(game.n_infosets, -1, dtype=np.int32)
    mixed = []
    for h, probs in enumerate(behaviour):
        support = [k for k, p in enumerate(probs) if p]
        if len(support) == 1 and probs[support[0]] == 1:
            choice[h] = support[0]
        else:
            mixed.append((h, tuple(Fraction(p) for p in probs)))
    choice.flags.writeable = False
    return TreeEquilibrium(choice, tuple(mixed), **fields)


def sort_key(game, eq: TreeEquilibrium) -> tuple:
    """Pure first, then by probabilities (descending, first actions first)."""
    probs = tuple(-p for h in range(game.n_infosets) for p in eq.probabilities(game, h))
    return (not eq.is_pure, probs)
