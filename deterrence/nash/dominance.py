"""Iterated elimination of dominated strategies, with the rounds recorded.

A strategy ``s`` of player ``i`` is *strictly dominated* when some mixture
``σ`` of ``i``'s other strategies earns strictly more than ``s`` against
every profile ``t`` of the others' remaining strategies. Whether such a
``σ`` exists is a linear program (:mod:`deterrence.nash.lp`)::

    maximise ε  subject to  Σ_k σ_k u_i(k, t) − u_i(s, t) ≥ ε  for every t,
                            σ ≥ 0,  Σ_k σ_k = 1;

``s`` is strictly dominated exactly when ``ε* > 0``. *Weak* dominance asks
for ``≥`` everywhere and ``>`` somewhere: maximise the total slack
``Σ_t (Σ_k σ_k u_i(k, t) − u_i(s, t))`` with every slack ``≥ 0``; ``s`` is
weakly dominated when the program is feasible with a positive optimum.

For teaching, a pure dominator is preferred whenever one exists (of several,
the one with the largest worst-case margin, then the largest total margin,
then the first listed; for weak dominance total margin comes first); otherwise the mixed dominator shown has the smallest
support found simply: the best pair of strategies when there is one, else
the optimal mixture pruned strategy by strategy while it still dominates.
On its support the mixture maximises the worst-case margin ``ε`` (strict)
or the total margin (weak). Each elimination carries the inequalities that
prove it: the dominator's and the dominated strategy's payoffs against every
remaining opponent profile, exactly.

Strict elimination removes, in each round, every strategy of every player
that is dominated in the current reduced game, all at once; the survivors
do not depend on the order (a classical result). Weak elimination removes
one strategy per round, in a fixed order: the first player, in the order of
``players``, who has a weakly dominated strategy loses the first such
strategy in the order listed. Its result can depend on that order.

Example
-------
>>> from deterrence.model import NormalFormGame
>>> pd = NormalFormGame.bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], ["C", "D"], ["C", "D"])
>>> r = eliminate_dominated(pd)
>>> [(e.player, e.strategy) for e in r.rounds[0]]
[(0, 0), (1, 0)]
>>> r.reduced.strategies
(('D',), ('D',))
>>> r.rounds[0][0].margins
(('C', Fraction(5, 1), Fraction(3, 1)), ('D', Fraction(1, 1), Fraction(0, 1)))
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from deterrence.nash.lp import maximize
from deterrence.model.envelope import envelope
from deterrence.model.numbers import number
from deterrence.model.display import Displayable, short_repr
from deterrence.model.interop import accepts_nashpy

DOMINANCE_SCHEMA = "deterrence.dominance/1"

#: Up to this many candidate strategies, every pair is tried as a mixed dominator.
PAIR_SEARCH_LIMIT = 10

ORDER_NOTE = ("iterated elimination of weakly dominated strategies can depend on the order "
              "of elimination; here one strategy is removed per round: the first player (in "
              "the order of players) with a weakly dominated strategy loses the first such "
              "strategy (in the order listed). Another order may leave other survivors.")
PURE_ONLY_NOTE = ("only domination by pure strategies was checked; a strategy dominated only "
                  "by a mixed strategy survives (drop --pure-only to include mixtures)")
CORRELATION_NOTE = ("with three or more players, domination by a mixed strategy is checked; "
                    "a surviving strategy may still never be a best response to independent "
                    "beliefs about the others")


@dataclass(frozen=True)
class Elimination:
    """One dominated strategy removed, with its dominator and the proof.

    Parameters
    ----------
    player:
        Index of the player.
    strategy:
        Index of the dominated strategy in the ORIGINAL game.
    dominator:
        Probabilities over the player's ORIGINAL strategies (zero on the
        eliminated and on the dominated strategy).
    margins:
        For every remaining profile of the other players, in C order:
        ``(profile label, dominator's payoff, dominated strategy's payoff)``.
    """

    player: int
    strategy: int
    dominator: tuple[Fraction, ...]
    margins: tuple[tuple[str, Fraction, Fraction], ...]

    @property
    def is_mixed(self) -> bool:
        """Whether the dominator mixes two or more strategies."""
        return sum(1 for p in self.dominator if p) > 1

    def support(self) -> tuple[int, ...]:
        return tuple(k for k, p in enumerate(self.dominator) if p)

    def to_json(self, game, as_float: bool = False) -> dict[str, Any]:
        labels = game.strategies[self.player]
        return {
            "player": game.players[self.player],
            "strategy": labels[self.strategy],
            "dominated_by": {labels[k]: number(self.dominator[k], as_float) for k in self.support()},
            "inequalities": [
                {"against": against, "dominator": number(a, as_float),
                 "dominated": number(b, as_float)}
                for against, a, b in self.margins],
        }


@dataclass(frozen=True, repr=False)
class DominanceResult(Displayable):
    """The rounds of iterated elimination and the game that survives.

    Parameters
    ----------
    game:
        The original game (parameter values in force included).
    weak:
        Whether weakly (``True``) or strictly dominated strategies were removed.
    rounds:
        The eliminations of each round, in order.
    reduced:
        ``game.restrict(...)`` on the surviving strategies.
    notes:
        Things a reader should know (order dependence, pure-only, ...).
    mixed:
        Whether domination by mixed strategies was checked.
    """

    game: Any
    weak: bool
    rounds: tuple[tuple[Elimination, ...], ...]
    reduced: Any
    notes: tuple[str, ...] = ()
    mixed: bool = True

    display_as = "dominance"

    def __repr__(self) -> str:
        return short_repr("DominanceResult",
                          repr(self.game.title),
                          f"{len(self.rounds)} rounds",
                          "weak" if self.weak else "strict",
                          "surviving " + " x ".join(str(len(s)) for s in self.reduced.strategies))

    @property
    def surviving(self) -> tuple[tuple[int, ...], ...]:
        """Indices (in the original game) of every player's surviving strategies."""
        gone = {(e.player, e.strategy) for round_ in self.rounds for e in round_}
        return tuple(tuple(k for k in range(n) if (i, k) not in gone)
                     for i, n in enumerate(self.game.shape))

    @property
    def solved(self) -> bool:
        """Whether a single profile survives (the game is dominance solvable)."""
        return all(len(s) == 1 for s in self.surviving)

    def to_json(self, as_float: bool = False) -> dict[str, Any]:
        """The ``--json`` document (schema ``deterrence.dominance/1``)."""
        game = self.game
        return {
            **envelope(DOMINANCE_SCHEMA, game, as_float),
            "weak": self.weak,
            "mixed": self.mixed,
            "rounds": [[e.to_json(game, as_float) for e in round_] for round_ in self.rounds],
            "surviving": {p: list(s) for p, s in zip(self.reduced.players, self.reduced.strategies)},
            "notes": list(self.notes),
        }


# ---------------------------------------------------------------- one test


def dominator(game, player: int, strategy: int, weak: bool = False,
              mixed: bool = True) -> tuple[Fraction, ...] | None:
    """A strategy of ``player`` that dominates ``strategy`` in ``game``, or ``None``.

    Indices refer to ``game`` itself. The answer is a probability vector over
    the player's strategies: pure when a pure dominator exists, else a mixture
    with a small support (``None`` too when ``mixed`` is false).

    Example
    -------
    >>> from deterrence import load_game
    >>> g = load_game("mixed_dominance")
    >>> dominator(g, 0, 2)   # Hedge
    (Fraction(1, 2), Fraction(1, 2), Fraction(0, 1))
    >>> dominator(g, 0, 2, mixed=False) is None
    True
    """
    rows = _own_rows(game.payoff_arrays()[player], player)
    candidates = [k for k in range(len(rows)) if k != strategy]
    found = _dominator(rows, strategy, candidates, weak, mixed)
    if found is None:
        return None
    return tuple(found.get(k, Fraction(0)) for k in range(len(rows)))


def _own_rows(array: np.ndarray, player: int) -> list[list[Fraction]]:
    """The player's payoffs as rows (own strategies) × columns (others' profiles, C order)."""
    moved = np.moveaxis(array, player, 0)
    return [list(r) for r in moved.reshape(moved.shape[0], -1)]


def _dominator(rows, s, candidates, weak, mixed) -> dict[int, Fraction] | None:
    target = rows[s]
    pure = [k for k in candidates if _dominates({k: Fraction(1)}, rows, target, weak)]
    if pure:  # a pure dominator first: the clearest proof
        return {max(pure, key=lambda k: _pure_score(rows[k], target, weak, -k)): Fraction(1)}
    if not mixed or len(candidates) < 2:
        return None
    # cheap necessary condition: against each profile someone does at least as well
    columns = range(len(target))
    best = [max(rows[k][t] for k in candidates) for t in columns]
    if weak:
        if any(b < u for b, u in zip(best, target)) or all(b == u for b, u in zip(best, target)):
            return None
    elif any(b <= u for b, u in zip(best, target)):
        return None
    full = _solve(rows, s, candidates, weak)
    if full is None:
        return None
    return _small_support(rows, s, candidates, weak, full)


def _dominates(sigma: dict[int, Fraction], rows, target, weak) -> bool:
    values = _mixture(sigma, rows)
    if weak:
        return all(v >= u for v, u in zip(values, target)) and \
            any(v > u for v, u in zip(values, target))
    return all(v > u for v, u in zip(values, target))


def _pure_score(values, target, weak, tie) -> tuple:
    """Rank pure dominators: worst-case margin, then total margin (the other
    way round for weak dominance, matching the linear programs), then order."""
    margins = [v - u for v, u in zip(values, target)]
    worst, total = min(margins), sum(margins)
    return (total, worst, tie) if weak else (worst, total, tie)


def _mixture(sigma: dict[int, Fraction], rows) -> list[Fraction]:
    width = len(rows[0])
    return [sum((p * rows[k][t] for k, p in sigma.items()), Fraction(0)) for t in range(width)]


def _solve(rows, s, support, weak) -> tuple[Fraction, dict[int, Fraction]] | None:
    """The LP of the module docstring on ``support``: (optimum, σ) if it dominates."""
    target = rows[s]
    m, width = len(support), len(target)
    if weak:
        # variables: σ_k (k in support), slack_t; Σσ_k u(k,t) − slack_t = u(s,t)
        c = [0] * m + [1] * width
        A_eq = [[rows[k][t] for k in support] + [-int(t == r) for r in range(width)]
                for t in range(width)]
        A_eq.append([1] * m + [0] * width)
        b_eq = list(target) + [1]
        result = maximize(c, A_eq=A_eq, b_eq=b_eq)
    else:
        # variables: σ_k, ε (free); −Σσ_k u(k,t) + ε ≤ −u(s,t)
        c = [0] * m + [1]
        A_ub = [[-rows[k][t] for k in support] + [1] for t in range(width)]
        b_ub = [-u for u in target]
        result = maximize(c, A_ub=A_ub, b_ub=b_ub, A_eq=[[1] * m + [0]], b_eq=[1], free=[m])
    if not result.is_optimal or result.value <= 0:
        return None
    sigma = {k: p for k, p in zip(support, result.x[:m]) if p}
    return result.value, sigma


def _small_support(rows, s, candidates, weak, full) -> dict[int, Fraction]:
    if len(candidates) <= PAIR_SEARCH_LIMIT:
        best = None
        for pair in itertools.combinations(candidates, 2):
            found = _solve(rows, s, list(pair), weak)
            if found is not None and (best is None or found[0] > best[0]):
                best = found
        if best is not None:
            return best[1]
    value, sigma = full
    support = sorted(sigma)
    for k in list(support):
        if len(support) <= 2:
            break
        trial = [j for j in support if j != k]
        found = _solve(rows, s, trial, weak)
        if found is not None:
            support, (_, sigma) = trial, found
    return sigma


# ---------------------------------------------------------------- iteration


@accepts_nashpy
def eliminate_dominated(game, weak: bool = False, mixed: bool = True) -> DominanceResult:
    """Iterated elimination of dominated strategies, round by round.

    Parameters
    ----------
    game:
        A :class:`~deterrence.model.NormalFormGame` with any number of players.
    weak:
        Remove weakly dominated strategies, one per round in a fixed order
        (see the module docstring), instead of all strictly dominated ones.
    mixed:
        Also look for domination by mixed strategies (a linear program).

    Returns
    -------
    DominanceResult
        The rounds, each elimination with its dominator and its inequalities,
        and the reduced game.

    Example
    -------
    >>> from deterrence import load_game
    >>> r = eliminate_dominated(load_game("mixed_dominance"))
    >>> [[(r.game.strategies[e.player][e.strategy]) for e in round_] for round_ in r.rounds]
    [['Hedge', 'Trade'], ['Embargo'], ['Stockpile']]
    >>> r.reduced.strategies
    (('Diversify',), ('Quota',))
    """
    if not hasattr(game, "payoff_arrays"):
        raise TypeError("eliminate_dominated() takes a normal-form game; "
                        "deterrence.dominance() reduces a tree to its strategic form first")
    notes = []
    arrays = game.payoff_arrays()
    alive = [list(range(n)) for n in game.shape]
    rounds: list[tuple[Elimination, ...]] = []
    while True:
        found = []
        grid = np.ix_(*alive)
        for i in range(game.n_players):
            if len(alive[i]) < 2:
                continue
            rows = _own_rows(arrays[i][grid], i)
            for local, original in enumerate(alive[i]):
                candidates = [k for k in range(len(rows)) if k != local]
                sigma = _dominator(rows, local, candidates, weak, mixed)
                if sigma is None:
                    continue
                found.append(_elimination(game, alive, i, local, sigma, rows))
                if weak:
                    break
            if weak and found:
                break
        if not found:
            break
        rounds.append(tuple(found))
        for e in found:
            alive[e.player].remove(e.strategy)
    if weak:
        notes.append(ORDER_NOTE)
    if not mixed:
        notes.append(PURE_ONLY_NOTE)
    elif game.n_players > 2:
        notes.append(CORRELATION_NOTE)
    reduced = game.restrict(alive)
    if all(len(a) == 1 for a in alive) and rounds:
        profile = ", ".join(s[0] for s in reduced.strategies)
        notes.append(f"the game is dominance solvable: only ({profile}) survives")
    return DominanceResult(game, weak, tuple(rounds), reduced, tuple(notes), mixed)


def _elimination(game, alive, player, local, sigma, rows) -> Elimination:
    original = alive[player]
    dominator = [Fraction(0)] * game.shape[player]
    for k, p in sigma.items():
        dominator[original[k]] = p
    values = _mixture(sigma, rows)
    others = [j for j in range(game.n_players) if j != player]
    labels = [_profile_label(game, others, profile)
              for profile in itertools.product(*(alive[j] for j in others))]
    margins = tuple((label, v, u) for label, v, u in zip(labels, values, rows[local]))
    return Elimination(player, original[local], tuple(dominator), margins)


def _profile_label(game, others: Sequence[int], profile: Sequence[int]) -> str:
    names = [game.strategies[j][k] for j, k in zip(others, profile)]
    return names[0] if len(names) == 1 else "(" + ", ".join(names) + ")"


__all__ = ["eliminate_dominated", "dominator", "Elimination", "DominanceResult",
           "DOMINANCE_SCHEMA"]
