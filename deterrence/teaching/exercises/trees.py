"""Exercises on game trees: backward induction, and an escalation ladder.

Node names in the keys (``'F1'``, ``'controls'``) are the names printed on
the sheet next to each decision node.

Example
-------
>>> import random
>>> ex = ladder(random.Random("doc"), 1)
>>> ex.game.ids[0], "controls" in ex.game.ids
('tariffs', True)
"""

from __future__ import annotations

import random
from fractions import Fraction

from deterrence.teaching.exercises.base import MAX_TRIES, Exercise, fmt, read_text, toml_of, tree_file


def _leaf(nodes: dict, name: str, label: str, players, rng: random.Random) -> str:
    from deterrence.model.expr import as_expr
    from deterrence.model.tree import Node

    nodes[name] = Node(outcome=label, payoffs=tuple((p, as_expr(rng.randint(0, 9))) for p in players))
    return name


def _steps_lines(game, eq) -> list[str]:
    from deterrence.teaching.explain import backward_steps
    from deterrence.views.explain import node_sentence

    return [node_sentence(game, s) for s in backward_steps(game, eq)]


def spe_tree(rng: random.Random, number: int) -> Exercise:
    """A small tree of perfect information with a unique subgame-perfect equilibrium."""
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
                    a = _leaf(nodes, f"z{k}{j}i", f"{path}, In", players, rng)
                    b = _leaf(nodes, f"z{k}{j}o", f"{path}, Out", players, rng)
                    nodes["L2"] = Node(player="Leader", actions=(("In", a), ("Out", b)))
                    kids.append((answer, "L2"))
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
    eq = result.equilibria[0]
    lines = _steps_lines(game, eq)
    outcome = ", ".join(label for label, p in eq.outcomes if p)
    payoffs = ", ".join(fmt(v) for v in eq.payoffs)
    lines.append(f"Subgame-perfect equilibrium: {eq.label(game)}; play ends at {outcome} "
                 f"with payoffs {payoffs}.")
    question = ("Find the subgame-perfect equilibrium by backward induction. Give each player's "
                "complete strategy (an action at every node where it moves, named as on the sheet) "
                "and the outcome.")
    hints = ("Start at the last decision node (L2) and work back to L1.",
             "A complete strategy says what a player would do even at nodes that are never reached.")
    facts = (("equilibrium", eq.label(game)), ("outcome", outcome), ("payoffs", payoffs))
    story = ("A Leader (a state that moves first, say by announcing a policy) and a Follower who "
             "sees the move and answers; the Leader may get a last word.")
    return Exercise("spe-tree", number, game, question, tuple(lines), facts, result, toml_of(game), hints, story)


# ---------------------------------------------------------------- escalation ladder


LADDER_PLAYERS = ("United States", "China")


def ladder_game(V: int, costs: tuple[int, int, int], q: Fraction, D: int, number: int = 1):
    """Tariffs, export controls, counter-controls: the ladder-tree template, with a cost per rung."""
    us, cn = LADDER_PLAYERS
    c1, c2, c3 = costs
    text = tree_file(
        f"Exercise {number}: an escalation ladder", LADDER_PLAYERS,
        [("V", V, "value of the stake (the trade concessions)", {"min": 0}),
         ("c1", c1, "cost of the tariffs, to each side", {"min": 0}),
         ("c2", c2, "cost of the export controls on rare earths, to each side", {"min": 0}),
         ("c3", c3, "cost of the counter-controls on chip materials, to each side", {"min": 0}),
         ("q", q, "chance that events escape control after an escalation", {"type": "probability"}),
         ("D", D, "cost of losing control (decoupling, a military crisis), to each side", {"min": 0})],
        {"tariffs": {"player": us, "actions": {"Impose tariffs": "rung1", "Keep the status quo": "sq"}},
         "rung1": {"chance": {"Lose control": "q", "Stay in control": "1 - q"},
                   "actions": {"Lose control": "lost1", "Stay in control": "controls"}},
         "controls": {"player": cn, "actions": {"Export controls": "rung2", "Back down": "cn_yields"}},
         "rung2": {"chance": {"Lose control": "q", "Stay in control": "1 - q"},
                   "actions": {"Lose control": "lost2", "Stay in control": "counter"}},
         "counter": {"player": us, "actions": {"Counter-controls": "rung3", "Back down": "us_yields"}},
         "rung3": {"chance": {"Lose control": "q", "Stay in control": "1 - q"},
                   "actions": {"Lose control": "lost3", "Stay in control": "stalemate"}}},
        {"sq": ("status quo", {us: 0, cn: 0}),
         "cn_yields": ("China backs down", {us: "V - c1", cn: "-V - c1"}),
         "us_yields": ("the US backs down", {us: "-V - c1 - c2", cn: "V - c1 - c2"}),
         "stalemate": ("stalemate", {us: "-c1 - c2 - c3", cn: "-c1 - c2 - c3"}),
         "lost1": ("loss of control", {us: "-D - c1", cn: "-D - c1"}),
         "lost2": ("loss of control", {us: "-D - c1 - c2", cn: "-D - c1 - c2"}),
         "lost3": ("loss of control", {us: "-D - c1 - c2 - c3", cn: "-D - c1 - c2 - c3"})},
        root="tariffs")
    return read_text(text, "ladder.toml"), text


def ladder(rng: random.Random, number: int) -> Exercise:
    """Where does escalation stop on a three-rung ladder with a risk of losing control?"""
    from deterrence.solver import solve
    from deterrence.teaching.explain import backward_steps

    for _ in range(MAX_TRIES):
        V = rng.randint(2, 10)
        costs = (rng.randint(0, 3), rng.randint(0, 4), rng.randint(0, 5))
        q = Fraction(rng.choice(["0", "1/20", "1/10", "1/5", "1/4"]))
        D = rng.randint(5, 40)
        game, text = ladder_game(V, costs, q, D, number)
        result = solve(game)
        if len(result.equilibria) != 1:
            continue
        eq = result.equilibria[0]
        steps = backward_steps(game, eq)
        if all(len(s.chosen) == 1 for s in steps if s.player is not None):
            break
    else:  # pragma: no cover
        raise RuntimeError("no ladder with a unique subgame-perfect equilibrium found")
    lines = _steps_lines(game, eq)
    reached = [label for label, p in eq.outcomes if p]
    climbed = _climbed(game, eq)
    top = climbed[-1] if climbed else "none"
    payoffs = ", ".join(fmt(v) for v in eq.payoffs)
    lines.append(f"Subgame-perfect equilibrium: {eq.label(game)}. On the path of play the highest "
                 f"rung climbed is {top if climbed else 'none (the status quo holds)'}; outcomes: "
                 + "; ".join(f"{label} ({fmt(p)})" for label, p in eq.outcomes if p)
                 + f"; expected payoffs {payoffs}.")
    question = ("Solve the ladder by backward induction, from 'counter' back to 'tariffs'. Where does "
                "escalation stop, and with what chance does it end in a loss of control?")
    hints = ("At a chance node take the expected payoff: q times losing control plus (1 - q) times "
             "what follows.",
             "A side that expects to lose higher up prefers to give way early: the ladder unravels "
             "from the top.")
    lost = sum((p for label, p in eq.outcomes if label == "loss of control"), Fraction(0))
    facts = (("equilibrium", eq.label(game)), ("highest_rung", top), ("loss_of_control", fmt(lost)),
             ("outcomes", "; ".join(reached)), ("payoffs", payoffs))
    story = ("The United States opens with tariffs; China may answer with export controls on rare "
             "earths (about 90% of refined output); the United States may answer with counter-controls "
             "on chip materials. Each rung costs both sides, and after each one events may escape control.")
    return Exercise("ladder", number, game, question, tuple(lines), facts, result, text, hints, story)


CLIMB = ("Impose tariffs", "Export controls", "Counter-controls")


def _climbed(game, eq) -> list[str]:
    """The rungs climbed on the path of play while control holds."""
    behaviour = eq.behaviour(game)
    v, climbed = 0, []
    while not game.is_terminal(v):
        edges = list(game.edges(v))
        if game.is_chance(v):
            v = int(game.child[next(e for e in edges if game.action[e] == "Stay in control")])
            continue
        probs = behaviour[int(game.infoset[v])]
        e = edges[max(range(len(edges)), key=lambda j: probs[j])]
        if game.action[e] in CLIMB:
            climbed.append(game.action[e])
        v = int(game.child[e])
    return climbed


__all__ = ["spe_tree", "ladder", "ladder_game"]
