"""Build the alternating escalate / back-down tree of an escalation ladder.

The game, for sides A (moving first) and B, rungs 1..n above the bottom
(rung 0)::

    [nature: each side with private resolve draws its type]
    rung 0:  A escalates to rung 1, or backs down (B gets the stake)
    rung 1:  both bear the cost of rung 1;
             chance: events escape control (worst outcome) or not;
             B escalates to rung 2, or backs down (A gets the stake)
    rung 2:  ... and so on, the sides alternating ...
    rung n:  the top; if control holds there: ``top = "worst"`` ends in the
             worst outcome, ``"stalemate"`` leaves the stake with nobody,
             ``"war"`` is a chance move deciding who prevails and takes it.

Payoffs at each end of play: the stake to the side that gets it (its type's
value of it), minus the costs a side has borne so far (every rung reached,
times its type's ``cost_scale``), plus the worst outcome's payoff where
events escaped control. A side whose resolve is private knows its own type
only: its nodes at one rung share an information set across the other
side's types, so the tree has incomplete information and is solved for
perfect Bayesian equilibria. A type whose prior is exactly 0 at the values
in force is left out of the tree (a prior of 0 or 1 is complete information),
which is why a ladder rebuilds itself when its values change.

Payoffs and probabilities stay expressions over the file's parameters, so
``solve``, ``sweep`` and ``thresholds`` see the formulas.

Example
-------
>>> from deterrence.io.toml_document import TomlDocument
>>> from deterrence.builders.ladder.spec import EXAMPLE, read_ladder_spec
>>> doc = TomlDocument(EXAMPLE)
>>> game, roles = build_ladder(read_ladder_spec(doc), doc.parameters())
>>> game.size, game.ids[:3]
(13, ('move0', 'reach1', 'yield0'))
>>> [str(x) for _, x in game.node("yield0").payoffs]
['0', 'V']
>>> roles["lost2"]
NodeRole(kind='lost', rung=2, profile=(0, 0), side=None)
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from deterrence.builders.ladder.spec import LadderSpec
from deterrence.model.algebra import ONE, ZERO, minus, negative, plus, times, total
from deterrence.model.expr import Expr
from deterrence.model.parameters import Parameters


#: Labels the analysis reads the solved tree by.
BACK_DOWN = "Back down"
LOSE_CONTROL, KEEP_CONTROL = "Lose control", "Control holds"


def escalate_label(rung_name: str) -> str:
    return f"Escalate to {rung_name}"


# ------------------------------------------------------------------ algebra


# ------------------------------------------------------------------ layout


@dataclass(frozen=True)
class NodeRole:
    """What a node of a ladder tree stands for.

    ``kind`` is ``types`` (nature draws the types), ``decide`` (the side
    ``side`` escalates or backs down at rung ``rung``), ``control`` (the
    loss-of-control draw on reaching ``rung``), ``lost`` (events escaped
    control at ``rung``), ``yield`` (``side`` backed down at ``rung``),
    ``top`` (the top reached and control held), ``war`` (the chance move at
    the top) or ``won`` (``side`` prevailed at the top). ``profile`` is the
    index of each side's type (0 is the resolute type).
    """

    kind: str
    rung: int
    profile: tuple[int, int]
    side: int | None = None


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_") or "x"


def profiles(spec: LadderSpec, env=None) -> list[tuple[tuple[int, int], Expr, str]]:
    """Every type profile: ``(type indices, probability, label)``.

    With values ``env``, a type whose probability is exactly 0 is left out:
    it never occurs, and the side it belongs to then has no private resolve
    (a prior of 0 or 1 is complete information).
    """
    options = []
    for side, resolve in enumerate(spec.resolve):
        if resolve is None:
            options.append([(0, ONE, "")])
            continue
        chances = resolve.chances()
        possible = [t for t in (0, 1) if env is None or chances[t].evaluate(env) != 0]
        if len(possible) == 1:
            options.append([(possible[0], ONE, "")])
        else:
            options.append([(t, chances[t], f"{spec.sides[side]} {resolve.types[t].name}")
                            for t in possible])
    out = []
    for (ta, pa, la), (tb, pb, lb) in itertools.product(*options):
        out.append(((ta, tb), times(pa, pb), ", ".join(x for x in (la, lb) if x)))
    return out


def _prefix(spec: LadderSpec, profile: tuple[int, int]) -> str:
    parts = [_slug(spec.types(side)[t].name) for side, t in enumerate(profile)
             if spec.resolve[side] is not None]
    return "_".join(parts) + "__" if parts else ""


def _infoset(spec: LadderSpec, side: int, profile: tuple[int, int], rung: int) -> str:
    """A side knows its own type and the rung reached, nothing else."""
    name = spec.sides[side]
    if spec.resolve[side] is not None:
        name += f" ({spec.types(side)[profile[side]].name})"
    return f"{name} at {spec.rung_name(rung)}"


# ------------------------------------------------------------------ the tree


def build_ladder(spec: LadderSpec, parameters: Parameters, **metadata: Any):
    """The ladder as an ordinary :class:`~deterrence.model.tree.GameTree`.

    Returns ``(game, roles)``: ``roles`` maps every node id to its
    :class:`NodeRole`, which is how the analysis reads the solved tree.

    Raises
    ------
    GameFileError
        When the values in force contradict the ladder (a loss-of-control
        probability outside [0, 1], a negative cost, ...).
    """
    from deterrence.model.tree import GameTree, Node

    spec.check(parameters.environment())
    n = len(spec.rungs)
    sides = spec.sides
    nodes: dict[str, Node] = {}
    roles: dict[str, NodeRole] = {}
    # cumulative cost of every side up to each rung
    cumulative = [[total([r.cost[s] for r in spec.rungs[:k]]) for k in range(n + 1)] for s in (0, 1)]

    def pays(profile, side: int, rung: int, stake: bool = False, worst: bool = False) -> Expr:
        kind = spec.types(side)[profile[side]]
        value = negative(times(kind.cost_scale, cumulative[side][rung]))
        if stake:
            value = plus(kind.stake, value)
        if worst:
            value = plus(kind.worst, value)
        return value

    def end(node_id: str, label: str, role: NodeRole, profile, rung: int,
            stake_to: int | None = None, worst: bool = False) -> str:
        nodes[node_id] = Node(outcome=label, payoffs=tuple(
            (sides[s], pays(profile, s, rung, stake=stake_to == s, worst=worst)) for s in (0, 1)))
        roles[node_id] = role
        return node_id

    def ladder(profile, tag: str) -> str:
        p = _prefix(spec, profile)
        suffix = f" ({tag})" if tag else ""
        # the top
        top_id = f"{p}top"
        if spec.top == "war":
            actions = []
            for s in (0, 1):
                actions.append((f"{sides[s]} prevails",
                                end(f"{p}won_{_slug(sides[s])}", f"{sides[s]} prevails at the top{suffix}",
                                    NodeRole("won", n, profile, s), profile, n, stake_to=s)))
            nodes[top_id] = Node(actions=tuple(actions), probabilities=spec.prevail)
            roles[top_id] = NodeRole("war", n, profile)
        elif spec.top == "stalemate":
            end(top_id, f"stalemate at {spec.rung_name(n)}{suffix}", NodeRole("top", n, profile), profile, n)
        else:
            end(top_id, f"worst outcome at the top, {spec.rung_name(n)}{suffix}",
                NodeRole("top", n, profile), profile, n, worst=True)
        after = top_id
        for k in range(n, 0, -1):
            # reaching rung k: the loss-of-control draw, then (below the top) a move
            if k < n:
                mover = spec.mover(k)
                move = f"{p}move{k}"
                other = 1 - mover
                backed = end(f"{p}yield{k}", f"{sides[mover]} backs down at {spec.rung_name(k)}{suffix}",
                             NodeRole("yield", k, profile, mover), profile, k, stake_to=other)
                nodes[move] = Node(player=sides[mover], infoset=_infoset(spec, mover, profile, k),
                                   actions=((escalate_label(spec.rung_name(k + 1)), after), (BACK_DOWN, backed)))
                roles[move] = NodeRole("decide", k, profile, mover)
                after = move
            q = spec.rungs[k - 1].loss_of_control
            if q != ZERO:
                reach = f"{p}reach{k}"
                lost = end(f"{p}lost{k}", f"control lost at {spec.rung_name(k)}{suffix}",
                           NodeRole("lost", k, profile), profile, k, worst=True)
                nodes[reach] = Node(actions=((LOSE_CONTROL, lost), (KEEP_CONTROL, after)),
                                    probabilities=(q, minus(ONE, q)))
                roles[reach] = NodeRole("control", k, profile)
                after = reach
        mover = spec.mover(0)
        move = f"{p}move0"
        backed = end(f"{p}yield0", f"{sides[mover]} backs down at {spec.start}{suffix}",
                     NodeRole("yield", 0, profile, mover), profile, 0, stake_to=1 - mover)
        nodes[move] = Node(player=sides[mover], infoset=_infoset(spec, mover, profile, 0),
                           actions=((escalate_label(spec.rung_name(1)), after), (BACK_DOWN, backed)))
        roles[move] = NodeRole("decide", 0, profile, mover)
        return move

    draws = profiles(spec, parameters.environment())
    if len(draws) == 1:
        root = ladder(draws[0][0], "")
    else:
        actions = tuple((label, ladder(profile, label)) for profile, _, label in draws)
        root = "types"
        nodes[root] = Node(actions=actions, probabilities=tuple(p for _, p, _ in draws))
        roles[root] = NodeRole("types", 0, (0, 0))
    game = GameTree.from_nodes(sides, root, nodes, parameters=parameters, **metadata)
    return game, roles


def build_ladder_game(spec: LadderSpec, parameters: Parameters, **metadata: Any):
    """Only the tree of :func:`build_ladder`."""
    return build_ladder(spec, parameters, **metadata)[0]


__all__ = ["build_ladder", "build_ladder_game", "NodeRole", "profiles", "BACK_DOWN",
           "LOSE_CONTROL", "KEEP_CONTROL", "escalate_label", "plus", "minus", "times", "total"]
