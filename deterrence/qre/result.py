"""The logit QRE branch of a game as a result object, and its JSON form.

``to_json`` is the public ``deterrence qre --json`` contract
(``schema = "deterrence.qre/1"``): later versions add keys, never remove or
change them.

Example
-------
>>> from deterrence import load_game
>>> from deterrence.qre import logit_branch
>>> r = logit_branch(load_game("prisoners_dilemma"), 0, 4, points=3)
>>> doc = r.to_json()
>>> doc["schema"], [p["lambda"] for p in doc["points"]]
('deterrence.qre/1', [0.0, 2.0, 4.0])
>>> doc["limit"]["label"]
'(Build bloc, Build bloc)'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from deterrence.model.display import Displayable, short_repr
from deterrence.model.envelope import envelope

QRE_SCHEMA = "deterrence.qre/1"


@dataclass(frozen=True)
class Agent:
    """Who chooses: a player of a normal form, or an information set of a tree."""

    player: str
    actions: tuple[str, ...]
    decision_point: str | None = None

    @property
    def name(self) -> str:
        return self.player if self.decision_point is None else f"{self.player} at {self.decision_point}"


@dataclass(frozen=True)
class QREPoint:
    """The branch at one lambda: each agent's choice probabilities and the largest
    gain any agent could make by deviating (its distance from a Nash equilibrium)."""

    lam: float
    probabilities: tuple[tuple[float, ...], ...]
    regret: float


@dataclass(frozen=True)
class QRELimit:
    """Where the branch goes as lambda grows.

    ``label`` names the Nash equilibrium (exactly, when ``exact`` holds the
    matching exact equilibrium of the game, verified); ``lam`` and ``regret``
    say how far the trace went.
    """

    lam: float
    probabilities: tuple[tuple[float, ...], ...]
    regret: float
    label: str
    converged: bool
    exact: Any = None
    concept: str = "nash"

    def to_json(self, result, as_float: bool = False) -> dict[str, Any]:
        doc = {"lambda": self.lam, "regret": self.regret, "converged": self.converged,
               "label": self.label, "concept": self.concept,
               "probabilities": result.probabilities_json(self.probabilities)}
        if self.exact is not None:
            doc["equilibrium"] = self.exact.to_json(result.game, as_float)
        return doc


@dataclass(frozen=True, repr=False)
class QREResult(Displayable):
    """The principal branch of the logit QRE correspondence of ``game``.

    Parameters
    ----------
    game:
        The game (a normal form, or a tree for the agent QRE).
    agents:
        Who chooses, in order; ``probabilities`` follow it.
    lo, hi:
        The range of lambda asked for.
    points:
        The branch at the requested lambdas, each solved to 1e-10.
    path:
        Every step of the trace from 0 to ``hi`` (for plots).
    limit:
        The Nash equilibrium the branch converges to (``None`` if not traced).
    """

    game: Any
    agents: tuple[Agent, ...]
    lo: float
    hi: float
    points: tuple[QREPoint, ...]
    path: tuple[QREPoint, ...] = ()
    limit: QRELimit | None = None
    warnings: tuple[str, ...] = field(default=())
    method: str = "predictor-corrector path following from lambda = 0 (principal branch)"

    display_as = "qre"

    def __repr__(self) -> str:
        title = getattr(self.game, "title", "")
        limit = f"limit={self.limit.label!r}" if self.limit else ""
        return short_repr("QREResult", repr(title), f"lambda {self.lo:g}..{self.hi:g}",
                          f"{len(self.points)} points", limit)

    @property
    def is_tree(self) -> bool:
        return any(a.decision_point is not None for a in self.agents)

    def probabilities_json(self, probabilities) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for agent, probs in zip(self.agents, probabilities):
            values = {a: float(p) for a, p in zip(agent.actions, probs)}
            if agent.decision_point is None:
                out[agent.player] = values
            else:
                out.setdefault(agent.player, {})[agent.decision_point] = values
        return out

    def to_json(self, as_float: bool = False) -> dict[str, Any]:
        """The public ``--json`` document (schema ``deterrence.qre/1``)."""
        return {
            **envelope(QRE_SCHEMA, self.game, as_float),
            "concept": "agent logit QRE" if self.is_tree else "logit QRE",
            "method": self.method,
            "lambda": {"from": self.lo, "to": self.hi},
            "points": [{"lambda": p.lam, "regret": p.regret,
                        "probabilities": self.probabilities_json(p.probabilities)}
                       for p in self.points],
            "limit": self.limit.to_json(self, as_float) if self.limit else None,
            "warnings": list(self.warnings),
        }


__all__ = ["QREResult", "QREPoint", "QRELimit", "Agent", "QRE_SCHEMA"]
