"""A piece of a tree (a subgame, the subgames below it cut off) is solved once for its
numbers: solving a tree again at another parameter point reuses the pieces the
parameter does not touch (:func:`deterrence.trees.refine._solved_piece`). The answers
must be those of solving every point afresh, with nothing remembered: the same
equilibria, flags, notes and completeness, on every concept."""

from __future__ import annotations

import json
import random
import re
from fractions import Fraction

import pytest

from deterrence import load_game
from deterrence.io.gambit_efg import read_efg, write_efg
from deterrence.parametric.sampling import parameter_box
from deterrence.solver import solve
import deterrence.trees.refine as refine

#: Catalogue trees solved subgame by subgame through the sequence form (the others are
#: solved otherwise, by backward induction).
GAMES = ["crisis_bargaining", "derisking_spiral", "entry_deterrence", "punishment_credibility",
         "kahn_ladder"]


def _axis_points(game, per_parameter: int = 3) -> list[dict]:
    """The values in force, then each parameter moved alone across its box."""
    values = game.parameters.values()
    points = [dict(values)]
    for name, lo, hi in parameter_box(game):
        if game.parameters.get(name).integer:
            continue
        for k in range(1, per_parameter + 1):
            points.append({**values, name: lo + (hi - lo) * Fraction(k, per_parameter + 1)})
    return points


def _answer(tree, concept: str) -> str:
    result = solve(tree, concept=concept)
    return json.dumps(result.to_json(tree), sort_keys=True, default=str)


@pytest.mark.parametrize("name", GAMES)
@pytest.mark.parametrize("concept", ["subgame-perfect", "perfect-bayesian"])
def test_pieces_remembered_from_other_points_give_the_fresh_answer(name, concept, monkeypatch):
    game = load_game(name)
    trees = [game.with_values(p) for p in _axis_points(game)[:10]]
    monkeypatch.setattr(refine, "_SOLVED", {})
    asked, solved = [], []
    solve_piece, solved_piece = refine._solve_piece, refine._solved_piece
    monkeypatch.setattr(refine, "_solve_piece", lambda *a: solved.append(1) or solve_piece(*a))
    monkeypatch.setattr(refine, "_solved_piece", lambda *a: asked.append(1) or solved_piece(*a))
    remembered = [_answer(t, concept) for t in trees]
    assert len(solved) < len(asked), "no piece was met twice: the test would not see a wrong reuse"
    fresh = []
    for t in trees:
        refine._SOLVED.clear()
        fresh.append(_answer(t, concept))
    assert remembered == fresh


@pytest.mark.parametrize("name,seed", [("tariff_ladder", 0), ("kahn_ladder", 1), ("derisking_spiral", 2),
                                       ("entry_deterrence", 3)])
def test_pieces_remembered_across_trees_whose_leaves_were_changed_give_the_fresh_answer(name, seed, monkeypatch):
    """The tree at its values in force, written to .efg, then again with one leaf's payoffs
    drawn at random at a time: the pieces off that leaf's path are reused, and every
    answer is the one solved afresh."""
    rng = random.Random(seed)
    lines = write_efg(load_game(name)).splitlines()
    leaves = [k for k, line in enumerate(lines) if line.startswith("t ")]
    texts = ["\n".join(lines)]
    for _ in range(4):
        k = rng.choice(leaves)
        changed = list(lines)
        changed[k] = re.sub(r"\{([^}]*)\}\s*$", lambda m: "{ " + " ".join(
            str(rng.randint(-3, 4)) for _ in m.group(1).split()) + " }", changed[k])
        texts.append("\n".join(changed))
    trees = [read_efg(t + "\n") for t in texts]
    monkeypatch.setattr(refine, "_SOLVED", {})
    remembered = [_answer(t, "perfect-bayesian") for t in trees]
    fresh = []
    for t in trees:
        refine._SOLVED.clear()
        fresh.append(_answer(t, "perfect-bayesian"))
    assert remembered == fresh
    assert len(set(fresh)) > 1      # the leaves changed the answer somewhere
