"""Exercises on deterrence by denial: a denial threshold, a sharing pool,
and a small yard with a high fence.

Example
-------
>>> import random
>>> ex = denial(random.Random("doc"), 1)
>>> ex.fact("threshold").startswith("delta > ")
True
"""

from __future__ import annotations

import random
from fractions import Fraction

from deterrence.teaching.exercises.base import (
    MAX_TRIES,
    Exercise,
    fmt,
    parameters_block,
    pick_fraction,
    read_text,
    tree_file,
)

EPS = Fraction(1, 1000)


# ---------------------------------------------------------------- denial threshold


def denial_game(pi: Fraction, delta: Fraction, G: int, c: int, number: int = 1):
    """An attack that succeeds with probability ``pi (1 - delta)``."""
    text = tree_file(
        f"Exercise {number}: denial", ["Attacker", "Defender"],
        [("pi", pi, "probability that an attack succeeds against no defence", {"type": "probability"}),
         ("delta", delta, "the Defender's denial capability: the share of attacks it defeats", {"type": "share"}),
         ("G", G, "the Attacker's gain from a successful attack", {"min": 0}),
         ("c", c, "the Attacker's cost of attacking", {"min": 0})],
        {"decide": {"player": "Attacker", "actions": {"Attack": "outcome", "Refrain": "sq"}},
         "outcome": {"chance": {"Succeeds": "pi*(1 - delta)", "Fails": "1 - pi*(1 - delta)"},
                     "actions": {"Succeeds": "success", "Fails": "failure"}}},
        {"sq": ("status quo", {"Attacker": 0, "Defender": 0}),
         "success": ("the attack succeeds", {"Attacker": "G - c", "Defender": "-G"}),
         "failure": ("the attack is denied", {"Attacker": "-c", "Defender": 0})},
        root="decide")
    return read_text(text, "denial.toml"), text


def denial(rng: random.Random, number: int) -> Exercise:
    from deterrence.solver import solve

    for _ in range(MAX_TRIES):
        pi = Fraction(rng.choice(["1/2", "3/5", "2/3", "3/4", "4/5", "9/10", "1"]))
        G = rng.randint(4, 16)
        c = rng.randint(1, G)
        threshold = 1 - c / (pi * G)
        if 0 < threshold < 1:
            break
    else:  # pragma: no cover
        raise RuntimeError("no denial exercise found")
    delta = pick_fraction(rng, [f"{k}/10" for k in range(0, 10)] + ["1/4", "3/4", "1/3", "2/3"],
                          avoid=[threshold])
    game, text = denial_game(pi, delta, G, c, number)
    result = solve(game)
    (eq,) = result.equilibria
    label = eq.label(game)

    def attacks(value: Fraction) -> bool:
        g = game.with_values({"delta": value})
        return "Attacker: Attack" in solve(g).equilibria[0].label(g)

    assert attacks(threshold - EPS) and not attacks(threshold + EPS)
    deterred = delta > threshold
    value = pi * (1 - delta) * G - c
    lines = [
        f"Attacking is worth pi (1 - delta) G - c = {fmt(pi)} (1 - {fmt(delta)}) {G} - {c} = {fmt(value)} "
        "against 0 for refraining.",
        f"Denial deters when pi (1 - delta) G < c, i.e. delta > 1 - c/(pi G) = {fmt(threshold)}.",
        f"Here delta = {fmt(delta)}: " + ("the attack is deterred by denial." if deterred else
                                          "the attack still pays.") + f" Equilibrium: {label}.",
    ]
    question = ("What denial capability delta deters the attack? Is the Attacker deterred at the "
                "given delta?")
    hints = ("Denial works on the Attacker's chance of success, not on a threat of retaliation.",)
    facts = (("threshold", f"delta > {fmt(threshold)}"), ("deterred", str(deterred).lower()),
             ("equilibrium", label))
    story = ("Deterrence by denial: the Defender arranges in advance that an attack will fail "
             "(missile defence; in economics, a sharing pool that blunts an export restriction), "
             "and makes that known.")
    return Exercise("denial", number, game, question, tuple(lines), facts, result, text, hints, story)


# ---------------------------------------------------------------- pool


def pool_available() -> bool:
    """Whether the sharing-pool builder (``kind = "pool"``) is installed."""
    from deterrence.io import toml_reader

    try:
        from deterrence.builders.pool import analysis  # noqa: F401
    except ImportError:
        return False
    return toml_reader("pool") is not None


def yard_available() -> bool:
    """Whether the small-yard builder (``kind = "yard"``) is installed."""
    from deterrence.io import toml_reader

    try:
        from deterrence.builders.yard import analysis  # noqa: F401
    except ImportError:
        return False
    return toml_reader("yard") is not None


def _smallest_deterring_pool(values: dict) -> int | None:
    """The template's pool game by its own formula (no solver): the smallest N in 1..15 at which
    restricting stops paying, when the target is never indifferent; else ``None``.
    The solver confirms the answer at N - 1 and N."""
    from math import comb

    gross = Fraction(values["sigma"]) * values["Q"] / 6   # the template's tau = 1/6, no stockpile
    r, w, d, D, L = Fraction(values["r"]), values["w"], values["d"], values["D"], values["L"]
    for n in range(0, 16):
        concede = Fraction(0)
        for k in range(n + 1):
            damage = d * max(Fraction(0), gross - k * w)
            if damage == D:
                return None                                  # a tie: two answers
            if damage > D:
                concede += comb(n, k) * r ** k * (1 - r) ** (n - k)
        pays = concede * D - (1 - concede) * L > 0
        if not pays:
            return n if n >= 1 else None
    return None


def pool(rng: random.Random, number: int) -> Exercise:
    from deterrence.builders.pool.analysis import evaluate_point
    from deterrence.edit.templates import new_game_text
    from deterrence.edit.toml_edit import SetMetadata, SetParameter, apply_edits
    from deterrence.solver import solve

    for _ in range(MAX_TRIES):
        values = {"Q": rng.choice([50, 100, 200]), "sigma": rng.choice(["1/2", "3/5", "4/5", "9/10"]),
                  "w": rng.randint(1, 4), "r": rng.choice(["1/2", "3/5", "4/5", "9/10", "1"]),
                  "d": rng.randint(1, 3), "D": rng.randint(6, 20), "L": rng.randint(1, 6), "N": 0}
        n = _smallest_deterring_pool(values)
        if n is not None:
            break
    else:  # pragma: no cover
        raise RuntimeError("no pool exercise found")
    edits = [SetParameter(k, str(v)) for k, v in values.items()]
    edits.append(SetMetadata("title", f"Exercise {number}: a sharing pool"))
    outcome = apply_edits(new_game_text("pool"), edits, "pool.toml")
    game = outcome.game
    before = evaluate_point(game.with_values({"N": n - 1}), Fraction(n - 1))
    after = evaluate_point(game.with_values({"N": n}), Fraction(n))
    assert before.pays and not after.pays
    result = solve(game.with_values({"N": n}))
    lines = [
        f"With {n - 1} member(s) the Coercer expects {fmt(before.restrict)} from restricting against "
        f"{fmt(before.refrain)} from not: coercion pays (the Target concedes with probability "
        f"{fmt(before.concede)}).",
        f"With {n} members it expects {fmt(after.restrict)}: coercion no longer pays. "
        f"The smallest pool that stops coercion has {n} members.",
    ]
    question = ("Each pool member pledges w units and honours its pledge with probability r; the "
                "Target sees what arrived before it decides. What is the smallest number of members N "
                "at which restricting exports no longer pays the Coercer?")
    hints = ("With k members delivering, the Target holds out when its damage from the residual "
             "shortfall is below the concession; find the k at which it switches.",
             "The Coercer's expected payoff is D times the probability of a concession, minus L "
             "times the probability of a hold-out.")
    facts = (("members", str(n)),)
    story = ("A friend-shoring sharing pool (the IPEF supply-chain agreement, the EU Single Market "
             "Emergency Instrument): members pledge supply to a member that is cut off.")
    return Exercise("pool", number, game, question, tuple(lines), facts, result, outcome.text, hints, story)


# ---------------------------------------------------------------- small yard


GOODS = ("Rare earths", "Graphite", "Gallium", "Solar panels")


def yard_text(goods: list[tuple[str, int, int, int]], budget: int, number: int = 1) -> str:
    """A small-yard file: ``(name, damage, cost, protected damage)`` per good."""
    lines = ['schema = "deterrence/1"', f'title = "Exercise {number}: which goods to fence"', 'kind = "yard"',
             'players = ["Japan", "China"]', ""]
    lines += parameters_block([("B", budget, "Japan's budget for protection", {"min": 0})])
    lines += ["", "[yard]", 'defender = "Japan"', 'coercer = "China"', 'budget = "B"', 'leverage = "1/2"',
              'restriction_cost = "1/3"']
    for name, damage, cost, protected in goods:
        lines += ["", "[[yard.goods]]", f'name = "{name}"', f"damage = {damage}", f"cost = {cost}",
                  f"protected = {protected}"]
    return "\n".join(lines) + "\n"


def _clear_choices(goods) -> bool:
    """At every budget one fence is best (no ties), and the best fence changes with the budget."""
    import itertools

    from deterrence.builders.yard.analysis import fence_value
    from deterrence.builders.yard.spec import YardNumbers

    goods_numbers = tuple((Fraction(d), Fraction(c), Fraction(p), Fraction(1, 3)) for _, d, c, p in goods)
    sets = [frozenset(x) for k in range(4) for x in itertools.combinations(range(3), k)]
    best_sets = set()
    for budget in sorted({sum((goods_numbers[i][1] for i in s), Fraction(0)) for s in sets}):
        numbers = YardNumbers(budget, Fraction(1, 2), goods_numbers)
        values = sorted(((fence_value(numbers, s)[0], s) for s in sets if numbers.affordable(s)),
                        key=lambda v: v[0], reverse=True)
        if len(values) > 1 and values[0][0] == values[1][0]:
            return False
        best_sets.add(values[0][1])
    return len(best_sets) >= 2


def yard(rng: random.Random, number: int) -> Exercise:
    from deterrence.builders.yard.analysis import yard_choice, yard_frontier
    from deterrence.solver import solve

    for _ in range(MAX_TRIES):
        levels = rng.sample(range(1, 31), 6)
        goods = []
        for k in range(3):
            high, low = max(levels[2 * k], levels[2 * k + 1]), min(levels[2 * k], levels[2 * k + 1])
            goods.append((GOODS[k], high, rng.randint(1, 8), low))
        budget = rng.randint(0, sum(g[2] for g in goods))
        if _clear_choices(goods):
            break
    else:  # pragma: no cover
        raise RuntimeError("no yard exercise found")
    text = yard_text(goods, budget, number)
    game = read_text(text, "yard.toml")
    steps = yard_frontier(game)
    choice = yard_choice(game)
    assert len(steps) >= 2 and not choice.several and not any(s.choice.several for s in steps)
    result = solve(game)
    fenced = ", ".join(choice.protected) or "nothing"
    table = "; ".join(f"{name}: damage {d}, cost {c}, {p} once fenced" for name, d, c, p in goods)
    lines = [
        f"China cuts the good whose cut hurts most and asks for half that damage (Japan pays it rather "
        f"than hold out). The goods: {table}.",
        "So the value of fencing a set is minus its cost minus half the largest damage left: a fence "
        "pays only where it lowers the worst damage left.",
        f"With the budget B = {budget}: Japan fences {fenced} (cost {fmt(choice.spent)}); China cuts "
        f"{choice.cut}; Japan's payoff {fmt(choice.defender)}.",
        "The protected set as a function of the budget: "
        + "; ".join(f"from B = {fmt(s.budget)}, {', '.join(s.choice.protected) or 'nothing'}" for s in steps)
        + ".",
    ]
    question = ("Which goods does Japan fence with the budget B, which good does China cut, and what "
                "does Japan end up paying? How does the fenced set change as the budget grows from 0?")
    hints = ("China targets the weakest point: list, for each set Japan could fence, the largest "
             "damage left.",
             "Fencing a good whose damage is not the largest left changes nothing China does.")
    facts = (("protected", "; ".join(choice.protected) or "nothing"), ("cut", str(choice.cut)),
             ("payoff", fmt(choice.defender)),
             ("frontier", "; ".join(f"{fmt(s.budget)}: {', '.join(s.choice.protected) or 'nothing'}"
                                    for s in steps)))
    story = ("Small yard, high fence: economic security for a few strategic goods (diversification, "
             "stockpiles), free trade for the rest. A coercer who can cut any of them cuts where it hurts most.")
    return Exercise("yard", number, game, question, tuple(lines), facts, result, text, hints, story)


__all__ = ["denial", "denial_game", "pool", "pool_available", "yard", "yard_available", "yard_text"]
