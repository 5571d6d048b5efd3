"""Round-robin tournaments of repeated-game strategies, and sweeps over noise.

Every strategy meets every strategy, itself included (as in Axelrod's
tournaments). A strategy's score is its mean per-round payoff over all its
matches; the ranking sorts by score (ties by name). A match between two
memory-one strategies is solved exactly (:func:`deterrence.repeated_games.memory_one.play`):
the long-run average, or the exact expected average over the first ``rounds``
rounds. A match involving a strategy that is not memory-one is simulated
(:func:`deterrence.repeated_games.simulate.simulate_match`), seeded; then every match
uses the same finite horizon (``rounds``, default 200) so that the scores are
comparable, memory-one pairs still exactly.

:func:`noise_sweep` repeats the tournament over a grid of noise levels and
finds where cooperation collapses: the first ε at which the winner is a
strategy that, against itself, cooperates mutually less than half the time.

Example
-------
>>> from fractions import Fraction
>>> from deterrence.io import load_game
>>> from deterrence.repeated_games.memory_one import parse_strategies
>>> from deterrence.repeated_games.stage import stage_game
>>> pd = stage_game(load_game("prisoners_dilemma"))
>>> t = round_robin(pd, parse_strategies("tft,gtft,wsls,alld", pd), Fraction(1, 20))
>>> [t.strategies[i].name for i in t.ranking]
['gtft', 'wsls', 'tft', 'alld']
>>> t.exact
True
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

from deterrence.errors import UsageError
from deterrence.repeated_games.memory_one import play
from deterrence.repeated_games.simulate import simulate_match
from deterrence.repeated_games.stage import StageGame
from deterrence.model.display import Displayable, short_repr

TOURNAMENT_SCHEMA = "deterrence.tournament/1"
DEFAULT_ROUNDS = 200
DEFAULT_REPETITIONS = 10


@dataclass(frozen=True)
class Tournament:
    """A round robin at one noise level.

    ``payoffs[i][j]`` is strategy ``i``'s mean per-round payoff against
    ``j``; ``mutual_cooperation[i][j]`` the frequency of CC in that match;
    ``exact_pairs[i][j]`` whether the match was solved exactly (values are
    ``Fraction``) or simulated (``float``).
    """

    stage: StageGame
    strategies: tuple[Any, ...]
    epsilon: Fraction
    rounds: int | None
    repetitions: int
    seed: int
    payoffs: tuple[tuple[Fraction | float, ...], ...]
    mutual_cooperation: tuple[tuple[Fraction | float, ...], ...]
    exact_pairs: tuple[tuple[bool, ...], ...]

    @property
    def exact(self) -> bool:
        return all(all(row) for row in self.exact_pairs)

    @property
    def scores(self) -> tuple[Fraction | float, ...]:
        n = len(self.strategies)
        return tuple(sum(row, Fraction(0)) / n if all(isinstance(v, Fraction) for v in row)
                     else sum(float(v) for v in row) / n for row in self.payoffs)

    @property
    def ranking(self) -> tuple[int, ...]:
        scores = self.scores
        return tuple(sorted(range(len(scores)),
                            key=lambda i: (-scores[i], self.strategies[i].name)))

    @property
    def winner(self):
        return self.strategies[self.ranking[0]]

    @property
    def cooperation(self) -> Fraction | float:
        """Mean frequency of mutual cooperation over all matches."""
        values = [v for row in self.mutual_cooperation for v in row]
        if all(isinstance(v, Fraction) for v in values):
            return sum(values, Fraction(0)) / len(values)
        return sum(float(v) for v in values) / len(values)

    def to_json(self, as_float: bool = False) -> dict[str, Any]:
        from deterrence.model.numbers import number

        names = [s.name for s in self.strategies]
        scores = self.scores
        return {
            "noise": number(self.epsilon, as_float),
            "exact": self.exact,
            "ranking": [{"rank": r + 1, "strategy": names[i], "score": number(scores[i], as_float),
                         "self_play_mutual_cooperation":
                             number(self.mutual_cooperation[i][i], as_float)}
                        for r, i in enumerate(self.ranking)],
            "payoffs": {names[i]: {names[j]: number(v, as_float) for j, v in enumerate(row)}
                        for i, row in enumerate(self.payoffs)},
            "exact_pairs": {names[i]: {names[j]: e for j, e in enumerate(row)}
                            for i, row in enumerate(self.exact_pairs)},
            "mutual_cooperation": number(self.cooperation, as_float),
        }


def _check_strategies(strategies: Sequence[Any]) -> None:
    if len(strategies) < 2:
        raise UsageError("a tournament needs at least two strategies",
                         hint="e.g. --strategies tft,gtft,wsls,grim,alld")


def round_robin(stage: StageGame, strategies: Sequence[Any], epsilon: Fraction, *,
                rounds: int | None = None, repetitions: int = DEFAULT_REPETITIONS,
                seed: int = 0) -> Tournament:
    """Every strategy against every strategy (itself included) at noise ``epsilon``.

    Parameters
    ----------
    stage:
        The 2×2 stage game.
    strategies:
        Memory-one strategies and/or simulated automata.
    epsilon:
        Implementation noise in [0, 1].
    rounds:
        Finite horizon; ``None`` means the long run when every strategy is
        memory-one, and :data:`DEFAULT_ROUNDS` otherwise.
    repetitions, seed:
        For simulated matches.
    """
    _check_strategies(strategies)
    epsilon = Fraction(epsilon)
    if not 0 <= epsilon <= 1:
        raise UsageError(f"noise {epsilon} is outside [0, 1]", hint="ε is a probability")
    all_exact = all(getattr(s, "is_memory_one", False) for s in strategies)
    if rounds is None and not all_exact:
        rounds = DEFAULT_ROUNDS
    if rounds is not None and rounds < 1:
        raise UsageError(f"rounds = {rounds}: at least one round is needed")
    if repetitions < 1:
        raise UsageError(f"repetitions = {repetitions}: at least one is needed")
    n = len(strategies)
    pay = [[None] * n for _ in range(n)]
    coop = [[None] * n for _ in range(n)]
    exact = [[False] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            a, b = strategies[i], strategies[j]
            if a.is_memory_one and b.is_memory_one:
                m = play(stage, a, b, epsilon, rounds=rounds)
                p, cc, ex = m.payoffs, m.mutual_cooperation, True
            else:
                # simulate in a canonical order so that a match's random stream does not
                # depend on where the two strategies stand in the list
                swap = b.name < a.name
                first, second = (b, a) if swap else (a, b)
                sim = simulate_match(stage, first, second, epsilon, rounds=rounds,
                                     repetitions=repetitions, seed=seed)
                p = sim.payoffs[::-1] if swap else sim.payoffs
                cc, ex = sim.mutual_cooperation, False
            pay[i][j], pay[j][i] = p[0], p[1]
            coop[i][j] = coop[j][i] = cc
            exact[i][j] = exact[j][i] = ex
    return Tournament(stage, tuple(strategies), epsilon, rounds, repetitions, seed,
                      tuple(map(tuple, pay)), tuple(map(tuple, coop)), tuple(map(tuple, exact)))


@dataclass(frozen=True, repr=False)
class NoiseSweep(Displayable):
    """Tournaments over a grid of noise levels.

    ``collapse`` is the first ε at which the winner cooperates mutually with
    itself less than half the time (``None``: cooperation never collapses on
    the grid).
    """

    stage: StageGame
    tournaments: tuple[Tournament, ...]

    display_as = "tournament"

    def __repr__(self) -> str:
        return short_repr("NoiseSweep",
                          repr(self.stage.game.title),
                          f"{len(self.tournaments)} noise levels",
                          f"{len(self.strategies)} strategies")

    def to_json(self, as_float: bool = False) -> dict[str, Any]:
        """The ``--json`` document of ``deterrence tournament`` (schema ``deterrence.tournament/1``)."""
        return sweep_json(self, as_float)

    def table_rows(self, as_float: bool = False) -> list[dict[str, Any]]:
        """One row per noise level and strategy, best first, as ``--format csv`` writes it."""
        from deterrence.model.numbers import number

        out = []
        for t in self.tournaments:
            scores = t.scores
            for rank, i in enumerate(t.ranking, 1):
                out.append({"noise": number(t.epsilon, as_float), "rank": rank,
                            "strategy": t.strategies[i].name,
                            "score": number(scores[i], as_float),
                            "cooperation_with_itself": number(t.mutual_cooperation[i][i], as_float),
                            "exact": all(t.exact_pairs[i])})
        return out

    @property
    def epsilons(self) -> tuple[Fraction, ...]:
        return tuple(t.epsilon for t in self.tournaments)

    @property
    def strategies(self) -> tuple[Any, ...]:
        return self.tournaments[0].strategies

    @property
    def collapse(self) -> Fraction | None:
        for t in self.tournaments:
            w = t.ranking[0]
            if t.mutual_cooperation[w][w] < Fraction(1, 2):
                return t.epsilon
        return None

    def leaders(self) -> list[tuple[Fraction, Fraction, str]]:
        """Stretches of the grid with the same winner: (from ε, to ε, name)."""
        out: list[tuple[Fraction, Fraction, str]] = []
        for t in self.tournaments:
            name = t.winner.name
            if out and out[-1][2] == name:
                out[-1] = (out[-1][0], t.epsilon, name)
            else:
                out.append((t.epsilon, t.epsilon, name))
        return out


def noise_grid(low: Fraction, high: Fraction, steps: int) -> tuple[Fraction, ...]:
    """``steps`` equally spaced exact noise levels from ``low`` to ``high``.

    >>> [str(e) for e in noise_grid(Fraction(0), Fraction(1, 5), 3)]
    ['0', '1/10', '1/5']
    """
    low, high = Fraction(low), Fraction(high)
    for name, v in (("low", low), ("high", high)):
        if not 0 <= v <= 1:
            raise UsageError(f"noise {v} is outside [0, 1]", hint="ε is a probability")
    if high < low:
        raise UsageError(f"noise range {low}:{high} runs backwards", hint="write LOW:HIGH")
    if steps < 1 or (steps == 1 and low != high):
        raise UsageError(f"--steps {steps}: a range needs at least 2 steps")
    if steps == 1:
        return (low,)
    return tuple(low + (high - low) * k / (steps - 1) for k in range(steps))


def noise_sweep(stage: StageGame, strategies: Sequence[Any], epsilons: Sequence[Fraction], *,
                rounds: int | None = None, repetitions: int = DEFAULT_REPETITIONS,
                seed: int = 0) -> NoiseSweep:
    """A tournament at each noise level in ``epsilons``."""
    return NoiseSweep(stage, tuple(round_robin(stage, strategies, e, rounds=rounds,
                                               repetitions=repetitions, seed=seed)
                                   for e in epsilons))


def sweep_json(sweep: NoiseSweep, as_float: bool = False) -> dict[str, Any]:
    """The ``--json`` document of ``deterrence tournament`` (schema ``deterrence.tournament/1``)."""
    from deterrence.model.envelope import envelope
    from deterrence.model.numbers import number

    stage = sweep.stage
    first = sweep.tournaments[0]
    return {
        **envelope(TOURNAMENT_SCHEMA, stage.game, as_float),
        "stage_class": stage.kind,
        "cooperate": {p: stage.labels(i)[0] for i, p in enumerate(stage.players)},
        "strategies": [s.to_json(as_float) for s in sweep.strategies],
        "horizon": "long-run" if first.rounds is None else first.rounds,
        "repetitions": first.repetitions if not all(t.exact for t in sweep.tournaments) else None,
        "seed": first.seed,
        "exact": all(t.exact for t in sweep.tournaments),
        "noise": [number(e, as_float) for e in sweep.epsilons],
        "collapse": None if sweep.collapse is None else number(sweep.collapse, as_float),
        "leaders": [{"from": number(a, as_float), "to": number(b, as_float), "strategy": name}
                    for a, b, name in sweep.leaders()],
        "tournaments": [t.to_json(as_float) for t in sweep.tournaments],
        "notes": list(stage.notes),
    }


__all__ = ["round_robin", "Tournament", "noise_sweep", "NoiseSweep", "noise_grid", "sweep_json",
           "TOURNAMENT_SCHEMA"]
