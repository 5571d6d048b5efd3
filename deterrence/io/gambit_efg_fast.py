"""Reading large ``.efg`` files in linear time: one regular expression per node line.

:func:`deterrence.io.gambit_efg.read_efg` tokenizes a file and keeps every
token's line and column, so that any mistake is reported where it is. That
costs seconds on a tree of 10^5 nodes. Files written by Gambit, by this
package and by most tools put one node on a line::

    p "node" 1 1 "infoset" { "L" "R" } 0
    c "" 1 "" { "Tough" 1/3 "Weak" 2/3 } 0
    t "" 1 "Outcome 1" { 1, -1 }

:func:`read_fast` reads exactly such files, with the same rules and the same
result (labels made unique in the same way, outcome and information-set
names alike), straight into the arrays of a
:class:`~deterrence.model.tree.GameTree`
(:func:`~deterrence.model.tree_build.build_arrays`), without an object per
node. On anything else (a node over several lines, a mistake) it returns
``None`` and the careful reader takes the file, which names the problem with
its line and column.

Example
-------
>>> text = 'EFG 2 R "Entry" { "Entrant" "Incumbent" } ""\\n' \\
...        'p "" 1 1 "" { "In" "Out" } 0\\n' \\
...        'p "" 2 1 "" { "Fight" "Share" } 0\\n' \\
...        't "" 1 "war" { -1, -1 }\\nt "" 2 "share" { 1, 1 }\\nt "" 3 "out" { 0, 2 }\\n'
>>> read_fast(text).size
5
>>> read_fast(text.replace('{ 0, 2 }', '{ 0 }')) is None
True
"""

from __future__ import annotations

import re
from fractions import Fraction

from deterrence.errors import GameFileError
from deterrence.model.expr import Const
from deterrence.model.tree import GameTree
from deterrence.model.memory import paused_gc
from deterrence.model.tree_build import Irregular, build_arrays

#: Files shorter than this are read by the careful reader alone.
FAST_FROM = 20000

_S = r'"((?:[^"\\]|\\.)*)"'
_HEAD = re.compile(r'\s*EFG\s+2\s+[RD]\s+' + _S + r'\s*\{((?:\s*"(?:[^"\\]|\\.)*")*)\s*\}'
                   r'(?:\s*' + _S + r')?', re.DOTALL)
_TAIL = r'(?:\s+' + _S + r')?(?:\s*\{([^{}"]*)\})?'
_T = re.compile(r't\s+' + _S + r'\s+(\d+)' + _TAIL)
_P = re.compile(r'p\s+' + _S + r'\s+(\d+)\s+(\d+)(?:\s+' + _S + r')?(?:\s*\{([^{}]*)\})?\s+(\d+)' + _TAIL)
_C = re.compile(r'c\s+' + _S + r'\s+(\d+)(?:\s+' + _S + r')?(?:\s*\{([^{}]*)\})?\s+(\d+)' + _TAIL)
_NUMBER = re.compile(r'[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?:/\d+)?')
_STRINGS = re.compile(_S)
_SEPARATORS = re.compile(r'[\s,]*')
_CHANCE_ITEM = re.compile(_S + r'[\s,]+(' + _NUMBER.pattern + r')')


def _text(raw: str) -> str:
    return re.sub(r"\\(.)", r"\1", raw) if "\\" in raw else raw


def distinct_labels(labels: list[str], fallback) -> list[str]:
    """Gambit labels made usable as names: stripped, an empty one ``fallback(k)``, a
    repeat `` (2)``, `` (3)``... (one pass when all are already distinct).

    >>> distinct_labels(["a", "", "a "], lambda k: f"n{k + 1}")
    ['a', 'n2', 'a (2)']
    """
    stripped = [label.strip() for label in labels]
    if all(stripped) and len(set(stripped)) == len(stripped):
        return stripped
    out: list[str] = []
    seen: set[str] = set()
    for k, label in enumerate(stripped):
        label = label or fallback(k)
        base, n = label, 1
        while label in seen:
            n += 1
            label = f"{base} ({n})"
        seen.add(label)
        out.append(label)
    return out


class _Numbers:
    """Exact numbers and constants, each distinct text converted once."""

    def __init__(self) -> None:
        self.values: dict[str, Fraction] = {}
        self.consts: dict[Fraction, Const] = {}

    def value(self, text: str) -> Fraction:
        v = self.values.get(text)
        if v is None:
            v = self.values[text] = Fraction(text)  # ValueError, ZeroDivisionError: careful path
        return v

    def const(self, v: Fraction) -> Const:
        c = self.consts.get(v)
        if c is None:
            c = self.consts[v] = Const(v)
        return c

    def payoffs(self, body: str) -> list[Fraction] | None:
        found = _NUMBER.findall(body)
        if _NUMBER.sub("", body).strip(" \t,\r\n"):
            return None
        return [self.value(x) for x in found]


def read_fast(text: str, path: str = "<stdin>") -> GameTree | None:
    """The tree of a one-node-per-line ``.efg`` file, or ``None`` (see the module docstring)."""
    try:
        with paused_gc():
            return _read(text)
    except (Irregular, ValueError, ZeroDivisionError, GameFileError, KeyError, IndexError):
        return None


def _read(text: str) -> GameTree | None:
    head = _HEAD.match(text)
    if head is None:
        raise Irregular("an unusual header")
    title, players_text, comment = _text(head.group(1)), head.group(2), _text(head.group(3) or "")
    raw_players = [_text(p) for p in _STRINGS.findall(players_text)]
    if not raw_players:
        raise Irregular("no players")
    players = tuple(distinct_labels(raw_players, lambda k: f"Player {k + 1}"))
    k = len(players)
    numbers = _Numbers()
    kinds: list[int] = []          # player index, -1 chance, -2 terminal
    labels: list[str] = []
    keys: list[tuple[int, int] | None] = []
    node_outcome: list[int] = []
    infoset_actions: dict[tuple[int, int], list[str]] = {}
    infoset_name: dict[tuple[int, int], str] = {}
    chance_probs: dict[int, list[Fraction]] = {}
    outcomes: dict[int, tuple[str, tuple[Fraction, ...]]] = {}

    def outcome(number_text, name, body) -> int:
        number = int(number_text)
        if body is not None:
            values = numbers.payoffs(body)
            if values is None or len(values) != k or number == 0:
                raise Irregular("bad payoffs")
            outcomes.setdefault(number, (_text(name) if name is not None else "", tuple(values)))
        elif number and number not in outcomes:
            raise Irregular("an outcome used before its payoffs")
        return number

    lines = text[head.end():].split("\n")
    for line in lines:
        line = line.strip()
        if not line:
            continue
        first = line[0]
        if first == "t":
            match = _T.fullmatch(line)
            if match is None:
                raise Irregular("an unusual line")
            label, number, name, body = match.groups()
            kinds.append(-2)
            keys.append(None)
            labels.append(_text(label))
            node_outcome.append(outcome(number, name, body))
            continue
        if first == "p":
            match = _P.fullmatch(line)
            if match is None:
                raise Irregular("an unusual line")
            label, player, number, name, acts, out, oname, body = match.groups()
            player = int(player)
            if not 1 <= player <= k:
                raise Irregular("no such player")
        elif first == "c":
            match = _C.fullmatch(line)
            if match is None:
                raise Irregular("an unusual line")
            label, number, name, acts, out, oname, body = match.groups()
            player = 0
        else:
            raise Irregular("not a node")
        key = (player, int(number))
        if name is not None:
            infoset_name.setdefault(key, _text(name))
        if acts is not None:
            if player:
                found = _STRINGS.findall(acts)
                if _STRINGS.sub("", acts).strip(" \t,\r\n"):
                    raise Irregular("unusual actions")
                actions = [_text(a) for a in found]
            else:
                pairs = _CHANCE_ITEM.findall(acts)
                if _CHANCE_ITEM.sub("", acts).strip(" \t,\r\n"):
                    raise Irregular("unusual chance actions")
                actions = [_text(a) for a, _ in pairs]
                probs = [numbers.value(p) for _, p in pairs]
            if not actions:
                raise Irregular("a move without actions")
            if key in infoset_actions and len(infoset_actions[key]) != len(actions):
                raise Irregular("an information set with two counts of actions")
            infoset_actions.setdefault(key, actions)
            if not player:
                chance_probs.setdefault(key[1], probs)
        elif key not in infoset_actions:
            raise Irregular("an information set without its actions")
        kinds.append(player - 1 if player else -1)
        keys.append(key)
        labels.append(_text(label))
        node_outcome.append(outcome(out, oname, body))
    n = len(kinds)
    if not n:
        raise Irregular("no nodes")
    # prefix order: a stack of open moves, as the careful reader does
    children: list[list[int]] = [[] for _ in range(n)]
    open_moves: list[list[int]] = []
    for here in range(n):
        if open_moves:
            top = open_moves[-1]
            children[top[0]].append(here)
            top[1] -= 1
            if not top[1]:
                open_moves.pop()
        key = keys[here]
        if key is not None:
            open_moves.append([here, len(infoset_actions[key])])
        if not open_moves and here != n - 1:
            raise Irregular("nodes after the end of the tree")
    if open_moves:
        raise Irregular("the tree ends early")
    return _arrays(players, title, comment, kinds, labels, keys, node_outcome, children,
                   infoset_actions, infoset_name, chance_probs, outcomes, numbers)


def _arrays(players, title, comment, kinds, labels, keys, node_outcome, children, infoset_actions,
            infoset_name, chance_probs, outcomes, numbers) -> GameTree:
    """The tree from the records, named exactly as the careful reader names it."""
    n = len(kinds)
    k = len(players)
    ids = distinct_labels(labels, lambda j: f"n{j + 1}")
    members: dict[tuple[int, int], list[int]] = {}
    for j in range(n):
        if kinds[j] >= 0:
            members.setdefault(keys[j], []).append(j)
    wanted = []
    for key, nodes in members.items():
        label = infoset_name.get(key, "").strip()
        if not label and len(nodes) == 1:
            label = ids[nodes[0]]
        wanted.append(label or f"{players[key[0] - 1]}:{key[1]}")
    set_label = dict(zip(members, distinct_labels(wanted, lambda j: f"infoset {j + 1}")))
    made: dict[tuple, list[str]] = {}
    actions = {}
    for key, a in infoset_actions.items():
        row = tuple(a)
        if row not in made:
            made[row] = distinct_labels(a, lambda j: str(j + 1))
        actions[key] = made[row]
    zero = numbers.const(Fraction(0))
    zeros = tuple((i, zero) for i in range(k))
    pays: dict[int, tuple] = {}
    for number, (_, values) in outcomes.items():
        pays[number] = tuple((i, numbers.const(v)) for i, v in enumerate(values))
    probabilities: dict[int, tuple] = {h: tuple(numbers.const(p) for p in ps)
                                       for h, ps in chance_probs.items()}
    node_actions: list = [None] * n
    infoset_label: list = [None] * n
    node_probs: list = [()] * n
    payoffs: list = [()] * n
    outcome: list = [""] * n
    for j in range(n):
        number = node_outcome[j]
        name, _ = outcomes.get(number, ("", None))
        pay = pays.get(number, ())
        kind = kinds[j]
        if kind == -2:
            payoffs[j] = pay or zeros
            outcome[j] = name.strip() or labels[j].strip() or ids[j]
            node_actions[j] = []
            continue
        key = keys[j]
        node_actions[j] = actions[key]
        payoffs[j] = pay
        outcome[j] = name.strip() if pay else ""
        if kind >= 0:
            infoset_label[j] = set_label[key]
        else:
            node_probs[j] = probabilities[key[1]]
    game = build_arrays(GameTree, players, ids, 0, kinds, children, node_actions, infoset_label,
                        node_probs, payoffs, outcome,
                        {"title": title.strip(), "description": comment.strip()})
    game.exact()  # chance probabilities: a GameFileError sends the file to the careful reader
    return game


__all__ = ["read_fast", "distinct_labels", "FAST_FROM"]
