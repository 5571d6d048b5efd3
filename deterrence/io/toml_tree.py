"""Read and write game trees in the TOML payoff format (``kind = "tree"``).

The layout: a ``root`` id, a flat ``[nodes]`` table keyed by id, and an
``[outcomes]`` table for the ends of play, with payoffs named by player
(never positional)::

    schema = "deterrence/1"
    title = "Challenge and retaliate"
    kind = "tree"
    players = ["Challenger", "Defender"]
    root = "start"

    [parameters]
    p = { default = "1/2", type = "probability", description = "chance the defender is resolute" }
    V = { default = 4, description = "value of the stake" }

    [nodes.start]                 # a decision node
    player = "Challenger"
    actions = { Challenge = "nature", "Status quo" = "sq" }

    [nodes.nature]                # a chance node: probabilities and children
    chance = { Resolute = "p", Irresolute = "1 - p" }
    actions = { Resolute = "tough", Irresolute = "soft" }

    [nodes.tough]
    player = "Defender"
    infoset = "D"                 # optional; nodes sharing a label are indistinguishable
    actions = { Retaliate = "war", Acquiesce = "concede" }
    payoffs = { Defender = -1 }   # optional payoffs on an inner node add up along the path

    [outcomes.sq]                 # an end of play
    label = "Status quo"          # optional (default: the id)
    payoffs = { Challenger = 0, Defender = "V" }

Node keys: ``player`` (a decision node), ``actions`` (label → child id),
``chance`` (label → probability, the same labels as ``actions``),
``infoset`` (label), ``payoffs`` (player → payoff), ``label`` (outcome
label of an inner payoff). A node with payoffs and no actions may also be
written under ``[nodes]``. An outcome referred to by several actions becomes
one end node per reference (ids ``outcome@parent``). Fractions and formulas
are quoted strings, read by the allow-list expression parser.

Example
-------
>>> from deterrence.io.toml_document import TomlDocument
>>> game = read_tree(TomlDocument(EXAMPLE))
>>> game.ids
('start', 'respond', 'sq', 'war', 'concede')
>>> read_tree(TomlDocument(write_tree(game))) == game
True
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from deterrence.errors import GameFileError
from deterrence.io.toml_document import COMMON_KEYS, TomlDocument, did_you_mean
from deterrence.io.toml_normal import header_lines, toml_key, toml_string, value_text
from deterrence.model.tree import GameTree, Node
from deterrence.model.memory import paused_gc
from deterrence.model.tree_build import Irregular, build_arrays

TREE_KEYS = COMMON_KEYS + ("root", "nodes", "outcomes")
NODE_KEYS = ("player", "actions", "chance", "infoset", "payoffs", "label")
OUTCOME_KEYS = ("payoffs", "label")

EXAMPLE = """\
schema = "deterrence/1"
title = "Challenge and retaliate"
kind = "tree"
players = ["Challenger", "Defender"]
root = "start"
[nodes.start]
player = "Challenger"
actions = { Challenge = "respond", "Status quo" = "sq" }
[nodes.respond]
player = "Defender"
actions = { Retaliate = "war", Acquiesce = "concede" }
[outcomes.sq]
payoffs = { Challenger = 0, Defender = 2 }
[outcomes.war]
payoffs = { Challenger = -1, Defender = -1 }
[outcomes.concede]
payoffs = { Challenger = 1, Defender = 0 }
"""


def read_tree(doc: TomlDocument) -> GameTree:
    """Build a :class:`GameTree` from a parsed TOML document."""
    doc.check_keys(TREE_KEYS)
    meta = doc.header("tree")
    players = doc.players()
    parameters = doc.parameters()
    known = parameters.known_names
    root = doc.data.get("root")
    node_table = _table(doc, "nodes", '[nodes.start] with player = "..." and actions = { ... }')
    outcome_table = _table(doc, "outcomes", '[outcomes.sq] with payoffs = { ... }', required=False)
    if root is None:
        first = next(iter(node_table), "start")
        doc.fail("missing root", hint=f'add the line root = "{first}" before the first table')
    if not isinstance(root, str):
        doc.fail("root must be a node id (a string)", ("root",))
    for oid in outcome_table:
        if oid in node_table:
            doc.fail(f"{oid!r} is both a node and an outcome", ("outcomes", oid),
                     "give the outcome a different id")
    if len(node_table) + len(outcome_table) >= FAST_FROM:
        try:
            with paused_gc():
                game = _fast_tree(players, parameters, root, node_table, outcome_table, meta)
        except Irregular:
            pass  # read node by node below: the same tree, or the mistake named with its line
        else:
            doc.check_values(parameters)
            try:
                game.exact()
            except GameFileError:
                pass  # the careful reader below says where
            else:
                return game
    nodes: dict[str, Node] = {}
    where: dict[str, tuple[str, ...]] = {}
    for nid, spec in node_table.items():
        nodes[nid] = _node(doc, nid, spec, players, known)
        where[nid] = ("nodes", nid)
    # outcomes: one end node per reference
    references: dict[str, list[tuple[str, str]]] = {}
    for nid, node in nodes.items():
        for label, target in node.actions:
            if target in outcome_table:
                references.setdefault(target, []).append((nid, label))
    outcome_nodes = {oid: _outcome(doc, oid, spec, players, known)
                     for oid, spec in outcome_table.items()}
    renamed: dict[tuple[str, str], str] = {}
    for oid, node in outcome_nodes.items():
        refs = references.get(oid, [])
        if len(refs) <= 1:
            nodes[oid] = node
            where[oid] = ("outcomes", oid)
            continue
        for parent, label in refs:
            copy = f"{oid}@{parent}"
            if copy in nodes or copy in outcome_table:
                doc.fail(f"outcome {oid!r} is shared, and {copy!r} is already an id",
                         ("outcomes", oid), "rename that node")
            nodes[copy] = Node(outcome=node.outcome or oid, payoffs=node.payoffs)
            where[copy] = ("outcomes", oid)
            renamed[(parent, label)] = copy
    if renamed:
        for nid, node in list(nodes.items()):
            if any((nid, a) in renamed for a, _ in node.actions):
                actions = tuple((a, renamed.get((nid, a), c)) for a, c in node.actions)
                nodes[nid] = Node(node.player, actions, node.probabilities, node.infoset,
                                  node.outcome, node.payoffs)
    try:
        game = GameTree.from_nodes(players, root, nodes, parameters=parameters, **meta)
    except GameFileError as exc:
        node = getattr(exc, "node", None)
        at = where.get(node, ("root",) if node is None else ("nodes", node))
        raise exc.located(doc.path, doc.locator.line(at)) from None
    doc.check_values(parameters)
    try:
        game.exact()
    except GameFileError as exc:
        raise exc.located(doc.path, _line_of_message(doc, exc.message, where)) from None
    return game


#: Trees with at least this many nodes and outcomes are read by :func:`_fast_tree` first.
FAST_FROM = 2000


def _fast_tree(players, parameters, root, node_table, outcome_table, meta) -> GameTree:
    """The tree straight from the tables, for large well-formed files: every rule of
    :func:`_node`, :func:`_outcome` and :meth:`GameTree.from_nodes` is checked, but a
    breach raises :class:`Irregular` (the careful reader then names it with its line)
    instead of explaining. Each distinct payoff or probability text is parsed once."""
    from deterrence.model.expr import ExpressionError, as_expr

    known = parameters.known_names
    player_index = {p: i for i, p in enumerate(players)}
    cache: dict = {}

    def expression(value):
        key = (type(value), value)
        expr = cache.get(key)
        if expr is None:
            if isinstance(value, bool) or not isinstance(value, (str, int, Fraction)):
                raise Irregular("not a number or a formula")
            try:
                expr = as_expr(value)
            except ExpressionError:
                raise Irregular("a formula that does not parse") from None
            if not expr.names() <= known:
                raise Irregular("an unknown name")
            cache[key] = expr
        return expr

    def payoffs_of(spec) -> tuple:
        table = spec.get("payoffs")
        if table is None:
            return ()
        if not isinstance(table, dict):
            raise Irregular("payoffs that are not a table")
        try:
            return tuple((player_index[p], expression(v)) for p, v in table.items())
        except KeyError:
            raise Irregular("a payoff for someone who is not a player") from None

    references: dict[str, int] = {}
    for spec in node_table.values():
        if not isinstance(spec, dict):
            raise Irregular("a node that is not a table")
        actions = spec.get("actions")
        if isinstance(actions, dict):
            for target in actions.values():
                if target in outcome_table:
                    references[target] = references.get(target, 0) + 1
    ids: list[str] = []
    number: dict[str, int] = {}
    rows: list[tuple] = []  # (mover, actions dict, probabilities, infoset, payoffs, outcome)
    node_keys = frozenset(NODE_KEYS)
    for nid, spec in node_table.items():
        if not spec.keys() <= node_keys:
            raise Irregular("an unknown key")
        player = spec.get("player")
        actions = spec.get("actions", {})
        if not isinstance(actions, dict) or not all(isinstance(c, str) for c in actions.values()):
            raise Irregular("bad actions")
        label = spec.get("label")
        if label is not None and (not isinstance(label, str) or not label.strip()):
            raise Irregular("a bad label")
        infoset = spec.get("infoset")
        if infoset is not None and (not isinstance(infoset, str) or not infoset.strip()):
            raise Irregular("a bad information set")
        chance = spec.get("chance")
        probs: tuple = ()
        if player is not None:
            if not isinstance(player, str) or player not in player_index or chance is not None \
                    or not actions:
                raise Irregular("a bad decision node")
            mover = player_index[player]
            infoset = infoset if infoset is not None else nid
        elif chance is not None:
            if not isinstance(chance, dict) or not chance or chance.keys() != actions.keys() \
                    or infoset is not None:
                raise Irregular("a bad chance node")
            mover = -1
            probs = tuple(expression(chance[a]) for a in actions)
        elif actions or infoset is not None:
            raise Irregular("actions without a player or chance")
        else:
            mover = -2
        pays = payoffs_of(spec)
        if mover == -2 and len({i for i, _ in pays}) != len(players):
            raise Irregular("a terminal node without every payoff")
        number[nid] = len(ids)
        ids.append(nid)
        rows.append((mover, actions, probs, infoset, pays, label or (nid if mover == -2 else "")))
    outcome_keys = frozenset(OUTCOME_KEYS)
    copies: dict[tuple[str, str], str] = {}
    for oid, spec in outcome_table.items():
        if not isinstance(spec, dict) or not spec.keys() <= outcome_keys:
            raise Irregular("a bad outcome")
        label = spec.get("label")
        if label is not None and (not isinstance(label, str) or not label.strip()):
            raise Irregular("a bad label")
        pays = payoffs_of(spec)
        if len({i for i, _ in pays}) != len(players) or len(pays) != len(players):
            raise Irregular("an outcome without every payoff")
        row = (-2, {}, (), None, pays, label or oid)
        if references.get(oid, 0) <= 1:
            number[oid] = len(ids)
            ids.append(oid)
            rows.append(row)
            continue
        copies[("", oid)] = ""  # marks a shared outcome
        for nid, nspec in node_table.items():
            for action, target in nspec.get("actions", {}).items():
                if target == oid:
                    copy = f"{oid}@{nid}"
                    if copy in node_table or copy in outcome_table or copy in number:
                        raise Irregular("a copy's id is taken")
                    copies[(nid, action)] = copy
                    number[copy] = len(ids)
                    ids.append(copy)
                    rows.append(row)
    if root not in number:
        raise Irregular("no root")
    n = len(ids)
    mover, children, actions, infoset_label = [0] * n, [None] * n, [None] * n, [None] * n
    probabilities, payoffs, outcome = [()] * n, [()] * n, [""] * n
    for j, (m, acts, probs, infoset, pays, label) in enumerate(rows):
        mover[j] = m
        node_id = ids[j]
        try:
            children[j] = [number[copies.get((node_id, a), c)] for a, c in acts.items()]
        except KeyError:
            raise Irregular("a dangling child") from None
        actions[j] = list(acts)
        infoset_label[j] = infoset
        probabilities[j] = probs
        if len({i for i, _ in pays}) != len(pays):
            raise Irregular("a payoff given twice")
        payoffs[j] = pays
        outcome[j] = label
    return build_arrays(GameTree, tuple(players), ids, number[root], mover, children, actions,
                        infoset_label, probabilities, payoffs, outcome,
                        {"parameters": parameters, **meta})


def _line_of_message(doc: TomlDocument, message: str, where: dict) -> int | None:
    import re

    match = re.search(r"node '([^']+)'", message)
    if match and match.group(1) in where:
        return doc.locator.line(where[match.group(1)])
    return None


def _table(doc: TomlDocument, name: str, hint: str, required: bool = True) -> dict[str, Any]:
    table = doc.data.get(name)
    if table is None:
        if required:
            doc.fail(f"missing [{name}]", hint=f"add {hint}")
        return {}
    if not isinstance(table, dict):
        doc.fail(f"{name} must be a table keyed by id", (name,), f"write {hint}")
    return table


def _payoffs(doc, spec, at, players, known, where: str) -> tuple:
    payoffs = spec.get("payoffs")
    if payoffs is None:
        return ()
    if not isinstance(payoffs, dict):
        doc.fail(f"{where}: payoffs must name each player", at + ("payoffs",),
                 "write payoffs = { " + ", ".join(f"{toml_key(p)} = 0" for p in players) + " }")
    out = []
    for player, value in payoffs.items():
        if player not in players:
            doc.fail(f"{where}: {player!r} is not a player", at + ("payoffs",),
                     did_you_mean(player, players, f"players are {', '.join(players)}"))
        out.append((player, doc.expression(value, at + ("payoffs",), known)))
    return tuple(out)


def _label(doc, spec, at, where: str) -> str | None:
    label = spec.get("label")
    if label is not None and (not isinstance(label, str) or not label.strip()):
        doc.fail(f"{where}: label must be a non-empty string", at + ("label",))
    return label


def _node(doc: TomlDocument, nid: str, spec: Any, players, known) -> Node:
    at = ("nodes", nid)
    where = f"node {nid!r}"
    if not isinstance(spec, dict):
        doc.fail(f"{where} must be a table", at, f"write [nodes.{toml_key(nid)}] and its keys below")
    for key in spec:
        if key not in NODE_KEYS:
            doc.fail(f"{where}: unknown key {key!r}", at + (key,),
                     did_you_mean(key, NODE_KEYS, f"node keys are {', '.join(NODE_KEYS)}"))
    player = spec.get("player")
    if player is not None:
        if not isinstance(player, str) or player not in players:
            doc.fail(f"{where}: {player!r} is not a player", at + ("player",),
                     did_you_mean(str(player), players, f"players are {', '.join(players)}"))
    actions = spec.get("actions", {})
    if not isinstance(actions, dict) or not all(isinstance(c, str) for c in actions.values()):
        doc.fail(f"{where}: actions must map each action label to a child id", at + ("actions",),
                 'write actions = { Retaliate = "war", Acquiesce = "peace" }')
    chance = spec.get("chance")
    probabilities: tuple = ()
    if chance is not None:
        if player is not None:
            doc.fail(f"{where} has both a player and chance probabilities", at + ("chance",),
                     "a node is either a player's move or a chance move")
        if not isinstance(chance, dict) or not chance:
            doc.fail(f"{where}: chance must map each outcome of nature to its probability",
                     at + ("chance",), 'write chance = { Resolute = "p", Irresolute = "1 - p" }')
        if set(chance) != set(actions):
            missing = sorted(set(chance) ^ set(actions))
            doc.fail(f"chance node {nid!r}: {missing[0]!r} is in only one of chance and actions",
                     at + ("chance",), "give chance and actions the same labels")
        probabilities = tuple(doc.expression(chance[a], at + ("chance",), known) for a in actions)
    elif player is None and actions:
        doc.fail(f"node {nid!r} has actions but neither a player nor chance probabilities", at,
                 'add player = "..." or chance = { ... }')
    infoset = spec.get("infoset")
    if infoset is not None and (not isinstance(infoset, str) or not infoset.strip()):
        doc.fail(f"{where}: infoset must be a label", at + ("infoset",), 'write infoset = "D"')
    payoffs = _payoffs(doc, spec, at, players, known, where)
    return Node(player, tuple(actions.items()), probabilities, infoset,
                _label(doc, spec, at, where), payoffs)


def _outcome(doc: TomlDocument, oid: str, spec: Any, players, known) -> Node:
    at = ("outcomes", oid)
    where = f"outcome {oid!r}"
    if not isinstance(spec, dict):
        doc.fail(f"{where} must be a table", at, "write payoffs = { ... } under it")
    for key in spec:
        if key not in OUTCOME_KEYS:
            doc.fail(f"{where}: unknown key {key!r}", at + (key,),
                     did_you_mean(key, OUTCOME_KEYS, "outcome keys are payoffs and label"))
    return Node(outcome=_label(doc, spec, at, where),
                payoffs=_payoffs(doc, spec, at, players, known, where))


# ------------------------------------------------------------------ writing


def _inline(pairs) -> str:
    return "{ " + ", ".join(f"{toml_key(k)} = {v}" for k, v in pairs) + " }"


def write_tree(game: GameTree) -> str:
    """TOML text of a game tree; reading it back gives an equal tree."""
    lines = header_lines(game, "tree")
    at = next(i for i, line in enumerate(lines) if line.startswith("players = "))
    lines.insert(at + 1, f"root = {toml_string(game.ids[0])}")
    ends = []
    for v, _ in game.walk():
        node = game.node(v)
        if game.is_terminal(v):
            ends.append((v, node))
            continue
        lines += ["", f"[nodes.{toml_key(game.ids[v])}]"]
        if node.player is not None:
            lines.append(f"player = {toml_string(node.player)}")
            if node.infoset != game.ids[v]:
                lines.append(f"infoset = {toml_string(node.infoset)}")
        else:
            lines.append("chance = " + _inline((a, value_text(p)) for (a, _), p in
                                               zip(node.actions, node.probabilities)))
        lines.append("actions = " + _inline((a, toml_string(c)) for a, c in node.actions))
        if node.payoffs:
            lines.append("payoffs = " + _inline((p, value_text(x)) for p, x in node.payoffs))
        if node.outcome:
            lines.append(f"label = {toml_string(node.outcome)}")
    for v, node in ends:
        lines += ["", f"[outcomes.{toml_key(game.ids[v])}]"]
        if node.outcome != game.ids[v]:
            lines.append(f"label = {toml_string(node.outcome)}")
        lines.append("payoffs = " + _inline((p, value_text(x)) for p, x in node.payoffs))
    return "\n".join(lines) + "\n"
