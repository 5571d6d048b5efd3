"""Seeded simulation of repeated play, for strategies that are not memory-one.

Memory-one strategies are solved exactly (:mod:`deterrence.repeated_games.memory_one`).
Strategies that remember more -- true grim trigger, contrite tit-for-tat,
tit-for-two-tats -- are finite automata: a state, an intended cooperation
probability in each state, and a state update from the moves actually played.
:func:`simulate_match` plays any two such strategies (memory-one ones too, so
the exact answers can be checked against simulation) with implementation
noise ε, from a seed, and reports the mean per-round payoffs with their
standard errors over independent repetitions.

Strategies (:data:`SIMULATED`):

* ``grim-forever`` -- cooperate until the other's *actual* move is D once,
  then intend D for ever (Friedman 1971);
* ``ctft`` -- contrite tit-for-tat (Sugden 1986; Boyd 1989; Wu and Axelrod
  1995): each side has a standing, good at the start; a side that defects
  while the other is in good standing falls into bad standing, otherwise it is
  in good standing after the round. Cooperate if the other is in good
  standing or if oneself is in bad standing (contrition), else defect;
* ``tf2t`` -- tit-for-two-tats: defect only after two defections in a row.

Example
-------
>>> from fractions import Fraction
>>> from deterrence.io import load_game
>>> from deterrence.repeated_games.stage import stage_game
>>> pd = stage_game(load_game("prisoners_dilemma"))
>>> sim = simulate_match(pd, SIMULATED["ctft"], SIMULATED["ctft"], Fraction(0), rounds=50,
...                      repetitions=2, seed=1)
>>> sim.payoffs
(3.0, 3.0)
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Hashable

from deterrence.repeated_games.stage import StageGame

C, D = 0, 1


@dataclass(frozen=True)
class Automaton:
    """A finite-state strategy: a state, its cooperation probability, an update.

    Subclasses implement :meth:`start`, :meth:`cooperation` and :meth:`update`.
    """

    name: str
    description: str = ""

    is_memory_one = False

    def start(self) -> Hashable:  # pragma: no cover - interface
        raise NotImplementedError

    def cooperation(self, state: Hashable) -> float:  # pragma: no cover - interface
        raise NotImplementedError

    def update(self, state: Hashable, own: int, other: int) -> Hashable:  # pragma: no cover
        raise NotImplementedError

    def to_json(self, as_float: bool = False) -> dict[str, Any]:
        return {"name": self.name, "memory_one": False, "description": self.description}


@dataclass(frozen=True)
class GrimForever(Automaton):
    def start(self):
        return False  # not triggered

    def cooperation(self, state):
        return 0.0 if state else 1.0

    def update(self, state, own, other):
        return state or other == D


@dataclass(frozen=True)
class ContriteTFT(Automaton):
    def start(self):
        return (True, True)  # (own standing good, other's standing good)

    def cooperation(self, state):
        own_good, other_good = state
        return 1.0 if (other_good or not own_good) else 0.0

    def update(self, state, own, other):
        own_good, other_good = state
        new_own = own == C or not other_good
        new_other = other == C or not own_good
        return (new_own, new_other)


@dataclass(frozen=True)
class TitForTwoTats(Automaton):
    def start(self):
        return (C, C)  # the other's last two moves

    def cooperation(self, state):
        return 0.0 if state == (D, D) else 1.0

    def update(self, state, own, other):
        return (state[1], other)


SIMULATED: dict[str, Automaton] = {
    "grim-forever": GrimForever("grim-forever",
                                "grim trigger: after the other's first defection, defect for ever"),
    "ctft": ContriteTFT("ctft", "contrite tit-for-tat: accept punishment after one's own "
                                "defection, punish only a defection from good standing"),
    "tf2t": TitForTwoTats("tf2t", "tit-for-two-tats: defect only after two defections in a row"),
}


class _MemoryOneAutomaton:
    """A memory-one strategy seen as an automaton (state: last joint move)."""

    def __init__(self, strategy) -> None:
        self.vector = [float(v) for v in strategy.vector]
        self.initial = float(strategy.initial)

    def start(self):
        return None

    def cooperation(self, state):
        return self.initial if state is None else self.vector[state]

    def update(self, state, own, other):
        return 2 * own + other


def as_automaton(strategy):
    """Any strategy as something with ``start``, ``cooperation``, ``update``."""
    if getattr(strategy, "is_memory_one", False):
        return _MemoryOneAutomaton(strategy)
    return strategy


@dataclass(frozen=True)
class SimulatedMatch:
    """Mean per-round payoffs of a simulated match and their standard errors.

    ``distribution`` holds the observed frequencies of CC, CD, DC, DD.
    """

    payoffs: tuple[float, float]
    standard_errors: tuple[float, float]
    distribution: tuple[float, float, float, float]
    rounds: int
    repetitions: int
    seed: int

    @property
    def mutual_cooperation(self) -> float:
        return self.distribution[0]


def match_seed(seed: int, row_name: str, column_name: str, epsilon: Fraction) -> str:
    """A per-match seed, independent of the order in which matches are played."""
    return f"{seed}:{row_name}:{column_name}:{epsilon}"


def simulate_match(stage: StageGame, row, column, epsilon: Fraction, *, rounds: int = 200,
                   repetitions: int = 10, seed: int = 0) -> SimulatedMatch:
    """Play ``row`` against ``column`` ``repetitions`` times for ``rounds`` rounds.

    Each intended move is flipped with probability ``epsilon``. The random
    stream is seeded from ``seed`` and the two names, so a match gives the
    same result whatever else is played.
    """
    rng = random.Random(match_seed(seed, row.name, column.name, Fraction(epsilon)))
    eps = float(epsilon)
    a, b = as_automaton(row), as_automaton(column)
    u_row = [float(v) for v in stage.payoffs[0].by_state]
    u_col = [float(v) for v in stage.payoffs[1].by_state]
    # column's payoff in row-view state s is its own-view payoff in SWAP[s]
    u_col = [u_col[0], u_col[2], u_col[1], u_col[3]]
    totals_row, totals_col = [], []
    counts = [0, 0, 0, 0]
    draw = rng.random
    for _ in range(repetitions):
        sa, sb = a.start(), b.start()
        tot_r = tot_c = 0.0
        for _ in range(rounds):
            x = C if draw() < a.cooperation(sa) else D
            y = C if draw() < b.cooperation(sb) else D
            if eps:
                if draw() < eps:
                    x = 1 - x
                if draw() < eps:
                    y = 1 - y
            s = 2 * x + y
            counts[s] += 1
            tot_r += u_row[s]
            tot_c += u_col[s]
            sa, sb = a.update(sa, x, y), b.update(sb, y, x)
        totals_row.append(tot_r / rounds)
        totals_col.append(tot_c / rounds)
    n = rounds * repetitions
    return SimulatedMatch((_mean(totals_row), _mean(totals_col)),
                          (_stderr(totals_row), _stderr(totals_col)),
                          tuple(c / n for c in counts), rounds, repetitions, seed)


def _mean(values: list[float]) -> float:
    return math.fsum(values) / len(values)


def _stderr(values: list[float]) -> float:
    if len(values) < 2:
        return math.nan
    m = _mean(values)
    return math.sqrt(math.fsum((v - m) ** 2 for v in values) / (len(values) - 1) / len(values))


def hoeffding_bound(spread: float, repetitions: int, confidence: float) -> float:
    """Half-width t with P(|mean − expectation| ≥ t) ≤ 1 − confidence.

    For the mean of ``repetitions`` independent values in an interval of
    width ``spread`` (Hoeffding 1963): ``t = spread·sqrt(ln(2/(1−c)) / (2n))``.

    >>> round(hoeffding_bound(5, 2000, 1 - 1e-6), 3)
    0.301
    """
    return spread * math.sqrt(math.log(2 / (1 - confidence)) / (2 * repetitions))


__all__ = ["Automaton", "SIMULATED", "simulate_match", "SimulatedMatch", "as_automaton",
           "hoeffding_bound", "match_seed"]
