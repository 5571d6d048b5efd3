"""Checks of tree solutions that share no code with the solvers: pygambit's node values and
subgame roots, scipy's floating-point LP, brute force over pure profiles.

* :func:`regrets` — the regret of every information set of a profile given the
  beliefs the solver reports (pygambit's ``node_value``), and whether the
  reported beliefs on the path are pygambit's Bayes-rule ``belief``;
* :func:`pure_pbe_outcomes` — every pure perfect Bayesian equilibrium of a
  small tree, by brute force: subgame roots from pygambit, Bayes' rule from
  the smallest subgame's root given the others' play, and where that is
  silent a belief sought by scipy's ``linprog`` against every pure
  continuation of the player (sequential rationality of the whole
  continuation, Mas-Colell, Whinston and Green 1995, 9.C.1).
"""

from __future__ import annotations

import io
import itertools
from fractions import Fraction

import numpy as np


def gambit_game(game):
    import pygambit as gbt

    from deterrence.io.gambit_efg import write_efg

    return gbt.read_efg(io.StringIO(write_efg(game)))


def gambit_profile(efg, game, behaviour):
    import pygambit as gbt

    profile = efg.mixed_behavior_profile(rational=True)
    infosets = {h.label: h for p in efg.players for h in p.infosets}
    for h in range(game.n_infosets):
        theirs = infosets[game.infoset_labels[h]]
        for action, p in zip(theirs.actions, behaviour[h]):
            profile[action] = gbt.Rational(p.numerator, p.denominator)
    return profile


def _fraction(x) -> Fraction:
    return Fraction(str(x))


def regrets(game, eq) -> dict[str, Fraction]:
    """Regret at every information set (label) given the equilibrium's beliefs; raises
    if a belief on the path differs from pygambit's."""
    efg = gambit_game(game)
    behaviour = eq.behaviour(game)
    profile = gambit_profile(efg, game, behaviour)
    nodes = {n.label: n for n in efg.nodes}
    players = {p.label: p for p in efg.players}
    beliefs = dict(eq.beliefs) | dict(eq.off_path_beliefs)
    out = {}
    for h in range(game.n_infosets):
        members = game.members[h]
        player = players[game.players[game.infoset_player[h]]]
        mu = beliefs.get(h, (Fraction(1),) if len(members) == 1 else None)
        if mu is None:
            raise AssertionError(f"no belief reported at {game.infoset_labels[h]!r}")
        if h in dict(eq.beliefs):
            for v, m in zip(members, mu):
                assert _fraction(profile.belief(nodes[game.ids[v]])) == m, "belief is not Bayes"
        values = []
        for a in range(len(game.infoset_actions(h))):
            total = Fraction(0)
            for v, m in zip(members, mu):
                if m:
                    child = nodes[game.ids[game.children(v)[a]]]
                    total += m * _fraction(profile.node_value(player, child))
            values.append(total)
        prescribed = sum((p * x for p, x in zip(behaviour[h], values)), Fraction(0))
        out[game.infoset_labels[h]] = max(values) - prescribed
    return out


# ------------------------------------------------------------------ brute force


class _Tree:
    """The tree as plain Python lists, read from pygambit."""

    def __init__(self, efg):
        self.nodes = list(efg.nodes)
        self.index = {n: k for k, n in enumerate(self.nodes)}
        self.players = list(efg.players)
        self.player_of = {p: i for i, p in enumerate(self.players)}
        self.infosets = [h for p in self.players for h in p.infosets]
        self.set_index = {h: k for k, h in enumerate(self.infosets)}
        self.members = [[self.index[m] for m in h.members] for h in self.infosets]
        self.owner = [self.player_of[h.player] for h in self.infosets]
        self.children = [[self.index[c] for c in n.children] for n in self.nodes]
        self.kind = []
        self.set_of = []
        self.probs = []
        self.payoff = []
        for n in self.nodes:
            if n.is_terminal:
                self.kind.append("t")
                self.set_of.append(-1)
                self.probs.append(())
                self.payoff.append(tuple(_fraction(n.outcome[p]) if n.outcome is not None else Fraction(0)
                                         for p in self.players))
            elif n.player.is_chance:
                self.kind.append("c")
                self.set_of.append(-1)
                self.probs.append(tuple(_fraction(a.prob) for a in n.infoset.actions))
                self.payoff.append(None)
            else:
                self.kind.append("d")
                self.set_of.append(self.set_index[n.infoset])
                self.probs.append(())
                self.payoff.append(None)
        self.parent = [-1] * len(self.nodes)
        for v, kids in enumerate(self.children):
            for c in kids:
                self.parent[c] = v
        self.subgame_roots = {k for k, n in enumerate(self.nodes) if n.is_subgame_root
                              and not n.is_terminal}

    def below(self, v):
        out, stack = [], [v]
        while stack:
            u = stack.pop()
            out.append(u)
            stack.extend(self.children[u])
        return out

    def value(self, v, plan, player):
        """Payoff of ``player`` from node ``v`` when every set plays ``plan`` (pure)."""
        if self.kind[v] == "t":
            return self.payoff[v][player]
        if self.kind[v] == "c":
            return sum((p * self.value(c, plan, player) for p, c in zip(self.probs[v], self.children[v])),
                       Fraction(0))
        return self.value(self.children[v][plan[self.set_of[v]]], plan, player)

    def weight(self, start, v, plan, player):
        """Probability that chance and the players other than ``player`` lead from ``start`` to ``v``."""
        w = Fraction(1)
        while v != start:
            u = self.parent[v]
            if u < 0:
                return Fraction(0)
            j = self.children[u].index(v)
            if self.kind[u] == "c":
                w *= self.probs[u][j]
            elif self.owner[self.set_of[u]] != player and plan[self.set_of[u]] != j:
                return Fraction(0)
            v = u
        return w


def pure_pbe_outcomes(game, limit: int = 4096) -> set | None:
    """Outcome distributions ``frozenset((terminal id, probability))`` of every pure
    perfect Bayesian equilibrium, by brute force; ``None`` if there are more than
    ``limit`` pure profiles."""
    from scipy.optimize import linprog

    efg = gambit_game(game)
    t = _Tree(efg)
    sizes = [len(h.actions) for h in t.infosets]
    if int(np.prod(sizes)) > limit:
        return None
    smallest = {}
    for v in range(len(t.nodes)):
        u = v
        while u not in t.subgame_roots:
            u = t.parent[u]
        smallest[v] = u
    out = set()
    for plan in itertools.product(*(range(n) for n in sizes)):
        if all(_rational_at(t, plan, h, smallest, linprog) for h in range(len(t.infosets))):
            out.add(_outcome(t, plan))
    return out


def _rational_at(t: _Tree, plan, h, smallest, linprog) -> bool:
    player = t.owner[h]
    members = t.members[h]
    start = smallest[members[0]]
    weights = [t.weight(start, v, plan, player) for v in members]
    # the player's own sets from h on, and every pure continuation of them
    own = sorted({t.set_of[u] for v in members for u in t.below(v)
                  if t.kind[u] == "d" and t.owner[t.set_of[u]] == player})
    rows = []
    for choice in itertools.product(*(range(len(t.infosets[g].actions)) for g in own)):
        alt = list(plan)
        for g, a in zip(own, choice):
            alt[g] = a
        rows.append([t.value(v, alt, player) for v in members])
    mine = [t.value(v, plan, player) for v in members]
    if any(weights):
        total = sum(weights, Fraction(0))
        mu = [w / total for w in weights]
        best = max(sum((m * r for m, r in zip(mu, row)), Fraction(0)) for row in rows)
        return sum((m * x for m, x in zip(mu, mine)), Fraction(0)) >= best
    # a belief mu >= 0, sum 1, with mine·mu >= row·mu for every continuation
    A = [[float(r - x) for r, x in zip(row, mine)] for row in rows]
    result = linprog(np.zeros(len(members)), A_ub=A, b_ub=np.full(len(rows), 1e-9),
                     A_eq=[np.ones(len(members))], b_eq=[1.0], bounds=[(0, 1)] * len(members),
                     method="highs")
    return result.status == 0


def _outcome(t: _Tree, plan) -> frozenset:
    out = {}
    stack = [(0, Fraction(1))]
    while stack:
        v, p = stack.pop()
        if t.kind[v] == "t":
            label = t.nodes[v].label
            out[label] = out.get(label, Fraction(0)) + p
        elif t.kind[v] == "c":
            for q, c in zip(t.probs[v], t.children[v]):
                if q:
                    stack.append((c, p * q))
        else:
            stack.append((t.children[v][plan[t.set_of[v]]], p))
    return frozenset(out.items())


def outcome_of(game, eq) -> frozenset:
    """The equilibrium's distribution over terminal node ids."""
    from deterrence.trees.behaviour import reach

    r = reach(game, eq.behaviour(game), 0)
    return frozenset((game.ids[z], p) for z in game.terminals if (p := r.get(z, Fraction(0))))
