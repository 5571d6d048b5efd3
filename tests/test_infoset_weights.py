"""The weight of each node of an information set: the probability that chance and the
other players lead there from a subgame's root.

Read two ways that must agree: down the tree (the reach probability of every node of
the subgame, shared by every set of a player, :func:`reach`) and up from the set's own
nodes (one path each). Checked on every catalogue tree and on random ones, with random
behaviour that has zeros in it.
"""

import random
from fractions import Fraction

import pytest

from deterrence import load_game
from deterrence.io.catalogue import slugs
from deterrence.model.tree import GameTree
from deterrence.trees.behaviour import infoset_weights, smallest_subgame, subgame_roots

TREES = [s for s in slugs() if isinstance(load_game(s), GameTree)]


def random_behaviour(game, rng) -> list[tuple[Fraction, ...]]:
    out = []
    for h in range(game.n_infosets):
        n = len(game.infoset_actions(h))
        raw = [rng.choice([0, 0, 1, 2, 3]) for _ in range(n)]
        if not any(raw):
            raw[rng.randrange(n)] = 1
        out.append(tuple(Fraction(x, sum(raw)) for x in raw))
    return out


def both_ways(game, behaviour):
    roots = subgame_roots(game)
    smallest = smallest_subgame(game, roots)
    shared: dict = {}
    for h in range(game.n_infosets):
        start = smallest[game.members[h][0]]
        for s in {start, 0}:
            yield infoset_weights(game, behaviour, h, s, shared if s == start else {}), \
                infoset_weights(game, behaviour, h, s)


def trees_and_behaviours():
    """Every catalogue tree and 20 random ones, each with random behaviour (zeros included)."""
    from tests.test_tree_oracle import random_tree

    for name in TREES:
        yield pytest.param(name, lambda name=name: load_game(name), id=name)
    for seed in range(20):
        yield pytest.param(seed, lambda seed=seed: random_tree(seed, depth=4), id=f"random-{seed}")


@pytest.mark.parametrize("seed, make", list(trees_and_behaviours()))
def test_up_the_path_equals_down_the_tree(seed, make):
    game = make()
    rng = random.Random(seed)
    for _ in range(2):
        for down, up in both_ways(game, random_behaviour(game, rng)):
            assert up == down


# -- a best response in every subgame, read off the whole tree's where the subgame is reached

def best_responses_both_ways(game, behaviour):
    from deterrence.trees.credibility import best_response_in, best_response_value

    whole: dict = {}
    for s in subgame_roots(game):
        for i in range(game.n_players):
            value, profile = best_response_value(game, behaviour, i, s)
            quick, quick_profile = best_response_in(game, behaviour, i, s, whole)
            inside = set(game.subtree_nodes(s).tolist())
            sets = [h for h in range(game.n_infosets) if game.members[h][0] in inside]
            yield (value, [profile[h] for h in sets]), (quick, [quick_profile[h] for h in sets])


@pytest.mark.parametrize("seed, make", list(trees_and_behaviours()))
def test_a_subgames_best_response_is_the_whole_trees_there(seed, make):
    game = make()
    if game.size > 2000:
        pytest.skip("a large tree: the reference is slow")
    rng = random.Random(seed)
    for _ in range(2):
        for reference, quick in best_responses_both_ways(game, random_behaviour(game, rng)):
            assert quick == reference


# -- a best response by backward induction over the player's sets, values refreshed up the tree

def reference_best_response(game, behaviour, player, start):
    """The textbook computation: deepest set first, each set's action chosen on the values
    of its nodes' subtrees, computed afresh each time."""
    from deterrence.trees.behaviour import action_values, node_values

    nodes = game.subtree_nodes(start).tolist()
    mine = sorted({int(game.infoset[v]) for v in nodes if int(game.mover[v]) == player},
                  key=lambda h: -game.members[h][0])
    current = [tuple(b) for b in behaviour]
    for h in mine:
        weights = infoset_weights(game, current, h, start)
        if not any(weights):
            continue
        below = sorted({u for v in game.members[h] for u in game.subtree_nodes(v).tolist()})
        q = action_values(game, node_values(game, current, below), h, weights)
        best = q.index(max(q))
        current[h] = tuple(Fraction(int(j == best)) for j in range(len(q)))
    return node_values(game, current, nodes)[start][player], current


@pytest.mark.parametrize("seed, make", list(trees_and_behaviours()))
def test_a_best_response_with_values_refreshed_up_the_tree_is_the_textbook_one(seed, make):
    from deterrence.trees.credibility import best_response_value

    game = make()
    if game.size > 2000:
        pytest.skip("a large tree: the reference is slow")
    rng = random.Random(seed)
    for _ in range(2):
        behaviour = random_behaviour(game, rng)
        for s in subgame_roots(game):
            for i in range(game.n_players):
                assert best_response_value(game, behaviour, i, s) == \
                    reference_best_response(game, behaviour, i, s)
