"""The sharing-pool file (``kind = "pool"``): what a pool game is made of.

A coercer restricts exports of a critical good to a target to extract a
concession. Members of a friend-shoring pool have pledged supply to a member
that is cut off; each honours its pledge with some reliability. The file
names the quantities of that story as expressions over ``[parameters]``::

    [pool]
    coercer = "Coercer"            # the players, by name
    target = "Target"
    requirement = "Q"              # target's need over the episode
    dependence = "sigma"           # coercer's share of the target's supply
    duration = "tau"               # share of the episode the cut lasts
    stockpile = "Z"                # target's own reserve
    damage = "d * residual"        # target's damage; any expression in `residual`
    concession = "D"               # what the coercer demands
    restriction_cost = "L"         # coercer's cost of a restriction the target resists
    counter_probability = "q"      # optional: counter-restriction (indispensability)
    counter_cost = "X"             #   its cost to the coercer
    lift_cost = "f"                # optional: the coercer may lift the restriction once the
                                   #   target holds out (and it sees the counter-restriction);
                                   #   lifting costs it f (face), the target lift_damage
    sharing = "information"        # "information": the target learns which members can
                                   #   deliver before it decides; "supply": it decides first

    [[pool.members]]               # one table per class of identical members
    count = "N"
    pledge = "w"
    reliability = "r"

``sharing`` names what the pool shares. In an *information* pool (the IPEF
supply-chain agreement's information sharing) the target learns which
members can deliver before it decides whether to concede; in a *supply*
pool it knows only the pledges and decides on the expected shortfall. The
older spelling ``timing = "observe"`` / ``"commit"`` means the same.

With ``rule = "proportional"`` (the 1974 IEA oil-sharing rule) the target
first absorbs ``self_absorb`` (a share of its requirement) itself, and the
rest of the cut is shared among members in proportion to their ``size``
(and the target's ``target_size``), instead of fixed pledges.

Example
-------
>>> from deterrence.io.toml_document import TomlDocument
>>> spec = read_pool_spec(TomlDocument(EXAMPLE))
>>> spec.members[0].count, str(spec.damage)
('N', 'd*residual')
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping

from deterrence.errors import ExpressionError, GameFileError
from deterrence.io.toml_document import COMMON_KEYS, TomlDocument, did_you_mean
from deterrence.model.expr import Expr
from deterrence.model.parameters import Parameters

POOL_KEYS = COMMON_KEYS + ("pool",)
RULES = ("pledge", "proportional")
TIMINGS = ("observe", "commit")
#: ``sharing`` (what the pool shares) and the ``timing`` it implies.
SHARING = {"information": "observe", "supply": "commit"}

#: Fields of [pool] holding expressions, with defaults (None: required).
FIELDS: dict[str, str | None] = {
    "requirement": None,
    "dependence": None,
    "duration": "1",
    "stockpile": "0",
    "damage": "residual",
    "concession": None,
    "restriction_cost": "0",
    "concede_cost": "0",
    "counter_probability": "0",
    "counter_cost": "0",
    "counter_cost_target": "0",
    "self_absorb": "0",
    "target_size": "0",
    "lift_cost": "0",
    "lift_damage": "0",
}
#: Fields whose expressions may use ``residual`` (the shortfall left after the pool).
RESIDUAL_FIELDS = ("damage", "lift_damage")
MEMBER_FIELDS = ("count", "pledge", "size", "reliability", "name")

EXAMPLE = """\
schema = "deterrence/1"
kind = "pool"
title = "Export restriction with a sharing pool"
players = ["Coercer", "Target"]
[parameters]
N = { default = 4, type = "integer", min = 0, description = "pool members" }
w = { default = 10, min = 0, description = "pledge per member" }
r = { default = 0.8, type = "probability", description = "reliability" }
d = { default = 1, description = "damage per unit short" }
[pool]
coercer = "Coercer"
target = "Target"
requirement = 100
dependence = 0.6
concession = 30
restriction_cost = 5
damage = "d * residual"
[[pool.members]]
count = "N"
pledge = "w"
reliability = "r"
"""


@dataclass(frozen=True)
class MemberClass:
    """Identical pool members: how many, what each pledges, how reliably."""

    count: str | int
    pledge: Expr
    reliability: Expr
    size: Expr
    name: str = ""


@dataclass(frozen=True)
class PoolSpec:
    """Everything a pool game is built from, as expressions over parameters."""

    coercer: str
    target: str
    exprs: tuple[tuple[str, Expr], ...]
    members: tuple[MemberClass, ...]
    rule: str = "pledge"
    timing: str = "observe"
    #: Whether the coercer may lift the restriction once the target holds out.
    can_lift: bool = False

    @property
    def sharing(self) -> str:
        """``"information"`` (the target sees what members deliver first) or ``"supply"``."""
        return "information" if self.timing == "observe" else "supply"

    def expr(self, name: str) -> Expr:
        return dict(self.exprs)[name]

    @property
    def damage(self) -> Expr:
        return self.expr("damage")

    def evaluate(self, env: Mapping[str, Fraction]) -> "PoolNumbers":
        """Every quantity at the given parameter values, exactly."""
        values = {name: e.evaluate(env) for name, e in self.exprs if name not in RESIDUAL_FIELDS}
        classes = []
        for m in self.members:
            count = env[m.count] if isinstance(m.count, str) else Fraction(m.count)
            if count.denominator != 1 or count < 0:
                raise ExpressionError(f"a member count must be a whole number ≥ 0, got {count}")
            classes.append((int(count), m.pledge.evaluate(env), m.reliability.evaluate(env),
                            m.size.evaluate(env)))
        return PoolNumbers(values, tuple(classes), self, dict(env))


@dataclass(frozen=True)
class PoolNumbers:
    """A pool spec evaluated at one set of parameter values."""

    values: dict
    classes: tuple[tuple[int, Fraction, Fraction, Fraction], ...]
    spec: PoolSpec
    env: dict

    @property
    def gross_shortfall(self) -> Fraction:
        v = self.values
        return v["dependence"] * v["requirement"] * v["duration"]

    def residual(self, delivered: Fraction) -> Fraction:
        return max(Fraction(0), self.gross_shortfall - self.values["stockpile"] - delivered)

    def damage(self, delivered: Fraction, field: str = "damage") -> Fraction:
        """The target's damage (``field``: ``"damage"`` or ``"lift_damage"``) given a delivery."""
        env = dict(self.env)
        env["residual"] = self.residual(delivered)
        return self.spec.expr(field).evaluate(env)


def read_pool_spec(doc: TomlDocument) -> PoolSpec:
    """Read and check the ``[pool]`` table of a ``kind = "pool"`` file."""
    doc.check_keys(POOL_KEYS)
    players = doc.players()
    parameters: Parameters = doc.parameters()
    table = doc.data.get("pool")
    if not isinstance(table, dict):
        doc.fail("missing [pool] table", hint="add [pool] naming coercer, target, requirement, "
                                              "dependence and concession")
    allowed = tuple(FIELDS) + ("coercer", "target", "members", "rule", "timing", "sharing")
    for key in table:
        if key not in allowed:
            doc.fail(f"pool: unknown field {key!r}", ("pool", key),
                     did_you_mean(key, allowed, f"fields are {', '.join(allowed)}"))
    roles = {}
    for role in ("coercer", "target"):
        name = table.get(role)
        if name not in players:
            doc.fail(f"pool.{role} must name one of the players {', '.join(players)}", ("pool", role),
                     f'write {role} = "{players[0] if role == "coercer" else players[-1]}"')
        roles[role] = name
    if roles["coercer"] == roles["target"]:
        doc.fail("the coercer and the target must be different players", ("pool", "target"))
    if len(players) != 2:
        doc.fail("a pool game has exactly two players, the coercer and the target", ("players",))
    rule = table.get("rule", "pledge")
    if rule not in RULES:
        doc.fail(f"pool.rule must be one of {', '.join(RULES)}", ("pool", "rule"))
    timing = table.get("timing", "observe")
    if timing not in TIMINGS:
        doc.fail(f"pool.timing must be one of {', '.join(TIMINGS)}", ("pool", "timing"),
                 '"observe": the target sees what the pool delivered before it decides; '
                 '"commit": it decides first')
    if "sharing" in table:
        sharing = table["sharing"]
        if sharing not in SHARING:
            doc.fail(f"pool.sharing must be one of {', '.join(SHARING)}", ("pool", "sharing"),
                     '"information": the target learns which members can deliver before it '
                     'decides; "supply": it decides on the pledges alone')
        if "timing" in table and SHARING[sharing] != timing:
            doc.fail(f"pool.sharing = {sharing!r} contradicts pool.timing = {timing!r}",
                     ("pool", "sharing"), "keep one of the two: sharing says the same more plainly")
        timing = SHARING[sharing]
    known = set(parameters.known_names)
    exprs = []
    for name, default in FIELDS.items():
        value = table.get(name, default)
        if value is None:
            doc.fail(f"pool.{name} is missing", ("pool",), f"add {name} = <number or expression>")
        names = known | {"residual"} if name in RESIDUAL_FIELDS else known
        exprs.append((name, doc.expression(value, ("pool", name), names)))
    members = _members(doc, table.get("members", []), rule, parameters)
    can_lift = "lift_cost" in table
    if "lift_damage" in table and not can_lift:
        doc.fail("pool.lift_damage needs pool.lift_cost", ("pool", "lift_damage"),
                 "add lift_cost = <the coercer's cost of lifting the restriction>")
    spec = PoolSpec(roles["coercer"], roles["target"], tuple(exprs), members, rule, timing, can_lift)
    _check_at_defaults(doc, spec, parameters)
    return spec


def _members(doc: TomlDocument, items: Any, rule: str, parameters: Parameters) -> tuple[MemberClass, ...]:
    if not isinstance(items, list):
        doc.fail("pool.members must be an array of tables", ("pool", "members"),
                 "write one [[pool.members]] table per class of identical members")
    known = set(parameters.known_names)
    out = []
    for index, item in enumerate(items, start=1):
        at = ("pool", "members")
        if not isinstance(item, dict):
            doc.fail(f"pool member class {index} must be a table", at)
        for key in item:
            if key not in MEMBER_FIELDS:
                doc.fail(f"pool member class {index}: unknown field {key!r}", at,
                         did_you_mean(key, MEMBER_FIELDS, f"fields are {', '.join(MEMBER_FIELDS)}"))
        count = item.get("count", 1)
        if isinstance(count, str):
            if count not in parameters.names:
                doc.fail(f"pool member class {index}: count {count!r} is not a parameter", at,
                         "write a whole number, or the name of an integer parameter")
        elif not isinstance(count, int) or isinstance(count, bool) or count < 0:
            doc.fail(f"pool member class {index}: count must be a whole number ≥ 0", at)
        if rule == "pledge" and "pledge" not in item:
            doc.fail(f"pool member class {index} has no pledge", at,
                     'add pledge = <units>, or use rule = "proportional" with size = ...')
        if rule == "proportional" and "size" not in item:
            doc.fail(f"pool member class {index} has no size", at,
                     "the proportional rule shares the cut in proportion to size")
        if "reliability" not in item:
            doc.fail(f"pool member class {index} has no reliability", at,
                     "add reliability = <probability that a member honours its pledge>")
        out.append(MemberClass(
            count,
            doc.expression(item.get("pledge", 0), at, known),
            doc.expression(item["reliability"], at, known),
            doc.expression(item.get("size", 0), at, known),
            str(item.get("name", "")),
        ))
    return tuple(out)


def _check_at_defaults(doc: TomlDocument, spec: PoolSpec, parameters: Parameters) -> None:
    try:
        numbers = spec.evaluate(parameters.environment())
        check_numbers(numbers)
        numbers.damage(Fraction(0))
        numbers.damage(Fraction(0), "lift_damage")
    except ExpressionError as exc:
        doc.fail(f"pool: {exc.message}", ("pool",), exc.hint)
    except GameFileError as exc:
        raise exc.located(doc.path, doc.locator.line(("pool",))) from None


def check_numbers(numbers: PoolNumbers) -> None:
    """Contradictions a pool cannot have: raise GameFileError naming the field."""
    v = numbers.values
    problems = []
    if not 0 <= v["dependence"] <= 1:
        problems.append(("dependence", "the coercer's share must lie in [0, 1]"))
    if not 0 <= v["counter_probability"] <= 1:
        problems.append(("counter_probability", "a probability must lie in [0, 1]"))
    if not 0 <= v["self_absorb"] <= 1:
        problems.append(("self_absorb", "a share must lie in [0, 1]"))
    for name in ("requirement", "duration", "stockpile"):
        if v[name] < 0:
            problems.append((name, "cannot be negative"))
    for k, (n, w, r, s) in enumerate(numbers.classes, start=1):
        if not 0 <= r <= 1:
            problems.append((f"members[{k}].reliability", f"{r} is not a probability"))
        if w < 0 or s < 0:
            problems.append((f"members[{k}]", "pledges and sizes cannot be negative"))
    if problems:
        field, why = problems[0]
        raise GameFileError(f"pool.{field}: {why}", hint="check the parameter values and the [pool] table")


__all__ = ["PoolSpec", "PoolNumbers", "MemberClass", "read_pool_spec", "check_numbers"]
