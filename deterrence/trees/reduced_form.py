"""The reduced strategic form of a tree, and the way back to behaviour strategies.

A *plan* of a player names an action at each of its information sets that
its own earlier actions do not rule out (``*`` marks an information set the
plan itself never reaches). The reduced strategic form has one strategy per
plan; the payoff of a profile of plans is the expected payoff of the play
they produce. Plans are labelled by their actions joined with ``/``.

A mixed strategy over plans becomes a behaviour strategy (Kuhn's theorem,
for perfect recall): the probability of action ``a`` at information set
``h`` is the weight of the plans choosing ``a`` at ``h`` over the weight of
the plans that reach ``h``. Where no plan in the support reaches ``h`` the
behaviour there is left open (``None``).

The same works on a *part* of a tree: from a subgame root, with subgames
below it already solved and replaced by their values (``cut``).

Example
-------
>>> from deterrence.io import load_game
>>> game = load_game("punishment_deterrence")
>>> form = reduced_form(game)
>>> form.normal.strategies
(('Challenge', 'Status quo'), ('Retaliate', 'Acquiesce'))
>>> form.normal.payoff((0, 0))
(Fraction(-2, 1), Fraction(-2, 1))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Mapping, Sequence

import numpy as np

from deterrence.errors import UsageError
from deterrence.model.normal import NormalFormGame

#: Most plans per player (the reduced form grows exponentially with the tree).
MAX_PLANS = 4096
#: Most information sets of one player in a reduced strategic form.
MAX_DECISION_POINTS = 400
#: Label of the single plan of a player who has no move.
NO_MOVE = "(no move)"


@dataclass(frozen=True)
class Region:
    """The nodes of a tree from ``root`` down, stopping at ``cut`` nodes.

    ``nodes`` are in level order; ``leaves`` are the terminal and cut nodes.
    """

    root: int
    nodes: tuple[int, ...]
    leaves: tuple[int, ...]


def region(game, root: int = 0, cut: Mapping[int, object] | None = None) -> Region:
    cut = cut or {}
    nodes, leaves = [], []
    stack = [root]
    while stack:
        v = stack.pop()
        nodes.append(v)
        if (v in cut and v != root) or game.is_terminal(v):
            leaves.append(v)
            continue
        stack.extend(game.children(v))
    return Region(root, tuple(sorted(nodes)), tuple(sorted(leaves)))


@dataclass(frozen=True)
class ReducedForm:
    """A reduced strategic form and the plans behind its strategies.

    ``infosets[i]`` lists player ``i``'s information sets in the region;
    ``plans[i][s]`` gives, for each of them, the action index chosen by
    strategy ``s`` (``-1``: not reached by the plan).
    """

    normal: NormalFormGame
    infosets: tuple[tuple[int, ...], ...]
    plans: tuple[tuple[tuple[int, ...], ...], ...]
    region: Region
    n_actions: tuple[tuple[int, int], ...] = ()

    def behaviour(self, player: int, sigma: Sequence[Fraction]) -> dict[int, tuple[Fraction, ...] | None]:
        """Behaviour strategy of ``player`` from mixed strategy ``sigma`` over its plans.

        Information sets that no plan in the support reaches map to ``None``.
        """
        out: dict[int, tuple[Fraction, ...] | None] = {}
        plans = self.plans[player]
        for t, h in enumerate(self.infosets[player]):
            n_actions = dict(self.n_actions)[h]
            weights = [Fraction(0)] * n_actions
            for plan, w in zip(plans, sigma):
                if w and plan[t] >= 0:
                    weights[plan[t]] += Fraction(w)
            total = sum(weights, Fraction(0))
            out[h] = tuple(x / total for x in weights) if total else None
        return out


def _own_paths(game, reg: Region, player: int) -> dict[int, tuple[tuple[int, int], ...]]:
    """For every node of the region, ``player``'s own (infoset, action) moves above it."""
    paths: dict[int, tuple[tuple[int, int], ...]] = {reg.root: ()}
    leaves = set(reg.leaves)
    for v in reg.nodes:
        if v in leaves:
            continue
        here = paths[v]
        mine = int(game.mover[v]) == player
        for j, c in enumerate(game.children(v)):
            paths[c] = here + ((int(game.infoset[v]), j),) if mine else here
    return paths


def _plans(game, reg: Region, player: int, paths) -> tuple[tuple[int, ...], tuple[tuple[int, ...], ...]]:
    leaves = set(reg.leaves)
    members: dict[int, list[int]] = {}
    for v in reg.nodes:
        if v not in leaves and int(game.mover[v]) == player:
            members.setdefault(int(game.infoset[v]), []).append(v)
    infosets = tuple(sorted(members, key=lambda h: members[h][0]))
    if len(infosets) > MAX_DECISION_POINTS:
        raise UsageError(
            f"{game.players[player]} has {len(infosets)} decision points: the reduced strategic "
            "form is far too large", hint="use backward induction (perfect information) or "
            "subgame perfection on a smaller tree")
    position = {h: t for t, h in enumerate(infosets)}
    n_actions = [len(game.infoset_actions(h)) for h in infosets]

    def reached(h: int, plan: list[int], strict: bool) -> bool:
        for v in members[h]:
            ok = True
            for g, a in paths[v]:
                chosen = plan[position[g]]
                if chosen == -1 or (chosen >= 0 and chosen != a) or (strict and chosen == -2):
                    ok = False
                    break
            if ok:
                return True
        return False

    found: set[tuple[int, ...]] = set()
    out: list[tuple[int, ...]] = []
    plan = [-2] * len(infosets)  # -2: not decided yet

    def extend(t: int) -> None:
        if t == len(infosets):
            final = tuple(a if a >= 0 and reached(h, plan, True) else -1
                          for h, a in zip(infosets, plan))
            if final not in found:
                if len(out) >= MAX_PLANS:
                    raise UsageError(
                        f"{game.players[player]} has more than {MAX_PLANS} plans: the reduced "
                        "strategic form is too large",
                        hint="use backward induction (perfect information) or a smaller tree")
                found.add(final)
                out.append(final)
            return
        if reached(infosets[t], plan, False):
            for a in range(n_actions[t]):
                plan[t] = a
                extend(t + 1)
            plan[t] = -2
        else:
            plan[t] = -1
            extend(t + 1)
            plan[t] = -2

    extend(0)
    return infosets, tuple(out)


def plan_label(game, infosets: Sequence[int], plan: Sequence[int]) -> str:
    """``Challenge/Retaliate``; ``*`` where the plan does not reach an information set."""
    if not infosets:
        return NO_MOVE
    return "/".join(game.infoset_actions(h)[a] if a >= 0 else "*" for h, a in zip(infosets, plan))


def reduced_form(game, root: int = 0, cut: Mapping[int, Sequence[Fraction]] | None = None
                 ) -> ReducedForm:
    """The reduced strategic form of the tree from ``root``, with ``cut`` subtrees
    replaced by the given payoff vectors (their values from the cut node on).

    Payoffs written on nodes above ``root`` are left out: they do not depend on
    play in the region.
    """
    cut = dict(cut or {})
    reg = region(game, root, cut)
    k = game.n_players
    infosets, plans, paths = [], [], []
    for i in range(k):
        own = _own_paths(game, reg, i)
        h, p = _plans(game, reg, i, own)
        infosets.append(h)
        plans.append(p if p else ((),))
        paths.append(own)
    shape = tuple(len(p) for p in plans)
    cells = int(np.prod(shape))
    if cells > 10 ** 6:
        raise UsageError(f"the reduced strategic form would have {cells} cells",
                         hint="solve by subgame perfection, or use a smaller tree")
    arrays = [np.zeros(shape, dtype=object) for _ in range(k)]
    for a in arrays:
        a[...] = Fraction(0)
    # weight (chance) and payoff accumulated along each path to a leaf
    zero = (Fraction(0),) * k
    acc: dict[int, tuple[Fraction, tuple[Fraction, ...]]] = {}
    leaves = set(reg.leaves)
    position = [{h: t for t, h in enumerate(hs)} for hs in infosets]
    for v in reg.nodes:
        if v == root:
            weight, total = Fraction(1), zero
        else:
            parent = int(game.parent[v])
            weight, total = acc[parent]
            if game.is_chance(parent):
                weight = weight * game.probability(int(game.parent_edge[v]))
        if v in cut and v != root:
            total = tuple(a + Fraction(b) for a, b in zip(total, cut[v]))
        else:
            own = game.node_payoff(v)
            if own:
                total = tuple(a + b for a, b in zip(total, own))
        acc[v] = (weight, total)
        if v not in leaves or not weight:
            continue
        index = []
        for i in range(k):
            moves = paths[i][v]
            consistent = [s for s, plan in enumerate(plans[i])
                          if all(plan[position[i][g]] == a for g, a in moves)]
            index.append(consistent)
        grid = np.ix_(*index)
        for i in range(k):
            arrays[i][grid] += weight * total[i]
    labels = [tuple(plan_label(game, infosets[i], p) for p in plans[i]) for i in range(k)]
    normal = NormalFormGame.from_arrays(game.players, labels, arrays,
                                        title=f"{game.title} (reduced strategic form)".strip(),
                                        parameters=game.parameters,
                                        source=game.source)
    n_actions = tuple((h, len(game.infoset_actions(h))) for hs in infosets for h in hs)
    return ReducedForm(normal, tuple(infosets), tuple(tuple(p) for p in plans), reg, n_actions)


def profile_behaviour(form: ReducedForm, mixed: Sequence[Sequence[Fraction]]
                      ) -> dict[int, tuple[Fraction, ...] | None]:
    """Behaviour at every information set of the region from a mixed profile over plans."""
    out: dict[int, tuple[Fraction, ...] | None] = {}
    for i, sigma in enumerate(mixed):
        out.update(form.behaviour(i, sigma))
    return out


#: What a result says when a tree was replaced by its reduced strategic form.
STRATEGIC_FORM_NOTE = ("the game tree was replaced by its reduced strategic form "
                       "(one strategy per plan of action)")


def strategic_form(game):
    """``game`` itself if it is a normal form, else its reduced strategic form.

    >>> from deterrence.io import load_game
    >>> strategic_form(load_game("punishment_deterrence")).shape
    (2, 2)
    """
    from deterrence.model.tree import GameTree

    return reduced_form(game).normal if isinstance(game, GameTree) else game
