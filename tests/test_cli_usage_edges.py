"""Usage edges shared by several commands: one plot-name check for every ``--plot``, a range
of one value, and ``--json`` with another ``--format``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from deterrence.cli import cli

POOL = ("pool", "export_control_pool")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def refused(result, message: str) -> str:
    """The (one-line) error of a run that exited 2, checked to contain ``message``."""
    assert result.exit_code == 2, result.output
    assert message in result.output, result.output
    return result.output


# ---------------------------------------------------------------- --plot


@pytest.mark.parametrize("command", [
    pytest.param(("tournament", "prisoners_dilemma"), id="tournament"),
    pytest.param(POOL, id="pool"),
    pytest.param(("sweep", "hawk_dove", "C=0:1"), id="sweep"),
])
def test_every_plot_option_refuses_an_unknown_suffix_with_the_same_message(command):
    output = refused(run(*command, "--plot", "figure.gif"), "picture format")
    assert "cannot tell the picture format of figure.gif: a plot is written as " \
           ".png, .svg or .pdf" in output
    assert "figure.png" in output            # the hint names a file that would do


def test_tournament_plot_in_a_missing_folder_is_refused_before_any_work(tmp_path):
    refused(run("tournament", "prisoners_dilemma", "--plot", str(tmp_path / "no" / "x.png")),
            "no folder")


# ---------------------------------------------------------------- a range of one value


def test_members_with_equal_ends_is_that_one_pool_size():
    one = run(*POOL, "--members", "3:3", "--json")
    assert one.exit_code == 0, one.output
    assert json.loads(one.output) == json.loads(run(*POOL, "--members", "3", "--json").output)


@pytest.mark.parametrize("option, text, single", [
    pytest.param("--pledge", "2:2", "2", id="pledge"),
    pytest.param("--reliability", "1/2:0.5", "1/2", id="reliability-fraction-and-decimal"),
])
def test_pool_options_with_equal_ends_are_that_one_value(option, text, single):
    one = run(*POOL, "--members", "0:4", option, text, "--json")
    assert one.exit_code == 0, one.output
    same = run(*POOL, "--members", "0:4", option, single, "--json")
    assert json.loads(one.output) == json.loads(same.output)


def test_members_backwards_still_asks_for_the_smaller_end_first():
    refused(run(*POOL, "--members", "5:3"), "write the smaller end first")


def test_vary_with_equal_ends_says_what_to_pass():
    output = refused(run(*POOL, "--vary", "r=1/2:1/2"), "--vary r=1/2:1/2 has equal ends")
    assert "--set r=1/2" in output
    assert "smaller end" not in output


# ---------------------------------------------------------------- --json with --format


@pytest.mark.parametrize("command", [
    pytest.param(POOL, id="pool"),
    pytest.param(("ladder", "kahn_ladder"), id="ladder"),
    pytest.param(("solve", "hawk_dove"), id="solve"),
    pytest.param(("games",), id="games"),
    pytest.param(("tournament", "prisoners_dilemma", "--noise", "0"), id="tournament"),
    pytest.param(("sweep", "hawk_dove", "C=0:1"), id="sweep"),
])
@pytest.mark.parametrize("form", ["csv", "table"])
def test_json_with_another_format_conflicts(command, form):
    result = run(*command, "--json", "--format", form)
    output = refused(result, f"--json conflicts with --format {form}")
    assert output.count("\n") == 1, output          # one line
    assert f"pass --json or --format {form}, not both" in output
    assert result.stdout == ""                      # refused before anything is written


@pytest.mark.parametrize("command", [
    pytest.param(POOL, id="pool"),
    pytest.param(("sweep", "hawk_dove", "C=0:1"), id="sweep"),
])
def test_json_with_format_json_is_one_request(command):
    result = run(*command, "--json", "--format", "json")
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)
