"""Build a :class:`~deterrence.model.tree.GameTree` from nodes keyed by id, with
messages that name the node and the fix.

The readers (TOML, Gambit ``.efg``) and people writing Python call
:meth:`GameTree.from_nodes <deterrence.model.tree.GameTree.from_nodes>`,
which lands here. Nodes are numbered in level order from the root.

Example
-------
>>> from deterrence.model.tree import GameTree, Node
>>> GameTree.from_nodes(["A"], "r", {"r": Node(player="A", actions=(("x", "gone"),))})
Traceback (most recent call last):
...
deterrence.errors.GameFileError: <game>: node 'r': action 'x' leads to 'gone', which is not a node
  hint: define a node or outcome called 'gone', or correct the id
"""

from __future__ import annotations

from collections import deque
from typing import Mapping

import numpy as np

from deterrence.errors import GameFileError
from deterrence.model import limits
from deterrence.model.expr import Expr


def _fail(message: str, hint: str | None = None, node: str | None = None) -> None:
    """Raise a :class:`GameFileError`; ``node`` (kept on the error) lets a reader find the line."""
    error = GameFileError(message, hint=hint)
    error.node = node
    raise error


def _check_node(node_id: str, node, players: tuple[str, ...]) -> None:
    if node.player is not None and node.player not in players:
        _fail(f"node {node_id!r}: {node.player!r} is not a player",
              f"players are {', '.join(players)}", node=node_id)
    labels = [a for a, _ in node.actions]
    if len(set(labels)) != len(labels):
        dup = next(a for a in labels if labels.count(a) > 1)
        _fail(f"node {node_id!r}: action {dup!r} appears twice", "give every action a distinct label", node=node_id)
    if node.player is not None and not node.actions:
        _fail(f"node {node_id!r} of {node.player} has no actions",
              "list its actions, e.g. actions = { Retaliate = \"war\", Acquiesce = \"peace\" }", node=node_id)
    if node.player is not None and node.probabilities:
        _fail(f"node {node_id!r} has both a player and chance probabilities",
              "a node is either a player's move or a chance move", node=node_id)
    if node.player is None and node.actions and len(node.probabilities) != len(node.actions):
        _fail(f"chance node {node_id!r} needs one probability per action "
              f"({len(node.actions)} actions, {len(node.probabilities)} probabilities)",
              "give chance = { label = probability, ... } with the same labels as actions", node=node_id)
    if node.player is None and node.probabilities and not node.actions:
        _fail(f"chance node {node_id!r} has probabilities but no children",
              "map each chance label to a child node", node=node_id)
    if node.infoset is not None and node.player is None:
        _fail(f"node {node_id!r} has an information set but no player",
              "only decision nodes belong to information sets", node=node_id)
    named = [p for p, _ in node.payoffs]
    for p in named:
        if p not in players:
            _fail(f"node {node_id!r}: payoff for {p!r}, who is not a player",
                  f"players are {', '.join(players)}", node=node_id)
    if len(set(named)) != len(named):
        _fail(f"node {node_id!r}: a player's payoff is given twice", node=node_id)
    if not node.actions:
        missing = [p for p in players if p not in named]
        if missing:
            what = "has no payoffs" if not named else f"has no payoff for {missing[0]}"
            _fail(f"terminal node {node_id!r} {what}",
                  "give every player a payoff: payoffs = { "
                  + ", ".join(f"{p} = 0" for p in players) + " }", node=node_id)


def _reach(root: str, nodes: Mapping) -> list[str]:
    """Level order from the root; dangling ids, cycles and second parents are errors."""
    parent: dict[str, str | None] = {root: None}
    order = [root]
    queue = deque([root])
    while queue:
        v = queue.popleft()
        for label, c in nodes[v].actions:
            if c not in nodes:
                _fail(f"node {v!r}: action {label!r} leads to {c!r}, which is not a node",
                      f"define a node or outcome called {c!r}, or correct the id", node=v)
            if c in parent:
                chain = [v]
                while chain[-1] is not None and chain[-1] != c:
                    chain.append(parent[chain[-1]])
                if chain[-1] == c:
                    cycle = " → ".join(reversed(chain)) + f" → {c}"
                    _fail(f"cycle: {cycle}", f"node {v!r}'s action {label!r} leads back to an "
                          "ancestor; a game tree never returns to an earlier node", node=v)
                _fail(f"node {c!r} has two parents: {parent[c]!r} and {v!r}",
                      "a tree node has exactly one parent; give each branch its own node", node=v)
            parent[c] = v
            order.append(c)
            queue.append(c)
    if len(order) != len(nodes):
        reached = set(order)
        lost = next(k for k in nodes if k not in reached)
        _fail(f"node {lost!r} cannot be reached from the root {root!r}",
              "connect it to some action, or delete it", node=lost)
    return order


def _infosets(order: list[str], nodes: Mapping) -> tuple[dict[str, int], list[str], dict[str, list[str]]]:
    """Index of each decision node's information set, their labels, and action orders."""
    index: dict[str, int] = {}
    labels: list[str] = []
    first: dict[str, str] = {}
    node_infoset: dict[str, int] = {}
    action_order: dict[str, list[str]] = {}
    for v in order:
        node = nodes[v]
        if node.player is None:
            continue
        label = node.infoset if node.infoset is not None else v
        if label not in index:
            index[label] = len(labels)
            labels.append(label)
            first[label] = v
        else:
            w = first[label]
            other = nodes[w]
            if other.player != node.player:
                _fail(f"information set {label!r} joins {w!r} ({other.player}) and {v!r} "
                      f"({node.player})", "all nodes of an information set belong to one player", node=v)
            mine = [a for a, _ in node.actions]
            theirs = [a for a, _ in other.actions]
            if sorted(mine) != sorted(theirs):
                _fail(f"information set {label!r}: node {v!r} has actions {', '.join(mine)} "
                      f"but node {w!r} has {', '.join(theirs)}",
                      "a player cannot tell the nodes of an information set apart, so they "
                      "need the same actions", node=v)
        node_infoset[v] = index[label]
        action_order[v] = [a for a, _ in nodes[first[label]].actions]
    return node_infoset, labels, action_order


def build_tree(cls, players: tuple[str, ...], root: str, nodes: Mapping, metadata: dict):
    """See :meth:`GameTree.from_nodes`."""
    if not nodes:
        _fail("the tree has no nodes", "define at least the root node")
    if root not in nodes:
        _fail(f"the root {root!r} is not a node", f"define [nodes.{root}] or correct root")
    limits.check("nodes", len(nodes), f"the tree has {len(nodes):,} nodes",
                 hint="solve a smaller tree")
    for node_id, node in nodes.items():
        _check_node(node_id, node, players)
    # BFS with children in the action order of the node's information set
    ordered: dict[str, list[tuple[str, str, Expr | None]]] = {}
    node_infoset, labels, action_order = {}, [], {}
    order = _reach(root, nodes)
    node_infoset, labels, action_order = _infosets(order, nodes)
    for v in order:
        node = nodes[v]
        probs = node.probabilities or (None,) * len(node.actions)
        edges = [(a, c, p) for (a, c), p in zip(node.actions, probs)]
        if v in action_order:
            rank = {a: k for k, a in enumerate(action_order[v])}
            edges.sort(key=lambda e: rank[e[0]])
        ordered[v] = edges
    # renumber in level order following the (re-ordered) edges
    ids = [root]
    queue = deque([root])
    while queue:
        v = queue.popleft()
        for _, c, _ in ordered[v]:
            ids.append(c)
            queue.append(c)
    number = {v: k for k, v in enumerate(ids)}
    pool: dict[Expr, int] = {}

    def intern(expr: Expr) -> int:
        k = pool.get(expr)
        if k is None:
            k = pool[expr] = len(pool)
        return k

    n, k = len(ids), len(players)
    mover = np.empty(n, dtype=np.int32)
    infoset = np.full(n, -1, dtype=np.int32)
    payoff = np.full((n, k), -1, dtype=np.int32)
    counts = np.zeros(n, dtype=np.int64)
    action, edge_prob, outcome = [], [], []
    player_index = {p: i for i, p in enumerate(players)}
    for v_id in ids:
        v = number[v_id]
        node = nodes[v_id]
        edges = ordered[v_id]
        counts[v] = len(edges)
        if node.player is not None:
            mover[v] = player_index[node.player]
            infoset[v] = node_infoset[v_id]
        elif edges:
            mover[v] = -1
        else:
            mover[v] = -2
        for a, _, p in edges:
            action.append(a)
            edge_prob.append(intern(p) if p is not None else -1)
        for p, expr in node.payoffs:
            payoff[v, player_index[p]] = intern(expr)
        if edges:
            outcome.append(node.outcome or "")
        else:
            outcome.append(node.outcome or v_id)
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    child = np.arange(1, n, dtype=np.int32)
    tree = cls(players, tuple(ids), mover, offsets, child, tuple(action), infoset, tuple(labels),
               tuple(pool), np.asarray(edge_prob, dtype=np.int32), payoff, tuple(outcome),
               **metadata)
    if not tree.is_perfect_information:
        _check_not_absent_minded(tree)
    return tree


def _check_not_absent_minded(tree) -> None:
    """Refuse an information set that a play can pass through twice.

    If one node of an information set lies below another, the player cannot
    tell the second visit from the first (absent-mindedness, Piccione and
    Rubinstein 1997): behaviour and mixed strategies then differ, and no
    solver here is built for it. Nodes are checked by their pre-order
    intervals: ``a`` is above ``b`` when ``pre[a] < pre[b] < pre[a] + size[a]``.
    """
    n = tree.size
    parent, offsets, levels = tree.parent, tree.offsets, tree.levels
    size = np.ones(n, dtype=np.int64)
    for first, stop in reversed(levels[1:]):
        np.add.at(size, parent[first:stop], size[first:stop])
    pre = np.zeros(n, dtype=np.int64)
    for first, stop in levels[1:]:
        nodes = np.arange(first, stop)
        above = parent[nodes]
        before = np.cumsum(size[nodes]) - size[nodes]  # sizes of the earlier nodes of the level
        block = offsets[above] + 1 - first              # where each parent's children start
        pre[nodes] = pre[above] + 1 + before - before[block]
    decision = np.nonzero(tree.infoset >= 0)[0]
    order = decision[np.lexsort((pre[decision], tree.infoset[decision]))]
    same = tree.infoset[order[1:]] == tree.infoset[order[:-1]]
    inside = pre[order[1:]] < pre[order[:-1]] + size[order[:-1]]
    hits = np.nonzero(same & inside)[0]
    if len(hits):
        a, b = int(order[hits[0]]), int(order[hits[0] + 1])
        label = tree.infoset_labels[int(tree.infoset[a])]
        _fail(f"information set {label!r} holds node {tree.ids[a]!r} and node {tree.ids[b]!r} "
              "below it: a play passes through it twice (an absent-minded player), which "
              "this version cannot solve",
              "give the later node its own information set (each visit is then a separate "
              "decision the player can tell apart)", node=tree.ids[b])
