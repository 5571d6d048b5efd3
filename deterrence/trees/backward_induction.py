"""Backward induction on trees of perfect information, with chance moves.

Nodes are numbered in level order, so one pass over the numbers from the
last to the first visits every child before its parent: a terminal node is
worth its payoffs, a chance node the probability-weighted sum of its
children, a decision node the child that is best for the player who moves
(plus any payoffs written on the node itself). Exactly, in rationals
(:func:`fold_exact`), or with numpy, one vectorised step per level of the
tree (:func:`fold_float`, ``--float``).

Where a player is indifferent, every choice among the best actions starts a
different subgame-perfect equilibrium; :func:`backward_induction` lists all
of them (up to ``limit``), not just the first.

Example
-------
Selten's entry game: the threat to fight is not credible.

>>> from deterrence.io import load_game
>>> game = load_game("punishment_deterrence")
>>> r = backward_induction(game)
>>> [eq.label(game) for eq in r.equilibria]
['Challenger: Challenge; Defender: Acquiesce']
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from deterrence.errors import UsageError
from deterrence.nash.result import SolveResult
from deterrence.trees.result import TreeEquilibrium

#: Most subgame-perfect equilibria listed when players are indifferent.
MAX_EQUILIBRIA = 64
#: Most nodes with ties for which every subgame-perfect equilibrium is enumerated.
MAX_TIE_NODES = 16
#: Tolerance for ties in floating-point folds.
TOLERANCE = 1e-12


@dataclass(frozen=True)
class Fold:
    """The result of one backward pass.

    ``choice`` holds, per node, the index of the chosen action (``-1`` at
    chance and terminal nodes); ``ties`` the decision nodes where the mover
    has several best actions; ``alternatives`` (exact folds only) every
    distinct way to break those ties, as ``(value, overrides)`` pairs.
    """

    value: tuple
    choice: np.ndarray
    ties: np.ndarray
    alternatives: tuple = ()
    truncated: bool = False


class _Alternatives(list):
    """Several subgame-perfect continuations of one subtree: ``(value, choices)`` pairs."""


def fold_exact(game, limit: int = MAX_EQUILIBRIA, enumerate_ties: bool = True) -> Fold:
    """Exact backward induction over the whole tree.

    Returns the first subgame-perfect profile in ``choice`` and, when a
    player is indifferent somewhere and ``enumerate_ties`` is set, every
    subgame-perfect profile (at most ``limit``) in ``alternatives``.
    """
    if not game.is_perfect_information:
        raise UsageError("backward induction needs perfect information",
                         hint="this tree has information sets; use subgame perfection")
    pool = game.exact().pool
    n, k = game.size, game.n_players
    mover = game.mover.tolist()
    offsets = game.offsets.tolist()
    edge_prob = game.edge_prob.tolist()
    columns = [game.payoff[:, i].tolist() for i in range(k)]
    inner = np.nonzero((game.payoff >= 0).any(axis=1) & (game.mover != -2))[0].tolist()
    own = {v: tuple(pool[columns[i][v]] if columns[i][v] >= 0 else 0 for i in range(k)) for v in inner}
    choice = [-1] * n
    ties = []
    values: list = [None] * n
    truncated = False
    for v in range(n - 1, -1, -1):
        m = mover[v]
        if m == -2:
            values[v] = tuple(pool[col[v]] for col in columns)
            continue
        lo, hi = offsets[v], offsets[v + 1]
        kids = [values[e + 1] for e in range(lo, hi)]
        for e in range(lo, hi):
            values[e + 1] = None
        if enumerate_ties and (any(type(c) is _Alternatives for c in kids)):
            value, cut = _combine(v, m, lo, kids, [pool[edge_prob[e]] for e in range(lo, hi)]
                                  if m == -1 else None, own.get(v), limit, ties, choice)
            truncated |= cut
            values[v] = value
            continue
        if m == -1:
            total = [0] * k
            for e, c in zip(range(lo, hi), kids):
                p = pool[edge_prob[e]]
                for i in range(k):
                    total[i] += p * c[i]
            value = tuple(total)
        else:
            best, best_x, tied = 0, kids[0][m], False
            for j in range(1, hi - lo):
                x = kids[j][m]
                if x > best_x:
                    best, best_x, tied = j, x, False
                elif x == best_x:
                    tied = True
            choice[v] = best
            value = kids[best]
            if tied:
                ties.append(v)
                if enumerate_ties:
                    options = [(kids[j], ((v, j),)) for j in range(hi - lo) if kids[j][m] == best_x]
                    value = _Alternatives(options)
        if v in own:
            value = _shift(value, own[v])
        values[v] = value
    root = values[0]
    alternatives = ()
    if type(root) is _Alternatives:
        alternatives = tuple(root)
        root = root[0][0]
    choice_array = np.asarray(choice, dtype=np.int32)
    return Fold(root, choice_array, np.asarray(ties, dtype=np.int64), alternatives, truncated)


def _shift(value, own):
    if type(value) is _Alternatives:
        return _Alternatives((tuple(a + b for a, b in zip(v, own)), c) for v, c in value)
    return tuple(a + b for a, b in zip(value, own))


def _combine(v, m, lo, kids, probs, own, limit, ties, choice):
    """Every subgame-perfect continuation at ``v`` given its children's alternatives."""
    options = [c if type(c) is _Alternatives else [(c, ())] for c in kids]
    out = _Alternatives()
    truncated = False
    tied_here = False
    for combo in itertools.product(*options):
        if len(out) >= limit:
            truncated = True
            break
        parts = tuple(choices for _, choices in combo)
        if m == -1:
            total = [0] * len(combo[0][0])
            for p, (val, _) in zip(probs, combo):
                for i in range(len(total)):
                    total[i] += p * val[i]
            out.append((tuple(total), parts))
            continue
        best_x = max(val[m] for val, _ in combo)
        best = [j for j, (val, _) in enumerate(combo) if val[m] == best_x]
        tied_here |= len(best) > 1
        for j in best:
            out.append((combo[j][0], ((v, j),) + parts))
    if tied_here and (not ties or ties[-1] != v):
        ties.append(v)
    if own is not None:
        out = _shift(out, own)
    return out, truncated


def _flatten(choices, into: dict) -> None:
    stack = [choices]
    while stack:
        item = stack.pop()
        for part in item:
            if isinstance(part, tuple) and len(part) == 2 and isinstance(part[0], int) \
                    and isinstance(part[1], int):
                into[part[0]] = part[1]
            else:
                stack.append(part)


def fold_float(game) -> Fold:
    """Backward induction in floating point, one numpy step per level of the tree."""
    if not game.is_perfect_information:
        raise UsageError("backward induction needs perfect information")
    payoff, prob = game.float_tables()
    n = game.size
    offsets = game.offsets
    counts = np.diff(offsets)
    mover = game.mover
    value = np.array(payoff, dtype=float)
    choice = np.full(n, -1, dtype=np.int32)
    tie_nodes = []
    for first, stop in reversed(game.levels):
        e0, e1 = int(offsets[first]), int(offsets[stop])
        if e0 == e1:
            continue
        nodes = np.arange(first, stop)
        inner = nodes[counts[first:stop] > 0]
        starts = offsets[inner] - e0
        kids = value[e0 + 1:e1 + 1]
        segment = np.repeat(np.arange(len(inner)), counts[inner])
        edge_mover = mover[inner][segment]
        chance = mover[inner] == -1
        result = np.empty((len(inner), game.n_players))
        if chance.any():
            weighted = prob[e0:e1, None] * kids
            sums = np.add.reduceat(weighted, starts, axis=0)
            result[chance] = sums[chance]
        decide = ~chance
        if decide.any():
            mine = kids[np.arange(e1 - e0), np.maximum(edge_mover, 0)]
            best = np.maximum.reduceat(mine, starts)
            is_best = mine >= best[segment] - TOLERANCE
            position = np.arange(e1 - e0)
            first_best = np.minimum.reduceat(np.where(is_best, position, e1 - e0), starts)
            n_best = np.add.reduceat(is_best.astype(np.int64), starts)
            result[decide] = kids[first_best[decide]]
            choice[inner[decide]] = (first_best - starts)[decide]
            tie_nodes.append(inner[decide & (n_best > 1)])
        value[inner] += result
    ties = np.concatenate(tie_nodes) if tie_nodes else np.zeros(0, dtype=np.int64)
    return Fold(tuple(float(x) for x in value[0]), choice, np.sort(ties))


def outcome_distribution(game, node_choice: np.ndarray, floating: bool = False):
    """Probability of each outcome label when every node plays ``node_choice``."""
    out: dict[str, object] = {}
    one = 1.0 if floating else Fraction(1)
    _, prob = game.float_tables() if floating else (None, None)
    stack = [(0, one)]
    offsets = game.offsets
    while stack:
        v, p = stack.pop()
        m = int(game.mover[v])
        if m == -2:
            label = game.outcome[v]
            out[label] = out.get(label, 0) + p
            continue
        lo = int(offsets[v])
        if m >= 0:
            stack.append((lo + int(node_choice[v]) + 1, p))
            continue
        for e in range(lo, int(offsets[v + 1])):
            q = float(prob[e]) if floating else game.probability(e)
            if q:
                stack.append((e + 1, p * q))
    return tuple(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))


def _equilibrium(game, node_choice: np.ndarray, value, floating: bool) -> TreeEquilibrium:
    decision = np.nonzero(game.mover >= 0)[0]
    choice = np.full(game.n_infosets, -1, dtype=np.int32)
    choice[game.infoset[decision]] = node_choice[decision]
    choice.flags.writeable = False
    payoffs = tuple(float(x) for x in value) if floating else tuple(Fraction(x) for x in value)
    return TreeEquilibrium(choice, (), payoffs, outcome_distribution(game, node_choice, floating),
                           subgame_perfect=True, perfect_bayesian=True, sequential=True)


def backward_induction(game, floating: bool = False, limit: int = MAX_EQUILIBRIA,
                       verify: bool = True) -> SolveResult:
    """Every pure subgame-perfect equilibrium of a perfect-information tree.

    Parameters
    ----------
    floating:
        Fold in floating point (fast; ties within 1e-12 count as ties, and
        only the first equilibrium is listed).
    limit:
        Most equilibria listed when players are indifferent.
    verify:
        Check each exact answer again with an independent pass (no player
        gains by changing its action at any node).
    """
    from deterrence.model.memory import paused_gc

    with paused_gc():  # millions of Fractions and tuples, no cycles
        return _backward_induction(game, floating, limit, verify)


def _backward_induction(game, floating: bool, limit: int, verify: bool) -> SolveResult:
    warnings: list[str] = []
    if floating:
        fold = fold_float(game)
        equilibria = (_equilibrium(game, fold.choice, fold.value, True),)
        complete = len(fold.ties) == 0
        if not complete:
            warnings.append(f"players are indifferent at {len(fold.ties)} node(s); "
                            "other subgame-perfect equilibria exist (solve exactly to list them)")
        return SolveResult(game, "subgame-perfect", "backward-induction", exact=False,
                           complete=complete, equilibria=equilibria, warnings=tuple(warnings))
    fold = fold_exact(game, limit, enumerate_ties=False)
    many_ties = len(fold.ties) > MAX_TIE_NODES
    if len(fold.ties) and limit > 1 and not many_ties:
        fold = fold_exact(game, limit, enumerate_ties=True)
    profiles = []
    if fold.alternatives:
        for value, choices in fold.alternatives:
            overrides: dict[int, int] = {}
            _flatten(choices, overrides)
            node_choice = fold.choice.copy()
            for v, j in overrides.items():
                node_choice[v] = j
            profiles.append((node_choice, value))
    else:
        profiles.append((fold.choice, fold.value))
    equilibria = []
    for node_choice, value in profiles:
        if verify:
            from deterrence.trees.credibility import check_pure_subgame_perfect

            check_pure_subgame_perfect(game, node_choice)
        equilibria.append(_equilibrium(game, node_choice, value, False))
    if many_ties:
        warnings.append(f"players are indifferent at {len(fold.ties)} nodes: there are many "
                        "subgame-perfect equilibria; the first (ties broken by the first best "
                        "action) is listed")
    elif fold.truncated or (limit <= 1 and len(fold.ties)):
        warnings.append(f"more than {limit} subgame-perfect equilibria (players are indifferent "
                        f"at {len(fold.ties)} node(s)); the first {len(equilibria)} are listed")
    elif len(fold.ties):
        warnings.append(f"players are indifferent at {len(fold.ties)} node(s): each way to break "
                        "the tie is a subgame-perfect equilibrium, and so is any mixture there")
    return SolveResult(game, "subgame-perfect", "backward-induction", exact=True,
                       complete=not (fold.truncated or many_ties or (limit <= 1 and len(fold.ties))),
                       equilibria=tuple(equilibria),
                       warnings=tuple(warnings))
