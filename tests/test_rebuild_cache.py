"""A built tree kept for its shape and given new values is the tree a fresh build makes.

Ladders, yards and pools hold their payoffs as formulas in the parameters; values
change only which moves there are (a type of prior 0, a set of goods the
budget affords, a pool's member counts). So a tree built once per shape is reused with the new values
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


@pytest.mark.parametrize("name", ["small_yard_high_fence", "tariff_ladder", "kahn_ladder", "rare_earths_today",
                                  "export_control_pool", "export_control_supply_pool"])
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


@pytest.mark.parametrize("values", [{"r": Fraction(0)}, {"r": Fraction(1)}, {"N": Fraction(0)},
                                    {"N": Fraction(5), "r": Fraction(1, 3)}, {"N": Fraction(1), "q": Fraction(0)}],
                         ids=["nobody honours", "everyone honours", "no pool", "five partners", "no counter"])
def test_a_kept_pool_is_a_fresh_build_at_the_values_that_prune_it(values):
    game = load_game("rare_earths_today")
    game.with_values({})                               # its shape is kept
    kept = game.with_values(values)
    assert numbers(kept) == numbers(game.rebuild.build(game.parameters.with_values(values)))


@pytest.mark.slow
def test_a_pool_too_large_for_formulas_is_built_for_its_reliability():
    """Past MAX_EXPONENT members a class's honour probabilities are numbers, and a
    reliability of 0 or 1 leaves one outcome: the reliability is part of the shape."""
    from deterrence.model.expr import MAX_EXPONENT

    game = load_game("rare_earths_today")
    big = Fraction(MAX_EXPONENT + 1)
    for r in (Fraction(1, 2), Fraction(1, 3), Fraction(0), Fraction(1)):
        values = {"N": big, "r": r}
        kept = game.with_values(values)
        assert numbers(kept) == numbers(game.rebuild.build(game.parameters.with_values(values))), r


def test_a_kept_pool_is_still_held_to_the_members_limit():
    from deterrence.errors import LimitError
    from deterrence.model import limits

    game = load_game("rare_earths_today")
    game.with_values({"r": Fraction(1, 2)})             # its shape is kept
    with limits.raised(members=2), pytest.raises(LimitError, match="members"):
        game.with_values({"r": Fraction(1, 3)})
