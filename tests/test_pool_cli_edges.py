"""``deterrence pool`` given hostile input: every refusal is a usage error (exit 2) with
one clear line and its fix, made before any work starts; edge values answer exactly and
quickly.

Hand derivation (``games/export_control_pool.toml``, see tests/test_pool.py): with k
members honouring, holding out costs the target 2 (15 - 2k), at least the concession 12
iff k <= 4. So with a reliability of 0 nobody honours, the target concedes at every N and
the coercer expects 12, as without a pool; with a reliability of 1 all N honour and
coercion stops paying at N = 5 (the coercer then expects -4).
"""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction

import pytest
from click.testing import CliRunner

from deterrence.cli import cli

from cli_refusals import refused as refused_with

POOL = "export_control_pool"


def run(*args):
    return CliRunner().invoke(cli, ["pool", *args], catch_exceptions=False)


def run_timed(*args, timeout: float = 60):
    """The command in its own process, so that a run that would not end fails the test."""
    return subprocess.run([sys.executable, "-m", "deterrence", "pool", *args],
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def no_work(monkeypatch):
    """Fail the test if the pool is analysed at all (a refusal must come first)."""
    import deterrence.builders.pool.request as request

    def refuse(*args, **kwargs):
        raise AssertionError("the pool was analysed before the refusal")

    monkeypatch.setattr(request, "analyse_pool", refuse)


def refused(result, *needles):
    """A usage error (exit 2) whose message holds ``needles``: its first line."""
    return refused_with(result, 2, *needles)


# ---------------------------------------------------------------- --plot


@pytest.mark.parametrize("name", ["out.xyz", "out", "out.", "figure.png.txt"])
def test_a_plot_without_a_picture_extension_is_refused_before_any_work(no_work, tmp_path, name):
    path = tmp_path / name
    first = refused(run(POOL, "--members", "0:3", "--plot", str(path)), "picture format")
    assert ".png, .svg or .pdf" in first
    assert not path.exists()


def test_a_plot_in_a_missing_folder_is_refused_before_any_work(no_work, tmp_path):
    refused(run(POOL, "--members", "0:3", "--plot", str(tmp_path / "nowhere" / "pool.png")),
            "no folder")


@pytest.mark.parametrize("suffix", [".svg", ".pdf"])
def test_a_plot_is_written_as_svg_or_pdf(tmp_path, suffix):
    out = tmp_path / f"pool{suffix}"
    result = run(POOL, "--members", "0:3", "--plot", str(out))
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 1000


def test_check_plot_path_is_public_and_names_the_extensions():
    from deterrence.errors import UsageError
    from deterrence.views.plots import PLOT_SUFFIXES, check_plot_path

    assert check_plot_path("a.PNG").suffix == ".PNG"
    with pytest.raises(UsageError) as caught:
        check_plot_path("a.gif")
    assert caught.value.exit_code == 2
    assert all(suffix in str(caught.value) for suffix in PLOT_SUFFIXES)


# ---------------------------------------------------------------- the members limit


@pytest.mark.parametrize("args", [
    ("--members", "0:200000"),
    ("--members", "200000"),
    ("--vary", "N=0:200000"),
    ("--set", "N=200000"),
], ids=["range", "one-size", "vary", "set"])
def test_a_pool_above_the_members_limit_is_refused_with_the_limit_to_raise(no_work, args):
    first = refused(run(POOL, *args), "--limit members=200000")
    assert "above the limit of 100,000 members" in first
    assert "beyond" not in run(POOL, *args).output


def test_the_members_limit_is_the_one_of_model_limits():
    from deterrence.model import limits

    assert limits.get("members") == 100_000
    first = refused(run(POOL, "--members", "0:11", "--limit", "members=10"), "--limit members=11")
    assert "above the limit of 10 members" in first
    with limits.raised(members=10):
        from deterrence.builders.pool.request import pool_request
        from deterrence.errors import LimitError
        from deterrence.io import load_game

        with pytest.raises(LimitError) as caught:
            pool_request(load_game(POOL), members="11")
        assert caught.value.exit_code == 2


def test_the_members_limit_is_raised_with_limit_members():
    result = run(POOL, "--members", "150000", "--limit", "members=150000", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["points"][0]["value"] == "150000" and doc["change_point"]["value"] == "7"


def test_the_search_past_the_range_stops_at_the_members_limit():
    """With a reliability of 0 coercion pays at every size: the search for a deterring pool
    goes up to the limit in force and finds none."""
    result = run(POOL, "--set", "r=0", "--members", "0:3", "--limit", "members=50", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["change_point"] is None


# ---------------------------------------------------------------- one parameter, one option


@pytest.mark.parametrize("args, first_option, second_option, name", [
    (("--set", "N=3", "--members", "0:5"), "--set N=3", "--members 0:5", "N"),
    (("--set", "N=3", "--members", "4"), "--set N=3", "--members 4", "N"),
    (("--set", "w=3", "--pledge", "1:3"), "--set w=3", "--pledge 1:3", "w"),
    (("--set", "w=3", "--pledge", "2"), "--set w=3", "--pledge 2", "w"),
    (("--set", "r=1/2", "--reliability", "0.2:1"), "--set r=1/2", "--reliability 0.2:1", "r"),
    (("--set", "r=1/2", "--reliability", "0.2"), "--set r=1/2", "--reliability 0.2", "r"),
    (("--set", "Q=50", "--vary", "Q=0:100"), "--set Q=50", "--vary Q=0:100", "Q"),
    (("--members", "4", "--vary", "N=0:3"), "--members 4", "--vary N=0:3", "N"),
    (("--reliability", "0.5", "--vary", "r=0:1"), "--reliability 0.5", "--vary r=0:1", "r"),
    (("--pledge", "1", "--vary", "w=0:3"), "--pledge 1", "--vary w=0:3", "w"),
], ids=["set-members-range", "set-members", "set-pledge-range", "set-pledge", "set-reliability-range",
        "set-reliability", "set-vary", "members-vary", "reliability-vary", "pledge-vary"])
def test_an_option_that_gives_a_parameter_set_by_another_is_refused(no_work, args, first_option,
                                                                     second_option, name):
    first = refused(run(POOL, *args), "drop one of the two")
    assert first == f"error: {first_option} conflicts with {second_option}: both give {name}"


def test_set_still_fixes_what_no_option_gives():
    result = run(POOL, "--set", "D=13", "--members", "0:3", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["parameters"]["D"] == "13"


# ---------------------------------------------------------------- reliabilities of 0 and 1


def test_a_reliability_of_zero_answers_exactly_in_seconds():
    """Was more than 45 minutes: the member model refused r = 0, so the search for the
    smallest deterring pool built and solved pools of up to 100,000 members one by one."""
    done = run_timed(POOL, "--set", "r=0", "--members", "0:3", "--json", timeout=30)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert [p["coercer_restrict"] for p in doc["points"]] == ["12"] * 4
    assert [p["concede_probability"] for p in doc["points"]] == ["1"] * 4
    assert doc["change_point"] is None
    assert "pays over the whole range" in doc["statement"]


@pytest.mark.parametrize("r, change", [("0", None), ("1", 5)])
def test_the_member_model_covers_reliabilities_of_zero_and_one(r, change):
    from deterrence.builders.pool.analysis import evaluate_point
    from deterrence.builders.pool.members import MemberModel
    from deterrence.io import load_game

    game = load_game(POOL).with_values({"r": Fraction(r)})
    model = MemberModel.of(game, "N")
    for fast in model.points(0, 9):
        slow = evaluate_point(game.with_values({"N": fast.value}), fast.value)
        assert (fast.restrict, fast.concede, fast.pays) == (slow.restrict, slow.concede, slow.pays)
    assert model.smallest_deterring(0, 100_000) == change
    assert model.point(100_000).restrict == (12 if r == "0" else -4)


@pytest.mark.parametrize("reliability, restrict, change", [("0", "12", None), ("1", "-4", "5")])
def test_a_constant_reliability_of_zero_or_one_builds_one_outcome(tmp_path, reliability, restrict,
                                                                   change):
    """A file whose reliability is the number 0 or 1: a pool of 100,000 members has one
    outcome, found without computing the binomial coefficients of the others."""
    from pathlib import Path

    source = Path(__file__).parent.parent / "games" / f"{POOL}.toml"
    path = tmp_path / "pool.toml"
    path.write_text(source.read_text().replace('reliability = "r"', f'reliability = "{reliability}"'))
    done = run_timed(str(path), "--members", "100000", "--json", timeout=30)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["points"][0]["coercer_restrict"] == restrict
    assert (doc["change_point"] or {}).get("value") == change


# ---------------------------------------------------------------- searches past the range


def test_a_tiny_reliability_is_searched_in_integers():
    """r = 1e-10: each pool tried holds numbers of a million digits; the search for a
    deterring pool compares integers instead of reducing fractions (was over 100 s)."""
    done = run_timed(POOL, "--reliability", "1e-10", "--members", "0:3", "--json", timeout=30)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["change_point"] is None and "pays over the whole range" in doc["statement"]


@pytest.mark.parametrize("r", ["1/1000", "1/20", "4/5", "999/1000"])
def test_the_integer_verdict_is_the_exact_points(r):
    from deterrence.builders.pool.members import MemberModel
    from deterrence.io import load_game

    for L in (0, 4, 12):
        model = MemberModel.of(load_game(POOL).with_values({"r": Fraction(r), "L": Fraction(L)}), "N")
        for n in (*range(0, 15), 100, 1000):
            point = model.point(n)
            assert model.decides(n) == (point.pays, point.several), (r, L, n)


def test_pools_solved_one_by_one_are_refused_above_the_solves_limit():
    """The supply pool's outcome after k members honour depends on N: each size is its own game."""
    result = run("export_control_supply_pool", "--members", "0:5000")
    refused(result, "5,001 pool sizes would each be solved as their own game",
            "--limit solves=5001")


def test_the_search_past_the_range_stops_where_each_pool_is_its_own_game(monkeypatch):
    """A pledge of 1/1000 with commit timing: coercion pays at every pool tried; the search,
    each pool solved as its own game, stops (here at 40 members) and says so."""
    import deterrence.builders.pool.analysis as analysis

    monkeypatch.setattr(analysis, "SEARCHED_ONE_BY_ONE", 40)
    result = run("export_control_supply_pool", "--set", "w=1/1000", "--members", "0:3", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["change_point"] is None
    assert any("still pays with 40 members; larger pools were not searched" in w
               for w in doc["warnings"])
