"""The agent logit system of a game tree: each information set is one agent.

In the agent quantal response equilibrium (McKelvey & Palfrey 1998) the
agent at information set ``h`` chooses action ``a`` with probability
proportional to ``exp(lambda * Q_h(a))``, where ``Q_h(a)`` is the mover's
expected payoff from ``a`` *given that h is reached*: the continuation value
of ``a`` at each node of ``h``, weighted by the node's probability of being
reached (Bayes' rule, which logit play makes well defined). An information
set that chance alone can keep from being reached weighs its nodes equally.

Reach probabilities are one pass down the tree's levels and continuation
values one pass up (numpy, level by level); the derivative of the values is
taken by complex-step differentiation, exact to rounding.

Example
-------
>>> from deterrence import load_game
>>> system = tree_system(load_game("punishment_deterrence"))
>>> system.sizes
(2, 2)
"""

from __future__ import annotations

import numpy as np

from deterrence.model.tree import GameTree
from deterrence.qre.trace import LogitSystem

#: Imaginary step of the complex-step derivative.
STEP = 1e-30


class TreeValues:
    """Reach probabilities, continuation values and action values of one tree."""

    def __init__(self, game: GameTree) -> None:
        self.game = game
        payoff, prob = game.float_tables()
        self.payoff = np.array(payoff, dtype=float)
        self.chance = np.array(prob, dtype=float)
        n = game.size
        self.parent = np.asarray(game.parent)
        self.parent_edge = np.asarray(game.parent_edge)
        self.levels = game.levels
        sizes = [len(game.infoset_actions(h)) for h in range(game.n_infosets)]
        self.sizes = tuple(sizes)
        cut = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
        self.cut = cut
        # flat action index of every decision edge (-1 for chance edges)
        flat = np.full(game.n_edges, -1, dtype=int)
        self.edge_node = np.repeat(np.arange(n), np.diff(game.offsets))
        for v in np.nonzero(np.asarray(game.mover) >= 0)[0]:
            h = int(game.infoset[v])
            for k, e in enumerate(game.edges(int(v))):
                flat[e] = cut[h] + k
        self.flat = flat
        self.decision = flat >= 0
        self.edge_infoset = np.where(self.decision, np.asarray(game.infoset)[self.edge_node], -1)
        self.edge_player = np.where(self.decision, np.asarray(game.mover)[self.edge_node], 0)
        self.n_infosets = game.n_infosets
        # information sets that chance alone can leave unreached weigh their nodes equally
        reach = self.reach(np.concatenate([np.full(m, 1.0 / m) for m in sizes]))
        weight = np.zeros(self.n_infosets)
        decision_nodes = np.nonzero(np.asarray(game.mover) >= 0)[0]
        np.add.at(weight, np.asarray(game.infoset)[decision_nodes], reach[decision_nodes])
        self.equal_weights = weight <= 0
        terminal_payoffs = np.array([[float(x) for x in p] for p in game.path_payoffs.values()])
        self.scale = float(terminal_payoffs.max() - terminal_payoffs.min()) if terminal_payoffs.size else 1.0

    def edge_probabilities(self, sigma: np.ndarray) -> np.ndarray:
        p = self.chance.astype(sigma.dtype)
        p[self.decision] = sigma[self.flat[self.decision]]
        return p

    def reach(self, sigma: np.ndarray) -> np.ndarray:
        p = self.edge_probabilities(sigma)
        rho = np.ones(self.game.size, dtype=sigma.dtype)
        for first, stop in self.levels[1:]:
            kids = np.arange(first, stop)
            rho[kids] = rho[self.parent[kids]] * p[self.parent_edge[kids]]
        return rho

    def continuation(self, sigma: np.ndarray) -> np.ndarray:
        """Every node's expected payoff to every player from that node on."""
        p = self.edge_probabilities(sigma)
        W = self.payoff.astype(sigma.dtype)
        for first, stop in reversed(self.levels[1:]):
            kids = np.arange(first, stop)
            np.add.at(W, self.parent[kids], p[self.parent_edge[kids]][:, None] * W[kids])
        return W

    def action_values(self, sigma: np.ndarray) -> np.ndarray:
        """``Q_h(a)`` for every action of every information set (flat)."""
        rho = self.reach(sigma)
        W = self.continuation(sigma)
        edges = np.nonzero(self.decision)[0]
        nodes = self.edge_node[edges]
        children = np.asarray(self.game.child)[edges]
        infosets = self.edge_infoset[edges]
        # beliefs: reach probabilities scaled within each information set (so that
        # deep, unlikely sets neither underflow nor overflow); equal when all vanish
        size = np.zeros(self.n_infosets)
        np.maximum.at(size, infosets, np.abs(rho[nodes].real))
        scale = size[infosets]
        vanished = self.equal_weights[infosets] | (scale <= 1e-200)
        weights = np.where(vanished, 1.0, rho[nodes] / np.where(vanished, 1.0, scale))
        numerator = np.zeros(self.cut[-1], dtype=sigma.dtype)
        np.add.at(numerator, self.flat[edges], weights * W[children, self.edge_player[edges]])
        denominator = np.zeros(self.cut[-1], dtype=sigma.dtype)
        np.add.at(denominator, self.flat[edges], weights)
        return numerator / denominator

    def jacobian(self, sigma: np.ndarray) -> np.ndarray:
        n = len(sigma)
        out = np.empty((n, n))
        for k in range(n):
            probe = sigma.astype(complex)
            probe[k] += 1j * STEP
            out[:, k] = self.action_values(probe).imag / STEP
        return out


def tree_system(game: GameTree) -> LogitSystem:
    """The agent logit system of ``game`` (information sets in their order)."""
    values = TreeValues(game)
    return LogitSystem(values.sizes, lambda s: values.action_values(s).real
                       if np.iscomplexobj(s) else values.action_values(s),
                       values.jacobian, values.scale or 1.0)


def agents(game: GameTree) -> list[tuple[str, str, tuple[str, ...]]]:
    """``(player, decision point, actions)`` of every information set."""
    return [(game.players[game.infoset_player[h]], game.decision_point(h), game.infoset_actions(h))
            for h in range(game.n_infosets)]


__all__ = ["tree_system", "TreeValues", "agents"]
