"""Game trees (extensive-form games): decision, chance and terminal nodes.

A :class:`GameTree` is immutable and stored *column-wise*: nodes are numbered
in breadth-first (level) order from the root, so every child has a larger
number than its parent, and the children of a node are a contiguous slice of
one edge array (``offsets[v]:offsets[v + 1]``). Solvers can therefore fold a
tree back with one pass over the numbers in reverse, or one numpy reduction
per level, and memory grows linearly with the number of nodes.

* a **decision node** belongs to a player, has labelled actions and an
  information set (by default its own id, a singleton);
* a **chance node** has a probability per action, an expression over the
  parameters (``"p"``, ``"1 - p"``);
* a **terminal node** has an outcome label and a payoff per player.

Payoffs may also sit on inner nodes; a player's payoff at the end of a play
is the sum along the path, as in Gambit. Expressions are kept as written and
evaluated exactly at the parameter values in force (:meth:`GameTree.exact`).

Build a tree from named nodes with :meth:`GameTree.from_nodes`; every
structural mistake (a dangling child, an unreachable node, a cycle, an
information set whose nodes disagree, a terminal without payoffs) is a
:class:`~deterrence.errors.GameFileError` naming the node and the fix.

Example
-------
>>> from deterrence.model.expr import as_expr
>>> nodes = {
...     "start": Node(player="Challenger",
...                   actions=(("Challenge", "respond"), ("Status quo", "sq"))),
...     "respond": Node(player="Defender",
...                     actions=(("Retaliate", "war"), ("Acquiesce", "concede"))),
...     "sq": Node(payoffs=(("Challenger", as_expr(0)), ("Defender", as_expr(0)))),
...     "war": Node(payoffs=(("Challenger", as_expr(-1)), ("Defender", as_expr(-1)))),
...     "concede": Node(payoffs=(("Challenger", as_expr(1)), ("Defender", as_expr(-1)))),
... }
>>> game = GameTree.from_nodes(("Challenger", "Defender"), "start", nodes)
>>> game.size, game.ids
(5, ('start', 'respond', 'sq', 'war', 'concede'))
>>> game.node("respond").player, game.is_perfect_information
('Defender', True)
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cached_property
from typing import Iterator, Mapping, Sequence

import numpy as np

from deterrence.errors import ExpressionError, GameFileError
from deterrence.model.display import Displayable, short_repr
from deterrence.model.expr import Const, Expr, format_fraction
from deterrence.model.parameters import Parameters

#: ``mover`` value of a chance node.
CHANCE = -1
#: ``mover`` value of a terminal node.
TERMINAL = -2


@dataclass(frozen=True)
class Node:
    """One node as a person writes it: the input of :meth:`GameTree.from_nodes`.

    Parameters
    ----------
    player:
        The player who moves; ``None`` for a chance or terminal node.
    actions:
        ``(label, child id)`` pairs, in order.
    probabilities:
        For a chance node, one probability per action.
    infoset:
        Information-set label of a decision node (``None``: its own id).
    outcome:
        Outcome label (terminal nodes; ``None``: the node id).
    payoffs:
        ``(player, payoff)`` pairs; required on terminal nodes, optional on
        inner nodes (summed along the path).
    """

    player: str | None = None
    actions: tuple[tuple[str, str], ...] = ()
    probabilities: tuple[Expr, ...] = ()
    infoset: str | None = None
    outcome: str | None = None
    payoffs: tuple[tuple[str, Expr], ...] = ()

    @property
    def is_chance(self) -> bool:
        return self.player is None and bool(self.probabilities)

    @property
    def is_terminal(self) -> bool:
        return self.player is None and not self.actions


@dataclass(frozen=True)
class ExactTables:
    """Exact numbers of a tree at the parameter values in force.

    ``pool`` holds the value of every distinct expression (an ``int`` when it
    is whole, which keeps long folds fast, else a Fraction); ``edge_prob`` and
    ``payoff`` index into it as in :class:`GameTree`.
    """

    pool: tuple[int | Fraction, ...]

    def probability(self, game: "GameTree", edge: int) -> Fraction:
        k = int(game.edge_prob[edge])
        return Fraction(1) if k < 0 else Fraction(self.pool[k])


@dataclass(frozen=True, eq=False, repr=False)
class GameTree(Displayable):
    """A finite game tree with exact (possibly symbolic) payoffs and probabilities.

    Parameters
    ----------
    players:
        Player names, in order.
    ids:
        Node ids in level order; the root is node 0.
    mover:
        Per node: the player index, :data:`CHANCE` or :data:`TERMINAL`.
    offsets:
        ``n + 1`` edge offsets: the edges of node ``v`` are
        ``offsets[v]:offsets[v + 1]``.
    child:
        Per edge, the child node.
    action:
        Per edge, the action label.
    infoset:
        Per node, the index of its information set (``-1`` if not a decision node).
    infoset_labels:
        Label of every information set.
    exprs:
        The distinct payoff and probability expressions.
    edge_prob:
        Per edge, the index of its probability in ``exprs`` (``-1`` for decision edges).
    payoff:
        ``(n, players)`` indices into ``exprs`` (``-1``: no payoff at this node).
    outcome:
        Per node, its outcome label (``""`` for none).
    """

    players: tuple[str, ...]
    ids: tuple[str, ...]
    mover: np.ndarray
    offsets: np.ndarray
    child: np.ndarray
    action: tuple[str, ...]
    infoset: np.ndarray
    infoset_labels: tuple[str, ...]
    exprs: tuple[Expr, ...]
    edge_prob: np.ndarray
    payoff: np.ndarray
    outcome: tuple[str, ...]
    parameters: Parameters = field(default_factory=Parameters)
    title: str = ""
    description: str = ""
    source: str = ""
    metadata: tuple[tuple[str, str], ...] = ()
    #: For a tree made by a builder (pools, ladders): a function from new
    #: Parameters to a new tree, so that changing a value that shapes the
    #: tree (a member count, a number of rungs) builds it again.
    rebuild: object = field(default=None, repr=False)

    kind = "tree"

    def __post_init__(self) -> None:
        n, e, k = len(self.ids), len(self.action), len(self.players)
        for name in ("mover", "offsets", "child", "infoset", "edge_prob", "payoff"):
            array = getattr(self, name)
            if not isinstance(array, np.ndarray):
                array = np.asarray(array)
                object.__setattr__(self, name, array)
            array.flags.writeable = False
        if n == 0 or len(set(self.players)) != k or k == 0:
            raise ValueError("a tree needs a root and distinct player names")
        if (self.mover.shape != (n,) or self.offsets.shape != (n + 1,) or self.child.shape != (e,)
                or self.infoset.shape != (n,) or self.edge_prob.shape != (e,)
                or self.payoff.shape != (n, k) or len(self.outcome) != n):
            raise ValueError("tree arrays have inconsistent lengths")
        if self.offsets[0] != 0 or self.offsets[-1] != e or np.any(np.diff(self.offsets) < 0):
            raise ValueError("edge offsets must rise from 0 to the number of edges")
        counts = np.diff(self.offsets)
        terminal = self.mover == TERMINAL
        if np.any(counts[terminal] != 0) or np.any(counts[~terminal] == 0):
            raise ValueError("terminal nodes have no actions; other nodes need at least one")
        # level order with contiguous child slices numbers the children 1, 2, ..., n - 1
        if e != n - 1 or not np.array_equal(self.child, np.arange(1, n)):
            raise ValueError("nodes must be numbered in level order (children 1, 2, ... in edge order)")
        decision = self.mover >= 0
        if np.any(self.mover >= k) or np.any((self.infoset >= 0) != decision):
            raise ValueError("decision nodes need a player and an information set")
        if np.any(self.payoff[terminal] < 0):
            raise ValueError("terminal nodes need a payoff for every player")

    # ------------------------------------------------------------ building

    @classmethod
    def from_nodes(cls, players: Sequence[str], root: str, nodes: Mapping[str, Node],
                   **metadata) -> "GameTree":
        """Build and validate a tree from nodes keyed by id.

        Raises
        ------
        GameFileError
            Naming the node, for a dangling or unreachable node, a cycle, a
            node with two parents, an information set whose nodes differ in
            player or actions, or a terminal node without payoffs.
        """
        from deterrence.model.tree_build import build_tree

        return build_tree(cls, tuple(players), root, nodes, metadata)

    # ------------------------------------------------------------ shape

    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def size(self) -> int:
        """Number of nodes."""
        return len(self.ids)

    @property
    def n_edges(self) -> int:
        return len(self.action)

    @cached_property
    def index(self) -> dict[str, int]:
        """Node number of every id."""
        return {node_id: v for v, node_id in enumerate(self.ids)}

    def node_index(self, node: str | int) -> int:
        if isinstance(node, (int, np.integer)):
            return int(node)
        try:
            return self.index[node]
        except KeyError:
            raise KeyError(f"no node {node!r}") from None

    def edges(self, v: int) -> range:
        """Edge numbers of node ``v``."""
        return range(int(self.offsets[v]), int(self.offsets[v + 1]))

    @property
    def structure(self) -> tuple:
        """The tree up to its numbers: nodes, movers, information sets and edges. Two trees
        with the same structure differ only in payoffs and probabilities (a sweep's formulas
        carry over from one to the other)."""
        return (self.size, self.mover.tobytes(), self.infoset.tobytes(), self.offsets.tobytes())

    def children(self, v: int) -> tuple[int, ...]:
        return self._children[v]

    @cached_property
    def ancestry(self) -> tuple[tuple[int, int, int, int, int], ...]:
        """Per node, the move into it: ``(parent, edge, action index at the parent, parent's
        mover, parent's information set)`` (all ``-1`` at the root). Walking these up gives
        the probability of a path without visiting the rest of the tree."""
        parent, edge = self.parent.tolist(), self.parent_edge.tolist()
        mover, infoset, offsets = self.mover.tolist(), self.infoset.tolist(), self.offsets.tolist()
        return tuple((p, e, e - offsets[p], mover[p], infoset[p]) if p >= 0 else (-1,) * 5
                     for p, e in zip(parent, edge))

    @cached_property
    def _children(self) -> tuple[tuple[int, ...], ...]:
        child, offsets = self.child.tolist(), self.offsets.tolist()
        return tuple(tuple(child[offsets[v]:offsets[v + 1]]) for v in range(self.size))

    def actions(self, v: int) -> tuple[str, ...]:
        return self.action[int(self.offsets[v]):int(self.offsets[v + 1])]

    def is_terminal(self, v: int) -> bool:
        return int(self.mover[v]) == TERMINAL

    def is_chance(self, v: int) -> bool:
        return int(self.mover[v]) == CHANCE

    def player_of(self, v: int) -> str | None:
        m = int(self.mover[v])
        return self.players[m] if m >= 0 else None

    def node(self, node: str | int) -> Node:
        """The node as a :class:`Node` (ids of children, expressions as written)."""
        v = self.node_index(node)
        m = int(self.mover[v])
        edges = self.edges(v)
        actions = tuple((self.action[e], self.ids[int(self.child[e])]) for e in edges)
        probabilities = tuple(self.exprs[int(self.edge_prob[e])] for e in edges) if m == CHANCE else ()
        payoffs = tuple((p, self.exprs[int(k)]) for p, k in zip(self.players, self.payoff[v]) if k >= 0)
        infoset = self.infoset_labels[int(self.infoset[v])] if m >= 0 else None
        return Node(self.players[m] if m >= 0 else None, actions, probabilities, infoset,
                    self.outcome[v] or None, payoffs)

    @cached_property
    def parent(self) -> np.ndarray:
        """Parent of every node (``-1`` for the root)."""
        out = np.full(self.size, -1, dtype=np.int64)
        out[self.child] = np.repeat(np.arange(self.size), np.diff(self.offsets))
        out.flags.writeable = False
        return out

    @cached_property
    def parent_edge(self) -> np.ndarray:
        """The edge leading into every node (``-1`` for the root)."""
        out = np.full(self.size, -1, dtype=np.int64)
        out[self.child] = np.arange(self.n_edges)
        out.flags.writeable = False
        return out

    @cached_property
    def levels(self) -> tuple[tuple[int, int], ...]:
        """``(first, stop)`` node ranges of each depth: level order keeps them contiguous."""
        out = []
        first, stop = 0, 1
        while first < stop:
            out.append((first, stop))
            first, stop = stop, stop + int(self.offsets[stop] - self.offsets[first])
        return tuple(out)

    @cached_property
    def subtree_size(self) -> np.ndarray:
        """Number of nodes in the subtree of every node (itself included)."""
        size = np.ones(self.size, dtype=np.int64)
        parent = self.parent
        for first, stop in reversed(self.levels[1:]):
            np.add.at(size, parent[first:stop], size[first:stop])
        size.flags.writeable = False
        return size

    @cached_property
    def preorder(self) -> np.ndarray:
        """Position of every node in depth-first (prefix) order, children in action order.

        The subtree of ``v`` is exactly the nodes whose position lies in
        ``preorder[v] : preorder[v] + subtree_size[v]``.
        """
        size = self.subtree_size
        parent = self.parent
        pre = np.zeros(self.size, dtype=np.int64)
        for first, stop in self.levels[1:]:
            kids = np.arange(first, stop)
            sizes = size[first:stop]
            before = np.cumsum(sizes) - sizes  # sizes of earlier nodes of the level
            # children of one parent are contiguous: subtract what precedes the first sibling
            first_sibling = self.offsets[parent[kids]] + 1
            before = before - before[first_sibling - first]
            pre[kids] = pre[parent[kids]] + 1 + before
        pre.flags.writeable = False
        return pre

    @cached_property
    def prefix_order(self) -> np.ndarray:
        """The nodes in depth-first (prefix) order: the inverse of :attr:`preorder`."""
        out = np.empty(self.size, dtype=np.int64)
        out[self.preorder] = np.arange(self.size)
        out.flags.writeable = False
        return out

    def subtree_nodes(self, v: int) -> np.ndarray:
        """Nodes of the subtree at ``v``, in level (numeric) order."""
        lo = int(self.preorder[v])
        return np.sort(self.prefix_order[lo:lo + int(self.subtree_size[v])])

    def path(self, v: int) -> list[int]:
        """Nodes from the root to ``v``, inclusive."""
        out = [v]
        parent = self.parent
        while parent[out[-1]] >= 0:
            out.append(int(parent[out[-1]]))
        return out[::-1]

    # ------------------------------------------------------------ information sets

    @property
    def n_infosets(self) -> int:
        return len(self.infoset_labels)

    @cached_property
    def members(self) -> tuple[tuple[int, ...], ...]:
        """Nodes of every information set, in node order."""
        decision = np.nonzero(self.infoset >= 0)[0]
        order = decision[np.argsort(self.infoset[decision], kind="stable")]
        bounds = np.searchsorted(self.infoset[order], np.arange(self.n_infosets + 1))
        return tuple(tuple(int(v) for v in order[bounds[h]:bounds[h + 1]])
                     for h in range(self.n_infosets))

    @cached_property
    def infoset_player(self) -> tuple[int, ...]:
        return tuple(int(self.mover[m[0]]) for m in self.members)

    def infoset_actions(self, h: int) -> tuple[str, ...]:
        return self.actions(self.members[h][0])

    @cached_property
    def is_perfect_information(self) -> bool:
        """Every information set is a single node."""
        sizes = np.bincount(self.infoset[self.infoset >= 0], minlength=self.n_infosets)
        return bool(np.all(sizes == 1))

    @property
    def has_chance(self) -> bool:
        return bool(np.any(self.mover == CHANCE))

    def decision_point(self, h: int) -> str:
        """How an information set is named to users: its label (a node id for singletons)."""
        return self.infoset_labels[h]

    @cached_property
    def own_sequence(self) -> np.ndarray:
        """Per node, the last ``(infoset, action)`` of the node's mover on its path,
        encoded as an edge number of that move (``-1`` if none)."""
        n = self.size
        out = np.full(n, -1, dtype=np.int64)
        # last own edge of every player, carried down level by level
        last = np.full((n, self.n_players), -1, dtype=np.int64)
        mover = self.mover
        for first, stop in self.levels[1:]:
            kids = np.arange(first, stop)
            parents = self.parent[kids]
            last[kids] = last[parents]
            pm = mover[parents]
            mask = pm >= 0
            last[kids[mask], pm[mask]] = self.parent_edge[kids[mask]]
        decision = np.nonzero(mover >= 0)[0]
        out[decision] = last[decision, mover[decision]]
        return out

    def perfect_recall_violations(self) -> list[str]:
        """Why the tree lacks perfect recall (empty when it has it).

        A player has perfect recall when all nodes of each of its
        information sets share the player's own past moves.
        """
        if self.is_perfect_information:
            return []
        seq = self.own_sequence
        out = []
        for h, members in enumerate(self.members):
            if len(members) < 2:
                continue
            seen = {self._move_text(int(seq[v])) for v in members}
            if len(seen) > 1:
                a, b = members[0], next(v for v in members if seq[v] != seq[members[0]])
                out.append(
                    f"information set {self.infoset_labels[h]!r} of {self.players[self.infoset_player[h]]} "
                    f"joins nodes {self.ids[a]!r} (after {self._move_text(int(seq[a]))}) and "
                    f"{self.ids[b]!r} (after {self._move_text(int(seq[b]))}): the player "
                    "forgets its own earlier move")
        return out

    def _move_text(self, edge: int) -> str:
        if edge < 0:
            return "no earlier move"
        v = int(self.parent[int(self.child[edge])])
        return f"{self.action[edge]} at {self.infoset_labels[int(self.infoset[v])]!r}"

    @property
    def has_perfect_recall(self) -> bool:
        return not self.perfect_recall_violations()

    # ------------------------------------------------------------ values

    @property
    def is_parametric(self) -> bool:
        return any(not e.is_constant for e in self.exprs)

    def with_values(self, values: Mapping[str, Fraction]) -> "GameTree":
        """The same tree with some parameter values changed (checked)."""
        if not values:
            return self
        parameters = self.parameters.with_values(values)
        if self.rebuild is not None:
            return self.rebuild(parameters)
        return replace(self, parameters=parameters)

    @cached_property
    def _exact(self) -> ExactTables:
        env = self.parameters.environment()
        pool = []
        for expr in self.exprs:
            try:
                value = expr.evaluate(env)
            except ExpressionError as exc:
                raise GameFileError(f"cannot evaluate {expr}{self.parameters.at_text(expr.names())}: "
                                    f"{exc.message}", hint=exc.hint) from None
            pool.append(value.numerator if value.denominator == 1 else value)
        tables = ExactTables(tuple(pool))
        self._check_chance(tables)
        return tables

    def exact(self) -> ExactTables:
        """Exact values at the parameters in force (cached); checks chance probabilities.

        Raises
        ------
        GameFileError
            Naming the chance node whose probabilities leave [0, 1] or do not sum to 1.
        """
        return self._exact

    def _check_chance(self, tables: ExactTables) -> None:
        pool = tables.pool
        at = self.parameters.at_text(self.parameters.names)
        for v in np.nonzero(self.mover == CHANCE)[0].tolist():
            probs = [Fraction(pool[int(self.edge_prob[e])]) for e in self.edges(v)]
            for e, p in zip(self.edges(v), probs):
                if p < 0 or p > 1:
                    raise GameFileError(
                        f"chance node {self.ids[v]!r}: probability of {self.action[e]!r} is "
                        f"{format_fraction(p)}{at}, outside [0, 1]",
                        hint="check the expression or bound the parameter with min/max")
            total = sum(probs, Fraction(0))
            if total != 1:
                raise GameFileError(
                    f"chance node {self.ids[v]!r}: probabilities sum to {format_fraction(total)}{at}, not 1",
                    hint="make them add up to 1, e.g. write the last one as \"1 - p\"")

    @cached_property
    def _floats(self) -> tuple[np.ndarray, np.ndarray]:
        pool = np.array([float(v) for v in self._exact.pool] + [0.0])
        # index -1 picks the trailing 0.0: no payoff; decision edges get probability 0
        payoff = pool[self.payoff]
        prob = pool[self.edge_prob]
        payoff.flags.writeable = False
        prob.flags.writeable = False
        return payoff, prob

    def float_tables(self) -> tuple[np.ndarray, np.ndarray]:
        """``(payoff, probability)`` as float arrays: ``(n, players)`` and per edge."""
        return self._floats

    def node_payoff(self, v: int) -> tuple[Fraction, ...] | None:
        """Exact payoffs written at node ``v`` (``None`` if there are none)."""
        return self._node_payoffs[v]

    @cached_property
    def _node_payoffs(self) -> tuple[tuple[Fraction, ...] | None, ...]:
        pool = [Fraction(x) for x in self._exact.pool]
        zero = Fraction(0)
        return tuple(None if all(k < 0 for k in row) else tuple(pool[k] if k >= 0 else zero for k in row)
                     for row in self.payoff.tolist())

    def probability(self, edge: int) -> Fraction:
        """Exact probability of a chance edge."""
        return self._edge_probabilities[edge]

    @cached_property
    def _edge_probabilities(self) -> tuple[Fraction, ...]:
        pool = [Fraction(x) for x in self._exact.pool]
        one = Fraction(1)
        return tuple(one if k < 0 else pool[k] for k in self.edge_prob.tolist())

    @cached_property
    def path_payoffs(self) -> dict[int, tuple[Fraction, ...]]:
        """Per terminal node, every player's payoff summed along its path."""
        out = {}
        zero = (Fraction(0),) * self.n_players
        acc: dict[int, tuple[Fraction, ...]] = {}
        for v in range(self.size):
            parent = int(self.parent[v])
            base = acc.get(parent, zero) if parent >= 0 else zero
            own = self.node_payoff(v)
            total = tuple(a + b for a, b in zip(base, own)) if own else base
            if self.is_terminal(v):
                out[v] = total
            else:
                acc[v] = total
        return out

    @property
    def terminals(self) -> list[int]:
        return np.nonzero(self.mover == TERMINAL)[0].tolist()

    # ------------------------------------------------------------ comparison

    def _key(self) -> tuple:
        return (self.players, self.ids, self.mover.tobytes(), self.offsets.tobytes(),
                self.child.tobytes(), self.action,
                tuple(self.infoset_labels[int(h)] if h >= 0 else None for h in self.infoset),
                tuple(self.exprs[int(k)] if k >= 0 else None for k in self.edge_prob),
                tuple(tuple(self.exprs[int(k)] if k >= 0 else None for k in row) for row in self.payoff),
                self.outcome, self.parameters, self.title, self.description, self.source,
                self.metadata)

    def __eq__(self, other: object) -> bool:
        # the same object first: caches keyed by a game (weakly) compare it with itself
        return self is other or (isinstance(other, GameTree) and self._key() == other._key())

    def __hash__(self) -> int:
        return hash((self.players, self.ids))

    display_as = "game"

    def __repr__(self) -> str:
        return short_repr("GameTree", repr(self.title), f"players={list(self.players)}",
                          f"nodes={self.size}")

    def walk(self) -> Iterator[tuple[int, int]]:
        """``(node, depth)`` in depth-first order, children in action order."""
        stack = [(0, 0)]
        while stack:
            v, depth = stack.pop()
            yield v, depth
            stack.extend((c, depth + 1) for c in reversed(self.children(v)))

    def to_json(self) -> dict:
        """The tree as plain data (``deterrence show --json``)."""
        nodes = {}
        for v in range(self.size):
            node = self.node(v)
            entry: dict = {}
            if node.player is not None:
                entry["player"] = node.player
                entry["infoset"] = node.infoset
            elif node.is_chance:
                entry["chance"] = {a: str(p) for (a, _), p in zip(node.actions, node.probabilities)}
                entry["probabilities"] = {self.action[e]: format_fraction(self.probability(e))
                                          for e in self.edges(v)}
            if node.actions:
                entry["actions"] = dict(node.actions)
            if node.outcome:
                entry["outcome"] = node.outcome
            if node.payoffs:
                entry["payoffs"] = {p: format_fraction(x) for p, x in
                                    zip(self.players, self.node_payoff(v) or ())}
                entry["formulas"] = {p: str(x) for p, x in node.payoffs}
            nodes[self.ids[v]] = entry
        return {"root": self.ids[0], "nodes": nodes, "perfect_recall": self.has_perfect_recall}


ZERO = Const(Fraction(0))

__all__ = ["GameTree", "Node", "CHANCE", "TERMINAL", "ExactTables"]
