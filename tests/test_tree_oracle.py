"""Oracle: Nash equilibria of two-player trees through the reduced strategic form
equal pygambit's ``enummixed_solve`` on the same ``.efg``.

What is compared: both sides enumerate the *extreme* equilibria of the
reduced strategic form. Strategy labels differ (``Challenge/Retaliate``
here, ``12*`` in Gambit), so each reduced strategy is identified by what it
does: the set of terminal nodes its own moves allow (two reduced strategies
of a player differ exactly when that set differs). An equilibrium is then a
pair of maps from those sets to probabilities, and the two lists must be the
same set. Trees are random (fixed seeds) with chance moves and information
sets of several nodes built with perfect recall, plus the catalogue trees and
textbook trees.
"""

from __future__ import annotations

import io
import random
from fractions import Fraction

import pytest

from deterrence.io import load_game
from deterrence.io.gambit_efg import write_efg
from deterrence.model.expr import Const
from deterrence.model.tree import GameTree, Node
from deterrence.solver import solve
from deterrence.trees.reduced_form import reduced_form
from deterrence.trees.solver import solve_tree

gbt = pytest.importorskip("pygambit")

pytestmark = pytest.mark.oracle

CHANCE = [(Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 3), Fraction(2, 3)),
          (Fraction(1, 4), Fraction(3, 4))]


def random_tree(seed: int, depth: int = 3) -> GameTree:
    """Two players, chance moves, information sets that keep perfect recall."""
    rng = random.Random(seed)
    players = ("P1", "P2")
    nodes: dict[str, Node] = {}
    # a frontier entry: (id, depth, own history per player)
    frontier = [("r", 0, ((), ()))]
    count = 0
    while frontier:
        level = []
        for node_id, d, history in frontier:
            terminal = d > 0 and (d >= depth or rng.random() < 0.25)
            if terminal:
                payoffs = tuple((p, Const(Fraction(rng.randint(-3, 4)))) for p in players)
                nodes[node_id] = Node(payoffs=payoffs)
                continue
            kind = "chance" if rng.random() < 0.2 else (
                players[d % 2] if rng.random() < 0.8 else rng.choice(players))
            level.append((node_id, d, history, kind))
        # group decision nodes of one level: same player, same own history -> may share a set
        groups: dict[tuple, list] = {}
        for entry in level:
            node_id, d, history, kind = entry
            if kind != "chance":
                groups.setdefault((kind, history[players.index(kind)]), []).append(entry)
        infoset_of: dict[str, str] = {}
        for (player, _), members in groups.items():
            rng.shuffle(members)
            while members:
                size = rng.choice([1, 2, 2, 3, 3])
                chunk, members = members[:size], members[size:]
                label = f"{player}.{chunk[0][0]}"
                for entry in chunk:
                    infoset_of[entry[0]] = label
        width = {label: rng.choice([2, 2, 3]) for label in sorted(set(infoset_of.values()))}
        frontier = []
        for node_id, d, history, kind in level:
            if kind == "chance":
                probs = rng.choice(CHANCE)
                kids = []
                for j, p in enumerate(probs):
                    count += 1
                    kids.append((f"c{j}", f"v{count}"))
                    frontier.append((f"v{count}", d + 1, history))
                nodes[node_id] = Node(actions=tuple(kids), probabilities=tuple(Const(p) for p in probs))
                continue
            label = infoset_of[node_id]
            i = players.index(kind)
            kids = []
            for j in range(width[label]):
                count += 1
                kids.append((f"a{j}", f"v{count}"))
                own = list(history)
                own[i] = history[i] + ((label, j),)
                frontier.append((f"v{count}", d + 1, tuple(own)))
            nodes[node_id] = Node(player=kind, actions=tuple(kids), infoset=label)
    return GameTree.from_nodes(players, "r", nodes, title=f"random tree {seed}")


def our_equilibria(game) -> set:
    form = reduced_form(game)
    keys = [[_plan_terminals(game, form, i, plan) for plan in form.plans[i]] for i in range(2)]
    result = solve(form.normal, method="enumerate")
    assert result.complete
    return {tuple(frozenset((keys[i][s], p) for s, p in enumerate(eq.strategies[i]) if p)
                  for i in range(2)) for eq in result.equilibria}


def _plan_terminals(game, form, player, plan) -> frozenset:
    position = {h: t for t, h in enumerate(form.infosets[player])}
    allowed = []
    for z in game.terminals:
        path = game.path(z)
        ok = True
        for v, c in zip(path, path[1:]):
            if int(game.mover[v]) == player:
                j = int(game.parent_edge[c]) - int(game.offsets[v])
                if plan[position[int(game.infoset[v])]] != j:
                    ok = False
                    break
        if ok:
            allowed.append(game.ids[z])
    return frozenset(allowed)


def gambit_equilibria(game) -> set:
    efg = gbt.read_efg(io.StringIO(write_efg(game)))
    players = list(efg.players)
    terminals = [n for n in efg.nodes if n.is_terminal]

    def key(strategy, player) -> frozenset:
        allowed = []
        for z in terminals:
            ok, node = True, z
            while node.parent is not None:
                parent = node.parent
                if parent.player == player and strategy.action(parent.infoset) != node.prior_action:
                    ok = False
                    break
                node = parent
            if ok:
                allowed.append(z.label)
        return frozenset(allowed)

    keys = {s: key(s, p) for p in players for s in p.strategies}
    result = gbt.nash.enummixed_solve(efg, rational=True)
    return {tuple(frozenset((keys[s], Fraction(eq[s])) for s in p.strategies if eq[s])
                  for p in players) for eq in result.equilibria}


def check_against_gambit(game) -> None:
    ours = our_equilibria(game)
    theirs = gambit_equilibria(game)
    assert ours == theirs


SEEDS = list(range(12))


@pytest.mark.parametrize("seed", SEEDS)
def test_random_trees_match_gambit(seed):
    game = random_tree(seed)
    assert game.has_perfect_recall
    check_against_gambit(game)
    # and every Nash equilibrium found that way translates to a behaviour profile that is one
    result = solve_tree(game, concept="nash")
    assert result.equilibria and all(eq.payoffs for eq in result.equilibria)


@pytest.mark.parametrize("seed", range(100, 130))
def test_more_random_trees_match_gambit(seed):
    game = random_tree(seed, depth=4)
    rows, columns = reduced_form(game).normal.shape
    if rows * columns > 100:
        pytest.skip(f"reduced strategic form {rows} x {columns}: too slow for both enumerators")
    check_against_gambit(game)


def test_random_trees_have_information_sets_and_chance():
    games = [random_tree(seed) for seed in SEEDS]
    assert sum(not g.is_perfect_information for g in games) >= len(games) // 2
    assert sum(g.has_chance for g in games) >= len(games) // 2


@pytest.mark.parametrize("name", ["punishment_deterrence", "punishment_commitment",
                                  "punishment_credibility", "entry_deterrence", "two_stage_raid"])
def test_catalogue_trees_match_gambit(name):
    check_against_gambit(load_game(name))


def test_subgame_perfect_answers_have_no_regret_in_gambit():
    """Each subgame-perfect profile, given to pygambit as a behaviour profile, leaves
    no player a profitable deviation (Gambit's exact max_regret is 0)."""
    for seed in SEEDS[:8]:
        game = random_tree(seed)
        efg = gbt.read_efg(io.StringIO(write_efg(game)))
        infosets = {h.label: h for p in efg.players for h in p.infosets}
        result = solve_tree(game, concept="subgame-perfect")
        assert result.equilibria
        for eq in result.equilibria:
            assert eq.subgame_perfect
            profile = efg.mixed_behavior_profile(rational=True)
            for h in range(game.n_infosets):
                theirs = infosets[game.infoset_labels[h]]
                for action, p in zip(theirs.actions, eq.probabilities(game, h)):
                    profile[action] = gbt.Rational(p.numerator, p.denominator)
            assert profile.max_regret() == 0
