"""The protected set, read off the solved small-yard game, and how it moves
with the budget.

:func:`yard_choice` solves the game (subgame perfection) and reports what the
defender fences, which good the coercer then cuts, and what it costs.
:func:`yard_frontier` does so at every budget at which the affordable sets
change (the sums of protection costs), so the protected set as a function of
the budget is exact: a step function whose steps are listed.

Example
-------
>>> from deterrence.io.toml_document import TomlDocument
>>> from deterrence.builders.yard.file import read_yard
>>> from deterrence.builders.yard.spec import EXAMPLE
>>> game = read_yard(TomlDocument(EXAMPLE))
>>> choice = yard_choice(game)
>>> choice.protected, choice.cut, choice.defender
(('Rare earths',), 'Graphite', Fraction(-9, 1))
>>> [(str(s.budget), s.choice.protected) for s in yard_frontier(game)]
[('0', ()), ('4', ('Rare earths',)), ('6', ('Rare earths', 'Graphite'))]
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from deterrence.builders.yard.file import spec_of
from deterrence.builders.yard.tree import CONCEDE, REFRAIN
from deterrence.errors import UsageError
from deterrence.model.expr import format_fraction
from deterrence.model.numbers import number


@dataclass(frozen=True)
class YardChoice:
    """The solved yard game at one budget."""

    budget: Fraction
    protected: tuple[str, ...]
    spent: Fraction
    cut: str | None
    concedes: bool
    defender: Fraction
    coercer: Fraction
    several: bool = False

    def text(self) -> str:
        fenced = ", ".join(self.protected) or "nothing"
        if self.cut is None:
            then = "the coercer refrains"
        else:
            then = f"the coercer cuts {self.cut} and the defender {'concedes' if self.concedes else 'holds out'}"
        return (f"budget {format_fraction(self.budget)}: fence {fenced} (cost {format_fraction(self.spent)}); "
                f"{then}; the defender's payoff {format_fraction(self.defender)}")

    def to_json(self, as_float: bool = False) -> dict[str, Any]:
        return {"budget": number(self.budget, as_float), "protected": list(self.protected),
                "spent": number(self.spent, as_float), "cut": self.cut, "concedes": self.concedes,
                "defender_payoff": number(self.defender, as_float),
                "coercer_payoff": number(self.coercer, as_float), "several_equilibria": self.several}


@dataclass(frozen=True)
class FrontierStep:
    """From ``budget`` up to the next step's budget, the defender's choice is ``choice``."""

    budget: Fraction
    choice: YardChoice


def _spec(game):
    spec = spec_of(game)
    if spec is None:
        raise UsageError("not a small-yard game", hint='this needs a file with kind = "yard"')
    return spec


def yard_choice(game) -> YardChoice:
    """Solve ``game`` and read off the protected set, the good cut, and the payoffs."""
    from deterrence.solver import solve

    spec = _spec(game)
    result = solve(game)
    eq = result.equilibria[0]
    behaviour = eq.behaviour(game)
    d, c = game.players.index(spec.defender), game.players.index(spec.coercer)
    root = game.node_index("protect")
    protect_edge = _chosen(game, behaviour, root)
    label = game.action[protect_edge]
    coerce = int(game.child[protect_edge])
    cut_edge = _chosen(game, behaviour, coerce)
    cut = None if game.action[cut_edge] == REFRAIN else game.action[cut_edge].split(" ", 1)[1]
    concedes = False
    if cut is not None:
        respond = int(game.child[cut_edge])
        concedes = game.action[_chosen(game, behaviour, respond)] == CONCEDE
        cut = next(g.name for g in spec.goods if g.name.lower() == cut.lower())
    names = tuple(g.name for g in spec.goods if _fenced(label, g.name))
    env = game.parameters.environment()
    numbers = spec.evaluate(env)
    spent = sum((numbers.goods[i][1] for i, g in enumerate(spec.goods) if g.name in names), Fraction(0))
    return YardChoice(numbers.budget, names, spent, cut, concedes, eq.payoffs[d], eq.payoffs[c],
                      several=len(result.equilibria) > 1)


def _chosen(game, behaviour, node: int) -> int:
    probs = behaviour[int(game.infoset[node])]
    edges = list(game.edges(node))
    best = max(range(len(edges)), key=lambda j: probs[j])
    return edges[best]


def _fenced(label: str, name: str) -> bool:
    from deterrence.builders.yard.tree import in_sentence

    return in_sentence(name) in [part.strip() for part in label.split(" ", 1)[1].split(",")]


def fence_value(numbers, fenced: frozenset[int]) -> tuple[Fraction, int | None]:
    """The defender's payoff from fencing ``fenced``, and the good cut (``None``: none),
    by the model's logic rather than the solver: the coercer cuts the good whose
    concession, net of its cost, is largest, if that is positive. For checks and searches."""
    best, cut = Fraction(0), None
    for i, (damage, _, protected, restriction) in enumerate(numbers.goods):
        left = protected if i in fenced else damage
        gain = numbers.leverage * left - restriction
        if gain > best:
            best, cut = gain, i
    spent = numbers.cost(fenced)
    if cut is None:
        return -spent, None
    left = numbers.goods[cut][2] if cut in fenced else numbers.goods[cut][0]
    return -spent - numbers.leverage * left, cut


def budget_steps(game) -> list[Fraction]:
    """Every budget at which the affordable sets change: the distinct sums of
    protection costs, from 0 up."""
    import itertools

    spec = _spec(game)
    numbers = spec.evaluate(game.parameters.environment())
    costs = [g[1] for g in numbers.goods]
    sums = {Fraction(0)}
    for size in range(1, len(costs) + 1):
        for combo in itertools.combinations(costs, size):
            sums.add(sum(combo, Fraction(0)))
    return sorted(sums)


def yard_frontier(game, budgets=None) -> list[FrontierStep]:
    """The protected set as a function of the budget.

    Without ``budgets`` the game is solved at every :func:`budget_steps` value
    and consecutive equal choices are merged, so each step holds from its
    budget up to the next step's: exact, because nothing but the affordable
    sets depends on the budget. The budget must be a single parameter.
    """
    from deterrence.model.expr import Name

    spec = _spec(game)
    if not isinstance(spec.budget, Name):
        raise UsageError(f"the budget in the file is {spec.budget}, not a single parameter",
                         hint="write budget = \"B\" with B under [parameters]")
    values = budget_steps(game) if budgets is None else [Fraction(b) for b in budgets]
    steps: list[FrontierStep] = []
    for b in values:
        choice = yard_choice(game.with_values({spec.budget.name: b}))
        if budgets is None and steps and steps[-1].choice.protected == choice.protected \
                and steps[-1].choice.cut == choice.cut:
            continue
        steps.append(FrontierStep(b, choice))
    return steps


__all__ = ["YardChoice", "FrontierStep", "yard_choice", "yard_frontier", "budget_steps", "fence_value"]
