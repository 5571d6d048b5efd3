"""The pure-Python vertex enumeration of small games agrees with cddlib's, degenerate games too."""

from __future__ import annotations

import random

import pytest

from deterrence.nash import enumeration, small_polytopes


def normalised_pairs(pairs):
    return {(enumeration.normalised(x), enumeration.normalised(y)) for x, y in pairs}


@pytest.mark.parametrize("seed", range(150))
def test_the_same_complementary_pairs_as_cddlib(seed):
    rng = random.Random(seed)
    m, n = rng.choice([(1, 2), (2, 1), (2, 2), (2, 3), (3, 2), (3, 3), (2, 4), (4, 2), (1, 5)])
    top = rng.choice([2, 3, 99])  # small ranges make degenerate games (ties)
    a = [[rng.randint(1, top) for _ in range(n)] for _ in range(m)]
    b = [[rng.randint(1, top) for _ in range(n)] for _ in range(m)]
    assert small_polytopes.is_small(m, n)
    assert normalised_pairs(small_polytopes.complementary_vertices(a, b)) == \
        normalised_pairs(enumeration.pairs_by_labels(a, b))  # cddlib's vertices


def test_a_degenerate_vertex_carries_every_tight_label():
    # Column is indifferent: every point of P on B^T x = 1 is tight for both columns
    vertices, labels = small_polytopes.polytope_vertices([[1, 1], [1, 1]], first_labels_are_bounds=False)
    assert [sorted(lab) for lab in labels] == [[0, 2, 3], [1, 2, 3]]


def test_only_small_games_are_small():
    assert small_polytopes.is_small(3, 3) and small_polytopes.is_small(2, 4)
    assert not small_polytopes.is_small(4, 4)
