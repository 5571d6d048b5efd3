"""Pool-builder options: what the pool shares (information or supply), and a
coercer that may lift its restriction.

Hand derivations use the builder's own EXAMPLE file: requirement 100,
dependence 0.6 (a gross shortfall of 60), concession 30, restriction cost 5,
damage d * residual with d = 1, N = 4 members pledging 10 each with
reliability 4/5.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from click.testing import CliRunner

from deterrence.builders.pool.analysis import evaluate_point
from deterrence.builders.pool.spec import EXAMPLE
from deterrence.cli import cli
from deterrence.io import parse_game
from deterrence.solver import solve


def game(**changes):
    text = EXAMPLE
    for old, new in changes.values():
        text = text.replace(old, new)
    return parse_game(text, "pool.toml")


SUPPLY = ('damage = "d * residual"\n', 'damage = "d * residual"\nsharing = "supply"\n')
COMMIT = ('damage = "d * residual"\n', 'damage = "d * residual"\ntiming = "commit"\n')
LIFT = ('damage = "d * residual"\n',
        'damage = "d * residual"\ncounter_probability = "1/3"\ncounter_cost = 40\nlift_cost = 20\n')


def test_sharing_supply_is_the_commit_timing():
    assert game(a=SUPPLY) == game(a=COMMIT)
    assert game(a=SUPPLY) != parse_game(EXAMPLE, "pool.toml")


def test_information_pool_target_decides_after_seeing_the_delivery():
    """Information: with k of 4 members delivering, holding out costs 60 - 10k,
    at least 30 iff k <= 3: P = 1 - (4/5)^4 = 369/625; the coercer expects
    30 P - 5 (1 - P) = 35 P - 5."""
    point = evaluate_point(parse_game(EXAMPLE, "pool.toml"))
    p = 1 - F(4, 5) ** 4
    assert point.concede == p and point.restrict == 35 * p - 5


def test_supply_pool_target_compares_the_expected_damage():
    """Supply: expected damage 60 - 10 * 4 * 4/5 = 28 < 30: it holds out for sure."""
    point = evaluate_point(game(a=SUPPLY))
    assert point.concede == 0 and point.restrict == -5


def test_a_coercer_that_may_lift_is_punished_by_the_counter_restriction():
    """Countered (1/3): persisting costs 5 + 40, lifting 20: it lifts; otherwise it
    persists (5 < 20). Holding out then costs the target 1/3 * 0 + 2/3 (60 - 10k):
    40, 100/3, 80/3, ...: more than 30 iff k <= 1 (probability 1/625 + 16/625)."""
    g = game(a=LIFT)
    point = evaluate_point(g)
    assert point.concede == F(17, 625)
    assert point.restrict == F(17, 625) * 30 - F(608, 625) * (F(1, 3) * 20 + F(2, 3) * 5)
    eq, = solve(g).equilibria
    china = eq.to_json(g)["strategies"]["Coercer"]
    assert {node: [a for a, p in c.items() if p == "1"][0] for node, c in china.items()
            if node != "coerce"} == {node: ("Lift" if node.endswith("_countered") else "Persist")
                                     for node in china if node != "coerce"}


def test_lift_damage_may_use_the_residual():
    text = EXAMPLE.replace('damage = "d * residual"\n',
                           'damage = "d * residual"\nlift_cost = 1\nlift_damage = "residual / 3"\n')
    g = parse_game(text, "pool.toml")
    # lifting (1) is cheaper than persisting (5): a hold-out costs the target at most 60/3 < 30
    assert evaluate_point(g).concede == 0


@pytest.mark.parametrize("edit, message", [
    (('damage = "d * residual"\n', 'damage = "d * residual"\nsharing = "gossip"\n'), "pool.sharing must be one of"),
    (('damage = "d * residual"\n', 'damage = "d * residual"\nsharing = "supply"\ntiming = "observe"\n'),
     "contradicts pool.timing"),
    (('damage = "d * residual"\n', 'damage = "d * residual"\nlift_damage = 3\n'), "lift_damage needs pool.lift_cost"),
    (('damage = "d * residual"\n', 'damage = "d * residual"\nlift_cost = "residual"\n'), "residual"),
])
def test_bad_options_exit_1_with_a_clear_message(tmp_path, edit, message):
    path = tmp_path / "pool.toml"
    path.write_text(EXAMPLE.replace(*edit), encoding="utf-8")
    result = CliRunner().invoke(cli, ["solve", str(path)])
    assert result.exit_code == 1, result.output
    assert message in result.output and "Traceback" not in result.output
