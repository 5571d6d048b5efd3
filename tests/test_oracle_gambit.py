"""Our extreme equilibria equal Gambit's, exactly, on hundreds of random games.

The oracle is pygambit's ``enummixed_solve(game, rational=True)``, which
enumerates the extreme equilibria of a two-player game in exact rational
arithmetic. The games are drawn with fixed seeds, sizes 2×2 to 6×6, in
families chosen to stress degeneracy: generic payoffs 0..99, heavily tied
payoffs from {0, 1, 2} and {0, 1}, games with duplicated strategies,
indifferent players and equal payoffs, and fractional payoffs: 430 games in
all. The end of every Lemke-Howson path (from every initial label) must be
one of Gambit's extreme equilibria too.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from deterrence.model import NormalFormGame
from deterrence.nash.enumeration import enumerate_equilibria
from deterrence.nash.lemke_howson import lemke_howson

gbt = pytest.importorskip("pygambit")

pytestmark = pytest.mark.oracle


def generic(rng, m, n):
    return rng.integers(0, 100, (m, n)), rng.integers(0, 100, (m, n))


def ties_012(rng, m, n):
    return rng.integers(0, 3, (m, n)), rng.integers(0, 3, (m, n))


def ties_01(rng, m, n):
    return rng.integers(0, 2, (m, n)), rng.integers(0, 2, (m, n))


def degenerate(rng, m, n):
    """Copies of strategies, indifferent rows/columns, blocks of equal payoffs."""
    A, B = rng.integers(0, 4, (m, n)), rng.integers(0, 4, (m, n))
    kind = rng.integers(0, 4)
    if kind == 0:  # a duplicated row for both players
        A[-1], B[-1] = A[0], B[0]
    elif kind == 1:  # Column indifferent against some row
        B[rng.integers(0, m)] = rng.integers(0, 4)
    elif kind == 2:  # Row indifferent against some column
        A[:, rng.integers(0, n)] = rng.integers(0, 4)
    else:  # a constant block
        A[: m // 2 + 1, : n // 2 + 1] = 2
        B[: m // 2 + 1, : n // 2 + 1] = 2
    return A, B


def fractional(rng, m, n):
    def draw():
        return np.array([[Fraction(int(rng.integers(-6, 7)), int(rng.integers(1, 4)))
                          for _ in range(n)] for _ in range(m)], dtype=object)
    return draw(), draw()


FAMILIES = [(generic, 100), (ties_012, 150), (ties_01, 60), (degenerate, 90), (fractional, 30)]


def cases():
    out = []
    for family, count in FAMILIES:
        rng = np.random.default_rng(20260 + len(out))  # fixed seed per family
        for k in range(count):
            m, n = (int(v) for v in rng.integers(2, 7, 2))
            A, B = family(rng, m, n)
            out.append(pytest.param(A, B, id=f"{family.__name__}-{k}-{m}x{n}"))
    return out


CASES = cases()


def gambit_extreme_equilibria(A, B) -> set:
    game = gbt.Game.from_arrays(A, B)
    players = list(game.players)
    result = gbt.nash.enummixed_solve(game, rational=True)
    return {tuple(tuple(Fraction(str(eq[s])) for s in p.strategies) for p in players)
            for eq in result.equilibria}


def test_there_are_at_least_300_games():
    assert len(CASES) >= 300
    assert all(2 <= min(c.values[0].shape) and max(c.values[0].shape) <= 6 for c in CASES)


@pytest.mark.parametrize("A, B", CASES)
def test_extreme_equilibria_equal_gambit_enummixed(A, B):
    game = NormalFormGame.bimatrix(A.tolist(), B.tolist())
    ours = [eq.strategies for eq in enumerate_equilibria(game).equilibria]
    assert len(ours) == len(set(ours)), "no equilibrium is listed twice"
    theirs = gambit_extreme_equilibria(A, B)
    assert set(ours) == theirs
    # every Lemke-Howson path ends at one of them
    assert {eq.strategies for eq in lemke_howson(game, all_labels=True).equilibria} <= theirs
