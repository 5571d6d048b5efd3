"""The small-yard file (``kind = "yard"``): goods, their criticality, the budget.

Strategic autonomy is a costly choice. A target depends on a coercer for
several goods; for each it knows the damage a cut would do if it held out,
what protecting the good (diversifying, stockpiling) would cost, and the
damage left once it is protected. With a budget it fences some goods. The
coercer then cuts the good whose cut hurts the target most and demands a
concession worth a share (``leverage``) of that damage. The file names these
quantities as expressions over ``[parameters]``::

    [yard]
    defender = "Japan"             # the target, who chooses what to protect
    coercer = "China"
    budget = "B"                   # what the defender can spend on protection
    leverage = "1/2"               # the concession as a share of the cut's damage
    restriction_cost = "l"         # optional: the coercer's cost of cutting a good

    [[yard.goods]]                 # one table per good
    name = "Rare earths"
    damage = "h_re"                # the target's damage from a cut it holds out against
    cost = "k_re"                  # the cost of protecting the good
    protected = "p_re"             # the damage left once protected (default 0)
    restriction_cost = "l_re"      # optional: overrides [yard] restriction_cost

Example
-------
>>> from deterrence.io.toml_document import TomlDocument
>>> spec = read_yard_spec(TomlDocument(EXAMPLE))
>>> spec.defender, [g.name for g in spec.goods]
('Target', ['Rare earths', 'Graphite', 'Solar panels'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping

from deterrence.errors import ExpressionError, GameFileError
from deterrence.io.toml_document import COMMON_KEYS, TomlDocument, did_you_mean
from deterrence.model.expr import Expr
from deterrence.model.parameters import Parameters

YARD_KEYS = COMMON_KEYS + ("yard",)
FIELDS = ("defender", "coercer", "budget", "leverage", "restriction_cost", "goods")
GOOD_FIELDS = ("name", "damage", "cost", "protected", "restriction_cost")
#: More goods than this make 2^n protection sets nobody can read.
MAX_GOODS = 8

EXAMPLE = """\
schema = "deterrence/1"
kind = "yard"
title = "Which goods to fence"
players = ["Target", "Coercer"]
[parameters]
B = { default = 5, min = 0, description = "budget for protection" }
[yard]
defender = "Target"
coercer = "Coercer"
budget = "B"
leverage = "1/2"
restriction_cost = 1
[[yard.goods]]
name = "Rare earths"
damage = 20
cost = 4
protected = 3
[[yard.goods]]
name = "Graphite"
damage = 10
cost = 2
protected = 2
[[yard.goods]]
name = "Solar panels"
damage = 4
cost = 3
protected = 1
"""


@dataclass(frozen=True)
class Good:
    """One good the target depends on."""

    name: str
    damage: Expr
    cost: Expr
    protected: Expr
    restriction_cost: Expr

    @property
    def slug(self) -> str:
        """The good's name as a node-id fragment: ``Rare earths`` -> ``rare_earths``."""
        return re.sub(r"[^a-z0-9]+", "_", self.name.lower()).strip("_") or "good"


@dataclass(frozen=True)
class YardSpec:
    """Everything a small-yard game is built from, as expressions over parameters."""

    defender: str
    coercer: str
    budget: Expr
    leverage: Expr
    goods: tuple[Good, ...]

    def evaluate(self, env: Mapping[str, Fraction]) -> "YardNumbers":
        """Every quantity at the given parameter values, exactly."""
        goods = tuple((g.damage.evaluate(env), g.cost.evaluate(env), g.protected.evaluate(env),
                       g.restriction_cost.evaluate(env)) for g in self.goods)
        return YardNumbers(self.budget.evaluate(env), self.leverage.evaluate(env), goods)


@dataclass(frozen=True)
class YardNumbers:
    """A yard spec evaluated: the budget, the leverage, and per good
    ``(damage, cost, protected damage, restriction cost)``."""

    budget: Fraction
    leverage: Fraction
    goods: tuple[tuple[Fraction, Fraction, Fraction, Fraction], ...]

    def cost(self, protected: frozenset[int]) -> Fraction:
        return sum((self.goods[i][1] for i in protected), Fraction(0))

    def affordable(self, protected: frozenset[int]) -> bool:
        return self.cost(protected) <= self.budget


def read_yard_spec(doc: TomlDocument) -> YardSpec:
    """Read and check the ``[yard]`` table of a ``kind = "yard"`` file."""
    doc.check_keys(YARD_KEYS)
    players = doc.players()
    parameters: Parameters = doc.parameters()
    table = doc.data.get("yard")
    if not isinstance(table, dict):
        doc.fail("missing [yard] table", hint="add [yard] naming defender, coercer and budget, "
                                              "and one [[yard.goods]] table per good")
    for key in table:
        if key not in FIELDS:
            doc.fail(f"yard: unknown field {key!r}", ("yard", key),
                     did_you_mean(key, FIELDS, f"fields are {', '.join(FIELDS)}"))
    if len(players) != 2:
        doc.fail("a yard game has exactly two players, the defender and the coercer", ("players",))
    roles = {}
    for role, default in (("defender", players[0]), ("coercer", players[-1])):
        name = table.get(role)
        if name not in players:
            doc.fail(f"yard.{role} must name one of the players {', '.join(players)}", ("yard", role),
                     f'write {role} = "{default}"')
        roles[role] = name
    if roles["defender"] == roles["coercer"]:
        doc.fail("the defender and the coercer must be different players", ("yard", "coercer"))
    known = set(parameters.known_names)
    if "budget" not in table:
        doc.fail("yard.budget is missing", ("yard",), "add budget = <what the defender can spend>")
    budget = doc.expression(table["budget"], ("yard", "budget"), known)
    leverage = doc.expression(table.get("leverage", "1/2"), ("yard", "leverage"), known)
    default_cost = table.get("restriction_cost", 0)
    goods = _goods(doc, table.get("goods"), known, default_cost)
    spec = YardSpec(roles["defender"], roles["coercer"], budget, leverage, goods)
    try:
        check_numbers(spec.evaluate(parameters.environment()))
    except ExpressionError as exc:
        doc.fail(f"yard: {exc.message}", ("yard",), exc.hint)
    except GameFileError as exc:
        raise exc.located(doc.path, doc.locator.line(("yard",))) from None
    return spec


def _goods(doc: TomlDocument, items: Any, known: set[str], default_cost: Any) -> tuple[Good, ...]:
    at = ("yard", "goods")
    if not isinstance(items, list) or not items:
        doc.fail("a yard game needs at least one good", at, "add a [[yard.goods]] table per good")
    if len(items) > MAX_GOODS:
        doc.fail(f"a yard game has at most {MAX_GOODS} goods ({len(items)} given)", at,
                 f"the tree has 2^n protection sets; merge goods or keep the {MAX_GOODS} most critical")
    out = []
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            doc.fail(f"good {index} must be a table", at)
        for key in item:
            if key not in GOOD_FIELDS:
                doc.fail(f"good {index}: unknown field {key!r}", at,
                         did_you_mean(key, GOOD_FIELDS, f"fields are {', '.join(GOOD_FIELDS)}"))
        for key in ("name", "damage", "cost"):
            if key not in item:
                doc.fail(f"good {index} has no {key}", at, f"add {key} = ...")
        name = item["name"]
        if not isinstance(name, str) or not name.strip():
            doc.fail(f"good {index}: name must be a non-empty string", at)
        out.append(Good(name.strip(), doc.expression(item["damage"], at, known),
                        doc.expression(item["cost"], at, known),
                        doc.expression(item.get("protected", 0), at, known),
                        doc.expression(item.get("restriction_cost", default_cost), at, known)))
    slugs = [g.slug for g in out]
    duplicates = sorted({s for s in slugs if slugs.count(s) > 1})
    if duplicates:
        doc.fail(f"two goods are both called {duplicates[0]!r}", at, "give every good a distinct name")
    return tuple(out)


def check_numbers(numbers: YardNumbers) -> None:
    """Contradictions a yard cannot have: raise GameFileError naming the field."""
    problems = []
    if numbers.budget < 0:
        problems.append(("budget", "cannot be negative"))
    if not 0 <= numbers.leverage <= 1:
        problems.append(("leverage", "the concession is a share of the damage: it must lie in [0, 1]"))
    for k, (damage, cost, protected, restriction) in enumerate(numbers.goods, start=1):
        if damage < 0 or cost < 0 or protected < 0 or restriction < 0:
            problems.append((f"goods[{k}]", "damages and costs cannot be negative"))
        elif protected > damage:
            problems.append((f"goods[{k}].protected", "protection cannot raise the damage"))
    if problems:
        field, why = problems[0]
        raise GameFileError(f"yard.{field}: {why}", hint="check the parameter values and the [yard] table")


__all__ = ["Good", "YardSpec", "YardNumbers", "read_yard_spec", "check_numbers", "EXAMPLE", "MAX_GOODS"]
