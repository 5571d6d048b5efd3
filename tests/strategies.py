"""Shared hypothesis strategies: random games, garbage files.

One module for every test that draws games (after Axelrod's
``tests/property.py``). Append new strategies at the end; keep them small so
that property tests stay fast.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from deterrence.model import NormalFormGame


@st.composite
def normal_games(draw, min_players: int = 2, max_players: int = 3, min_strategies: int = 1,
                 max_strategies: int = 4, values=None, max_cells: int = 64) -> NormalFormGame:
    """A random normal-form game with small integer payoffs (many ties).

    ``values`` is a strategy for one payoff (default: integers -3..3, so that
    ties, and with them weak dominance and degeneracy, are common).
    """
    values = values if values is not None else st.integers(-3, 3)
    n = draw(st.integers(min_players, max_players))
    shape = []
    for _ in range(n):
        room = max(1, max_cells // max(1, math.prod(shape)))
        shape.append(draw(st.integers(min_strategies, max(min_strategies,
                                                            min(max_strategies, room)))))
    cells = math.prod(shape)
    flat = draw(st.lists(values, min_size=cells * n, max_size=cells * n))
    arrays = [np.array(flat[i * cells:(i + 1) * cells], dtype=object).reshape(shape)
              for i in range(n)]
    players = [f"P{i + 1}" for i in range(n)]
    strategies = [[f"{chr(ord('a') + i)}{k + 1}" for k in range(m)] for i, m in enumerate(shape)]
    return NormalFormGame.from_arrays(players, strategies, arrays, title="random game")


def bimatrix_games(min_strategies: int = 1, max_strategies: int = 4, values=None):
    """A random two-player game."""
    return normal_games(min_players=2, max_players=2, min_strategies=min_strategies,
                        max_strategies=max_strategies, values=values)


#: Exact rational payoffs with small numerators and denominators.
fractions = st.builds(Fraction, st.integers(-20, 20), st.integers(1, 6))

#: Arbitrary text, including control characters and surrogate-free unicode.
garbage_text = st.text(max_size=300)

_TOML_KEYS = st.sampled_from(["schema", "title", "kind", "players", "strategies", "payoffs",
                              "parameters", "define", "description", "source", "Row", "Column",
                              "Hawk", "Dove", "V", "C", "default", "min", "max", "type", "x"])
_TOML_SCALARS = st.one_of(
    st.integers(-10**30, 10**30),
    st.sampled_from(['"deterrence/1"', '"normal"', '"tree"', '"1/3"', '"(V - C)/2"', '"V"',
                     '"1/0"', '"2^99999"', '"x[0]"', '"a.b"', '"__import__(\'os\')"', "true",
                     "1.5", "0.1", "-0", "inf", "nan", "1e400", '""', '"probability"', "[]",
                     "{}", '["Row", "Column"]', '["Hawk", "Dove"]', "[[1, 2], [3, 4]]",
                     '[["V", 0], [0, "V"]]', "{ default = 2 }", "{ default = 1.5, max = 1 }",
                     "1979-05-27", '"""\nmulti\n"""']),
).map(str)


@st.composite
def tomlish_documents(draw) -> str:
    """Text shaped like a payoff file: real keys and tables, random values.

    Mostly valid TOML with a mix of plausible and absurd content, sometimes
    broken syntax; good at reaching the semantic checks of the reader.
    """
    lines = []
    if draw(st.booleans()):
        lines.append('schema = "deterrence/1"')
    if draw(st.booleans()):
        lines.append('players = ["Row", "Column"]')
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.integers(0, 4)) == 0:
            table = draw(st.sampled_from(["strategies", "payoffs", "parameters", "define",
                                          "payoffs.Hawk", "x", "strategies.Row"]))
            lines.append(f"[{table}]")
        else:
            lines.append(f"{draw(_TOML_KEYS)} = {draw(_TOML_SCALARS)}")
    if draw(st.integers(0, 5)) == 0:
        lines.insert(draw(st.integers(0, len(lines))), draw(st.text(max_size=20)))
    return "\n".join(lines) + "\n"


_VALID_FILE = {
    "schema": "deterrence/1",
    "title": "A parameterised 2x2 game",
    "players": ["Row", "Column"],
    "parameters": {"V": {"default": 2, "min": 0, "description": "value"},
                   "p": {"default": "1/2", "type": "probability"}},
    "define": {"W": "V * 2"},
    "strategies": {"Row": ["Up", "Down"], "Column": ["Left", "Right"]},
    "payoffs": {"Up": [["V", 1], [0, "p"]], "Down": [[1, "W"], ["max(V, 1)", "(V - 1)/2"]]},
}

_ODD_VALUES = st.sampled_from([
    -1, 0, 1, 10**30, -(10**30), "", "x", "V", "1/0", "V/0", "p - 1", "1e5000", "V^1000",
    "min()", "max(V)", "((V)", [], {}, [1], [[1, 2]], ["Up"], ["Up", "Up"], {"default": 5},
    {"default": -1, "min": 0}, {"default": 1, "type": "share", "max": 2}, True, "normal", "tree",
    {"Row": 1}, [["V", "V"], ["V", "V"], ["V", "V"]], "Row", ["Row", "Column", "Third"],
])


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, prefix + (index,))


@st.composite
def mutated_payoff_files(draw) -> str:
    """A valid payoff file with one to three values replaced or keys deleted.

    Reaches the reader's semantic checks (shapes, names, bounds, expressions)
    far more often than random text does.
    """
    import copy

    import tomlkit

    data = copy.deepcopy(_VALID_FILE)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(data) if p]
        path = draw(st.sampled_from(paths))
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        if isinstance(parent, dict) and draw(st.integers(0, 3)) == 0:
            del parent[path[-1]]
        else:
            parent[path[-1]] = copy.deepcopy(draw(_ODD_VALUES))
    return tomlkit.dumps(data)


# ---------------------------------------------------------------- mutated catalogue files
#
# The fuzz suite (tests/test_fuzz.py) starts from every catalogue game written
# as TOML, Gambit .nfg and .efg, and mutates it the way a careless or hostile
# user would: a character changed, a span deleted or repeated, a line moved
# (a `p` line above its parent's branch), a number made huge, a label made
# into markup or an escape sequence, nesting thousands deep. One generator,
# driven by a `random.Random`, serves hypothesis (seeded) and the slow run.

HOSTILE_SNIPPETS = (
    "[/]", "[bold red]X[/]", "\x1b[2J", "\u202e", "\ufeff", "\x00", "\r", "\t", "\\u001b",
    "(" * 300, "[" * 400, "{a=" * 150, "-" * 600, "9" * 5000, "0x" + "f" * 5000, "1e99999",
    "1/0", "nan", "inf", "-0", '"', "'", '"""', "'''", "#", "=", ",", "]", "}",
    "__import__('os').system('true')", "().__class__", "lambda: 1", "x[0]", "a.b",
    "Symbol('x')", "oo", "zoo", "E**1000", "9^999", "(2^1000)^1000", "min(" * 60,
    "١٢٣", "１２", "²", "Ⅴ", "С", "½", "😀", "\u200d", "\\", "\n[nodes.x]\n", "\n[payoffs]\n",
    "\nkind = \"tree\"\n", "\nkind = \"pool\"\n", "\nkind = \"ladder\"\n", "\nplayers = []\n",
)
_CHARS = "[]{}\"'\\#=,.-+/*^()0123456789 \nabcxyzVCpN_e" + "\x1b\x00\u202e😀"


def _mutate_once(rng, text: str) -> str:
    n = len(text)
    kind = rng.randrange(10)
    at = rng.randrange(n + 1) if n else 0
    if kind == 0 and n:  # one character changed
        return text[:at] + rng.choice(_CHARS) + text[at + 1:]
    if kind == 1 and n:  # a span deleted
        return text[:at] + text[at + rng.randint(1, 40):]
    if kind == 2:  # a hostile snippet inserted
        return text[:at] + rng.choice(HOSTILE_SNIPPETS) + text[at:]
    lines = text.split("\n")
    if kind == 3 and len(lines) > 2:  # a line moved (e.g. a `p` line above its parent's branch)
        line = lines.pop(rng.randrange(len(lines)))
        lines.insert(rng.randrange(len(lines) + 1), line)
        return "\n".join(lines)
    if kind == 4 and len(lines) > 1:  # a line duplicated
        k = rng.randrange(len(lines))
        lines.insert(k, lines[k])
        return "\n".join(lines)
    if kind == 5 and n:  # cut short
        return text[:at]
    if kind == 6:  # a number replaced by an extreme one
        import re

        numbers = list(re.finditer(r"(?<![\w.])\d+(?:/\d+)?", text))
        if numbers:
            m = rng.choice(numbers)
            new = rng.choice(["0", "-1", "10" + "0" * rng.choice([3, 30, 300, 4400]), "1/3", "0.1",
                              "-99999999999999999999", "1e400", "7/0", str(rng.randint(-9, 9))])
            return text[:m.start()] + new + text[m.end():]
    if kind == 7:  # a quoted string made hostile
        import re

        strings = list(re.finditer(r'"[^"\n]*"', text))
        if strings:
            m = rng.choice(strings)
            new = rng.choice(HOSTILE_SNIPPETS[:10] + ("", "V - C", "(V)", "p", "1/3"))
            return text[:m.start() + 1] + new.replace('"', '\\"').replace("\n", "\\n") + text[m.end() - 1:]
    if kind == 8 and n:  # a span repeated
        end = min(n, at + rng.randint(1, 60))
        return text[:end] + text[at:end] * rng.randint(2, 50) + text[end:]
    # two lines swapped
    if len(lines) > 2:
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def mutate(rng, text: str, count: int | None = None) -> str:
    """``text`` after one to three random mutations (at most ~200 KB)."""
    for _ in range(count or rng.randint(1, 3)):
        text = _mutate_once(rng, text)[:200_000]
    return text


_BASES: list = []


def catalogue_bases() -> list[tuple[str, str]]:
    """``(name, text)`` of every catalogue game as TOML, and as .nfg or .efg.

    Trees are written as .efg; normal forms (and trees with small strategic
    forms) as .nfg. Computed once.
    """
    if _BASES:
        return _BASES
    import math

    from deterrence.io import dumps, load_game
    from deterrence.io.catalogue import catalogue_files
    from deterrence.model.tree import GameTree

    for path in catalogue_files():
        _BASES.append((path.name, path.read_text(encoding="utf-8")))
        game = load_game(str(path))
        if isinstance(game, GameTree):
            _BASES.append((path.stem + ".efg", dumps(game, "efg")))
        elif math.prod(game.shape) <= 400:
            _BASES.append((path.stem + ".nfg", dumps(game, "nfg")))
    return _BASES


@st.composite
def mutated_catalogue_files(draw) -> tuple[str, str]:
    """``(file name, text)``: a catalogue game in some format, mutated."""
    import random

    name, text = draw(st.sampled_from(catalogue_bases()))
    seed = draw(st.integers(0, 2 ** 32 - 1))
    return name, mutate(random.Random(seed), text)
