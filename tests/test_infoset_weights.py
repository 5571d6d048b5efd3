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


@pytest.mark.parametrize("name", TREES)
def test_up_the_path_equals_down_the_tree_on_the_catalogue(name):
    game = load_game(name)
    rng = random.Random(name)
    for _ in range(3):
        for down, up in both_ways(game, random_behaviour(game, rng)):
            assert up == down


@pytest.mark.parametrize("seed", range(20))
def test_up_the_path_equals_down_the_tree_on_random_trees(seed):
    from tests.test_tree_oracle import random_tree

    game = random_tree(seed, depth=4)
    rng = random.Random(seed)
    for down, up in both_ways(game, random_behaviour(game, rng)):
        assert up == down
