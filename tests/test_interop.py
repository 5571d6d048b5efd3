"""nashpy and pygambit objects in and out: a user keeps the objects they have."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import deterrence
from deterrence.io import load_game
from deterrence.io.catalogue import catalogue_files
from deterrence.model.normal import NormalFormGame
from deterrence.model.tree import GameTree

nashpy = pytest.importorskip("nashpy")
pygambit = pytest.importorskip("pygambit")

CATALOGUE = [p.stem for p in catalogue_files() if p.suffix == ".toml"]


def labels(result, game):
    return [eq.label(game) for eq in result.equilibria]


def test_solve_takes_a_nashpy_game_directly():
    A = np.array([[3, 0], [5, 1]])
    B = np.array([[3, 5], [0, 1]])
    result = deterrence.solve(nashpy.Game(A, B))
    assert [eq.strategies for eq in result.equilibria] == [((0, 1), (0, 1))]
    assert result.exact and result.complete


def test_every_normal_form_solver_takes_a_nashpy_game():
    from deterrence.nash import solve_normal
    from deterrence.nash.dominance import eliminate_dominated
    from deterrence.nash.enumeration import enumerate_equilibria
    from deterrence.nash.lemke_howson import lemke_howson
    from deterrence.nash.pure import pure_equilibria

    pennies = nashpy.Game(np.array([[1, -1], [-1, 1]]))
    half = (Fraction(1, 2), Fraction(1, 2))
    for solver in (solve_normal, enumerate_equilibria, lemke_howson):
        assert solver(pennies).equilibria[0].strategies == (half, half)
    assert pure_equilibria(pennies).equilibria == ()
    assert eliminate_dominated(pennies).rounds == ()
    assert deterrence.dominance(pennies).rounds == ()


def test_nashpy_floats_are_read_as_the_decimals_they_print_as():
    game = deterrence.from_nashpy(nashpy.Game(np.array([[0.1, 0.0], [0.0, 0.2]])))
    assert game.payoff((0, 0))[0] == Fraction(1, 10)


@pytest.mark.parametrize("name", ["hawk_dove", "stag_hunt", "prisoners_dilemma", "matching_pennies",
                                  "battle_of_the_sexes", "mixed_dominance"])
def test_nashpy_round_trip_and_the_same_equilibria(name):
    game = load_game(name)
    ours = deterrence.solve(game)
    theirs = game.to_nashpy()
    back = deterrence.from_nashpy(theirs)
    assert [np.asarray(a, dtype=float).tolist() for a in back.payoff_arrays()] == \
        [np.asarray(a, dtype=float).tolist() for a in game.payoff_arrays()]
    found = sorted(tuple(np.round(np.concatenate(eq), 9)) for eq in theirs.vertex_enumeration())
    expected = sorted(tuple(round(float(p), 9) for s in eq.strategies for p in s)
                      for eq in ours.equilibria)
    assert found == expected


@pytest.mark.parametrize("name", CATALOGUE)
def test_pygambit_both_ways_keeps_the_game(name):
    game = load_game(name)
    back = deterrence.from_pygambit(deterrence.to_pygambit(game))
    assert type(back) is type(game)
    assert back.players == game.players
    if isinstance(game, NormalFormGame):
        assert back.strategies == game.strategies
        assert [list(a.reshape(-1)) for a in back.payoff_arrays()] == \
            [list(a.reshape(-1)) for a in game.payoff_arrays()]
    else:
        assert isinstance(back, GameTree) and back.size == game.size
        assert sorted(back.path_payoffs.values()) == sorted(game.path_payoffs.values())


def test_solve_takes_a_pygambit_game_and_gives_gambits_equilibria():
    g = pygambit.Game.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]], title="Battle")
    ours = sorted(tuple(p for s in eq.strategies for p in s) for eq in deterrence.solve(g).equilibria)
    theirs = sorted(tuple(Fraction(str(eq[strategy])) for player in g.players for strategy in player.strategies)
                    for eq in pygambit.nash.enummixed_solve(g, rational=True).equilibria)
    assert ours == theirs


def test_results_become_data_frames_and_arrays():
    result = deterrence.solve(load_game("hawk_dove"))
    frame = result.to_frame()
    assert list(frame.columns) == ["equilibrium", "player", "strategy", "probability", "payoff"]
    mixed = frame[frame.equilibrium == 3]
    assert mixed.probability.tolist() == pytest.approx([1 / 3, 2 / 3, 1 / 3, 2 / 3])
    assert result.to_frame(exact=True).probability.tolist()[-1] == Fraction(2, 3)
    row, column = result.to_numpy()
    assert row.tolist() == [[1, 0], [0, 1], pytest.approx([1 / 3, 2 / 3])]


def test_a_trees_equilibria_become_a_frame_by_decision_point():
    result = deterrence.solve(load_game("punishment_deterrence"), concept="nash")
    frame = result.to_frame()
    assert {"decision_point", "strategy"} <= set(frame.columns)
    assert set(frame.player) == {"Challenger", "Defender"}
    with pytest.raises(ValueError, match="to_frame"):
        result.to_numpy()
