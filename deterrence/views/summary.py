"""Labels that fit a terminal: long lists of outcomes and long profiles, summarised.

A game tree with many outcomes (a ladder with types, a pool with members)
names a regime by every outcome it reaches and an equilibrium by a move at
every decision point: thousands of characters. The views show a summary
made for the width at hand and say what they left out; ``--json`` keeps
every label whole.

* :func:`fit` joins the leading items that fit in a budget of terminal cells
  and ends with how many were left out (``… and 12 more``);
* :func:`group_outcomes` gathers outcomes that differ only in a trailing
  parenthesis (``China backs down at Tariffs (United States pragmatic)`` and
  ``(... resolute)``) and :func:`outcomes_summary` writes the groups, the most
  probable first, as ``China backs down at Tariffs (United States
  pragmatic/resolute)`` or, where room is short, ``... ×2``;
* :func:`profile_moves` reads a tree profile's text back into its moves,
  :func:`typical_moves` finds the most common move at each decision point of
  many profiles and :func:`exceptions` the moves of one that differ.

Widths are terminal cells (rich's ``cell_len``): wide characters count twice.
Nothing here raises on odd labels (empty, unicode, very long): a label longer
than the whole budget is cut with ``…``.

Example
-------
>>> fit(["alpha", "beta", "gamma", "delta"], 24)
'alpha, beta … and 2 more'
>>> [g.text() for g in group_outcomes([("war (x, y)", None), ("war (x, z)", None), ("peace", None)])]
['war (x, y/z)', 'peace']
>>> outcomes_summary([("Target concedes (1 of 2 honour)", 1/2), ("Target concedes (0 of 2 honour)", 1/4),
...                   ("Target holds out (2 of 2 honour)", 1/4)], 80, probabilities=True)
'0.75 Target concedes (0–1 of 2 honour), 0.25 Target holds out (2 of 2 honour)'
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

from rich.cells import cell_len, set_cell_size

from deterrence.model.expr import format_fraction

#: Width summaries are made for on a console wider than any screen (a pipe is 4096 columns wide).
READABLE_WIDTH = 160
#: Widest console taken for a screen; a wider one (a pipe, a file) reads like :data:`READABLE_WIDTH`.
SCREEN_WIDTH = 400
#: Narrowest budget a summary is cut to, whatever the console.
MIN_WIDTH = 24
ELLIPSIS = "…"
#: Alternatives merged into one parenthesis (``pragmatic/resolute``) before ``×k`` is shorter.
MAX_ALTERNATIVES = 6


def summary_width(max_width: int) -> int:
    """The width summaries are made for: the console's, or :data:`READABLE_WIDTH` for one
    wider than any screen (a pipe: nothing is cut there, and summaries stay readable).

    >>> summary_width(80), summary_width(200), summary_width(4096)
    (80, 200, 160)
    """
    width = int(max_width)
    return max(MIN_WIDTH, READABLE_WIDTH if width > SCREEN_WIDTH else width)


def lines_budget(width: int, lines: int = 2) -> int:
    """Characters that fill about ``lines`` lines of ``width`` once wrapped at word boundaries."""
    return max(MIN_WIDTH, lines * width - (lines - 1) * max(4, width // 8))


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells, ending in ``…`` when cut.

    >>> clip("Escalate to Tariffs", 10), clip("short", 10)
    ('Escalate…', 'short')
    """
    width = max(1, width)
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + ELLIPSIS


def and_more(k: int) -> str:
    return f"{ELLIPSIS} and {k} more"


def plus_more(k: int) -> str:
    return f"+{k} more"


def fit(items: Iterable[str], budget: int, sep: str = ", ", more: Callable[[int], str] = and_more,
        counts: Sequence[int] | None = None) -> str:
    """The leading ``items`` joined by ``sep`` that fit in ``budget`` cells, then ``more(k)``
    with ``k`` the number left out (``counts`` weighs each item, e.g. outcomes in a group).

    At least one item is shown (cut with ``…`` if it alone is too long).

    >>> fit(["a", "b", "c"], 10)
    'a, b, c'
    >>> fit(["a long item", "b"], 13, more=plus_more)
    'a lo… +1 more'
    """
    return fit_counted(items, budget, sep, more, counts)[0]


def fit_counted(items: Iterable[str], budget: int, sep: str = ", ", more: Callable[[int], str] = and_more,
                counts: Sequence[int] | None = None) -> tuple[str, float]:
    """:func:`fit`, and how many (by ``counts``) it left out (half of the first when it had to
    cut it)."""
    items = list(items)
    if not items:
        return "", 0
    counts = list(counts) if counts is not None else [1] * len(items)
    whole = sep.join(items)
    if cell_len(whole) <= budget:
        return whole, 0
    total = sum(counts)
    shown: list[str] = []
    used = kept = 0
    for item, count in zip(items, counts):
        rest = total - kept - count
        tail = (" " + more(rest)) if rest else ""
        width = used + (cell_len(sep) if shown else 0) + cell_len(item)
        if width + cell_len(tail) > budget:
            break
        shown.append(item)
        used, kept = width, kept + count
    if not shown:
        rest = total - counts[0]
        tail = more(rest) if rest else ""
        room = budget - cell_len(tail) - 1 if rest else budget
        return clip(items[0], max(1, room)) + (" " + tail if rest else ""), rest + counts[0] / 2
    rest = total - kept
    return sep.join(shown) + (" " + more(rest) if rest else ""), rest


# ---------------------------------------------------------------- probabilities


def probability_text(p: Any) -> str:
    """A probability in few characters: exact when short (``3/4``), else ``≈0.0241``.

    >>> from fractions import Fraction
    >>> probability_text(Fraction(3, 4)), probability_text(Fraction(1727, 4480)), probability_text(0.25)
    ('3/4', '≈0.385', '0.25')
    """
    if isinstance(p, float):
        return f"{p:.3g}"
    try:
        text = format_fraction(p)
    except (TypeError, ValueError):
        return str(p)
    if len(text) <= 5:
        return text
    try:
        return f"≈{float(p):.3g}"
    except (TypeError, ValueError, OverflowError):
        return text


# ---------------------------------------------------------------- outcomes


def split_qualifier(label: str) -> tuple[str, tuple[str, ...]]:
    """A label's base and the comma-separated parts of its trailing parenthesis.

    >>> split_qualifier("China backs down at Tariffs (United States pragmatic, China resolute)")
    ('China backs down at Tariffs', ('United States pragmatic', 'China resolute'))
    >>> split_qualifier("war"), split_qualifier("f(x)"), split_qualifier("(only)")
    (('war', ()), ('f(x)', ()), ('(only)', ()))
    """
    text = label.rstrip()
    if not text.endswith(")"):
        return label, ()
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                break
    else:
        return label, ()
    if depth or i == 0 or not text[i - 1].isspace() or not text[:i].strip():
        return label, ()
    parts = [part.strip() for part in split_top(text[i + 1:-1], ",")]
    return text[:i].rstrip(), tuple(parts)


@dataclass
class OutcomeGroup:
    """Outcomes with one base label whose parentheses differ; ``weight`` their total probability."""

    base: str
    labels: list[str] = field(default_factory=list)
    qualifiers: list[tuple[str, ...]] = field(default_factory=list)
    weight: Any = None

    @property
    def size(self) -> int:
        return len(self.labels)

    def compact(self) -> str:
        """``base ×k`` (the label itself for a group of one)."""
        return self.labels[0] if self.size == 1 else f"{self.base} ×{self.size}"

    def merged(self) -> str | None:
        """The group in one label with its parentheses merged (``(United States
        pragmatic/resolute, China pragmatic)``), when that says exactly which outcomes are in
        it: the group is every combination of its alternatives. Else ``None``."""
        if self.size == 1:
            return self.labels[0]
        positions = [sorted({q[k] for q in self.qualifiers}) for k in range(len(self.qualifiers[0]))]
        if math.prod(len(p) for p in positions) != len(set(self.qualifiers)):
            return None
        merged = [merge_alternatives(p) for p in positions]
        if any(m is None for m in merged):
            return None
        return f"{self.base} (" + ", ".join(merged) + ")"

    def text(self) -> str:
        """:meth:`merged`, else :meth:`compact`."""
        return self.merged() or self.compact()

    def exact(self) -> list[str]:
        """:meth:`merged` if there is one, else every label: nothing lost."""
        merged = self.merged()
        return [merged] if merged else list(self.labels)


def merge_alternatives(values: Sequence[str], limit: int = MAX_ALTERNATIVES) -> str | None:
    """Words the values share, once, around their differing part: ``United States
    pragmatic/resolute``; whole numbers as runs (``0–3 of 5 honour``); ``None`` for more
    than ``limit`` alternatives that are not whole numbers.

    >>> merge_alternatives(["United States pragmatic", "United States resolute"])
    'United States pragmatic/resolute'
    >>> merge_alternatives(["4 of 5 honour", "3 of 5 honour", "1 of 5 honour"])
    '1/3–4 of 5 honour'
    >>> merge_alternatives(["calm", "very calm"])
    'calm/very calm'
    """
    if len(values) == 1:
        return values[0]
    words = [v.split(" ") for v in values]
    shortest = min(len(w) for w in words)
    head = 0
    while head < shortest and len({w[head] for w in words}) == 1:
        head += 1
    tail = 0
    while tail < shortest - head and len({w[len(w) - 1 - tail] for w in words}) == 1:
        tail += 1
    middles = [" ".join(w[head:len(w) - tail]) for w in words]
    if all(m and re.fullmatch(r"-?\d+", m) for m in middles):
        alternatives = integer_runs(sorted({int(m) for m in middles}))
    elif len(values) > limit:
        return None
    elif any(not m for m in middles):
        return "/".join(values)
    else:
        alternatives = "/".join(middles)
    return " ".join(words[0][:head] + [alternatives] + words[0][len(words[0]) - tail:])


def integer_runs(numbers: Sequence[int]) -> str:
    """``0–3/5/7–8`` for ``[0, 1, 2, 3, 5, 7, 8]``."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return "/".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def group_outcomes(items: Iterable[tuple[str, Any]]) -> list[OutcomeGroup]:
    """Outcomes ``(label, probability or None)`` gathered by base label; the most probable
    group first when probabilities are given, else in the order given."""
    groups: dict[tuple, OutcomeGroup] = {}
    for label, weight in items:
        label = str(label)
        base, qualifiers = split_qualifier(label)
        key = (base, len(qualifiers)) if qualifiers else (label, -1)
        group = groups.get(key)
        if group is None:
            group = groups[key] = OutcomeGroup(base)
        if label in group.labels:
            continue
        group.labels.append(label)
        group.qualifiers.append(qualifiers)
        if weight is not None:
            group.weight = weight if group.weight is None else group.weight + weight
    out = list(groups.values())
    if any(g.weight is not None for g in out):
        out.sort(key=lambda g: -float(g.weight) if g.weight is not None else 0.0)
    return out


def outcomes_merged(labels: Iterable[str], sep: str = " / ") -> str:
    """Every outcome, those that differ only in their parenthesis merged where nothing is lost.

    >>> outcomes_merged(["peace (calm)", "peace (tense)", "war"])
    'peace (calm/tense) / war'
    """
    return sep.join(text for g in group_outcomes((label, None) for label in labels) for text in g.exact())


def outcomes_summary(items: Iterable[tuple[str, Any]], budget: int, probabilities: bool = False,
                     sep: str = ", ", more: Callable[[int], str] = and_more) -> str:
    """The outcomes, grouped (:func:`group_outcomes`), in at most ``budget`` cells; with
    ``probabilities`` each group is preceded by its probability (none when it is 1).

    Groups are written with their parenthesis merged where that leaves no more
    outcomes out than the shorter ``×k`` form. Without probabilities, the
    largest groups come first, then the shortest labels (so that most fit).
    """
    groups = group_outcomes(items)
    if all(g.weight is None for g in groups):
        groups.sort(key=lambda g: (-g.size, cell_len(g.compact())))
    counts = [g.size for g in groups]

    def written(form: Callable[[OutcomeGroup], str]) -> tuple[str, float]:
        parts = []
        for g in groups:
            text = form(g)
            if probabilities and g.weight is not None and g.weight != 1:
                text = f"{probability_text(g.weight)} {text}"
            parts.append(text)
        return fit_counted(parts, budget, sep, more, counts)

    detailed = written(OutcomeGroup.text)
    if not detailed[1]:
        return detailed[0]
    compact = written(OutcomeGroup.compact)
    return detailed[0] if detailed[1] <= compact[1] else compact[0]


# ---------------------------------------------------------------- profiles


@dataclass(frozen=True)
class Move:
    """What ``player`` does at one decision point (``where``: its name, or the player's
    when the player has one decision point)."""

    player: str
    where: str
    what: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.player, self.where)

    def text(self) -> str:
        return f"{self.where}: {self.what}"


def decimal_mixture(move: Move, digits: int = 4) -> Move:
    """``move`` with the probabilities of its mixture (``1/3 Retaliate + 2/3 Acquiesce``)
    written as decimals, as a ``--float`` view writes every number.

    >>> decimal_mixture(Move("D", "D", "1/3 Retaliate + 2/3 Acquiesce")).what
    '0.3333 Retaliate + 0.6667 Acquiesce'
    """
    terms = move.what.split(" + ")
    found = [re.fullmatch(r"(\d+)/(\d+) (.+)", t, re.S) for t in terms]
    if len(terms) < 2 or not all(f and int(f.group(2)) for f in found):
        return move
    what = " + ".join(f"{int(f.group(1)) / int(f.group(2)):.{digits}g} {f.group(3)}" for f in found)
    return Move(move.player, move.where, what)


def profile_moves(text: str, players: Sequence[str]) -> list[Move] | None:
    """The moves of a tree profile written ``Challenger: Challenge; Defender: Retaliate
    [respond_resolute], Acquiesce [respond_irresolute]``; ``None`` if it is not so written.

    >>> [m.text() for m in profile_moves("A: x; B: y [b1], z [b2]", ["A", "B"])]
    ['A: x', 'b1: y', 'b2: z']
    """
    names = sorted({str(p) for p in players if str(p)}, key=len, reverse=True)
    if not text or not names:
        return None
    alternation = "|".join(re.escape(p) for p in names)
    segments = re.split(rf"; (?=(?:{alternation}): )", text)
    moves: list[Move] = []
    for segment in segments:
        found = re.match(rf"({alternation}): (.*)$", segment, re.S)
        if not found:
            return None
        player, body = found.groups()
        parts = re.split(r"(?<=\]), ", body)
        for part in parts:
            where = re.match(r"(.*) \[([^\[\]]*)\]$", part, re.S) if len(parts) > 1 else None
            moves.append(Move(player, where.group(2), where.group(1)) if where else Move(player, player, part))
    return moves


def typical_moves(profiles: Iterable[Sequence[Move]]) -> dict[tuple[str, str], Move]:
    """The most common move at each decision point of ``profiles`` (the first seen on a tie),
    in the order decision points first appear."""
    counts: Counter = Counter()
    order: dict[Move, int] = {}
    for moves in profiles:
        for m in moves:
            counts[m] += 1
            order.setdefault(m, len(order))
    best: dict[tuple[str, str], Move] = {}
    for m in sorted(counts, key=order.__getitem__):
        held = best.get(m.key)
        if held is None or counts[m] > counts[held]:
            best[m.key] = m
    return best


def exceptions(moves: Sequence[Move], typical: dict[tuple[str, str], Move]) -> list[Move]:
    """The moves that are not the typical move at their decision point."""
    return [m for m in moves if typical.get(m.key) != m]


def play_summary(moves: Sequence[Move] | None, text: str, reference: dict[tuple[str, str], Move],
                 name: str, budget: int) -> str:
    """``NAME``, or ``NAME but WHERE: WHAT; ...`` (the moves that differ from ``reference``,
    e.g. the typical play) in ``budget`` cells; the text itself, fitted, when it could not be
    read as moves.

    >>> moves = profile_moves("A: x; B: y [b1], z [b2]", ["A", "B"])
    >>> play_summary(moves, "", {m.key: m for m in moves[:2]}, "typical", 40)
    'typical but b2: z'
    """
    if moves is None:
        return fit(text.split("; "), budget, "; ", plus_more)
    differ = exceptions(moves, reference)
    if not differ:
        return name
    head = f"{name} but "
    return head + fit([m.text() for m in differ], budget - cell_len(head), "; ", plus_more)


def split_top(text: str, sep: str = ", ") -> list[str]:
    """``text`` split at ``sep`` outside brackets: ``(a, b), c`` gives ``['(a, b)', 'c']``."""
    parts, level, start, k = [], 0, 0, 0
    while k < len(text):
        char = text[k]
        if char in "([{":
            level += 1
        elif char in ")]}":
            level = max(0, level - 1)
        elif level == 0 and text.startswith(sep, k):
            parts.append(text[start:k])
            start = k + len(sep)
            k = start
            continue
        k += 1
    parts.append(text[start:])
    return parts


__all__ = ["READABLE_WIDTH", "SCREEN_WIDTH", "summary_width", "lines_budget", "clip", "fit", "fit_counted", "and_more", "plus_more",
           "probability_text", "split_qualifier", "OutcomeGroup", "merge_alternatives", "group_outcomes",
           "outcomes_summary", "outcomes_merged", "Move", "decimal_mixture", "profile_moves", "typical_moves", "exceptions", "play_summary",
           "split_top"]
