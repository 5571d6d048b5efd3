"""Behaviour-strategy profiles on a tree: values, reach probabilities, subgames.

A profile is a list indexed by information set, each entry a tuple of exact
action probabilities. These helpers are what the refinements
(:mod:`deterrence.trees.credibility`, :mod:`deterrence.trees.assessment`) and
the subgame decomposition (:mod:`deterrence.trees.subgames`) are built on.

Example
-------
>>> from deterrence.io import load_game
>>> game = load_game("punishment_deterrence")
>>> B = [(Fraction(1), Fraction(0)), (Fraction(0), Fraction(1))]
>>> node_values(game, B)[0]
(Fraction(1, 1), Fraction(-1, 1))
>>> subgame_roots(game)
(0, 1)
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

import numpy as np

Behaviour = Sequence[Sequence[Fraction]]


def node_values(game, behaviour: Behaviour, nodes: Sequence[int] | None = None) -> dict[int, tuple]:
    """Expected payoffs from every node on (payoffs written on the node included)."""
    values: dict[int, tuple] = {}
    order = range(game.size - 1, -1, -1) if nodes is None else sorted(nodes, reverse=True)
    for v in order:
        values[v] = node_value(game, behaviour, values, v)
    return values


def node_value(game, behaviour: Behaviour, values: dict, v: int) -> tuple:
    """The expected payoffs from ``v`` on, given ``values`` at its children.

    A move made for sure passes its child's values up as they are, so a pure
    profile costs no arithmetic except where payoffs are written on a node.
    """
    m = int(game.mover[v])
    own = game.node_payoff(v)
    if m == -2:
        return own or (Fraction(0),) * game.n_players
    if m == -1:
        weights = [game.probability(e) for e in game.edges(v)]
    else:
        weights = behaviour[int(game.infoset[v])]
    total = None
    for w, c in zip(weights, game.children(v)):
        if not w:
            continue
        cv = values[c]
        if w != 1:
            cv = [w * x for x in cv]
        total = cv if total is None else [a + b for a, b in zip(total, cv)]
    if total is None:   # no action has positive probability (not a profile): nothing follows
        total = (Fraction(0),) * game.n_players
    if own:
        total = [a + b for a, b in zip(total, own)]
    return tuple(total)


def refresh_values(game, behaviour: Behaviour, values: dict, changed: Sequence[int], start: int = 0) -> None:
    """After the behaviour at the nodes ``changed`` changed, bring ``values`` (from
    :func:`node_values` over the subtree at ``start``) up to date: only those nodes and
    their ancestors up to ``start`` change value, deepest first."""
    ancestry = game.ancestry
    stale: set[int] = set()
    for v in changed:
        while v not in stale:
            stale.add(v)
            if v == start:
                break
            v = ancestry[v][0]
            if v < 0:
                break
    for v in sorted(stale, reverse=True):
        values[v] = node_value(game, behaviour, values, v)


def subtree(game, v: int) -> list[int]:
    """Nodes of the subtree at ``v``, in level order."""
    return game.subtree_nodes(v).tolist()


def reach(game, behaviour: Behaviour, start: int = 0, skip: int | None = None) -> dict[int, Fraction]:
    """Probability of reaching each node of the subtree at ``start`` from ``start``.

    With ``skip`` a player index, that player's own moves count as certain
    (the probability that the others and chance lead to the node).
    """
    out = {start: Fraction(1)}
    movers = game.mover
    for v in subtree(game, start):
        p = out[v]
        m = int(movers[v])
        if m == -2:
            continue
        if not p or m == skip:          # unreached, or a move that counts as certain
            for c in game.children(v):
                out[c] = p
            continue
        weights = ([game.probability(e) for e in game.edges(v)] if m == -1 else
                   behaviour[int(game.infoset[v])])
        for w, c in zip(weights, game.children(v)):
            out[c] = p * w if w and w != 1 else (p if w else Fraction(0))
    return out


def subgame_roots(game) -> tuple[int, ...]:
    """Roots of the subgames, by definition: the nodes (not terminal, and in an
    information set of their own) whose subtree every information set lies
    either wholly inside or wholly outside of. The root of the tree is always one.

    In depth-first order a subtree is one interval of positions; an information
    set lies inside the subtree at ``v`` exactly when its first and last members
    do, so one pass from the leaves up, carrying the extreme positions of every
    information set met below, decides every node at once.
    """
    n = game.size
    pre = game.preorder
    decision = np.nonzero(game.infoset >= 0)[0]
    big = np.iinfo(np.int64).max
    lo = np.full(n, big, dtype=np.int64)
    hi = np.full(n, -1, dtype=np.int64)
    if len(decision):
        sets = game.infoset[decision]
        first = np.full(game.n_infosets, big, dtype=np.int64)
        last = np.full(game.n_infosets, -1, dtype=np.int64)
        np.minimum.at(first, sets, pre[decision])
        np.maximum.at(last, sets, pre[decision])
        lo[decision] = first[sets]
        hi[decision] = last[sets]
        counts = np.bincount(sets, minlength=game.n_infosets)
    parent = game.parent
    for level_first, stop in reversed(game.levels[1:]):
        np.minimum.at(lo, parent[level_first:stop], lo[level_first:stop])
        np.maximum.at(hi, parent[level_first:stop], hi[level_first:stop])
    inside = (lo >= pre) & (hi < pre + game.subtree_size)
    candidate = inside & (game.mover != -2)
    if len(decision):
        shared = np.zeros(n, dtype=bool)
        shared[decision] = counts[game.infoset[decision]] > 1
        candidate &= ~shared
    candidate[0] = True
    return tuple(np.nonzero(candidate)[0].tolist())


def smallest_subgame(game, roots: Sequence[int]) -> dict[int, int]:
    """For every node, the root of the smallest subgame containing it."""
    is_root = set(roots)
    out = {}
    for v in range(game.size):
        if v in is_root:
            out[v] = v
        else:
            out[v] = out[int(game.parent[v])]
    return out


def infoset_weights(game, behaviour: Behaviour, h: int, start: int,
                    cache: dict | None = None) -> list[Fraction]:
    """Probability that the others and chance lead from ``start`` to each node of ``h``.

    ``cache`` (a dict kept by the caller for one ``behaviour``) holds the reach
    probabilities by ``(start, player)``: every set of a player below one subgame
    root shares them, so a pass over all sets walks each subtree once per player.
    """
    player = game.infoset_player[h]
    if cache is None:       # one set: walk up from its nodes, not down the whole subtree
        return [path_weight(game, behaviour, v, start, player) for v in game.members[h]]
    key = (start, player)
    r = cache.get(key)
    if r is None:
        r = cache[key] = reach(game, behaviour, start, skip=player)
    return [r.get(v, Fraction(0)) for v in game.members[h]]


def path_weight(game, behaviour: Behaviour, v: int, start: int, player: int | None = None) -> Fraction:
    """Probability that chance and everyone but ``player`` lead from ``start`` to ``v``
    (0 when ``v`` is not below ``start``), walked up from ``v``.

    >>> from fractions import Fraction as F
    >>> from deterrence.io import load_game
    >>> game = load_game("punishment_deterrence")     # the Incumbent responds at node 1
    >>> path_weight(game, [(F(1, 3), F(2, 3)), (F(1), F(0))], 1, 0)
    Fraction(1, 3)
    """
    ancestry = game.ancestry
    w = Fraction(1)
    while v != start:
        parent, edge, action, mover, infoset = ancestry[v]
        if parent < 0:
            return Fraction(0)
        if mover == -1:
            p = game.probability(edge)
        elif mover == player:
            p = 1
        else:
            p = behaviour[infoset][action]
        if not p:
            return Fraction(0)
        if p != 1:
            w *= p
        v = parent
    return w


def action_values(game, values: dict, h: int, weights: Sequence[Fraction]) -> list[Fraction]:
    """Expected payoff of each action at information set ``h`` for its player,
    with the nodes weighted by ``weights`` (normalised), play continuing as in ``values``."""
    player = game.infoset_player[h]
    total = sum(weights, Fraction(0))
    out = []
    for j in range(len(game.infoset_actions(h))):
        q = Fraction(0)
        for v, w in zip(game.members[h], weights):
            if w:
                q += w * values[game.children(v)[j]][player]
        out.append(q / total)
    return out


def complete_behaviour(game, partial: Sequence[Sequence[Fraction] | None],
                       roots: Sequence[int] | None = None) -> list[tuple[Fraction, ...]]:
    """Fill the information sets a mixed strategy leaves open (``None``).

    They are information sets the player's own earlier moves rule out, so
    they do not change the play; each gets the action that is best for its
    player there, deepest first, given the others' play (uniform weights
    over the nodes when the others never lead there).
    """
    open_sets = [h for h, b in enumerate(partial) if b is None]
    behaviour = [tuple(b) if b is not None else
                 tuple(Fraction(int(j == 0)) for j in range(len(game.infoset_actions(h))))
                 for h, b in enumerate(partial)]
    if not open_sets:
        return behaviour
    is_root = set(roots if roots is not None else subgame_roots(game))
    # a node's value depends on its subtree only: the subtrees of the open sets' nodes
    # suffice, valued once and brought up to date as each set is filled
    region = {u for h in open_sets for v in game.members[h] for u in subtree(game, v)}
    values = node_values(game, behaviour, region)
    for h in sorted(open_sets, key=lambda h: -game.members[h][0]):
        weights = infoset_weights(game, behaviour, h, _subgame_root(game, game.members[h][0], is_root))
        if not any(weights):
            weights = [Fraction(1)] * len(weights)
        q = action_values(game, values, h, weights)
        best = q.index(max(q))
        chosen = tuple(Fraction(int(j == best)) for j in range(len(q)))
        if chosen != behaviour[h]:
            behaviour[h] = chosen
            _refresh_inside(game, behaviour, values, game.members[h], region)
    return behaviour


def _subgame_root(game, v: int, is_root: set[int]) -> int:
    """The root of the smallest subgame containing ``v`` (the root of the tree is one)."""
    while v not in is_root and v > 0:
        v = int(game.parent[v])
    return v


def _refresh_inside(game, behaviour: Behaviour, values: dict, changed: Sequence[int],
                    region: set[int]) -> None:
    """:func:`refresh_values` for ``values`` over ``region`` (a union of subtrees): the nodes
    ``changed`` and their ancestors inside it, deepest first."""
    stale: set[int] = set()
    for v in changed:
        while v in region and v not in stale:
            stale.add(v)
            v = int(game.parent[v])
    for v in sorted(stale, reverse=True):
        values[v] = node_value(game, behaviour, values, v)
