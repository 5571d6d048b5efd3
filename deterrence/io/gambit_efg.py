"""Read and write Gambit's extensive-form ``.efg`` files (version 2).

The format lists the nodes in prefix order after a header::

    EFG 2 R "Title" { "Player 1" "Player 2" }
    "optional comment"

    p "node" 1 1 "infoset" { "L" "R" } 0
    c "" 1 "" { "Tough" 1/3 "Weak" 2/3 } 0
    t "" 1 "Outcome 1" { 1, -1 }

``p`` is a player's move (player, information-set number, actions),
``c`` a chance move (probabilities after each action), ``t`` a terminal
node; each ends with an outcome number (0 for none) and, the first time an
outcome appears, its name and payoffs. Numbers are read exactly (``0.1`` is
1/10). Like Gambit's newer reader, this one is lenient about labels (empty
or duplicate labels of players, actions, nodes and information sets are
replaced by unique ones) and strict about structure: every error carries its
line and column.

Example
-------
>>> text = 'EFG 2 R "Entry" { "Entrant" "Incumbent" } ""\\n' \\
...        'p "" 1 1 "" { "In" "Out" } 0\\n' \\
...        'p "" 2 1 "" { "Fight" "Share" } 0\\n' \\
...        't "" 1 "war" { -1, -1 }\\nt "" 2 "share" { 1, 1 }\\nt "" 3 "out" { 0, 2 }\\n'
>>> game = read_efg(text)
>>> game.players, game.size
(('Entrant', 'Incumbent'), 5)
>>> read_efg(write_efg(game)).size
5
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from deterrence.errors import GameFileError, excerpt
from deterrence.io.gambit_efg_fast import FAST_FROM, distinct_labels, read_fast
from deterrence.model.expr import Const, format_fraction
from deterrence.model.tree import GameTree, Node

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<number>[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?:/\d+)?)
  | (?P<brace>[{}])
  | (?P<comma>,)
  | (?P<word>[A-Za-z_]\w*)
""", re.VERBOSE | re.DOTALL | re.ASCII)


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    line: int
    column: int


class _Reader:
    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.tokens: list[_Token] = []
        position, line, line_start = 0, 1, 0
        while position < len(text):
            match = _TOKEN.match(text, position)
            if match is None:
                self.fail(f"unexpected character {text[position]!r}",
                          _Token("", "", line, position - line_start + 1))
            kind, chunk = match.lastgroup, match.group()
            if kind not in ("space", "comma"):
                self.tokens.append(_Token(kind, chunk, line, position - line_start + 1))
            newlines = chunk.count("\n")
            if newlines:
                line += newlines
                line_start = position + chunk.rindex("\n") + 1
            position = match.end()
        end_line = text.count("\n") + 1
        self.end = _Token("end", "", end_line, len(text) - text.rfind("\n"))
        self.index = 0

    def fail(self, message: str, token: _Token | None = None, hint: str | None = None):
        token = token or self.peek()
        raise GameFileError(message, path=self.path, line=token.line, column=token.column,
                            hint=hint)

    def peek(self) -> _Token:
        return self.tokens[self.index] if self.index < len(self.tokens) else self.end

    def next(self) -> _Token:
        token = self.peek()
        self.index += 1
        return token

    def string(self, what: str) -> str:
        token = self.next()
        if token.kind != "string":
            self.fail(f"expected {what} in double quotes, found {_shown(token)}", token)
        return re.sub(r"\\(.)", r"\1", token.text[1:-1])

    def optional_string(self) -> str | None:
        return self.string("a label") if self.peek().kind == "string" else None

    def integer(self, what: str) -> int:
        token = self.next()
        if token.kind != "number" or not re.fullmatch(r"\d+", token.text):
            self.fail(f"expected {what} (a whole number), found {_shown(token)}", token)
        return int(token.text)

    def number(self, what: str) -> Fraction:
        token = self.next()
        if token.kind != "number":
            self.fail(f"expected {what}, found {_shown(token)}", token,
                      "numbers may be written 3, -1.5 or 1/3")
        try:
            return Fraction(token.text)
        except (ValueError, ZeroDivisionError):
            self.fail(f"{_shown(token)} is not a number", token)

    def expect(self, text: str) -> _Token:
        token = self.next()
        if token.text != text:
            self.fail(f"expected {text!r}, found {_shown(token)}", token)
        return token


def _shown(token: _Token) -> str:
    """A token for a message: at most ~80 characters of it, or "end of file"."""
    return excerpt(token.text) if token.text else "'end of file'"


@dataclass
class _Raw:
    kind: str
    label: str
    token: _Token
    player: int = 0
    infoset: int = 0
    outcome: int = 0
    children: tuple[int, ...] = ()


def read_efg(text: str, path: str = "<stdin>") -> GameTree:
    """Parse ``.efg`` text into a :class:`GameTree`.

    Raises
    ------
    GameFileError
        With line and column, for anything that does not follow the format.
    """
    if len(text) >= FAST_FROM:  # a large file: one line per node, read straight into arrays
        game = read_fast(text, path)
        if game is not None:
            return game
    r = _Reader(text, path)
    head = r.next()
    if head.text != "EFG":
        r.fail("an .efg file starts with EFG 2 R", head)
    version = r.next()
    if version.text != "2":
        r.fail(f"unsupported .efg version {_shown(version)}", version, "this reader reads EFG 2")
    numbers = r.next()
    if numbers.text not in ("R", "D"):
        r.fail(f"expected R or D after the version, found {_shown(numbers)}", numbers)
    title = r.string("the title")
    r.expect("{")
    raw_players = []
    while r.peek().kind == "string":
        raw_players.append(r.string("a player name"))
    r.expect("}")
    if not raw_players:
        r.fail("the game has no players", hint='list them: { "Player 1" "Player 2" }')
    players = distinct_labels(raw_players, lambda k: f"Player {k + 1}")
    comment = r.optional_string() or ""

    raw: list[_Raw] = []
    infoset_actions: dict[tuple[int, int], list[str]] = {}
    infoset_label: dict[tuple[int, int], str] = {}
    chance_probs: dict[int, list[Fraction]] = {}
    outcomes: dict[int, tuple[str, tuple[Fraction, ...]]] = {}

    def read_outcome() -> int:
        token = r.peek()
        number = r.integer("an outcome number")
        name = r.optional_string()
        if r.peek().text == "{":
            r.expect("{")
            values = []
            while r.peek().kind == "number":
                values.append(r.number("a payoff"))
            closing = r.expect("}")
            if len(values) != len(players):
                r.fail(f"outcome {number} has {len(values)} payoffs; the game has "
                       f"{len(players)} players", closing, "give one payoff per player")
            if number == 0:
                r.fail("outcome 0 means 'no outcome' and cannot have payoffs", token,
                       "number the outcome 1 or above")
            outcomes.setdefault(number, (name or "", tuple(values)))
        elif number and number not in outcomes:
            r.fail(f"outcome {number} is used before its payoffs are given", token,
                   'write e.g. 1 "Outcome 1" { 1, 0 } the first time it appears')
        return number

    def read_node() -> tuple[int, int]:
        """Read one node; return its index and how many children follow it."""
        token = r.next()
        if token.kind == "end":
            r.fail("the tree ends early: a move is missing children", token,
                   "every action of a p or c node needs a following node")
        if token.text not in ("p", "c", "t"):
            r.fail(f"expected a node (p, c or t), found {_shown(token)}", token)
        label = r.string("the node label")
        node = _Raw(token.text, label, token)
        if token.text == "t":
            node.outcome = read_outcome()
            raw.append(node)
            return len(raw) - 1, 0
        if token.text == "p":
            node.player = r.integer("the player number")
            if not 1 <= node.player <= len(players):
                r.fail(f"player {node.player} does not exist (the game has {len(players)})",
                       r.tokens[r.index - 1])
        node.infoset = r.integer("the information set number")
        key = (node.player, node.infoset)
        name = r.optional_string()
        if name is not None:
            infoset_label.setdefault(key, name)
        if r.peek().text == "{":
            brace = r.expect("{")
            actions, probs = [], []
            while r.peek().kind == "string":
                actions.append(r.string("an action label"))
                if token.text == "c":
                    probs.append(r.number("a chance probability"))
            r.expect("}")
            if not actions:
                r.fail("a move needs at least one action", brace)
            if key in infoset_actions and len(infoset_actions[key]) != len(actions):
                r.fail(f"information set {node.infoset} of "
                       f"{'chance' if token.text == 'c' else players[node.player - 1]} was given "
                       f"{len(infoset_actions[key])} actions before, {len(actions)} here", brace)
            infoset_actions.setdefault(key, actions)
            if token.text == "c":
                chance_probs.setdefault(node.infoset, probs)
        elif key not in infoset_actions:
            r.fail(f"information set {node.infoset} appears for the first time without its actions",
                   r.peek(), 'list them: { "L" "R" }')
        node.outcome = read_outcome()
        raw.append(node)
        return len(raw) - 1, len(infoset_actions[key])

    # prefix order, without recursion (trees may be deep): a stack of open moves
    children: dict[int, list[int]] = {}
    open_moves: list[tuple[int, int]] = []
    while True:
        here, count = read_node()
        if open_moves:
            parent, remaining = open_moves.pop()
            children[parent].append(here)
            if remaining > 1:
                open_moves.append((parent, remaining - 1))
        if count:
            children[here] = []
            open_moves.append((here, count))
        if not open_moves:
            break
    for k, kids in children.items():
        raw[k].children = tuple(kids)
    if r.peek().kind != "end":
        r.fail(f"unexpected {_shown(r.peek())} after the end of the tree", r.peek(),
               "the tree is complete here; remove the extra nodes or fix the counts of actions above")
    return _build(raw, players, title, comment, infoset_actions, infoset_label, chance_probs,
                  outcomes, path)


def _build(raw, players, title, comment, infoset_actions, infoset_label, chance_probs,
           outcomes, path) -> GameTree:
    ids = distinct_labels([n.label for n in raw], lambda k: f"n{k + 1}")
    members: dict[tuple[int, int], list[int]] = {}  # in order of first appearance
    for k, n in enumerate(raw):
        if n.kind == "p":
            members.setdefault((n.player, n.infoset), []).append(k)
    decision_keys = list(members)
    wanted = []
    for key in decision_keys:
        label = infoset_label.get(key, "").strip()
        if not label and len(members[key]) == 1:
            label = ids[members[key][0]]
        wanted.append(label or f"{players[key[0] - 1]}:{key[1]}")
    labels = dict(zip(decision_keys, distinct_labels(wanted, lambda k: f"infoset {k + 1}")))
    actions = {key: distinct_labels(a, lambda k: str(k + 1)) for key, a in infoset_actions.items()}
    nodes: dict[str, Node] = {}
    for k, n in enumerate(raw):
        name, values = outcomes.get(n.outcome, ("", None))
        payoffs = tuple((p, Const(v)) for p, v in zip(players, values)) if values else ()
        if n.kind == "t":
            if not payoffs:
                payoffs = tuple((p, Const(Fraction(0))) for p in players)
            nodes[ids[k]] = Node(outcome=name.strip() or n.label.strip() or ids[k], payoffs=payoffs)
            continue
        key = (n.player, n.infoset)
        pairs = tuple(zip(actions[key], (ids[c] for c in n.children)))
        outcome = name.strip() or None if payoffs else None
        if n.kind == "p":
            nodes[ids[k]] = Node(player=players[n.player - 1], actions=pairs,
                                 infoset=labels[key], outcome=outcome, payoffs=payoffs)
        else:
            probs = tuple(Const(p) for p in chance_probs[n.infoset])
            nodes[ids[k]] = Node(actions=pairs, probabilities=probs, outcome=outcome, payoffs=payoffs)
    index = {v: k for k, v in enumerate(ids)}
    try:
        game = GameTree.from_nodes(tuple(players), ids[0], nodes, title=title.strip(),
                                   description=comment.strip())
        game.exact()
    except GameFileError as exc:
        node = getattr(exc, "node", None)
        token = raw[index[node]].token if node in index else None
        if token is None:
            import re as _re

            match = _re.search(r"node '([^']+)'", exc.message)
            if match and match.group(1) in index:
                token = raw[index[match.group(1)]].token
        raise exc.located(path, token.line if token else None,
                          token.column if token else None) from None
    return game


# ------------------------------------------------------------------ writing


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_efg(game: GameTree) -> str:
    """``.efg`` text of a tree; formulas are evaluated at the parameter values in force."""
    lines = [f"EFG 2 R {_quote(game.title)} {{ " + " ".join(_quote(p) for p in game.players) + " }",
             _quote(game.description), ""]
    infoset_number: dict[int, int] = {}
    per_player = [0] * game.n_players
    chance_number = 0
    outcome_number: dict[tuple, int] = {}
    for v, _ in game.walk():
        m = int(game.mover[v])
        payoff = game.node_payoff(v)
        if payoff is not None:
            key = (game.outcome[v], payoff)
            first = key not in outcome_number
            number = outcome_number.setdefault(key, len(outcome_number) + 1)
            outcome = f"{number}"
            if first:
                outcome += f" {_quote(game.outcome[v])} {{ " + \
                           ", ".join(format_fraction(x) for x in payoff) + " }"
        else:
            outcome = "0"
        label = _quote(game.ids[v])
        if m == -2:
            lines.append(f"t {label} {outcome}")
        elif m == -1:
            chance_number += 1
            moves = " ".join(f"{_quote(game.action[e])} {format_fraction(game.probability(e))}"
                             for e in game.edges(v))
            lines.append(f"c {label} {chance_number} \"\" {{ {moves} }} {outcome}")
        else:
            h = int(game.infoset[v])
            if h not in infoset_number:
                per_player[m] += 1
                infoset_number[h] = per_player[m]
            moves = " ".join(_quote(a) for a in game.actions(v))
            lines.append(f"p {label} {m + 1} {infoset_number[h]} "
                         f"{_quote(game.infoset_labels[h])} {{ {moves} }} {outcome}")
    return "\n".join(lines) + "\n"
