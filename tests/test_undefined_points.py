"""A game file whose payoffs are undefined at some parameter values (a division by zero
there): the commands that meet such a point say where, at the file, and never crash."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from deterrence.cli import cli

CATALOGUE = Path(__file__).resolve().parent.parent / "games"


@pytest.fixture()
def undefined_at_3(tmp_path) -> Path:
    # hawk-dove with the Hawks' fight divided by C - 3: no payoff at C = 3
    text = (CATALOGUE / "hawk_dove.toml").read_text()
    fight = 'Hawk = [["(V - C)/2", "(V - C)/2"], ["V", 0]]'
    assert fight in text
    path = tmp_path / "undefined.toml"
    path.write_text(text.replace(fight, 'Hawk = [["(V - C)/(C - 3)", "(V - C)/2"], ["V", 0]]'))
    return path


def test_thresholds_of_rational_payoffs_do_not_crash(undefined_at_3):
    # the symbolic solution factors determinants that are rational functions of C
    result = CliRunner().invoke(cli, ["thresholds", str(undefined_at_3), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    (failed,) = [s for s in report["check"]["sweeps"] if s["parameter"] == "C"]
    (entry,) = failed["changes"]
    assert entry["value"].startswith("sweep failed: cannot evaluate payoffs at V = 2, C = 3: division by zero")
    shown = CliRunner().invoke(cli, ["thresholds", str(undefined_at_3)])
    assert "Sweep of C over [0, 18]: sweep failed: cannot evaluate payoffs at V = 2, C = 3" in shown.output
    assert "change point(s)" not in shown.output.split("Sweep of C")[1]


def test_a_sweep_across_the_undefined_point_names_the_file_and_the_values(undefined_at_3):
    result = CliRunner().invoke(cli, ["sweep", str(undefined_at_3), "C=0:12", "--steps", "4"])
    assert result.exit_code == 1
    assert f"error: {undefined_at_3}: cannot evaluate payoffs at V = 2, C = 3: division by zero" \
        in result.output
    assert "<game>" not in result.output


def test_a_tree_whose_chance_leaves_0_1_at_the_values_asked_names_the_file(tmp_path):
    text = (CATALOGUE / "punishment_credibility.toml").read_text()
    chance = 'chance = { Resolute = "p", Irresolute = "1 - p" }'
    assert chance in text
    path = tmp_path / "chance.toml"
    path.write_text(text.replace(chance, 'chance = { Resolute = "c/4", Irresolute = "1 - c/4" }'))
    result = CliRunner().invoke(cli, ["solve", str(path), "--set", "c=6"])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {path}: chance node 'nature': probability of 'Resolute' is 3/2")
