"""Beliefs and perfect Bayesian equilibrium.

At an information set reached with positive probability a player's belief
about where it is follows from Bayes' rule: each node's probability of
being reached, over the set's. Off the path it is applied from the root of
the smallest subgame containing the set, to the probabilities with which
chance and the *other* players lead there (the player's own moves, which may
be what rules the set out, scale every node alike under perfect recall);
only where those are zero too is Bayes' rule silent, and any belief will do. A profile is a *perfect Bayesian equilibrium*
(here, in the sense used for signalling games: subgame perfect, beliefs by
Bayes' rule wherever it applies) when at every information set the
prescribed actions are best given the belief there; where beliefs are free
it suffices that *some* belief makes them best, which is a small exact
linear feasibility problem (solved by visiting the vertices of the belief
simplex cut by the optimality constraints).

Example
-------
>>> from deterrence.io import load_game
>>> game = load_game("punishment_deterrence")
>>> B = [(Fraction(1), Fraction(0)), (Fraction(0), Fraction(1))]
>>> perfect_bayesian(game, B, spe=True).perfect_bayesian
True
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from math import comb
from typing import Sequence

from deterrence.trees.behaviour import (Behaviour, infoset_weights, node_values, reach,
                                        smallest_subgame, subgame_roots)

#: Most candidate vertices visited when searching for supporting beliefs.
MAX_VERTEX_CANDIDATES = 20000


@dataclass(frozen=True)
class BeliefCheck:
    """Beliefs found and whether the profile is sequentially rational with them.

    ``beliefs``: Bayes' rule at information sets (of several nodes) on the path;
    ``off_path``: beliefs at the others (from a subgame's root, or one that
    supports the play); ``undetermined``: sets where the search gave up.
    """

    perfect_bayesian: bool | None
    beliefs: tuple[tuple[int, tuple[Fraction, ...]], ...]
    off_path: tuple[tuple[int, tuple[Fraction, ...]], ...]
    failures: tuple[int, ...] = ()
    undetermined: tuple[int, ...] = ()
    threats: tuple = ()


def _node_payoffs(game, values, h) -> list[list[Fraction]]:
    """``q[x][a]``: the player's payoff from node ``x`` of ``h`` after action ``a``."""
    player = game.infoset_player[h]
    return [[values[c][player] for c in game.children(v)] for v in game.members[h]]


def _optimal(q: list[list[Fraction]], mu: Sequence[Fraction], support: list[int]) -> bool:
    value = [sum((m * row[a] for m, row in zip(mu, q)), Fraction(0)) for a in range(len(q[0]))]
    best = max(value)
    return all(value[a] == best for a in support)


def supporting_belief(q: list[list[Fraction]], support: list[int]) -> tuple[Fraction, ...] | None | bool:
    """A belief over the nodes under which every action in ``support`` is best.

    Returns the belief, ``None`` if there is none, or ``False`` if the search
    was too large to finish.
    """
    m, n_actions = len(q), len(q[0])
    for x in range(m):  # point beliefs first: most off-path checks end here
        mu = tuple(Fraction(int(y == x)) for y in range(m))
        if _optimal(q, mu, support):
            return mu
    if m == 1:
        return None
    rows = [[Fraction(int(y == x)) for y in range(m)] for x in range(m)]  # mu_x >= 0
    for a in support:
        for b in range(n_actions):
            if b != a:
                rows.append([q[x][a] - q[x][b] for x in range(m)])  # a at least as good as b
    if comb(len(rows), m - 1) > MAX_VERTEX_CANDIDATES:
        return False
    ones = [Fraction(1)] * m
    for tight in itertools.combinations(range(len(rows)), m - 1):
        matrix = [rows[t] for t in tight] + [ones]
        mu = _solve(matrix, [Fraction(0)] * (m - 1) + [Fraction(1)])
        if mu is None or any(x < 0 for x in mu):
            continue
        if all(sum((r * x for r, x in zip(row, mu)), Fraction(0)) >= 0 for row in rows):
            return tuple(mu)
    return None


def _solve(matrix: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """Exact Gaussian elimination; ``None`` for a singular system."""
    n = len(matrix)
    a = [list(row) + [r] for row, r in zip(matrix, rhs)]
    for col in range(n):
        pivot = next((r for r in range(col, n) if a[r][col] != 0), None)
        if pivot is None:
            return None
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(n):
            if r != col and a[r][col] != 0:
                f = a[r][col] / a[col][col]
                a[r] = [x - f * y for x, y in zip(a[r], a[col])]
    return [a[i][n] / a[i][i] for i in range(n)]


def perfect_bayesian(game, behaviour: Behaviour, spe: bool, values: dict | None = None,
                     roots: Sequence[int] | None = None) -> BeliefCheck:
    """Beliefs at every information set and the perfect-Bayesian check.

    ``spe`` says whether the profile is subgame perfect (a perfect Bayesian
    equilibrium must be).
    """
    values = node_values(game, behaviour) if values is None else values
    roots = subgame_roots(game) if roots is None else roots
    smallest = smallest_subgame(game, roots)
    from_root = reach(game, behaviour, 0)
    on_path, off_path, failures, undetermined, threats = [], [], [], [], []
    for h, members in enumerate(game.members):
        q = _node_payoffs(game, values, h)
        support = [a for a, p in enumerate(behaviour[h]) if p]
        weights = [from_root[v] for v in members]
        target = on_path
        if not any(weights):
            # Bayes' rule from the smallest subgame's root, given the others' play and
            # chance (the player's own moves, which may rule the set out, do not
            # change the relative weights of its nodes under perfect recall)
            weights = infoset_weights(game, behaviour, h, smallest[members[0]])
            target = off_path
        if any(weights):
            total = sum(weights, Fraction(0))
            mu = tuple(w / total for w in weights)
            if not _optimal(q, mu, support):
                failures.append(h)
                threats.append(_threat(game, behaviour, h, q, [mu]))
        else:
            found = supporting_belief(q, support)
            if found is None:
                failures.append(h)
                points = [tuple(Fraction(int(y == x)) for y in range(len(q))) for x in range(len(q))]
                threats.append(_threat(game, behaviour, h, q, points))
                continue
            if found is False:
                undetermined.append(h)
                continue
            mu = found
        if len(members) > 1:
            target.append((h, mu))
    ok: bool | None = False if (not spe or failures) else (None if undetermined else True)
    return BeliefCheck(ok, tuple(on_path), tuple(off_path), tuple(failures), tuple(undetermined),
                       tuple(threats))


def _threat(game, behaviour, h, q, beliefs):
    """The prescription at ``h`` that no belief justifies, as a :class:`Threat`: the
    better action and the gain under the belief (of ``beliefs``) most favourable to it."""
    from deterrence.trees.result import Threat

    best = None
    for mu in beliefs:
        value = [sum((m * row[a] for m, row in zip(mu, q)), Fraction(0)) for a in range(len(q[0]))]
        prescribed = sum((p * v for p, v in zip(behaviour[h], value)), Fraction(0))
        gain = max(value) - prescribed
        if best is None or gain < best[0]:
            best = (gain, value.index(max(value)), mu)
    gain, better, mu = best
    node = next(v for v, m in zip(game.members[h], mu) if m)
    return Threat(h, node, game.infoset_player[h], tuple(behaviour[h]), better, gain)
