"""The friend-shoring sharing pool: a game, solved, and what it does to coercion.

Hand derivation for ``games/export_control_pool.toml`` (the defaults):
gross shortfall sigma*Q*tau = 9/10 * 100 * 1/6 = 15, no stockpile, pledges
w = 2, damage 2 per unit short, concession D = 12, restriction cost L = 4.
With k members honouring, the target's damage from holding out is
2 * (15 - 2k); it concedes iff that is at least 12, i.e. iff k <= 4. So the
coercer's expected payoff from restricting is 12 P - 4 (1 - P) = 16 P - 4
with P = P(Binomial(N, r) <= 4): coercion pays iff P > 1/4.
"""

from __future__ import annotations

from fractions import Fraction
from math import comb

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from deterrence.builders.pool.analysis import analyse_pool, evaluate_point
from deterrence.cli import cli
from deterrence.io import load_game

POOL = "export_control_pool"


def p_at_most(n: int, k: int, r: Fraction) -> Fraction:
    return sum((comb(n, j) * r**j * (1 - r) ** (n - j) for j in range(min(n, k) + 1)), Fraction(0))


@pytest.fixture(scope="module")
def game():
    return load_game(POOL)


def test_binomial_aggregation_is_exact(game):
    g = game.with_values({"N": 2, "r": Fraction(1, 2)})
    pool = g.node_index("pool")
    assert [g.probability(e) for e in g.edges(pool)] == [Fraction(1, 4), Fraction(1, 2), Fraction(1, 4)]


def test_classes_of_members_combine_their_deliveries():
    """Two one-member classes pledging 3 each, honouring with 1/2 and 1/3: the pool
    delivers 0, 3 or 6 with probabilities 1/3, 1/2 and 1/6."""
    from deterrence.io import parse_game

    text = load_text().replace('[[pool.members]]\ncount = "N"\npledge = "w"\nreliability = "r"',
                               '[[pool.members]]\ncount = 1\npledge = 3\nreliability = "1/2"\n'
                               '[[pool.members]]\ncount = 1\npledge = 3\nreliability = "1/3"')
    g = parse_game(text, "classes.toml")
    pool = g.node_index("pool")
    delivered: dict[int, Fraction] = {}
    for e in g.edges(pool):
        honoured = sum(int(part.split(" of ")[0]) for part in g.action[e].removesuffix(" honour").split(", "))
        delivered[3 * honoured] = delivered.get(3 * honoured, Fraction(0)) + g.probability(e)
    assert delivered == {0: Fraction(1, 3), 3: Fraction(1, 2), 6: Fraction(1, 6)}


@pytest.mark.parametrize("n", range(0, 9))
def test_coercers_payoff_matches_the_hand_derivation(game, n):
    point = evaluate_point(game.with_values({"N": n}))
    p = p_at_most(n, 4, Fraction(4, 5))
    assert point.concede == p
    assert point.restrict == 16 * p - 4
    assert point.coerces == (16 * p - 4 > 0)


def test_coercion_stops_paying_at_seven_members(game):
    analysis = analyse_pool(game, "N", range(0, 13))
    assert analysis.change.exact == 7 and analysis.change.stops_paying
    assert analysis.baseline.restrict == 12 and analysis.baseline.pays
    assert "stops paying at N = 7" in analysis.statement


def test_the_smallest_deterring_pool_is_found_past_the_range(game):
    analysis = analyse_pool(game, "N", range(0, 4))
    assert analysis.change.exact == 7


def test_reliability_threshold_is_algebraic_and_exact(game):
    """N = 5: P = 1 - r^5, so 16 (1 - r^5) - 4 = 0 at r = (3/4)^(1/5)."""
    import sympy

    five = game.with_values({"N": 5})
    analysis = analyse_pool(five, "r", [Fraction(k, 10) for k in range(5, 11)])
    root = analysis.change.exact
    assert sympy.simplify(root**5 - sympy.Rational(3, 4)) == 0
    assert analysis.change.text.startswith("(3/4)^(1/5)")


def test_pledge_threshold_is_the_pledge_at_which_three_members_suffice(game):
    """Three honouring members leave 2 (15 - 3w) < 12 iff w > 3: at w = 3 the target
    is indifferent (and concedes), just above it resists."""
    analysis = analyse_pool(game, "w", [Fraction(k, 2) for k in range(0, 9)])
    assert analysis.change.exact == 3 and not analysis.change.attained
    assert "beyond w = 3" in analysis.statement


def test_rare_earths_2010_coercion_pays():
    point = evaluate_point(load_game("rare_earths_2010"))
    # shortfall 15 - stockpile 1 = 14 units short at (10 - 1) * 1/4 each: 63/2 > concession 12
    assert point.concede == 1 and point.coerces and point.restrict == 12


def test_rare_earths_today_coercion_does_not_pay():
    point = evaluate_point(load_game("rare_earths_today"))
    # 10 short - 2 stockpiled; only if no partner delivers ((2/5)^3) does Japan concede;
    # a resisted China lifts when countered (f = 8 < L + X) and persists otherwise (L = 3)
    assert point.concede == Fraction(8, 125)
    assert point.restrict == Fraction(8, 125) * 12 - Fraction(117, 125) * (Fraction(1, 4) * 8 + Fraction(3, 4) * 3)
    assert not point.coerces and not point.pays


def test_a_thousand_members_still_answer(game):
    point = evaluate_point(game.with_values({"N": 1000}))
    assert point.restrict == -4 + 16 * p_at_most(1000, 4, Fraction(4, 5))


def test_commit_timing_compares_the_expected_damage():
    text = load_text().replace('timing = "observe"', 'timing = "commit"')
    from deterrence.io import parse_game

    g = parse_game(text, "commit.toml")
    # E[damage] with N = 5, r = 4/5: 2 * (15 - 2 * 5 * 4/5) = 14 >= 12: the target concedes for sure
    assert evaluate_point(g).concede == 1
    g = g.with_values({"N": 6})  # 2 * (15 - 2 * 6 * 4/5) = 54/5 < 12: it resists
    assert evaluate_point(g).concede == 0


def load_text() -> str:
    from deterrence.io.catalogue import find

    return find(POOL).read_text()


def test_proportional_rule_shares_the_cut_by_size():
    """IEA-style: the target absorbs 7% of its requirement, the rest is shared in
    proportion to size among the members and the target itself: each of the five
    members pledges (15 - 7) / 6 = 4/3, so with three honouring the target holds
    out 15 - 4 = 11 units short (damage 22)."""
    from deterrence.io import parse_game

    text = load_text().replace('[[pool.members]]\ncount = "N"\npledge = "w"\nreliability = "r"',
                               '[[pool.members]]\ncount = "N"\nsize = 1\nreliability = "r"')
    text = text.replace('timing = "observe"', 'timing = "observe"\nrule = "proportional"\n'
                                                'self_absorb = "7/100"\ntarget_size = 1')
    g = parse_game(text, "iea.toml")
    pledge = (15 - 7) / Fraction(6)
    assert pledge == Fraction(4, 3)
    held_out = g.node_payoff(g.node_index("resisted_3_honour"))
    assert held_out == (-4, -2 * (15 - 3 * pledge))


PROPERTY_SETTINGS = settings(max_examples=25, deadline=None)


@PROPERTY_SETTINGS
@given(n=st.integers(0, 8), r=st.fractions(0, 1, max_denominator=10), w=st.fractions(0, 4, max_denominator=4))
def test_a_larger_pool_never_raises_the_coercers_payoff(game, n, r, w):
    g = game.with_values({"r": r, "w": w})
    assert evaluate_point(g.with_values({"N": n + 1})).restrict <= evaluate_point(g.with_values({"N": n})).restrict


@PROPERTY_SETTINGS
@given(n=st.integers(0, 8), r=st.fractions(0, 1, max_denominator=10), w=st.fractions(0, 4, max_denominator=4),
       dr=st.fractions(0, 1, max_denominator=10), dw=st.fractions(0, 2, max_denominator=4))
def test_raising_a_pledge_or_a_reliability_never_raises_it(game, n, r, w, dr, dw):
    g = game.with_values({"N": n, "r": r, "w": w})
    base = evaluate_point(g).restrict
    assert evaluate_point(g.with_values({"r": min(Fraction(1), r + dr)})).restrict <= base
    assert evaluate_point(g.with_values({"w": w + dw})).restrict <= base


# ---------------------------------------------------------------- the command


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_pool_command_prints_the_table_and_the_statement():
    result = run("pool", POOL, "--members", "0:8")
    assert result.exit_code == 0
    assert "no pool" in result.output and "stops paying at N = 7" in result.output


def test_pool_command_json():
    import json

    doc = json.loads(run("pool", POOL, "--members", "5", "--reliability", "1/2:1", "--steps", "6", "--json").output)
    assert doc["schema"] == "deterrence.pool/1"
    assert doc["varied"]["parameter"] == "r"
    assert doc["change_point"]["kind"] == "algebraic"
    assert doc["points"][0] == {**doc["points"][0], "value": "1/2", "concede_probability": "31/32"}


def test_pool_command_plot(tmp_path):
    out = tmp_path / "pool.png"
    assert run("pool", POOL, "--members", "0:8", "--plot", str(out)).exit_code == 0
    assert out.stat().st_size > 1000


@pytest.mark.parametrize("args, message", [
    (("--members", "0:3", "--reliability", "0:1"), "only one quantity"),
    (("--vary", "K=0:1"), "no parameter 'K'"),
    (("--reliability", "0:2"), "leaves the bounds"),
])
def test_pool_command_usage_errors(args, message):
    result = run("pool", POOL, *args)
    assert result.exit_code == 2 and message in result.output


def test_pool_command_refuses_other_games():
    assert run("pool", "hawk_dove").exit_code == 2


@pytest.mark.parametrize("edit, message", [
    (('concession = "D"\n', ''), "pool.concession is missing"),
    (('coercer = "Coercer"', 'coercer = "Nobody"'), "must name one of the players"),
    (('target = "Target"', 'target = "Coercer"'), "must be different players"),
    (('reliability = "r"', 'reliability = "r + 1"'), "not a probability"),
    (('dependence = "sigma"', 'dependence = "2"'), "share must lie in [0, 1]"),
    (('pledge = "w"', 'pledgee = "w"'), "did you mean 'pledge'"),
    (('timing = "observe"', 'timing = "later"'), "pool.timing must be one of"),
])
def test_a_bad_pool_file_exits_1_with_a_clear_message(tmp_path, edit, message):
    path = tmp_path / "pool.toml"
    path.write_text(load_text().replace(*edit))
    result = run("solve", str(path))
    assert result.exit_code == 1, result.output
    assert message in result.output and "pool.toml" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name, verdict", [
    pytest.param("rare_earths_2010", "so it restricts: coercion pays", id="rare-earths-2010-coercion-pays"),
    pytest.param("rare_earths_today", "so it refrains: coercion does not pay", id="rare-earths-today-pool-deters"),
])
def test_solve_prints_why_coercion_pays_or_not(name, verdict):
    output = " ".join(run("solve", name).output.split())
    assert verdict in output and "Why" in output


def test_reasons_list_the_targets_choice_after_each_delivery():
    from deterrence.builders.pool.analysis import pool_reasons

    reasons = pool_reasons(load_game("rare_earths_today"))
    assert [c.concedes for c in reasons.choices] == [True, False, False, False]
    assert sum(c.probability for c in reasons.choices) == 1
    # holding out after no delivery: the cut persists unless countered (1/4: lifted, Japan
    # pays its counter's cost 1): 1/4 * 1 + 3/4 * 9/4 * 8 = 55/4
    assert reasons.choices[0].hold_out == Fraction(-55, 4)


def test_one_pool_size_reports_the_smallest_deterring_pool_below_it():
    result = run("pool", POOL, "--members", "1000")
    assert result.exit_code == 0
    assert "stops paying at N = 7" in " ".join(result.output.split())


# ---------------------------------------------------------------- pools in N (issue 12)


@PROPERTY_SETTINGS
@given(r=st.fractions(1, 19, max_denominator=20).map(lambda x: x / 20),
       w=st.fractions(1, 6, max_denominator=3), L=st.integers(0, 8))
def test_one_pass_in_n_equals_solving_each_pool(game, r, w, L):
    """The member model (one solve, binomial mixtures) gives, for every N, exactly what
    building and solving the pool game with N members gives."""
    from deterrence.builders.pool.members import MemberModel

    g = game.with_values({"r": r, "w": w, "L": L})
    model = MemberModel.of(g, "N")
    for fast in model.points(0, 12):
        if fast.several:
            continue
        slow = evaluate_point(g.with_values({"N": fast.value}), fast.value)
        assert (fast.restrict, fast.refrain, fast.target_restrict, fast.concede, fast.coerces) == \
            (slow.restrict, slow.refrain, slow.target_restrict, slow.concede, slow.coerces)


def test_a_huge_pool_answers_without_building_its_tree():
    """N = 100,000: the coercer's payoff exactly (about -4: almost surely enough members honour),
    and the smallest deterring pool below it by bisection."""
    result = run("pool", POOL, "--members", "100000", "--json")
    import json

    doc = json.loads(result.output)
    assert doc["change_point"]["value"] == "7"
    numerator, denominator = doc["points"][0]["coercer_restrict"].split("/")   # exact: 69,898 digits
    assert numerator.startswith("-") and len(denominator) > 60_000
    from deterrence.builders.pool.members import MemberModel

    assert -4 < MemberModel.of(load_game(POOL), "N").point(100_000).restrict < Fraction(-39999, 10000)


@pytest.mark.parametrize("args, message", [
    (("--members", "1000000"), "above the limit of 100,000"),
    (("--members", "0:200000"), "above the limit of 100,000"),
    (("--members", "0:20000"), "at most 10,001"),
])
def test_pool_limits_are_checked_before_any_work(args, message):
    result = run("pool", POOL, *args)
    assert result.exit_code == 2 and message in result.output


def test_a_degenerate_pool_is_answered_and_the_tie_search_says_it_gave_up():
    """Reliability 1/20, pledges 1/3, no cost of resistance, 45 members: the search for
    mixtures over tied actions meets a sequence form too degenerate to enumerate. The
    command line (its own SIGTERM handler installed) must stop that search's child
    process, not wait for it forever, and say what was left out."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "deterrence", "solve", POOL, "--set", "r=1/20",
                           "--set", "w=1/3", "--set", "L=0", "--set", "N=45", "--json"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    import json

    warnings = json.loads(done.stdout)["warnings"]
    assert any("mixtures over tied actions were not searched" in w for w in warnings)
