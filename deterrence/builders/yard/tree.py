"""Build the small-yard game tree.

The story::

    Defender: which affordable set of goods to protect (its cost is paid)
      -> Coercer: cut one good, or refrain
         -> Defender: concede (a share `leverage` of the cut's damage)
                      or hold out (the damage: the protected level if fenced)

Only the sets the budget affords are moves, so the tree depends on the
parameter values in force; it rebuilds itself when they change.

Example
-------
>>> from deterrence.io.toml_document import TomlDocument
>>> from deterrence.builders.yard.spec import EXAMPLE, read_yard_spec
>>> doc = TomlDocument(EXAMPLE)
>>> game = build_yard_game(read_yard_spec(doc), doc.parameters())
>>> [a for a, _ in game.node("protect").actions]
['Protect nothing', 'Protect rare earths', 'Protect graphite', 'Protect solar panels', 'Protect graphite, solar panels']
"""

from __future__ import annotations

import itertools
from typing import Any

from deterrence.builders.yard.spec import YardSpec, check_numbers
from deterrence.model.algebra import ZERO, minus, times, total
from deterrence.model.parameters import Parameters

#: Labels of the moves, used by the analysis to read the solved tree.
REFRAIN, CONCEDE, HOLD_OUT = "Refrain", "Concede", "Hold out"
PROTECT, CUT = "Protect", "Restrict"


def protection_sets(spec: YardSpec, env) -> list[frozenset[int]]:
    """The affordable sets of goods (by index), smallest first, in file order."""
    numbers = spec.evaluate(env)
    n = len(spec.goods)
    sets = []
    for size in range(n + 1):
        for combo in itertools.combinations(range(n), size):
            s = frozenset(combo)
            if numbers.affordable(s):
                sets.append(s)
    return sets


def set_label(spec: YardSpec, protected: frozenset[int]) -> str:
    """``Protect rare earths, graphite`` or ``Protect nothing``."""
    if not protected:
        return f"{PROTECT} nothing"
    return f"{PROTECT} " + ", ".join(in_sentence(spec.goods[i].name) for i in sorted(protected))


def in_sentence(name: str) -> str:
    """A good's name inside a sentence: ``Rare earths`` -> ``rare earths``, ``APIs`` kept."""
    return name if name[:2].isupper() else name[0].lower() + name[1:]


def set_tag(spec: YardSpec, protected: frozenset[int]) -> str:
    return "_".join(spec.goods[i].slug for i in sorted(protected)) or "nothing"


def build_yard_game(spec: YardSpec, parameters: Parameters, **metadata: Any):
    """The small-yard game as an ordinary :class:`~deterrence.model.tree.GameTree`."""
    from deterrence.model.tree import GameTree, Node

    env = parameters.environment()
    check_numbers(spec.evaluate(env))
    players = metadata.pop("players", None) or (spec.defender, spec.coercer)
    d, c = spec.defender, spec.coercer
    nodes: dict[str, Node] = {}
    root_actions = []
    for protected in protection_sets(spec, env):
        tag = set_tag(spec, protected)
        spent = total([spec.goods[i].cost for i in sorted(protected)])
        fenced = ", ".join(spec.goods[i].name for i in sorted(protected)) or "nothing"
        actions = []
        for i, good in enumerate(spec.goods):
            damage = good.protected if i in protected else good.damage
            node, conceded, held = f"respond_{tag}__{good.slug}", f"conceded_{tag}__{good.slug}", \
                f"held_{tag}__{good.slug}"
            nodes[node] = Node(player=d, actions=((CONCEDE, conceded), (HOLD_OUT, held)))
            concession = times(spec.leverage, damage)
            nodes[conceded] = Node(outcome=f"{good.name} cut, {d} concedes (fenced: {fenced})",
                                   payoffs=_pairs(players, {d: minus(minus(ZERO, spent), concession),
                                                           c: minus(concession, good.restriction_cost)}))
            nodes[held] = Node(outcome=f"{good.name} cut, {d} holds out (fenced: {fenced})",
                               payoffs=_pairs(players, {d: minus(minus(ZERO, spent), damage),
                                                       c: minus(ZERO, good.restriction_cost)}))
            actions.append((f"{CUT} {in_sentence(good.name)}", node))
        quiet = f"refrained_{tag}"
        nodes[quiet] = Node(outcome=f"no coercion (fenced: {fenced})",
                            payoffs=_pairs(players, {d: minus(ZERO, spent), c: ZERO}))
        actions.append((REFRAIN, quiet))
        nodes[f"coerce_{tag}"] = Node(player=c, actions=tuple(actions))
        root_actions.append((set_label(spec, protected), f"coerce_{tag}"))
    nodes["protect"] = Node(player=d, actions=tuple(root_actions))
    return GameTree.from_nodes(players, "protect", nodes, parameters=parameters, **metadata)


def _pairs(players, payoffs):
    return tuple((p, payoffs[p]) for p in players)


__all__ = ["build_yard_game", "protection_sets", "set_label", "in_sentence", "REFRAIN", "CONCEDE", "HOLD_OUT"]
