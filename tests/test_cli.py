"""The command line, as a user runs it (click's CliRunner, plain output)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from deterrence.cli import cli

GAMES = Path(__file__).resolve().parent.parent / "games"


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


def test_solve_prisoners_dilemma_marks_the_dilemma(run):
    result = run("solve", str(GAMES / "prisoners_dilemma.toml"))
    assert result.exit_code == 0
    assert "1*, 1*  (NE)" in result.output
    assert "Build bloc" in result.output


def test_solve_json_is_the_public_contract(run):
    result = run("solve", "hawk_dove", "--set", "C=8", "--json")
    doc = json.loads(result.output)
    assert doc["schema"] == "deterrence.result/1"
    assert doc["parameters"] == {"V": "2", "C": "8"}
    assert doc["concept"] == "nash" and doc["exact"] is True and doc["complete"] is True
    mixed = [eq for eq in doc["equilibria"] if not eq["pure"]]
    assert mixed[0]["strategies"]["Row"] == {"Hawk": "1/4", "Dove": "3/4"}
    assert mixed[0]["payoffs"] == {"Row": "3/4", "Column": "3/4"}
    for key in ("game", "method", "warnings"):
        assert key in doc


def test_float_writes_numbers(run):
    doc = json.loads(run("solve", "hawk_dove", "--json", "--float").output)
    mixed = [eq for eq in doc["equilibria"] if not eq["pure"]][0]
    assert mixed["strategies"]["Row"]["Hawk"] == pytest.approx(1 / 3)


def test_solve_reads_standard_input(run):
    text = (GAMES / "prisoners_dilemma.toml").read_text()
    result = run("solve", "-", "--json", input=text)
    assert json.loads(result.output)["equilibria"][0]["strategies"]["Bloc A"]["Build bloc"] == "1"


def test_show_marks_best_responses_with_stars_when_piped(run):
    result = run("show", str(GAMES / "stag_hunt.toml"))
    assert "4*, 4*  (NE)" in result.output and "3*, 3*  (NE)" in result.output


def test_check_reports_every_file_and_fails_on_a_bad_one(run, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('schema = "deterrence/1"\nplayers = ["A"]\n')
    result = run("check", str(GAMES / "hawk_dove.toml"), str(bad))
    assert result.exit_code == 1
    assert "ok" in result.output and "bad.toml" in result.output


def test_games_lists_the_catalogue(run):
    result = run("games")
    assert result.exit_code == 0
    assert "hawk_dove" in result.output and "dilemma" in result.output


def test_unknown_parameter_is_a_usage_error(run):
    result = run("solve", "hawk_dove", "--set", "K=1")
    assert result.exit_code == 2
    assert "no parameter 'K'" in result.output


def test_missing_file_is_a_usage_error(run):
    assert run("solve", "no/such/file.toml").exit_code == 2


def test_bad_file_exits_1_with_place_and_hint(run, tmp_path):
    path = tmp_path / "hd.toml"
    path.write_text((GAMES / "hawk_dove.toml").read_text().replace('"V/2", "V/2"', '"V/2", "W/2"'))
    result = run("solve", str(path))
    assert result.exit_code == 1
    assert "hd.toml:" in result.output and "unknown parameter 'W'" in result.output
    assert "hint:" in result.output and "Traceback" not in result.output


def test_convert_writes_toml_that_reads_back(run, tmp_path):
    out = tmp_path / "pd.toml"
    assert run("convert", "prisoners_dilemma", str(out)).exit_code == 0
    assert run("solve", str(out), "--json").exit_code == 0


def test_convert_needs_a_known_format(run, tmp_path):
    assert run("convert", "prisoners_dilemma", str(tmp_path / "pd.xyz")).exit_code == 2


def test_every_command_has_an_example_and_a_section_in_cli_md(run):
    text = (GAMES.parent / "CLI.md").read_text()
    for name in cli.commands:
        assert "Example:" in run(name, "--help").output, name
        assert f"## `deterrence {name}`" in text, f"CLI.md lacks a section for {name}"


def test_every_option_of_every_command_is_in_cli_md():
    """CLI.md is the reference: an option missing from it is a defect (its negation too)."""
    import re

    import click

    text = (GAMES.parent / "CLI.md").read_text()
    missing = []
    for name, command in cli.commands.items():
        for param in command.params:
            for option in list(getattr(param, "opts", ())) + list(getattr(param, "secondary_opts", ())):
                if option.startswith("--") and not re.search(rf"(?<![\w-]){option}(?![\w-])", text):
                    missing.append(f"deterrence {name} {option}")
    assert not missing, missing
    assert isinstance(cli, click.Group)


def test_python_dash_m_works():
    out = subprocess.run([sys.executable, "-m", "deterrence", "--version"],
                         capture_output=True, text=True, check=True).stdout
    assert "deterrence" in out


def test_startup_does_not_import_heavy_modules():
    code = ("import sys, deterrence.cli; "
            "print(sorted(m for m in ('sympy', 'nashpy', 'matplotlib', 'scipy', 'cdd') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_no_command_has_two_options_of_the_same_name():
    """click only warns about a duplicate option; here it is a failure."""
    from deterrence.cli import cli as group

    for name, command in group.commands.items():
        flags = [opt for param in command.params for opt in getattr(param, "opts", [])
                 + getattr(param, "secondary_opts", [])]
        assert len(flags) == len(set(flags)), (name, sorted(f for f in flags if flags.count(f) > 1))
        names = [param.name for param in command.params]
        assert len(names) == len(set(names)), (name, names)
