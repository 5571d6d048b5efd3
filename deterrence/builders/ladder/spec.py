"""The escalation-ladder file (``kind = "ladder"``): what a ladder is made of.

Two sides contest a stake. Starting from the bottom (rung 0, nothing spent),
the side to move either **escalates** to the next rung or **backs down**,
which hands the stake to the other side; moves alternate. Reaching a rung
costs each side that rung's cost (costs add up as the ladder is climbed),
and at every rung reached events escape control with that rung's
probability, ending in the **worst outcome**. The file names these
quantities as expressions over ``[parameters]``::

    [ladder]
    first = "United States"        # who moves first (a player)
    start = "Status quo"           # optional: the name of rung 0
    stake = "V"                    # value of the stake; or { A = "V", B = "W" }
    worst = "-D"                   # each side's payoff in the worst outcome,
                                   #   on top of the costs it has borne; or per side
    top = "war"                    # at the top rung, if control holds:
                                   #   "worst" (default): the worst outcome;
                                   #   "stalemate": nobody gets the stake;
                                   #   "war": a chance move decides who prevails
    prevail = { A = "w" }          # top = "war": probability a side prevails
                                   #   (the other prevails with the rest)

    [[ladder.rungs]]               # one table per rung, bottom to top
    name = "Tariffs"
    cost = "c"                     # cost of reaching it, to each side; or per side
    loss_of_control = "q"          # probability events escape control there (default 0)

    [ladder.resolve.China]         # optional: the side's resolve is private
    probability = "p"              # probability it is resolute
    stake = "V + 4"                # the resolute type's value of the stake (default: the side's)
    cost_scale = "1/2"             # the resolute type bears costs times this (default 1)
    worst = "-D"                   # the resolute type's worst outcome (default: the side's)
    types = ["resolute", "irresolute"]   # optional names of the two types

Example
-------
>>> from deterrence.io.toml_document import TomlDocument
>>> spec = read_ladder_spec(TomlDocument(EXAMPLE))
>>> spec.first, [r.name for r in spec.rungs], spec.top
('A', ['Tariffs', 'Export controls', 'Sanctions'], 'worst')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping, Sequence

from deterrence.errors import ExpressionError, GameFileError
from deterrence.io.toml_document import COMMON_KEYS, TomlDocument, did_you_mean
from deterrence.model.expr import Const, Expr, format_fraction
from deterrence.model.parameters import Parameters

LADDER_KEYS = COMMON_KEYS + ("ladder",)
FIELDS = ("first", "start", "stake", "worst", "top", "prevail", "rungs", "resolve")
RUNG_FIELDS = ("name", "cost", "loss_of_control")
RESOLVE_FIELDS = ("probability", "stake", "cost_scale", "worst", "types")
TOPS = ("worst", "stalemate", "war")
#: More rungs than this make a tree nobody can read; the solver would cope.
MAX_RUNGS = 40

ONE = Const(Fraction(1))

EXAMPLE = """\
schema = "deterrence/1"
kind = "ladder"
title = "A three-rung ladder"
players = ["A", "B"]
[parameters]
V = { default = 4, min = 0, description = "value of the stake" }
c = { default = 1, min = 0, description = "cost of each rung, to each side" }
q = { default = "1/10", type = "probability", description = "chance of losing control at a rung" }
D = { default = 20, min = 0, description = "cost of the worst outcome" }
[ladder]
first = "A"
stake = "V"
worst = "-D"
[[ladder.rungs]]
name = "Tariffs"
cost = "c"
loss_of_control = "q"
[[ladder.rungs]]
name = "Export controls"
cost = "c"
loss_of_control = "q"
[[ladder.rungs]]
name = "Sanctions"
cost = "c"
loss_of_control = "q"
"""


@dataclass(frozen=True)
class Rung:
    """One rung: its name, the cost of reaching it to each side, its risk."""

    name: str
    cost: tuple[Expr, Expr]
    loss_of_control: Expr


@dataclass(frozen=True)
class SideType:
    """One type of a side: its name and what it values."""

    name: str
    stake: Expr
    cost_scale: Expr
    worst: Expr


@dataclass(frozen=True)
class Resolve:
    """A side whose resolve is private: resolute with ``probability``."""

    probability: Expr
    types: tuple[SideType, SideType]

    def chances(self) -> tuple[Expr, Expr]:
        from deterrence.model.algebra import minus

        return self.probability, minus(ONE, self.probability)


@dataclass(frozen=True)
class LadderSpec:
    """Everything a ladder game is built from, as expressions over parameters.

    ``sides`` are the two players in file order; per-side tuples follow it.
    ``resolve`` holds ``None`` for a side whose resolve is common knowledge.
    """

    sides: tuple[str, str]
    first: str
    start: str
    stake: tuple[Expr, Expr]
    worst: tuple[Expr, Expr]
    top: str
    prevail: tuple[Expr, Expr] | None
    rungs: tuple[Rung, ...]
    resolve: tuple[Resolve | None, Resolve | None] = (None, None)

    @property
    def first_index(self) -> int:
        return self.sides.index(self.first)

    def mover(self, rung: int) -> int:
        """Index of the side that moves at rung ``rung`` (0 is the bottom)."""
        return (self.first_index + rung) % 2

    @property
    def has_types(self) -> bool:
        return any(r is not None for r in self.resolve)

    def types(self, side: int) -> tuple[SideType, ...]:
        """The side's types (one, without private resolve)."""
        resolve = self.resolve[side]
        if resolve is None:
            return (SideType("", self.stake[side], ONE, self.worst[side]),)
        return resolve.types

    def rung_name(self, rung: int) -> str:
        return self.start if rung == 0 else self.rungs[rung - 1].name

    def check(self, env: Mapping[str, Fraction]) -> None:
        """Contradictions a ladder cannot have at these values: raise GameFileError."""
        problems = []
        for k, rung in enumerate(self.rungs, start=1):
            q = rung.loss_of_control.evaluate(env)
            if not 0 <= q <= 1:
                problems.append((f"rungs[{k}].loss_of_control",
                                 f"{format_fraction(q)} at rung {rung.name!r} is not a probability in [0, 1]"))
            for side, cost in zip(self.sides, rung.cost):
                value = cost.evaluate(env)
                if value < 0:
                    problems.append((f"rungs[{k}].cost",
                                     f"reaching {rung.name!r} costs {side} {format_fraction(value)}; "
                                     "a cost cannot be negative"))
        if self.prevail is not None:
            values = [p.evaluate(env) for p in self.prevail]
            if any(not 0 <= v <= 1 for v in values):
                problems.append(("prevail", "a probability of prevailing must lie in [0, 1]"))
            elif sum(values) != 1:
                problems.append(("prevail", "the two sides' chances of prevailing add up to "
                                            f"{format_fraction(sum(values))}, not 1"))
        for side, resolve in zip(self.sides, self.resolve):
            if resolve is None:
                continue
            p = resolve.probability.evaluate(env)
            if not 0 <= p <= 1:
                problems.append((f"resolve.{side}.probability", f"{format_fraction(p)} is not a probability"))
            for t in resolve.types:
                if t.cost_scale.evaluate(env) < 0:
                    problems.append((f"resolve.{side}.cost_scale", "a cost scale cannot be negative"))
        if problems:
            where, why = problems[0]
            raise GameFileError(f"ladder.{where}: {why}",
                                hint="check the parameter values and the [ladder] table")


# ------------------------------------------------------------------ reading


def read_ladder_spec(doc: TomlDocument) -> LadderSpec:
    """Read and check the ``[ladder]`` table of a ``kind = "ladder"`` file.

    Raises
    ------
    GameFileError
        For a missing or unknown field, a side that is not a player, an
        empty rung list, or values that contradict each other at the
        defaults (a probability outside [0, 1], a negative cost, chances of
        prevailing that do not add up to 1).
    """
    doc.check_keys(LADDER_KEYS)
    players = doc.players()
    parameters: Parameters = doc.parameters()
    known = set(parameters.known_names)
    table = doc.data.get("ladder")
    if not isinstance(table, dict):
        doc.fail("missing [ladder] table", hint="add [ladder] with first, stake, worst and "
                                                "one [[ladder.rungs]] table per rung")
    for key in table:
        if key not in FIELDS:
            doc.fail(f"ladder: unknown field {key!r}", ("ladder", key),
                     did_you_mean(key, FIELDS, f"fields are {', '.join(FIELDS)}"))
    if len(players) != 2:
        doc.fail(f"a ladder has exactly two sides; players lists {len(players)}", ("players",),
                 'write players = ["A", "B"]')
    sides = (players[0], players[1])
    first = table.get("first")
    if first is None:
        doc.fail("ladder.first is missing: who moves first?", ("ladder",),
                 f'add first = "{sides[0]}"')
    if first not in sides:
        doc.fail(f"ladder.first: {first!r} is not a side of the ladder", ("ladder", "first"),
                 did_you_mean(str(first), sides, f"the sides are {sides[0]} and {sides[1]}"))
    start = table.get("start", "Status quo")
    if not isinstance(start, str) or not start.strip():
        doc.fail("ladder.start must be a non-empty name", ("ladder", "start"))
    for name in ("stake", "worst"):
        if name not in table:
            doc.fail(f"ladder.{name} is missing", ("ladder",),
                     "add stake = <value of the stake to each side>" if name == "stake" else
                     "add worst = <each side's payoff when events escape control, e.g. \"-D\">")
    stake = _per_side(doc, table["stake"], ("ladder", "stake"), sides, known)
    worst = _per_side(doc, table["worst"], ("ladder", "worst"), sides, known)
    top = table.get("top", "worst")
    if top not in TOPS:
        doc.fail(f"ladder.top must be one of {', '.join(TOPS)}", ("ladder", "top"),
                 did_you_mean(str(top), TOPS, '"worst": the top rung ends in the worst outcome; '
                              '"stalemate": nobody gets the stake; "war": a chance move decides who prevails'))
    prevail = _prevail(doc, table, top, sides, known)
    rungs = _rungs(doc, table.get("rungs"), sides, known)
    resolve = _resolve(doc, table.get("resolve", {}), sides, stake, worst, known)
    spec = LadderSpec(sides, first, start.strip(), stake, worst, top, prevail, rungs, resolve)
    try:
        spec.check(parameters.environment())
    except ExpressionError as exc:
        doc.fail(f"ladder: {exc.message}", ("ladder",), exc.hint)
    except GameFileError as exc:
        raise exc.located(doc.path, _line_of_field(doc, exc.message)) from None
    return spec


def _per_side(doc: TomlDocument, value: Any, at: tuple[str, ...], sides: Sequence[str],
              known, default: Any = None) -> tuple[Expr, Expr]:
    """One value for both sides, or a table naming each side."""
    if isinstance(value, dict):
        for key in value:
            if key not in sides:
                doc.fail(f"{'.'.join(at)}: {key!r} is not a side", at,
                         did_you_mean(key, sides, f"the sides are {sides[0]} and {sides[1]}"))
        out = []
        for side in sides:
            if side not in value and default is None:
                doc.fail(f"{'.'.join(at)} has no value for {side}", at,
                         f"add {side} = ... to the table, or give one value for both sides")
            out.append(doc.expression(value.get(side, default), at, known))
        return out[0], out[1]
    expr = doc.expression(value, at, known)
    return expr, expr


def _prevail(doc: TomlDocument, table: dict, top: str, sides, known) -> tuple[Expr, Expr] | None:
    value = table.get("prevail")
    if top != "war":
        if value is not None:
            doc.fail(f'ladder.prevail is given but top = "{top}"', ("ladder", "prevail"),
                     'chances of prevailing only apply when top = "war"; remove prevail or set top = "war"')
        return None
    if value is None:
        doc.fail('ladder.prevail is missing: top = "war" needs the chance that a side prevails',
                 ("ladder", "top"), f'add prevail = {{ {_bare(sides[0])} = "1/2" }}')
    if not isinstance(value, dict) or not value:
        doc.fail("ladder.prevail must name a side", ("ladder", "prevail"),
                 f'write prevail = {{ {_bare(sides[0])} = "w" }}; the other side prevails with 1 - w')
    for key in value:
        if key not in sides:
            doc.fail(f"ladder.prevail: {key!r} is not a side", ("ladder", "prevail"),
                     did_you_mean(key, sides, f"the sides are {sides[0]} and {sides[1]}"))
    from deterrence.model.algebra import minus

    given = {side: doc.expression(value[side], ("ladder", "prevail"), known) for side in value}
    if len(given) == 1:
        (side, p), = given.items()
        other = sides[1 - sides.index(side)]
        given[other] = minus(ONE, p)
    return given[sides[0]], given[sides[1]]


def _bare(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else f'"{name}"'


def _rungs(doc: TomlDocument, items: Any, sides, known) -> tuple[Rung, ...]:
    at = ("ladder", "rungs")
    if items is None:
        doc.fail("the ladder has no rungs", ("ladder",),
                 'add one [[ladder.rungs]] table per rung, bottom first, with name, cost and loss_of_control')
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        doc.fail("ladder.rungs must be an array of tables", at,
                 "write one [[ladder.rungs]] table per rung")
    if not items:
        doc.fail("the rung list is empty", at, "a ladder needs at least one rung to climb")
    if len(items) > MAX_RUNGS:
        doc.fail(f"{len(items)} rungs; at most {MAX_RUNGS} are supported", at,
                 "abridge the ladder: merge neighbouring rungs")
    out, names = [], set()
    for k, item in enumerate(items, start=1):
        line = _rung_line(doc, k)
        where = f"rung {k}"

        def fail(message: str, hint: str | None = None) -> None:
            raise GameFileError(f"ladder.rungs[{k}] ({where}): {message}", path=doc.path,
                                line=line, hint=hint)

        for key in item:
            if key not in RUNG_FIELDS:
                fail(f"unknown field {key!r}", did_you_mean(key, RUNG_FIELDS,
                                                            f"fields are {', '.join(RUNG_FIELDS)}"))
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            fail("has no name", 'add name = "Tariffs" (what happens at this rung)')
        where = repr(name.strip())
        if name.strip() in names:
            fail("the name is used twice", "give every rung a distinct name")
        names.add(name.strip())
        if "cost" not in item:
            fail("has no cost", "add cost = <cost of reaching this rung to each side>, or a table per side")
        try:
            cost = _per_side(doc, item["cost"], at, sides, known)
            q = doc.expression(item.get("loss_of_control", 0), at, known)
        except GameFileError as exc:
            fail(re.sub(r"^ladder[ .]rungs: ", "", exc.message), exc.hint)
        out.append(Rung(name.strip(), cost, q))
    return tuple(out)


def _rung_line(doc: TomlDocument, k: int) -> int | None:
    """Line of the ``k``-th ``[[ladder.rungs]]`` header (1-based), if there is one."""
    count = 0
    for number, line in enumerate(doc.text.splitlines(), start=1):
        if re.match(r"^\s*\[\[\s*ladder\s*\.\s*rungs\s*\]\]", line):
            count += 1
            if count == k:
                return number
    return doc.locator.line(("ladder", "rungs"))


def _resolve(doc: TomlDocument, table: Any, sides, stake, worst, known) -> tuple:
    if not isinstance(table, dict):
        doc.fail("ladder.resolve must be a table keyed by side", ("ladder", "resolve"),
                 f"write [ladder.resolve.{_bare(sides[1])}] with probability = ...")
    out: list[Resolve | None] = [None, None]
    for side, spec in table.items():
        at = ("ladder", "resolve", side)
        if side not in sides:
            doc.fail(f"ladder.resolve: {side!r} is not a side", at,
                     did_you_mean(side, sides, f"the sides are {sides[0]} and {sides[1]}"))
        if not isinstance(spec, dict):
            doc.fail(f"ladder.resolve.{side} must be a table", at, "write probability = ... under it")
        for key in spec:
            if key not in RESOLVE_FIELDS:
                doc.fail(f"ladder.resolve.{side}: unknown field {key!r}", at + (key,),
                         did_you_mean(key, RESOLVE_FIELDS, f"fields are {', '.join(RESOLVE_FIELDS)}"))
        if "probability" not in spec:
            doc.fail(f"ladder.resolve.{side} has no probability", at,
                     "add probability = <chance that the side is resolute>")
        if not any(k in spec for k in ("stake", "cost_scale", "worst")):
            doc.fail(f"ladder.resolve.{side}: the resolute type is no different from the other", at,
                     "give the resolute type a stake, cost_scale or worst of its own")
        names = spec.get("types", ["resolute", "irresolute"])
        if (not isinstance(names, list) or len(names) != 2 or
                not all(isinstance(n, str) and n.strip() for n in names) or names[0] == names[1]):
            doc.fail(f"ladder.resolve.{side}.types must be two distinct names", at + ("types",),
                     'write types = ["resolute", "irresolute"]')
        i = sides.index(side)
        p = doc.expression(spec["probability"], at + ("probability",), known)
        resolute = SideType(names[0].strip(),
                            doc.expression(spec.get("stake", stake[i]), at + ("stake",), known)
                            if "stake" in spec else stake[i],
                            doc.expression(spec["cost_scale"], at + ("cost_scale",), known)
                            if "cost_scale" in spec else ONE,
                            doc.expression(spec["worst"], at + ("worst",), known)
                            if "worst" in spec else worst[i])
        ordinary = SideType(names[1].strip(), stake[i], ONE, worst[i])
        out[i] = Resolve(p, (resolute, ordinary))
    return tuple(out)


def _line_of_field(doc: TomlDocument, message: str) -> int | None:
    match = re.match(r"ladder\.rungs\[(\d+)\]", message)
    if match:
        return _rung_line(doc, int(match.group(1)))
    match = re.match(r"ladder\.resolve\.(.+?)\.", message)
    if match:
        return doc.locator.line(("ladder", "resolve", match.group(1)))
    match = re.match(r"ladder\.(\w+)", message)
    return doc.locator.line(("ladder", match.group(1))) if match else doc.locator.line(("ladder",))


__all__ = ["LadderSpec", "Rung", "Resolve", "SideType", "read_ladder_spec", "EXAMPLE", "TOPS"]
