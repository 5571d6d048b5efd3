"""Signalling games and the Intuitive Criterion (Cho and Kreps, "Signaling games and stable
equilibria", *Quarterly Journal of Economics* 102, 1987).

A tree is a *sender-receiver* game here when nature moves first (one or more
chance moves), then one player, the sender, moves knowing its type (its
information set: a type may still be unsure of the receiver's own type), and
the other player, the receiver, sees the sender's action (the *message*) but
not the type, answers once, and after that only the sender and chance move.
The two-sided uncertainty of a deterrence crisis fits: the Challenger's type
is its information set, the Defender sees the challenge and answers knowing
its own type, and a resisted Challenger then fights or backs down.

A perfect Bayesian equilibrium whose beliefs after an unsent message are free
may rest on implausible beliefs. The criterion asks, for each unsent message
``m``:

1. which types are *equilibrium-dominated* for ``m``: their equilibrium
   payoff beats everything ``m`` could bring them, whatever the receiver
   believes (the receiver answering with best responses to some belief);
2. whether some other type ``t`` would gain from ``m`` for *every* answer
   that is a best response to a belief on the types that are not dominated.

If so the equilibrium fails the criterion: ``t`` would send ``m`` and expect
to be understood. The sender's play after the receiver's answer is the
equilibrium's own (it is sequentially rational). Which answers are best
responses to some belief is an exact LP for each profile of the receiver's
pure answers (one per receiver information set after ``m``).

Example
-------
>>> from deterrence.io import load_game
>>> from deterrence.trees.solver import solve_tree
>>> game = load_game("two_sided_uncertainty")
>>> [(eq.intuitive_criterion, eq.outcomes[0][0]) for eq in solve_tree(game).equilibria]
[(True, 'the Defender concedes'), (True, 'status quo')]
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

from deterrence.model.expr import format_fraction

#: Most profiles of the receiver's answers to one message that are examined.
MAX_PROFILES = 4096


@dataclass(frozen=True)
class Signalling:
    """The sender-receiver structure of a tree.

    ``types``: the sender's first information sets; ``prior``: each type's
    probability; ``weight[x]``: the probability of node ``x`` within its type;
    ``messages``: the action labels at the types; ``answers[m]``: the receiver's
    information sets after message ``m``; ``after[(x, m)]``: the receiver's node
    after message ``m`` at type node ``x``.
    """

    sender: int
    receiver: int
    types: tuple[int, ...]
    prior: dict
    weight: dict
    messages: tuple[str, ...]
    answers: dict
    after: dict


def structure(game) -> tuple[Signalling | None, str]:
    """The sender-receiver structure, or ``None`` and why the tree is not one."""
    if game.n_players != 2:
        return None, "not a two-player game"
    mover = game.mover
    # nodes below nothing but chance
    chance_only = {0}
    firsts = []
    stack = [0]
    reach_p = {0: Fraction(1)}
    while stack:
        v = stack.pop()
        m = int(mover[v])
        if m == -1:
            for e, c in zip(game.edges(v), game.children(v)):
                reach_p[c] = reach_p[v] * game.probability(e)
                chance_only.add(c)
                stack.append(c)
        elif m >= 0:
            firsts.append(v)
    if not firsts or not game.has_chance or int(mover[0]) != -1:
        return None, "nature does not move first"
    sender = int(mover[firsts[0]])
    if any(int(mover[v]) != sender for v in firsts):
        return None, "more than one player moves right after nature"
    receiver = 1 - sender
    types = sorted({int(game.infoset[v]) for v in firsts})
    first_set = set(firsts)
    if any(v not in first_set for h in types for v in game.members[h]):
        return None, "the sender's first information sets also hold later nodes"
    prior = {h: sum((reach_p[v] for v in game.members[h]), Fraction(0)) for h in types}
    if sum(1 for h in types if prior[h]) < 2:
        return None, "the first mover has no private information (one type)"
    weight = {v: (reach_p[v] / prior[int(game.infoset[v])]) if prior[int(game.infoset[v])] else
              Fraction(0) for v in firsts}
    messages = game.infoset_actions(types[0])
    if any(sorted(game.infoset_actions(h)) != sorted(messages) for h in types):
        return None, "the types do not have the same actions"
    after: dict = {}
    answers: dict[str, set[int]] = {m: set() for m in messages}
    origin: dict[int, str] = {}
    answered: dict[str, set[bool]] = {m: set() for m in messages}
    for v in firsts:
        for label, c in zip(game.actions(v), game.children(v)):
            if int(mover[c]) == receiver:
                answered[label].add(True)
                after[(v, label)] = c
                h = int(game.infoset[c])
                answers[label].add(h)
                origin[c] = label
            elif (mover[game.subtree_nodes(c)] == receiver).any():
                return None, "the receiver does not answer a message at once"
            else:
                answered[label].add(False)  # e.g. the status quo: nothing follows to believe
    if any(len(kinds) > 1 for kinds in answered.values()):
        return None, "a message is answered after some types and not after others"
    answers = {m: hs for m, hs in answers.items() if hs}
    for hs in answers.values():
        for h in hs:
            labels = {origin.get(v) for v in game.members[h]}
            if len(labels) != 1 or None in labels:
                return None, "the receiver does not see the sender's action"
            for v in game.members[h]:
                for c in game.children(v):
                    below = game.subtree_nodes(c)
                    if (mover[below] == receiver).any():
                        return None, "the receiver moves more than once"
    return Signalling(sender, receiver, tuple(types), prior, weight, tuple(messages),
                      {m: tuple(sorted(hs)) for m, hs in answers.items()}, after), ""


def intuitive_criterion(game, eq, cache: dict | None = None) -> tuple[bool | None, str]:
    """Whether the equilibrium survives the Intuitive Criterion, and why.

    ``None`` (with the reason) where the tree is not a sender-receiver game.
    """
    from deterrence.trees.behaviour import node_values

    cache = {} if cache is None else cache
    if "signalling" not in cache:
        cache["signalling"] = structure(game)
    s, why = cache["signalling"]
    if s is None:
        return None, f"the Intuitive Criterion applies to sender-receiver games; here {why}"
    behaviour = eq.behaviour(game)
    values = node_values(game, behaviour)
    live = [t for t in s.types if s.prior[t]]
    name = {t: repr(game.decision_point(t)) for t in live}
    equilibrium = {t: _type_value(game, s, values, t) for t in live}
    unsent = [m for m in s.messages if m in s.answers
              and all(behaviour[t][game.infoset_actions(t).index(m)] == 0 for t in live)]
    if not unsent:
        return True, ("every message the receiver answers is sent on the path of play: no "
                      "belief off the path to test")
    reasons = []
    for m in unsent:
        profiles = _answer_profiles(game, s, values, m, live)
        if profiles is None:
            return None, f"too many answers to {m!r} to examine"
        best = {t: max((u[t] for _, u in profiles), default=None) for t in live}
        dominated = [t for t in live if best[t] is not None and equilibrium[t] > best[t]]
        kept = [t for t in live if t not in dominated]
        if not dominated:
            gains = ", ".join(f"{name[t]} {_n(best[t])} > {_n(equilibrium[t])}" for t in live
                              if best[t] is not None and best[t] > equilibrium[t])
            reasons.append(f"after {m!r} no type is equilibrium-dominated (each could do at least "
                           f"as well as in equilibrium for some answer{': ' + gains if gains else ''}), "
                           "so the criterion leaves the beliefs after it free")
            continue
        if not kept:
            reasons.append(f"every type is equilibrium-dominated for {m!r}: no restriction")
            continue
        answers = [(r, u) for r, u in profiles if _answers_some_belief_on(game, s, values, m, r, kept)]
        for t in kept:
            worst = min((u[t] for _, u in answers), default=None)
            if worst is not None and worst > equilibrium[t]:
                out = ", ".join(name[d] for d in dominated)
                return False, (
                    f"after {m!r}: {out} can only lose by it (equilibrium payoff "
                    f"{', '.join(_n(equilibrium[d]) for d in dominated)} beats the best "
                    f"{', '.join(_n(best[d]) for d in dominated)} it could bring), so the receiver "
                    f"should believe {m!r} comes from {', '.join(name[k] for k in kept)}; then "
                    f"{name[t]} gets at least {_n(worst)} from {m!r}, more than its equilibrium "
                    f"{_n(equilibrium[t])}: it would deviate")
        verb = "is" if len(dominated) == 1 else "are"
        reasons.append(f"after {m!r}, {', '.join(name[d] for d in dominated)} {verb} "
                       f"equilibrium-dominated, but no other type is sure to gain from {m!r}")
    return True, "; ".join(reasons)


def _n(x) -> str:
    return format_fraction(x)


def _type_value(game, s: Signalling, values, t: int) -> Fraction:
    return sum((s.weight[x] * values[x][s.sender] for x in game.members[t]), Fraction(0))


def _answer_profiles(game, s: Signalling, values, m: str, live):
    """Every profile of pure answers to ``m`` that is a best response to some belief over
    the types: ``(profile, {type: payoff from m})``; ``None`` if there are too many."""
    sets = s.answers[m]
    choices = [range(len(game.infoset_actions(h))) for h in sets]
    out = []
    for k, profile in enumerate(itertools.product(*choices)):
        if k >= MAX_PROFILES:
            return None
        r = dict(zip(sets, profile))
        if not _answers_some_belief_on(game, s, values, m, r, live):
            continue
        payoff = {}
        for t in live:
            total = Fraction(0)
            for x in game.members[t]:
                y = s.after[(x, m)]
                c = game.children(y)[r[int(game.infoset[y])]]
                total += s.weight[x] * values[c][s.sender]
            payoff[t] = total
        out.append((r, payoff))
    return out


def _answers_some_belief_on(game, s: Signalling, values, m: str, r: dict, types) -> bool:
    """Whether some belief over ``types`` makes every answer in ``r`` a best response
    (an exact LP in the belief)."""
    from deterrence.nash.lp import maximize

    types = list(types)
    index = {t: k for k, t in enumerate(types)}
    A_ub, b_ub = [], []
    for h, a in r.items():
        n = len(game.infoset_actions(h))
        for b in range(n):
            if b == a:
                continue
            # Σ_t μ_t Σ_{y in h from t} weight · (v(b) - v(a)) <= 0
            row = [Fraction(0)] * len(types)
            any_node = False
            for y in game.members[h]:
                x = int(game.parent[y])
                t = int(game.infoset[x])
                if t not in index:
                    continue
                any_node = True
                kids = game.children(y)
                row[index[t]] += s.weight[x] * (values[kids[b]][s.receiver] - values[kids[a]][s.receiver])
            if any_node:
                A_ub.append(row)
                b_ub.append(Fraction(0))
    A_eq = [[Fraction(1)] * len(types)]
    return maximize([0] * len(types), A_ub, b_ub, A_eq, [1]).is_optimal


__all__ = ["intuitive_criterion", "structure", "Signalling"]
