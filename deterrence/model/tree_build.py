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


class Irregular(Exception):
    """Raised by the fast builders when the input needs the careful path (which either
    builds the same tree or names the mistake)."""


def build_arrays(cls, players: tuple[str, ...], ids: list[str], root: int, mover: list[int],
                 children: list[list[int]], actions: list[list[str]],
                 infoset_label: list[str | None], probabilities: list, payoffs: list,
                 outcome: list[str], metadata: dict):
    """A tree straight from per-node lists, in linear time and without one object per node.

    Nodes are numbered by their position in the lists (any order); ``children[v]``
    lists ``v``'s children in action order, ``actions[v]`` their labels,
    ``probabilities[v]`` a chance node's probability expressions (else empty),
    ``payoffs[v]`` ``(player index, expression)`` pairs, ``infoset_label[v]`` the
    information set of a decision node (``None`` otherwise), ``outcome[v]`` the
    outcome label (``""`` for none). The result is renumbered in level order, every
    information set's actions in the order of its first node, exactly as
    :func:`build_tree` does.

    Raises
    ------
    Irregular
        For a node reached twice or never, or an information set whose nodes differ
        in player or actions: the caller then builds through :func:`build_tree`,
        which names the mistake.
    """
    n, k = len(ids), len(players)
    order = [root]
    seen = bytearray(n)
    seen[root] = 1
    for v in order:
        kids = children[v]
        if kids:
            for c in kids:
                if seen[c]:
                    raise Irregular("a node with two parents, or a cycle")
                seen[c] = 1
            order.extend(kids)
    if len(order) != n:
        raise Irregular("a node the root does not reach")
    index: dict[str, int] = {}
    labels: list[str] = []
    first_actions: list[list[str]] = []
    set_player: list[int] = []
    infoset = [-1] * n
    reordered = False
    for v in order:
        m = mover[v]
        if m < 0:
            continue
        label = infoset_label[v]
        h = index.get(label)
        if h is None:
            h = index[label] = len(labels)
            labels.append(label)
            first_actions.append(actions[v])
            set_player.append(m)
        elif set_player[h] != m:
            raise Irregular("an information set of two players")
        elif actions[v] != first_actions[h]:
            if sorted(actions[v]) != sorted(first_actions[h]):
                raise Irregular("an information set whose nodes have different actions")
            rank = {a: j for j, a in enumerate(actions[v])}
            children[v] = [children[v][rank[a]] for a in first_actions[h]]
            actions[v] = first_actions[h]
            reordered = True
        infoset[v] = h
    if reordered:  # number the nodes along the reordered edges, as build_tree does
        order = [root]
        for v in order:
            order.extend(children[v])
    pool: dict = {}
    seen_objects: dict[int, int] = {}  # readers share one object per value: look it up by id first
    exprs: list = []

    def intern(expr) -> int:
        j = seen_objects.get(id(expr))
        if j is None:
            j = pool.get(expr)
            if j is None:
                j = pool[expr] = len(exprs)
                exprs.append(expr)
            seen_objects[id(expr)] = j
        return j

    counts = np.fromiter((len(children[v]) for v in order), dtype=np.int64, count=n)
    edge_prob: list[int] = []
    action: list[str] = []
    payoff = np.full((n, k), -1, dtype=np.int32)
    for position, v in enumerate(order):
        action.extend(actions[v])
        probs = probabilities[v]
        if probs:
            edge_prob.extend(intern(p) for p in probs)
        elif children[v]:
            edge_prob.extend([-1] * len(children[v]))
        for i, expr in payoffs[v]:
            payoff[position, i] = intern(expr)
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    mover_array = np.fromiter((mover[v] for v in order), dtype=np.int32, count=n)
    infoset_array = np.fromiter((infoset[v] for v in order), dtype=np.int32, count=n)
    tree = cls(players, tuple(ids[v] for v in order), mover_array, offsets,
               np.arange(1, n, dtype=np.int32), tuple(action), infoset_array, tuple(labels),
               tuple(exprs), np.asarray(edge_prob, dtype=np.int32), payoff,
               tuple(outcome[v] for v in order), **metadata)
    if not tree.is_perfect_information and absent_minded_pair(tree) is not None:
        raise Irregular("an information set a play passes through twice")
    return tree


def _fast(cls, players: tuple[str, ...], root: str, nodes: Mapping, metadata: dict):
    """:func:`build_tree` for well-formed input: checks every rule :func:`_check_node`
    checks, but raises :class:`Irregular` instead of explaining."""
    player_index = {p: i for i, p in enumerate(players)}
    k = len(players)
    number = {node_id: j for j, node_id in enumerate(nodes)}
    if root not in number:
        raise Irregular("no root")
    ids = list(nodes)
    n = len(ids)
    mover, children, actions, infoset_label = [0] * n, [None] * n, [None] * n, [None] * n
    probabilities, payoffs, outcome = [()] * n, [()] * n, [""] * n
    for j, node_id in enumerate(ids):
        node = nodes[node_id]
        pairs = node.actions
        labels = [a for a, _ in pairs]
        if len(labels) > 1 and len(set(labels)) != len(labels):
            raise Irregular("a repeated action")
        try:
            children[j] = [number[c] for _, c in pairs]
        except KeyError:
            raise Irregular("a dangling child") from None
        actions[j] = labels
        player = node.player
        if player is not None:
            m = player_index.get(player)
            if m is None or not pairs or node.probabilities:
                raise Irregular("a bad decision node")
            mover[j] = m
            infoset_label[j] = node.infoset if node.infoset is not None else node_id
        elif pairs:
            if len(node.probabilities) != len(pairs) or node.infoset is not None:
                raise Irregular("a bad chance node")
            mover[j] = -1
            probabilities[j] = node.probabilities
        else:
            if node.probabilities or node.infoset is not None:
                raise Irregular("a bad terminal node")
            mover[j] = -2
        if node.payoffs:
            named = [player_index.get(p) for p, _ in node.payoffs]
            if None in named or len(set(named)) != len(named):
                raise Irregular("a bad payoff")
            payoffs[j] = tuple(zip(named, (e for _, e in node.payoffs)))
        if not pairs:
            if len(node.payoffs) != k:
                raise Irregular("a terminal node without every payoff")
            outcome[j] = node.outcome or node_id
        else:
            outcome[j] = node.outcome or ""
    return build_arrays(cls, players, ids, number[root], mover, children, actions, infoset_label,
                        probabilities, payoffs, outcome, metadata)


def build_tree(cls, players: tuple[str, ...], root: str, nodes: Mapping, metadata: dict):
    """See :meth:`GameTree.from_nodes`."""
    if nodes:
        try:
            return _fast(cls, players, root, nodes, metadata)
        except Irregular:
            pass  # the careful path either builds the same tree or names the mistake
    return careful_build(cls, players, root, nodes, metadata)


def careful_build(cls, players: tuple[str, ...], root: str, nodes: Mapping, metadata: dict):
    """:func:`build_tree` one check at a time, each failure a :class:`GameFileError`
    naming the node and the fix (slower; the fast path hands over to it)."""
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
    pair = None if tree.is_perfect_information else absent_minded_pair(tree)
    if pair is not None:
        a, b = pair
        label = tree.infoset_labels[int(tree.infoset[a])]
        _fail(f"information set {label!r} holds node {tree.ids[a]!r} and node {tree.ids[b]!r} "
              "below it: a play passes through it twice (an absent-minded player), which "
              "this version cannot solve",
              "give the later node its own information set (each visit is then a separate "
              "decision the player can tell apart)", node=tree.ids[b])
    return tree


def absent_minded_pair(tree) -> tuple[int, int] | None:
    """Two nodes of one information set, the second below the first, or ``None``.

    Such a set is one a play can pass through twice: if one node of an information set lies below another, the player cannot
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
    if not len(hits):
        return None
    return int(order[hits[0]]), int(order[hits[0] + 1])
