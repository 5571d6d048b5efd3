"""Read an escalation ladder off a solved game: where escalation stops.

Everything here comes from an equilibrium found by the general tree solvers
(:func:`deterrence.solver.solve`): the probability of every end of play
follows from the equilibrium's behaviour strategies and the chance moves,
and the ladder's quantities are sums over those ends:

* the probability of **reaching** rung k: every end at rung k or above;
* the probability of **losing control** at rung k: the ends where events
  escaped control there;
* who **backs down** where: the prescription at each side's (and type's)
  decision points, and the probability that the play ends with that side
  backing down at that rung;
* the **expected costs**: each side's costs borne at each end, weighted by
  its probability.

Example
-------
>>> from deterrence.io import parse_game
>>> from deterrence.builders.ladder.spec import EXAMPLE
>>> analysis = analyse_ladder(parse_game(EXAMPLE, "ladder.toml"))
>>> [str(row.reach) for row in analysis.rows]
['1', '0', '0', '0']
>>> analysis.sentence()
'A backs down at once (Status quo): nobody climbs the ladder, and B keeps the stake.'
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from deterrence.errors import UsageError
from deterrence.model.display import Displayable, short_repr
from deterrence.model.numbers import short_number

SCHEMA = "deterrence.ladder/1"


def _num(value: Fraction) -> str:
    """Exact when short, else about four digits (the JSON keeps every digit).

    >>> _num(Fraction(9, 280)), _num(Fraction(5066407, 64960000))
    ('9/280', '≈0.07799')
    """
    return short_number(value, 9, approx="float", digits=4)


@dataclass(frozen=True)
class TypePlan:
    """How one side (or one of its types) plays: the chance it backs down at each of its rungs."""

    side: int
    label: str
    back_down: tuple[tuple[int, Fraction], ...]   # (rung, P(back down | the rung is reached))
    type: str | None = None                        # the type's name (None: resolve is common knowledge)

    @property
    def stops_at(self) -> int | None:
        """The first rung where it backs down for sure (``None``: it would climb to the top)."""
        return next((k for k, p in self.back_down if p == 1), None)


@dataclass(frozen=True)
class RungRow:
    """One rung of the solved ladder.

    ``cost`` is the cost of reaching it to each side; ``reach`` the
    probability that play reaches it; ``loss`` the probability that events
    escape control there; ``backs_down`` the probability that play ends with
    the side to move backing down there; ``mover`` the side that decides
    whether to climb on (``None`` at the top).
    """

    rung: int
    name: str
    mover: int | None
    cost: tuple[Fraction, Fraction]
    loss_of_control: Fraction
    reach: Fraction
    loss: Fraction
    backs_down: Fraction


@dataclass(frozen=True, repr=False)
class LadderAnalysis(Displayable):
    """The solved ladder: one equilibrium read rung by rung."""

    game: Any
    spec: Any
    result: Any
    index: int
    rows: tuple[RungRow, ...]
    plans: tuple[TypePlan, ...]
    stake: tuple[Fraction, Fraction]         # P(each side gets the stake)
    worst: Fraction                          # P(the worst outcome), anywhere
    stalemate: Fraction                      # P(a stalemate at the top)
    expected_cost: tuple[Fraction, Fraction]
    payoffs: tuple[Fraction, ...]

    display_as = "ladder"

    def __repr__(self) -> str:
        return short_repr("LadderAnalysis",
                          repr(self.game.title),
                          f"equilibrium {self.index + 1} of {len(self.result.equilibria)}",
                          f"{len(self.rows)} rungs")

    def table_rows(self, as_float: bool = False) -> list[dict[str, Any]]:
        """One row per rung, as ``--format csv`` writes it."""
        from deterrence.model.numbers import number

        sides = self.sides
        return [{"rung": row.rung, "name": row.name,
                 "mover": None if row.mover is None else sides[row.mover],
                 **{f"cost to {side}": number(c, as_float) for side, c in zip(sides, row.cost)},
                 "loss_of_control": number(row.loss_of_control, as_float),
                 "reach": number(row.reach, as_float), "lost_here": number(row.loss, as_float),
                 "backs_down_here": number(row.backs_down, as_float)} for row in self.rows]

    @property
    def sides(self) -> tuple[str, str]:
        return self.spec.sides

    @property
    def equilibrium(self):
        return self.result.equilibria[self.index]

    @property
    def escalation(self) -> Fraction:
        """Probability that the ladder is climbed past the first rung (both sides escalate)."""
        return self.rows[2].reach if len(self.rows) > 2 else Fraction(0)

    def stop_text(self, plan: TypePlan) -> str:
        if plan.stops_at is None:
            mixed = [(k, p) for k, p in plan.back_down if p]
            if not mixed:
                return "never backs down"
            return "; ".join(f"backs down at {self.spec.rung_name(k)} with probability "
                             f"{_num(p)}" for k, p in mixed)
        k = plan.stops_at
        before = [(j, p) for j, p in plan.back_down if j < k and p]
        name = self.spec.rung_name(k)
        text = f"backs down at {name}" + ("" if name == f"rung {k}" else f" (rung {k})")
        if before:
            text = "; ".join(f"backs down at {self.spec.rung_name(j)} with probability "
                             f"{_num(p)}" for j, p in before) + f"; else {text}"
        return text

    def sentence(self) -> str:
        """The solved ladder in words."""
        sides = self.sides
        top = len(self.rows) - 1
        first = self.spec.first_index
        row0 = self.rows[0]
        if self.rows[1].reach == 0:
            return (f"{sides[first]} backs down at once ({row0.name}): nobody climbs the ladder, "
                    f"and {sides[1 - first]} keeps the stake.")
        if self.escalation == 0:
            return (f"{sides[first]} climbs to {self.rows[1].name} and {sides[1 - first]} backs down "
                    f"at its first move: the ladder unravels, {sides[first]} takes the stake"
                    + (f" (control is lost with probability {_num(self.worst)})"
                       if self.worst else "") + ".")
        highest = max(k for k, row in enumerate(self.rows) if row.reach)
        parts = [f"Escalation past the first rung happens with probability "
                 f"{_num(self.escalation)}; play can reach {self.rows[highest].name} "
                 f"(rung {highest} of {top})."]
        parts.append(f"Control is lost with probability {_num(self.worst)}; "
                     f"{sides[0]} takes the stake with probability {_num(self.stake[0])}, "
                     f"{sides[1]} with {_num(self.stake[1])}.")
        parts.append(f"Expected costs: {sides[0]} {_num(self.expected_cost[0])}, "
                     f"{sides[1]} {_num(self.expected_cost[1])}.")
        return " ".join(parts)

    def to_json(self, as_float: bool = False) -> dict[str, Any]:
        from deterrence.model.envelope import envelope
        from deterrence.model.numbers import number

        sides = self.sides
        return {
            **envelope(SCHEMA, self.game, as_float),
            "title": self.game.title,
            "sides": list(sides),
            "first": self.spec.first,
            "top": self.spec.top,
            "concept": self.result.concept,
            "equilibria": len(self.result.equilibria),
            "equilibrium": self.index + 1,
            "profile": self.equilibrium.label(self.game),
            "solution": self.equilibrium.to_json(self.game, as_float),
            "rungs": [{
                "rung": row.rung,
                "name": row.name,
                "mover": sides[row.mover] if row.mover is not None else None,
                "cost": {s: number(c, as_float) for s, c in zip(sides, row.cost)},
                "loss_of_control": number(row.loss_of_control, as_float),
                "reach": number(row.reach, as_float),
                "lose_control": number(row.loss, as_float),
                "backs_down": number(row.backs_down, as_float),
            } for row in self.rows],
            "plans": [{
                "side": sides[plan.side],
                "type": plan.type,
                "label": plan.label,
                "back_down": {self.spec.rung_name(k): number(p, as_float) for k, p in plan.back_down},
                "stops_at": self.spec.rung_name(plan.stops_at) if plan.stops_at is not None else None,
            } for plan in self.plans],
            "stake": {s: number(p, as_float) for s, p in zip(sides, self.stake)},
            "worst_outcome": number(self.worst, as_float),
            "stalemate": number(self.stalemate, as_float),
            "escalation": number(self.escalation, as_float),
            "expected_cost": {s: number(c, as_float) for s, c in zip(sides, self.expected_cost)},
            "payoffs": {s: number(v, as_float) for s, v in zip(self.game.players, self.payoffs)},
            "summary": self.sentence(),
            "warnings": list(self.result.warnings),
        }


def analyse_ladder(game, result=None, index: int = 0) -> LadderAnalysis:
    """Solve a ladder tree (unless ``result`` is given) and read equilibrium ``index`` off it.

    Raises
    ------
    UsageError
        If ``game`` was not built from a ladder file, or the solver found
        no equilibrium (then there is nothing to read).
    """
    from deterrence.trees.behaviour import reach

    rebuild = require_ladder(game)
    spec = rebuild.spec
    if result is None:
        from deterrence.solver import solve

        result = solve(game)
    if not result.equilibria:
        raise UsageError("the solver found no equilibrium to read the ladder from",
                         hint="; ".join(result.warnings) or None)
    if not 0 <= index < len(result.equilibria):
        count = len(result.equilibria)
        raise UsageError(f"the solver found {count} equilibri{'um' if count == 1 else 'a'}; "
                         f"there is no equilibrium {index + 1}", hint=f"choose 1 to {count}")
    roles = rebuild.roles(game)
    eq = result.equilibria[index]
    behaviour = eq.behaviour(game)
    reached = reach(game, behaviour, 0)
    env = game.parameters.environment()
    n = len(spec.rungs)
    step = [[Fraction(0), Fraction(0)]] + [[c.evaluate(env) for c in r.cost] for r in spec.rungs]
    cumulative = [[sum((step[j][s] for j in range(k + 1)), Fraction(0)) for s in (0, 1)] for k in range(n + 1)]
    scale = [[t.cost_scale.evaluate(env) for t in spec.types(s)] for s in (0, 1)]

    at_rung = [Fraction(0)] * (n + 1)
    lost = [Fraction(0)] * (n + 1)
    backed = [Fraction(0)] * (n + 1)
    stake = [Fraction(0), Fraction(0)]
    worst = stalemate = Fraction(0)
    cost = [Fraction(0), Fraction(0)]
    for node_id, role in roles.items():
        v = game.index[node_id]
        if not game.is_terminal(v):
            continue
        p = reached.get(v, Fraction(0))
        if not p:
            continue
        at_rung[role.rung] += p
        for s in (0, 1):
            cost[s] += p * scale[s][role.profile[s]] * cumulative[role.rung][s]
        if role.kind == "lost":
            lost[role.rung] += p
            worst += p
        elif role.kind == "yield":
            backed[role.rung] += p
            stake[1 - role.side] += p
        elif role.kind == "won":
            stake[role.side] += p
        elif spec.top == "worst":
            worst += p
        else:
            stalemate += p
    rows = []
    for k in range(n + 1):
        rows.append(RungRow(
            rung=k, name=spec.rung_name(k), mover=spec.mover(k) if k < n else None,
            cost=(step[k][0], step[k][1]),
            loss_of_control=spec.rungs[k - 1].loss_of_control.evaluate(env) if k else Fraction(0),
            reach=sum(at_rung[k:], Fraction(0)), loss=lost[k], backs_down=backed[k]))
    return LadderAnalysis(game, spec, result, index, tuple(rows), _plans(game, spec, roles, eq),
                          (stake[0], stake[1]), worst, stalemate, (cost[0], cost[1]), eq.payoffs)


def require_ladder(game):
    """The ladder rebuilder of ``game``; a UsageError when ``game`` is not a ladder."""
    from deterrence.builders.ladder.file import LadderRebuilder

    rebuild = getattr(game, "rebuild", None)
    if not isinstance(rebuild, LadderRebuilder):
        raise UsageError("not an escalation ladder", hint='the file needs kind = "ladder" and a [ladder] table')
    return rebuild


def _plans(game, spec, roles, eq) -> tuple[TypePlan, ...]:
    """Each side's (and type's) chance of backing down at each of its rungs."""
    seen: dict[tuple[int, int], dict[int, Fraction]] = {}
    for node_id, role in roles.items():
        if role.kind != "decide":
            continue
        v = game.index[node_id]
        h = int(game.infoset[v])
        probs = eq.probabilities(game, h)
        seen.setdefault((role.side, role.profile[role.side]), {})[role.rung] = probs[1]
    out = []
    for (side, t), rungs in sorted(seen.items()):
        name, kind = spec.sides[side], None
        if spec.resolve[side] is not None:
            kind = spec.types(side)[t].name
            name += f" ({kind})"
        out.append(TypePlan(side, name, tuple(sorted(rungs.items())), kind))
    return tuple(out)


__all__ = ["analyse_ladder", "require_ladder", "LadderAnalysis", "RungRow", "TypePlan", "SCHEMA"]
