"""Bad input, as a user meets it on the command line.

Every bad payoff file exits 1 with the file name, a line number and a hint;
bad usage exits 2; nothing in a file is ever executed; no traceback, ever.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deterrence.cli import cli
from deterrence.errors import DeterrenceError
from deterrence.io import parse_game
from strategies import garbage_text, mutated_payoff_files, tomlish_documents

HEADER = '''schema = "deterrence/1"
title = "A 2x2 game"
players = ["Row", "Column"]

[strategies]
Row = ["Up", "Down"]
Column = ["Left", "Right"]
'''

GOOD_PAYOFFS = '''
[payoffs]
Up = [[3, 3], [0, 5]]
Down = [[5, 0], [1, 1]]
'''


def with_payoff(value: str) -> str:
    """The 2x2 game with the Up/Left payoff of Row replaced by ``value``."""
    return HEADER + f'\n[payoffs]\nUp = [[{value}, 3], [0, 5]]\nDown = [[5, 0], [1, 1]]\n'


def run(tmp_path: Path, text: str, *args: str, name: str = "game.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, [args[0] if args else "solve", str(path), *args[1:]])
    return result, path


def assert_clean_failure(result, path: Path, code: int = 1) -> str:
    output = result.output
    assert result.exit_code == code, output
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert re.search(re.escape(str(path)) + r":\d+", output), output
    assert "hint:" in output
    return output


BAD_FILES = [
    pytest.param(HEADER + "\n[payoffs]\nUp = [[3, 3], [0, 5]\nDown = [[5, 0], [1, 1]]\n",
                 11, "not valid TOML", id="malformed-toml-unclosed-array"),
    pytest.param('title = "twice"\n' + HEADER + GOOD_PAYOFFS, 3, "not valid TOML",
                 id="malformed-toml-duplicate-key"),
    pytest.param('schema = "deterrence/1"\nplayers = ["Row" "Column"]\n', 2, "not valid TOML",
                 id="malformed-toml-missing-comma"),
    pytest.param(with_payoff('"K / 2"'), 10, "unknown parameter 'K'", id="unknown-parameter"),
    pytest.param(HEADER + "\n[payoffs]\nUp = [[3, 3]]\nDown = [[5, 0], [1, 1]]\n", 10,
                 "expected a list of 2 cells", id="too-few-cells"),
    pytest.param(HEADER + "\n[payoffs]\nUp = [[3, 3], [0, 5]]\n", 9,
                 "no payoffs for Row playing 'Down'", id="missing-row"),
    pytest.param(HEADER + "\n[payoffs]\nUp = [[3, 3], [0]]\nDown = [[5, 0], [1, 1]]\n", 10,
                 "a cell needs 2 payoffs", id="cell-with-one-payoff"),
    pytest.param(HEADER + '\n[parameters]\np = { default = 1.5, type = "probability" }\n'
                 + GOOD_PAYOFFS, 10, "above its maximum 1", id="probability-default-out-of-bounds"),
    pytest.param(with_payoff('"1/0"'), 10, "division by zero", id="division-by-zero"),
    pytest.param(with_payoff("inf"), 10, "not a finite number", id="toml-infinity"),
    pytest.param(with_payoff("1e999999"), 10, "exponent", id="toml-float-huge-exponent"),
    pytest.param(with_payoff('"1e999999"'), 10, "exponent", id="quoted-huge-exponent"),
    pytest.param(with_payoff('"10^1000 * 10^1000 * 10^1000 * 10^1000"'), 10, "too large",
                 id="astronomical-number"),
]


@pytest.mark.parametrize("text, line, fragment", BAD_FILES)
def test_bad_file_exits_1_with_file_line_and_hint(tmp_path, text, line, fragment):
    result, path = run(tmp_path, text)
    output = assert_clean_failure(result, path)
    assert f"{path}:{line}" in output
    assert fragment in output


HOSTILE = [
    pytest.param("__import__('os').system('touch {marker}')", id="dunder-import-os-system"),
    pytest.param("().__class__", id="class-attribute"),
    pytest.param("open('x')", id="open-a-file"),
    pytest.param("a.b", id="attribute"),
    pytest.param("x[0]", id="indexing"),
    pytest.param("lambda: 1", id="lambda"),
    pytest.param("f'{{1}}'", id="f-string"),
    pytest.param("2^99999", id="huge-exponent"),
    pytest.param("9**9**9", id="chained-power"),
    pytest.param("exec('1')", id="exec"),
    pytest.param("V if 1 else 2", id="conditional"),
]


@pytest.mark.parametrize("expression", HOSTILE)
@pytest.mark.parametrize("command", ["solve", "show", "check", "dominance"])
def test_hostile_expression_is_refused_never_run(tmp_path, expression, command):
    marker = tmp_path / "MARKER"
    text = expression.format(marker=marker).replace("\\", "\\\\").replace('"', '\\"')
    result, path = run(tmp_path, with_payoff(f'"{text}"'), command)
    output = result.output
    assert result.exit_code == 1, output
    assert "Traceback" not in output
    assert str(path) in output and "hint:" in output
    if command != "check":
        assert f"{path}:10" in output
    assert not marker.exists()


def test_the_marker_command_works_so_its_absence_means_nothing_ran(tmp_path):
    import os

    marker = tmp_path / "MARKER"
    os.system(f"touch {marker}")  # the command the hostile payoff carries
    assert marker.exists()


# ------------------------------------------------------------ usage errors


@pytest.mark.parametrize("assignment, fragment", [
    pytest.param("K=3", "no parameter 'K'", id="unknown-parameter"),
    pytest.param("C=-1", "below its minimum", id="below-minimum"),
    pytest.param("C=abc", "not a number", id="not-a-number"),
    pytest.param("C", "NAME=VALUE", id="no-equals-sign"),
])
def test_bad_set_exits_2(assignment, fragment):
    result = CliRunner().invoke(cli, ["solve", "hawk_dove", "--set", assignment])
    assert result.exit_code == 2, result.output
    assert fragment in result.output and "Traceback" not in result.output


def test_probability_set_out_of_bounds_exits_2(tmp_path):
    text = HEADER + '\n[parameters]\np = { default = "1/2", type = "probability" }\n' + \
        '\n[payoffs]\nUp = [["p", 3], [0, 5]]\nDown = [[5, 0], [1, 1]]\n'
    path = tmp_path / "p.toml"
    path.write_text(text)
    ok = CliRunner().invoke(cli, ["solve", str(path), "--set", "p=1"])
    assert ok.exit_code == 0, ok.output
    result = CliRunner().invoke(cli, ["solve", str(path), "--set", "p=3/2"])
    assert result.exit_code == 2 and "above its maximum 1" in result.output


def test_missing_file_exits_2(tmp_path):
    result = CliRunner().invoke(cli, ["solve", str(tmp_path / "nowhere.toml")])
    assert result.exit_code == 2
    assert "nowhere.toml" in result.output and "Traceback" not in result.output


def test_not_utf8_exits_1(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes(with_payoff("1").replace("A 2x2", "Caf\xe9").encode("latin-1"))
    result = CliRunner().invoke(cli, ["solve", str(path)])
    assert result.exit_code == 1 and "UTF-8" in result.output


def test_bad_nfg_file_exits_1_with_line_and_column(tmp_path):
    result, path = run(tmp_path, 'NFG 1 R "t" { "A" "B" }\n{ 2 2 }\n1 2 3 x\n', name="bad.nfg")
    output = assert_clean_failure(result, path)
    assert f"{path}:3:7" in output


# ------------------------------------------------------------ garbage


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(garbage_text, tomlish_documents(), mutated_payoff_files(),
                 st.binary(max_size=200).map(lambda b: b.decode("utf-8", "replace"))),
       st.sampled_from(["game.toml", "game.nfg", "<stdin>"]))
def test_garbage_raises_nothing_but_our_own_errors(text, path):
    try:
        parse_game(text, path)
    except DeterrenceError:
        pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(text=mutated_payoff_files())
def test_mutated_files_on_the_command_line(tmp_path, text):
    """Solved or refused cleanly: exit 0 or 1, never a traceback."""
    result, path = run(tmp_path, text, "solve", "--json")
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    if result.exit_code == 1:
        assert str(path) in result.output
