"""Logit QRE: textbook answers, the command, and equality with pygambit's logit."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from click.testing import CliRunner

from deterrence import load_game
from deterrence.cli import cli
from deterrence.model import NormalFormGame
from deterrence.qre import lambda_sweep, logit_at, logit_branch


def test_matching_pennies_branch_is_uniform_play():
    """McKelvey & Palfrey (1995): in matching pennies the QRE is uniform at every lambda."""
    for point in lambda_sweep(load_game("matching_pennies"), [0.5, 3, 10]):
        assert point.probabilities == ((0.5, 0.5), (0.5, 0.5))


def test_prisoners_dilemma_closed_form():
    """Defection is dominant by the same margin m against either move, so the
    QRE is P(Open) = 1 / (1 + exp(lambda m)) for both blocs (here m = 2 - ... ):
    checked against the fixed point directly, to 1e-10."""
    g = load_game("prisoners_dilemma")
    A = g.float_arrays()[0]
    for lam in (0.3, 1.0, 2.5):
        p = logit_at(g, lam).probabilities[0][0]
        q = p  # symmetric
        open_, build = A[0] @ [q, 1 - q], A[1] @ [q, 1 - q]
        assert p == pytest.approx(1 / (1 + math.exp(lam * (build - open_))), abs=1e-10)


def test_limit_named_exactly():
    r = logit_branch(load_game("hawk_dove"), 0, 5, points=3)
    assert r.limit.label == "(1/3 Hawk + 2/3 Dove, 1/3 Hawk + 2/3 Dove)"
    assert r.limit.exact is not None


def test_agent_qre_of_a_tree_converges_to_the_subgame_perfect_play():
    r = logit_branch(load_game("punishment_deterrence"), 0, 10, points=3)
    assert r.is_tree
    assert r.limit.label == "Challenger at start: Challenge; Defender at respond: Acquiesce"
    doc = r.to_json()
    assert doc["schema"] == "deterrence.qre/1" and doc["concept"] == "agent logit QRE"
    assert set(doc["points"][0]["probabilities"]["Defender"]["respond"]) == {"Retaliate", "Acquiesce"}


def test_qre_command_table_plot_and_json(tmp_path):
    runner = CliRunner()
    out = runner.invoke(cli, ["qre", "stag_hunt", "--lambda", "0:4", "--points", "5"])
    assert out.exit_code == 0, out.output
    assert "converges to the Nash equilibrium (Hare, Hare)" in out.output
    plot = tmp_path / "stag.svg"
    out = runner.invoke(cli, ["qre", "stag_hunt", "--lambda", "0:4", "--plot", str(plot), "--json"])
    assert out.exit_code == 0 and plot.exists() and plot.stat().st_size > 1000
    doc = json.loads(out.stdout if hasattr(out, "stdout") else out.output)
    assert len(doc["points"]) == 11 and doc["limit"]["label"] == "(Hare, Hare)"
    one = json.loads(runner.invoke(cli, ["qre", "hawk_dove", "--lambda", "2.5", "--json"]).output)
    assert [p["lambda"] for p in one["points"]] == [2.5] and one["limit"] is None


@pytest.mark.parametrize("bad", ["-1:3", "3:1", "a:b", "1:2:3", ":", "0:1e400"])
def test_bad_lambda_is_a_usage_error(bad):
    out = CliRunner().invoke(cli, ["qre", "hawk_dove", "--lambda", bad])
    assert out.exit_code == 2 and "lambda" in out.output


# ---------------------------------------------------------------- oracle: pygambit

gbt = pytest.importorskip("pygambit")
SHAPES = [(2, 2), (3, 3), (2, 2, 2), (3, 3, 2), (2, 2, 2, 2), (3, 2)]
LAMBDAS = [float(x) for x in np.linspace(0.1, 6, 20)]


def oracle_cases():
    out = []
    for k in range(30):
        shape = SHAPES[k % len(SHAPES)]
        marks = () if k < 6 else (pytest.mark.slow,)
        out.append(pytest.param(shape, 4200 + k, marks=marks, id=f"{'x'.join(map(str, shape))}-{4200 + k}"))
    return out


def random_game(shape, seed):
    rng = np.random.default_rng(seed)
    arrays = [rng.integers(0, 10, shape) for _ in shape]
    g = NormalFormGame.from_arrays([f"P{i}" for i in range(len(shape))],
                                   [[f"s{j}" for j in range(m)] for m in shape], arrays)
    return g, gbt.Game.from_arrays(*[a.astype(int) for a in arrays])


def flat(profile, g):
    return np.array([float(profile[s]) for p in g.players for s in p.strategies])


@pytest.mark.oracle
@pytest.mark.parametrize("shape, seed", oracle_cases())
def test_qre_equals_gambit_logit_solve_lambda(shape, seed):
    ours, theirs = random_game(shape, seed)
    points = lambda_sweep(ours, LAMBDAS)
    gambit = gbt.qre.logit_solve_lambda(theirs, LAMBDAS)
    for p, q in zip(points, gambit):
        assert np.max(np.abs(np.concatenate(p.probabilities) - flat(q.profile, theirs))) < 1e-8


@pytest.mark.oracle
@pytest.mark.parametrize("shape, seed", oracle_cases())
def test_limit_equals_gambit_logit_solve(shape, seed):
    ours, theirs = random_game(shape, seed)
    limit = logit_branch(ours, 0, 1, points=2).limit
    reported = gbt.nash.logit_solve(theirs).equilibria[0]
    mine = (np.array([float(p) for s in limit.exact.strategies for p in s]) if limit.exact is not None
            else np.concatenate(limit.probabilities))
    # logit_solve stops at a regret of 1e-8 of the payoff range, which leaves its
    # probabilities up to about 1e-5 from the limit (ours is named exactly)
    assert np.max(np.abs(mine - flat(reported, theirs))) < 1e-4
