"""What every exercise kind shares: the exercise, the sheet, the kind's card,
and a writer for the small payoff files exercises are made of.

An exercise's game is written as a payoff file first and read back with the
package's own reader (:func:`tree_file`), so the file printed in the answer
key is exactly the game that was solved, node names included.

Example
-------
>>> text = tree_file("A threat", ["Challenger", "Defender"],
...                  [("V", 2, "the stake")],
...                  {"start": {"player": "Challenger", "actions": {"Challenge": "respond", "Wait": "sq"}},
...                   "respond": {"player": "Defender", "actions": {"Fight": "war", "Yield": "yield"}}},
...                  {"sq": ("status quo", {"Challenger": 0, "Defender": 0}),
...                   "war": ("war", {"Challenger": -1, "Defender": -1}),
...                   "yield": ("the Defender yields", {"Challenger": "V", "Defender": "-V"})})
>>> game = read_text(text)
>>> game.ids[:2], game.parameters.names
(('start', 'respond'), ('V',))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Mapping, Sequence

from deterrence.model.expr import format_fraction

#: Most attempts at drawing one exercise before giving up (a bug, not bad luck).
MAX_TRIES = 5000
#: Most exercises on one sheet.
MAX_COUNT = 50
#: Difficulty levels, easiest first.
LEVELS = ("introductory", "intermediate", "advanced")

fmt = format_fraction


@dataclass(frozen=True)
class Exercise:
    """One exercise: the game, the question, the hints and the answer.

    Parameters
    ----------
    kind, number:
        Which kind, and its number on the sheet (from 1).
    game:
        The generated game (a normal-form game or a game tree).
    question:
        What the student is asked, in words.
    answer:
        The worked answer, one step per line.
    facts:
        The answer as data: ``(name, value)`` pairs a program can check.
    result:
        The solver's result on the game, which the answer was checked against.
    source:
        The game as a payoff file (TOML), to run ``deterrence`` on it.
    hints:
        Hints for the student, printed on the sheet (``--no-hints`` leaves them out).
    story:
        The situation in words (who the players are in this exercise).
    """

    kind: str
    number: int
    game: Any
    question: str
    answer: tuple[str, ...]
    facts: tuple[tuple[str, str], ...]
    result: Any
    source: str
    hints: tuple[str, ...] = ()
    story: str = ""

    def fact(self, name: str) -> str:
        return dict(self.facts)[name]


@dataclass(frozen=True)
class Kind:
    """An exercise kind's card: what it practises, for whom, framed how."""

    name: str
    title: str
    difficulty: str
    framing: str
    generate: Callable[[Any, int], Exercise] = field(repr=False)
    available: Callable[[], bool] = field(default=lambda: True, repr=False)

    def __post_init__(self) -> None:
        assert self.difficulty in LEVELS, self.difficulty


@dataclass(frozen=True)
class Sheet:
    """A numbered list of exercises of one kind, drawn from one seed."""

    kind: str
    seed: int
    exercises: tuple[Exercise, ...]
    card: Kind = field(repr=False, compare=False, default=None)

    @property
    def title(self) -> str:
        return self.card.title

    @property
    def difficulty(self) -> str:
        return self.card.difficulty

    @property
    def framing(self) -> str:
        return self.card.framing


# ---------------------------------------------------------------- payoff files


def _value(v: Any) -> str:
    """A TOML value: numbers bare, fractions and formulas quoted."""
    if isinstance(v, bool):
        raise TypeError("a payoff is a number or a formula")
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Fraction):
        return str(v.numerator) if v.denominator == 1 else f'"{fmt(v)}"'
    return '"' + str(v).replace('"', '\\"') + '"'


def _key(k: str) -> str:
    return k if k.replace("_", "").isalnum() and k.isascii() else '"' + k.replace('"', '\\"') + '"'


def _inline(mapping: Mapping[str, Any]) -> str:
    return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in mapping.items()) + " }"


def parameters_block(parameters: Sequence[tuple]) -> list[str]:
    """``[parameters]`` lines from ``(name, default, description[, extra])`` tuples."""
    lines = ["[parameters]"]
    for entry in parameters:
        name, default, description = entry[:3]
        extra = dict(entry[3]) if len(entry) > 3 else {}
        spec = {"default": default, **extra, "description": description}
        lines.append(f"{name} = {_inline(spec)}")
    return lines


def tree_file(title: str, players: Sequence[str], parameters: Sequence[tuple],
              nodes: Mapping[str, Mapping[str, Any]], outcomes: Mapping[str, tuple[str, Mapping[str, Any]]],
              root: str | None = None, description: str = "") -> str:
    """The TOML text of a game tree.

    ``nodes`` maps an id to ``{"player": ..., "actions": {label: child}}``
    (decision; optional ``"infoset"``) or ``{"chance": {label: probability},
    "actions": {label: child}}``; ``outcomes`` maps an id to
    ``(label, {player: payoff})``.
    """
    lines = ['schema = "deterrence/1"', f"title = {_value(title)}", 'kind = "tree"']
    if description:
        lines.append(f'description = """\n{description.strip()}\n"""')
    lines.append("players = [" + ", ".join(_value(p) for p in players) + "]")
    lines.append(f"root = {_value(root or next(iter(nodes)))}")
    if parameters:
        lines += [""] + parameters_block(parameters)
    for node_id, node in nodes.items():
        lines += ["", f"[nodes.{node_id}]"]
        if "player" in node:
            lines.append(f"player = {_value(node['player'])}")
        if "infoset" in node:
            lines.append(f"infoset = {_value(node['infoset'])}")
        if "chance" in node:
            lines.append(f"chance = {_inline(node['chance'])}")
        lines.append("actions = { " + ", ".join(f"{_key(a)} = {_value(c)}" for a, c in node["actions"].items())
                     + " }")
    for node_id, (label, payoffs) in outcomes.items():
        lines += ["", f"[outcomes.{node_id}]", f"label = {_value(label)}", f"payoffs = {_inline(payoffs)}"]
    return "\n".join(lines) + "\n"


def read_text(text: str, name: str = "exercise.toml"):
    """Read a generated payoff file with the package's reader."""
    from deterrence.io import parse_game

    return parse_game(text, name)


def toml_of(game) -> str:
    """A game (built in memory) as a payoff file."""
    from deterrence.io import dumps

    return dumps(game, "toml")


def pick_fraction(rng, choices: Sequence[str], avoid: Sequence[Fraction] = ()) -> Fraction:
    """One of ``choices`` (fractions as text), never one of ``avoid`` (a tie)."""
    options = [Fraction(c) for c in choices if Fraction(c) not in set(avoid)]
    return rng.choice(options)


__all__ = ["Exercise", "Kind", "Sheet", "tree_file", "read_text", "toml_of", "parameters_block",
           "pick_fraction", "fmt", "MAX_TRIES", "MAX_COUNT", "LEVELS"]
