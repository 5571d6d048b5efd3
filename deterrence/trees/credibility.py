"""Credible and incredible threats: is a profile subgame perfect, and if not, where not?

A profile is *subgame perfect* when it is a Nash equilibrium of every
subgame. :func:`subgame_perfection` checks exactly that, subgame by subgame,
with a best-response pass per player, and lists where a prescription is not
what the player would do if it came to that (a one-shot deviation there
gains, given the others' play and the belief Bayes' rule gives).

Not every such prescription is a *threat*. An incredible threat
(:func:`deters`) is a prescribed action that is not optimal where it would
be carried out **and** that makes another player's move unprofitable: with
the better action in its place, some earlier move of another player that
leads there would pay more than what that player does. Retaliation that
keeps a challenger out is one; restraint (not retaliating, conceding a
little) deters nobody and is reported as merely *not optimal*.

Example
-------
The Nash equilibrium in which the Defender threatens to retaliate:

>>> from deterrence.io import load_game
>>> game = load_game("punishment_deterrence")
>>> B = [(Fraction(0), Fraction(1)), (Fraction(1), Fraction(0))]
>>> perfect, threats = subgame_perfection(game, B)
>>> perfect, threats[0].sentence(game)
(False, "at 'respond', Defender is told to Retaliate, but if it came to that it would rather Acquiesce (gain 1): not credible; it keeps Challenger from Challenge")
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from typing import Sequence

import numpy as np

from deterrence.trees.behaviour import (Behaviour, action_values, infoset_weights, node_values,
                                        path_weight, reach, refresh_values, smallest_subgame,
                                        subgame_roots, subtree)
from deterrence.trees.result import Threat
from deterrence.nash.verify import VerificationError


def best_response_value(game, behaviour: Behaviour, player: int, start: int) -> tuple[Fraction, list]:
    """The most ``player`` can get in the subgame at ``start`` against the others'
    play, and a best-response profile (perfect recall assumed)."""
    nodes = subtree(game, start)
    mine = sorted({int(game.infoset[v]) for v in nodes if int(game.mover[v]) == player},
                  key=lambda h: -game.members[h][0])
    current = [tuple(b) for b in behaviour]
    # the others' and chance's reach does not depend on the player's own moves, which are
    # all this loop changes: one walk of the subgame serves every set
    reaches: dict = {}
    values = node_values(game, current, nodes)
    for h in mine:
        weights = infoset_weights(game, current, h, start, reaches)
        if not any(weights):
            continue
        q = action_values(game, values, h, weights)
        best = q.index(max(q))
        choice = tuple(Fraction(int(j == best)) for j in range(len(q)))
        if choice != current[h]:
            current[h] = choice
            # a node's value depends on its subtree only: h's nodes and what lies above change
            refresh_values(game, current, values, game.members[h], start)
    return values[start][player], current


def failures(game, behaviour: Behaviour, roots: Sequence[int] | None = None,
             values: dict | None = None) -> tuple[bool, list[Threat]]:
    """Whether ``behaviour`` is subgame perfect, and every prescription that is not
    optimal where it would be carried out (one per information set, with the gain of
    the best deviation there), threats or not."""
    roots = subgame_roots(game) if roots is None else roots
    values = node_values(game, behaviour) if values is None else values
    smallest = smallest_subgame(game, roots)
    found: list[Threat] = []
    flagged: set[int] = set()
    reaches: dict = {}
    for h in range(game.n_infosets):
        start = smallest[game.members[h][0]]
        player = game.infoset_player[h]
        weights = infoset_weights(game, behaviour, h, start, reaches)
        if not any(weights):
            continue
        # ruled out by the player's own earlier moves in this subgame: never carried out
        if (start, None) not in reaches:
            reaches[(start, None)] = reach(game, behaviour, start)
        played = reaches[(start, None)]
        if not any(played.get(v, 0) for v in game.members[h]):
            continue
        q = action_values(game, values, h, weights)
        prescribed = sum((p * x for p, x in zip(behaviour[h], q)), Fraction(0))
        best = max(q)
        if best > prescribed:
            node = next(v for v, w in zip(game.members[h], weights) if w)
            found.append(Threat(h, node, player, tuple(behaviour[h]), q.index(best),
                                best - prescribed))
            flagged.add(h)
    perfect = True
    whole: dict[int, list] = {}
    for s in roots:
        nodes = subtree(game, s)
        players = {int(game.mover[v]) for v in nodes if int(game.mover[v]) >= 0}
        inside = set(nodes)
        for i in sorted(players):
            br, better = best_response_in(game, behaviour, i, s, whole)
            if br > values[s][i]:
                perfect = False
                # one entry per information set: a player already flagged in this
                # subgame (perhaps in a smaller one inside it) is not flagged again
                if not any(game.infoset_player[t.infoset] == i and t.node in inside
                           for t in found):
                    threat = _fallback(game, behaviour, values, better, i, s, br - values[s][i])
                    if threat is not None and threat.infoset not in flagged:
                        flagged.add(threat.infoset)
                        found.append(threat)
    return perfect and not found, found


def best_response_in(game, behaviour: Behaviour, player: int, s: int, whole: dict | None = None
                     ) -> tuple[Fraction, list]:
    """:func:`best_response_value` in the subgame at ``s``, read off the player's best
    response in the whole tree (kept in ``whole`` for the next subgame) when chance and
    the others reach ``s``: the weights of every set inside are then those seen from ``s``
    times one positive number, so the same actions are best, ties broken alike.

    >>> from fractions import Fraction as F
    >>> from deterrence.io import load_game
    >>> game = load_game("punishment_deterrence")
    >>> threat = [(F(1, 2), F(1, 2)), (F(1), F(0))]      # Challenge half the time; Retaliate
    >>> best_response_in(game, threat, 1, 1)[0] == best_response_value(game, threat, 1, 1)[0]
    True
    """
    whole = {} if whole is None else whole
    if s == 0 or not path_weight(game, behaviour, s, 0, player):
        return best_response_value(game, behaviour, player, s)
    if player not in whole:
        whole[player] = best_response_value(game, behaviour, player, 0)[1]
    current = whole[player]
    return node_values(game, current, subtree(game, s))[s][player], current


def subgame_perfection(game, behaviour: Behaviour, roots: Sequence[int] | None = None,
                       values: dict | None = None) -> tuple[bool, tuple[Threat, ...]]:
    """Whether ``behaviour`` is subgame perfect, and its incredible threats (the
    failures that deter someone, see :func:`deters`)."""
    values = node_values(game, behaviour) if values is None else values
    perfect, found = failures(game, behaviour, roots, values)
    threats, _ = classify(game, behaviour, found, values)
    return perfect, tuple(threats)


def classify(game, behaviour: Behaviour, found: Sequence[Threat], values: dict | None = None
             ) -> tuple[list[Threat], list[Threat]]:
    """Split failures into incredible threats (with whom they deter) and the rest."""
    values = node_values(game, behaviour) if values is None else values
    threats, rest = [], []
    for t in found:
        who = deters(game, behaviour, t.infoset, t.better, values)
        if who is not None:
            threats.append(replace(t, deters=who))
        else:
            rest.append(t)
    return threats, rest


def deters(game, behaviour: Behaviour, h: int, better: int, values: dict | None = None
           ) -> tuple[int, int, int] | None:
    """Whom the prescription at ``h`` deters: ``(player, information set, action)`` of
    an earlier move by another player that leads to ``h`` and would pay more than that
    player's prescribed play if ``h``'s player took ``better`` instead; ``None`` if the
    prescription keeps nobody from anything (restraint is not a threat).

    At the earlier information set the mover's belief is Bayes' rule from the root of
    the smallest subgame containing it, given the others' play (uniform where that is
    silent), as for every other check here.
    """
    values = node_values(game, behaviour) if values is None else values
    player = game.infoset_player[h]
    n = len(game.infoset_actions(h))
    changed = list(behaviour)
    changed[h] = tuple(Fraction(int(j == better)) for j in range(n))
    after = node_values(game, changed)
    pre, size = game.preorder, game.subtree_size
    targets = [int(pre[v]) for v in game.members[h]]
    roots = subgame_roots(game)
    smallest = smallest_subgame(game, roots)
    for g in range(game.n_infosets):
        j = game.infoset_player[g]
        if j == player:
            continue
        members = game.members[g]
        leads = []
        for a in range(len(game.infoset_actions(g))):
            kids = [game.children(v)[a] for v in members]
            if any(int(pre[c]) <= t < int(pre[c] + size[c]) for c in kids for t in targets):
                leads.append(a)
        if not leads:
            continue
        weights = infoset_weights(game, behaviour, g, smallest[members[0]])
        if not any(weights):
            weights = [Fraction(1)] * len(members)
        before_q = action_values(game, values, g, weights)
        after_q = action_values(game, after, g, weights)
        prescribed_before = sum((p * x for p, x in zip(behaviour[g], before_q)), Fraction(0))
        prescribed_after = sum((p * x for p, x in zip(behaviour[g], after_q)), Fraction(0))
        for a in leads:
            if behaviour[g][a] == 1:
                continue
            if before_q[a] <= prescribed_before and after_q[a] > prescribed_after:
                return j, g, a
    return None


def _fallback(game, behaviour, values, better, player, start, gain) -> Threat | None:
    """A profitable deviation in the subgame at ``start`` that no single decision point
    shows (it changes play where the player's own moves rule it out): named at the
    changed decision point of the player with the largest gain there given the beliefs
    there, or, where none gains on its own, at the deepest changed point with the gain
    of the whole deviation."""
    nodes = set(subtree(game, start))
    changed = [h for h in range(game.n_infosets)
               if game.infoset_player[h] == player and game.members[h][0] in nodes
               and tuple(better[h]) != tuple(behaviour[h])]
    if not changed:
        return None
    best = None
    for h in changed:
        action = max(range(len(better[h])), key=lambda j: better[h][j])
        if behaviour[h][action] == 1:
            continue
        weights = infoset_weights(game, behaviour, h, start)
        local = Fraction(0)
        if any(weights):
            q = action_values(game, values, h, weights)
            local = q[action] - sum((p * x for p, x in zip(behaviour[h], q)), Fraction(0))
        key = (local > 0, local, game.members[h][0])
        if best is None or key > best[0]:
            best = (key, h, action, local)
    if best is None:
        return None
    _, h, action, local = best
    return Threat(h, game.members[h][0], player, tuple(behaviour[h]), action,
                  local if local > 0 else gain)


def check_pure_subgame_perfect(game, node_choice: np.ndarray) -> None:
    """Verify a pure profile of a perfect-information tree: at no node can the mover
    gain by choosing another action, given the play below.

    Raises
    ------
    VerificationError
        Naming the node, if the profile is not subgame perfect (a solver bug).
    """
    pool = game.exact().pool
    k = game.n_players
    mover = game.mover.tolist()
    offsets = game.offsets.tolist()
    edge_prob = game.edge_prob.tolist()
    columns = [game.payoff[:, i].tolist() for i in range(k)]
    choice = node_choice.tolist()
    values: list = [None] * game.size
    for v in range(game.size - 1, -1, -1):
        m = mover[v]
        own = tuple(pool[col[v]] if col[v] >= 0 else 0 for col in columns)
        if m == -2:
            values[v] = own
            continue
        lo, hi = offsets[v], offsets[v + 1]
        if m == -1:
            total = list(own)
            for e in range(lo, hi):
                p, c = pool[edge_prob[e]], values[e + 1]
                for i in range(k):
                    total[i] += p * c[i]
            values[v] = tuple(total)
        else:
            chosen = values[lo + choice[v] + 1]
            for e in range(lo, hi):
                if values[e + 1][m] > chosen[m]:
                    raise VerificationError(
                        f"at node {game.ids[v]!r}, {game.players[m]} gains by playing "
                        f"{game.action[e]!r} instead of {game.action[lo + choice[v]]!r}")
            values[v] = tuple(a + b for a, b in zip(chosen, own))
        for e in range(lo, hi):
            values[e + 1] = None
