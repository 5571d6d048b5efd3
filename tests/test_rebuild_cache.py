"""A built tree kept for its shape and given new values is the tree a fresh build makes.

Ladders and yards hold their payoffs as formulas in the parameters; values
change only which moves there are (a type of prior 0, a set of goods the
budget affords). So a tree built once per shape is reused with the new values
(a sweep asks for the tree at every grid point). It must be the same tree, with
the same checks of the values.
"""

from fractions import Fraction

import pytest

from deterrence import load_game
from deterrence.errors import GameFileError
from deterrence.parametric.sampling import integer_parameters, parameter_box, sample_points


def numbers(tree) -> tuple:
    """Everything the solver reads: the shape, and each node's exact payoffs and chance odds."""
    return (tree.structure,
            tuple(tree.node_payoff(v) for v in range(tree.size)),
            tuple(tuple(tree.probability(e) for e in tree.edges(v)) if tree.is_chance(v) else ()
                  for v in range(tree.size)))


@pytest.mark.parametrize("name", ["small_yard_high_fence", "tariff_ladder", "kahn_ladder"])
def test_a_kept_tree_with_new_values_is_a_fresh_build(name):
    game = load_game(name)
    names = game.parameters.names
    box = parameter_box(game)
    compared = 0
    for point in sample_points(box, 12, 7, integer_parameters(game)):
        values = dict(zip(names, point))
        try:
            kept = game.with_values(values)
        except GameFileError:
            with pytest.raises(GameFileError):       # the same values are refused afresh
                game.rebuild.build(game.parameters.with_values(values))
            continue
        fresh = game.rebuild.build(game.parameters.with_values(values))
        assert numbers(kept) == numbers(fresh), values
        assert kept.rebuild is not None
        compared += 1
    assert compared >= 6


def test_a_kept_yard_still_refuses_values_a_fresh_build_refuses():
    game = load_game("small_yard_high_fence")
    game.with_values({})                               # its shape is kept
    with pytest.raises(GameFileError, match="protection cannot raise the damage"):
        game.with_values({"h_re": Fraction(1)})        # protected, rare earths still do 5
