"""Seeded exercises with answers that come from the solvers.

:func:`make_sheet` draws ``count`` exercises of one kind from a seed; the same
kind, seed and count always give the same games (Python's
:class:`random.Random` seeded with a string is reproducible across runs and
platforms). Every answer is computed by the package's own solvers and
checked against them before it is returned, so an answer key can be trusted
as far as the solvers can.

Kinds (:data:`KINDS`):

``3x3-dominance``
    a 3×3 game solvable by iterated elimination of strictly dominated
    strategies (possibly by mixtures), in at least two rounds;
``2x2-mixed``
    a 2×2 game whose only equilibrium is mixed;
``spe-tree``
    a small tree of perfect information with a unique subgame-perfect
    equilibrium;
``credibility``
    challenge and retaliate with an audience cost: when is the threat
    credible?
``pool``
    a friend-shoring sharing pool: the smallest pool at which coercion stops
    paying (needs the pool builder).

Example
-------
>>> sheet = make_sheet("2x2-mixed", seed=3, count=1)
>>> ex = sheet.exercises[0]
>>> [eq.is_pure for eq in ex.result.equilibria]
[False]
>>> make_sheet("2x2-mixed", seed=3, count=1).exercises[0].game == ex.game
True
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable

from deterrence.errors import UsageError
from deterrence.model.expr import format_fraction

#: Most attempts at drawing one exercise before giving up (a bug, not bad luck).
MAX_TRIES = 5000
#: Most exercises on one sheet.
MAX_COUNT = 50


@dataclass(frozen=True)
class Exercise:
    """One exercise: the game, the question, and the answer.

    Parameters
    ----------
    kind, number:
        Which kind, and its number on the sheet (from 1).
    game:
        The generated game (a normal-form game or a game tree).
    question:
        What the student is asked, in words.
    answer:
        The answer in words, one paragraph per line.
    facts:
        The answer as data: ``(name, value)`` pairs a program can check.
    result:
        The solver's result on the game, which the answer was checked against.
    source:
        The game as a payoff file (TOML), to run ``deterrence`` on it.
    """

    kind: str
    number: int
    game: Any
    question: str
    answer: tuple[str, ...]
    facts: tuple[tuple[str, str], ...]
    result: Any
    source: str


@dataclass(frozen=True)
class Sheet:
    """A numbered list of exercises of one kind, drawn from one seed."""

    kind: str
    seed: int
    exercises: tuple[Exercise, ...]

    @property
    def title(self) -> str:
        return TITLES[self.kind]


TITLES = {
    "3x3-dominance": "Iterated elimination of dominated strategies",
    "2x2-mixed": "Mixed-strategy equilibria of 2×2 games",
    "spe-tree": "Subgame-perfect equilibria of game trees",
    "credibility": "When is a threat credible?",
    "pool": "Friend-shoring: the pool that stops coercion",
}


# ---------------------------------------------------------------- 3x3 dominance


ROWS3 = ("Top", "Middle", "Bottom")
COLS3 = ("Left", "Center", "Right")


def _dominance(rng: random.Random, number: int) -> Exercise:
    from deterrence.model import NormalFormGame
    from deterrence.solver import solve
    from deterrence.nash.dominance import eliminate_dominated

    for _ in range(MAX_TRIES):
        A = [[rng.randint(0, 9) for _ in range(3)] for _ in range(3)]
        B = [[rng.randint(0, 9) for _ in range(3)] for _ in range(3)]
        game = NormalFormGame.bimatrix(A, B, ROWS3, COLS3, title=f"Exercise {number}")
        dominance = eliminate_dominated(game, weak=False, mixed=True)
        if dominance.solved and len(dominance.rounds) >= 2:
            break
    else:  # pragma: no cover
        raise RuntimeError("no dominance-solvable game found")
    result = solve(game)
    survivor = tuple(s[0] for s in dominance.surviving)
    (eq,) = result.equilibria  # strict dominance solvability leaves one equilibrium
    assert eq.is_pure and tuple(eq.support(i)[0] for i in range(2)) == survivor
    lines = []
    for k, round_ in enumerate(dominance.rounds, start=1):
        for e in round_:
            lines.append(f"Round {k}: {_elimination_text(game, e)}")
    label = eq.label(game)
    payoffs = ", ".join(format_fraction(v) for v in eq.payoffs)
    lines.append(f"Only {label} survives; it is the unique Nash equilibrium, with payoffs {payoffs}.")
    question = ("Solve the game by iterated elimination of strictly dominated strategies. "
                "Name, in each round, each strategy you remove and the (possibly mixed) "
                "strategy that dominates it. Which profile survives?")
    facts = (("rounds", str(len(dominance.rounds))), ("equilibrium", label), ("payoffs", payoffs))
    return Exercise("3x3-dominance", number, game, question, tuple(lines), facts, result, _toml(game))


def _elimination_text(game, e) -> str:
    from deterrence.views.result import mixed_text

    player = game.players[e.player]
    dominated = game.strategies[e.player][e.strategy]
    by = mixed_text(game.strategies[e.player], e.dominator)
    proof = ", ".join(f"against {against}: {format_fraction(a)} > {format_fraction(b)}"
                      for against, a, b in e.margins)
    return f"{player}'s {dominated} is strictly dominated by {by} ({proof})."


# ---------------------------------------------------------------- 2x2 mixed


def _mixed(rng: random.Random, number: int) -> Exercise:
    from deterrence.model import NormalFormGame
    from deterrence.solver import solve
    from deterrence.teaching.explain import explain

    for _ in range(MAX_TRIES):
        A = [[rng.randint(-5, 9) for _ in range(2)] for _ in range(2)]
        B = [[rng.randint(-5, 9) for _ in range(2)] for _ in range(2)]
        game = NormalFormGame.bimatrix(A, B, ("Up", "Down"), ("Left", "Right"), title=f"Exercise {number}")
        result = solve(game)
        if len(result.equilibria) == 1 and not result.equilibria[0].is_pure and result.complete:
            break
    else:  # pragma: no cover
        raise RuntimeError("no 2x2 game with a unique mixed equilibrium found")
    eq = result.equilibria[0]
    explanation = explain(game)
    lines = []
    for ind in explanation.mixed[0].indifferences:
        player = game.players[ind.player]
        mixer = game.players[ind.mixer]
        head = ind.solution[0]
        lines.append(f"{player} is indifferent between {' and '.join(game.strategies[ind.player])} "
                     f"when {mixer} plays {head.strategy} with probability {head.name}: "
                     f"{ind.numeric_text}, so {head.name} = {format_fraction(head.value)}.")
    p, q = eq.strategies[0][0], eq.strategies[1][0]
    payoffs = ", ".join(format_fraction(v) for v in eq.payoffs)
    lines.append(f"The unique equilibrium: Row plays Up with probability {format_fraction(p)}, "
                 f"Column plays Left with probability {format_fraction(q)}; expected payoffs {payoffs}.")
    question = ("Show that the game has no pure-strategy equilibrium, and find its mixed "
                "equilibrium from the indifference conditions. What does each player expect to earn?")
    facts = (("p_Up", format_fraction(p)), ("q_Left", format_fraction(q)), ("payoffs", payoffs))
    return Exercise("2x2-mixed", number, game, question, tuple(lines), facts, result, _toml(game))


# ---------------------------------------------------------------- trees


def _leaf(nodes: dict, name: str, label: str, players, rng: random.Random) -> str:
    from deterrence.model.expr import as_expr
    from deterrence.model.tree import Node

    nodes[name] = Node(outcome=label, payoffs=tuple((p, as_expr(rng.randint(0, 9))) for p in players))
    return name


def _spe_tree(rng: random.Random, number: int) -> Exercise:
    from deterrence.model.tree import GameTree, Node
    from deterrence.solver import solve
    from deterrence.teaching.explain import backward_steps

    players = ("Leader", "Follower")
    for _ in range(MAX_TRIES):
        nodes: dict = {}
        # the Leader moves, the Follower answers; after one answer the Leader moves again
        deep = rng.randint(0, 1)
        follower_nodes = []
        for k, first in enumerate(("Left", "Right")):
            fid = f"F{k + 1}"
            follower_nodes.append(fid)
            kids = []
            for j, answer in enumerate(("up", "down")):
                path = f"{first}, {answer}"
                if k == deep and j == 0:
                    lid = "L2"
                    a = _leaf(nodes, f"z{k}{j}i", f"{path}, In", players, rng)
                    b = _leaf(nodes, f"z{k}{j}o", f"{path}, Out", players, rng)
                    nodes[lid] = Node(player="Leader", actions=(("In", a), ("Out", b)))
                    kids.append((answer, lid))
                else:
                    kids.append((answer, _leaf(nodes, f"z{k}{j}", path, players, rng)))
            nodes[fid] = Node(player="Follower", actions=tuple(kids))
        nodes["L1"] = Node(player="Leader", actions=(("Left", follower_nodes[0]), ("Right", follower_nodes[1])))
        game = GameTree.from_nodes(players, "L1", nodes, title=f"Exercise {number}")
        result = solve(game)
        steps = backward_steps(game, result.equilibria[0])
        if len(result.equilibria) == 1 and all(len(s.chosen) == 1 for s in steps if s.player is not None):
            break
    else:  # pragma: no cover
        raise RuntimeError("no tree with a unique subgame-perfect equilibrium found")
    from deterrence.views.explain import node_sentence

    eq = result.equilibria[0]
    lines = [node_sentence(game, s) for s in steps]
    outcome = ", ".join(label for label, p in eq.outcomes if p)
    payoffs = ", ".join(format_fraction(v) for v in eq.payoffs)
    lines.append(f"Subgame-perfect equilibrium: {eq.label(game)}; play ends at {outcome} "
                 f"with payoffs {payoffs}.")
    question = ("Find the subgame-perfect equilibrium by backward induction. Give each player's "
                "complete strategy (an action at every node where it moves) and the outcome.")
    facts = (("equilibrium", eq.label(game)), ("outcome", outcome), ("payoffs", payoffs))
    return Exercise("spe-tree", number, game, question, tuple(lines), facts, result, _toml(game))


def credibility_game(V: int, a: int, c: int, d: Fraction, number: int = 1):
    """Challenge and retaliate with an audience cost ``a`` for backing down.

    The Defender retaliates at cost ``d`` or acquiesces, losing the stake
    ``V`` and suffering the audience cost ``a``; the threat is credible when
    ``d < V + a``.
    """
    from deterrence.io import parse_game

    text = f'''schema = "deterrence/1"
title = "Exercise {number}: a threat with an audience cost"
kind = "tree"
players = ["Challenger", "Defender"]
root = "start"

[parameters]
V = {{ default = {V}, min = 0, description = "value of the stake" }}
a = {{ default = {a}, min = 0, description = "defender's audience cost of backing down" }}
c = {{ default = {c}, min = 0, description = "challenger's cost of a fight" }}
d = {{ default = "{format_fraction(d)}", min = 0, description = "defender's cost of retaliating" }}

[nodes.start]
player = "Challenger"
actions = {{ Challenge = "respond", "Status quo" = "sq" }}

[nodes.respond]
player = "Defender"
actions = {{ Retaliate = "fight", "Back down" = "concede" }}

[outcomes.sq]
label = "status quo"
payoffs = {{ Challenger = 0, Defender = 0 }}

[outcomes.fight]
label = "fight"
payoffs = {{ Challenger = "-c", Defender = "-d" }}

[outcomes.concede]
label = "defender backs down"
payoffs = {{ Challenger = "V", Defender = "-V - a" }}
'''
    return parse_game(text, "credibility.toml"), text


def _credibility(rng: random.Random, number: int) -> Exercise:
    from deterrence.solver import solve

    V, a, c = rng.randint(1, 6), rng.randint(0, 4), rng.randint(1, 5)
    threshold = Fraction(V + a)
    d = Fraction(rng.choice([k for k in range(1, 2 * (V + a) + 3) if k != V + a]))
    game, text = credibility_game(V, a, c, d, number)
    result = solve(game)
    (eq,) = result.equilibria
    label = eq.label(game)

    def retaliates(value: Fraction) -> bool:
        r = solve(game.with_values({"d": value}))
        return "Defender: Retaliate" in r.equilibria[0].label(game)

    # the threshold is read off the model and confirmed by the solver on both sides of it
    assert retaliates(threshold - Fraction(1, 2)) and not retaliates(threshold + Fraction(1, 2))
    credible = d < threshold
    lines = [
        f"If challenged, the Defender compares -d (retaliate) with -V - a = {-(V + a)} (back down): "
        f"retaliation is its best reply exactly when d < V + a = {format_fraction(threshold)}.",
        f"Here d = {format_fraction(d)}, so the threat is "
        + ("credible: the Challenger, facing a fight that costs it "
           f"{c}, keeps the status quo." if credible else
           "not credible: the Defender would back down, so the Challenger challenges."),
        f"Subgame-perfect equilibrium: {label}; payoffs "
        + ", ".join(format_fraction(v) for v in eq.payoffs) + ".",
    ]
    question = ("For which values of the Defender's cost of retaliating d is its threat to "
                "retaliate credible? At the given value of d, what is the subgame-perfect "
                "equilibrium?")
    facts = (("threshold", f"d < {format_fraction(threshold)}"), ("credible", str(credible).lower()),
             ("equilibrium", label))
    return Exercise("credibility", number, game, question, tuple(lines), facts, result, text)


# ---------------------------------------------------------------- pool


def pool_available() -> bool:
    """Whether the sharing-pool builder (``kind = "pool"``) is installed."""
    from deterrence.io import toml_reader

    try:
        from deterrence.builders.pool import analysis  # noqa: F401
    except ImportError:
        return False
    return toml_reader("pool") is not None


def _pool(rng: random.Random, number: int) -> Exercise:
    from deterrence.builders.pool.analysis import analyse_pool, evaluate_point
    from deterrence.edit.templates import new_game_text
    from deterrence.edit.toml_edit import SetMetadata, SetParameter, apply_edits

    for _ in range(MAX_TRIES):
        values = {"Q": rng.choice([50, 100, 200]), "sigma": rng.choice(["1/2", "3/5", "4/5", "9/10"]),
                  "w": rng.randint(1, 4), "r": rng.choice(["1/2", "3/5", "4/5", "9/10", "1"]),
                  "d": rng.randint(1, 3), "D": rng.randint(6, 20), "L": rng.randint(1, 6), "N": 0}
        edits = [SetParameter(k, str(v)) for k, v in values.items()]
        edits.append(SetMetadata("title", f"Exercise {number}: a sharing pool"))
        outcome = apply_edits(new_game_text("pool"), edits, "pool.toml")
        game = outcome.game
        analysis = analyse_pool(game, "N", range(0, 16))
        change = analysis.change
        if change is not None and change.stops_paying and 1 <= int(change.exact) <= 15:
            break
    else:  # pragma: no cover
        raise RuntimeError("no pool exercise found")
    n = int(change.exact)
    before = evaluate_point(game.with_values({"N": n - 1}), Fraction(n - 1))
    after = evaluate_point(game.with_values({"N": n}), Fraction(n))
    assert before.pays and not after.pays
    from deterrence.solver import solve

    result = solve(game.with_values({"N": n}))
    lines = [
        f"With {n - 1} member(s) the Coercer expects {format_fraction(before.restrict)} from "
        f"restricting against {format_fraction(before.refrain)} from not: coercion pays.",
        f"With {n} members it expects {format_fraction(after.restrict)}: coercion no longer pays. "
        f"The smallest pool that stops coercion has {n} members.",
    ]
    question = ("Each pool member pledges w units and honours its pledge with probability r. "
                "What is the smallest number of members N at which restricting exports no longer "
                "pays the Coercer?")
    facts = (("members", str(n)),)
    return Exercise("pool", number, game, question, tuple(lines), facts, result, outcome.text)


# ---------------------------------------------------------------- sheets


def _toml(game) -> str:
    from deterrence.io import dumps

    return dumps(game, "toml")


GENERATORS: dict[str, Callable[[random.Random, int], Exercise]] = {
    "3x3-dominance": _dominance,
    "2x2-mixed": _mixed,
    "spe-tree": _spe_tree,
    "credibility": _credibility,
    "pool": _pool,
}
KINDS = tuple(GENERATORS)


def available_kinds() -> tuple[str, ...]:
    """The kinds this installation can generate."""
    return tuple(k for k in KINDS if k != "pool" or pool_available())


def make_sheet(kind: str, seed: int, count: int = 3) -> Sheet:
    """``count`` exercises of ``kind`` drawn from ``seed``.

    Raises
    ------
    UsageError
        For an unknown or unavailable kind, or a count out of range.
    """
    if kind not in KINDS:
        raise UsageError(f"no exercise kind {kind!r}", hint=f"kinds: {', '.join(KINDS)}")
    if kind not in available_kinds():
        raise UsageError(f"exercises of kind {kind!r} need the sharing-pool builder, which is not "
                         "installed", hint=f"available kinds: {', '.join(available_kinds())}")
    if not 1 <= count <= MAX_COUNT:
        raise UsageError(f"--count must be between 1 and {MAX_COUNT}")
    rng = random.Random(f"deterrence-exercise:{kind}:{seed}")
    return Sheet(kind, seed, tuple(GENERATORS[kind](rng, k) for k in range(1, count + 1)))


__all__ = ["Exercise", "Sheet", "make_sheet", "available_kinds", "KINDS", "TITLES",
           "credibility_game", "pool_available"]
