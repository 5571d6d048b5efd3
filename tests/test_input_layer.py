"""The input layer: every input gets an answer or a clear refusal.

Each crash reported in issue 13 is reproduced here with the real command
line and must now end with exit 1, the file, the line (and column where the
parser knows it) and a hint that fits the error; then the layer itself: the
size cap, the encodings, the hints for TOML syntax errors, the length of
messages.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from deterrence.cli import cli
from deterrence.errors import DeterrenceError, LimitError
from deterrence.io import dumps, load_game, parse_game

HEADER = '''schema = "deterrence/1"
title = "A 2x2 game"
players = ["Row", "Column"]
{parameters}
[strategies]
Row = ["Up", "Down"]
Column = ["Left", "Right"]

[payoffs]
Up = [[{cell}, 3], [0, 5]]
Down = [[5, 0], [1, 1]]
'''


def game_text(cell: str = "3", parameters: str = "", tail: str = "") -> str:
    return HEADER.format(cell=cell, parameters=parameters) + tail


def run(*args, **kwargs):
    return CliRunner().invoke(cli, [str(a) for a in args], **kwargs)


def refused(result, place: str, *fragments: str) -> str:
    output = result.output
    assert result.exit_code == 1, output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert place in output and "hint:" in output, output
    for fragment in fragments:
        assert fragment in output, output
    return output


# ---------------------------------------------------------------- the crashes of issue 13


@pytest.mark.parametrize("command", ["check", "solve", "show"])
def test_two_hundred_nested_parentheses_are_refused_by_the_depth_limit(tmp_path, command):
    deep = "(" * 200 + "1" + ")" * 200  # 401 characters: under the length limit
    path = tmp_path / "g.toml"
    path.write_text(game_text(cell=f'"{deep}"'))
    refused(run(command, path), f"{path}:10:", "limit of 100 levels", "--limit depth=")


def test_two_hundred_nested_parentheses_in_set_payoff(tmp_path):
    path = tmp_path / "g.toml"
    path.write_text(game_text())
    before = path.read_bytes()
    result = run("set", path, "--payoff", "Row=Up,Column=Left", "Row=" + "(" * 200 + "1" + ")" * 200)
    assert result.exit_code == 1 and "limit of 100 levels" in result.output
    assert path.read_bytes() == before


def test_a_parameter_value_500_deep_is_refused(tmp_path):
    path = tmp_path / "g.toml"
    path.write_text(game_text(parameters='\n[parameters]\nV = { default = "'
                              + "(" * 500 + "1" + ")" * 500 + '" }\n'))
    refused(run("check", path), f"{path}:6:", "limit of 100 levels")


@pytest.mark.parametrize("value, column", [("[" * 5000 + "]" * 5000, 105),
                                           ("{a=" * 2000 + "1" + "}" * 2000, 305)],
                         ids=["arrays-5000-deep", "inline-tables-2000-deep"])
def test_toml_nesting_thousands_deep_is_refused_before_parsing(tmp_path, value, column):
    path = tmp_path / "g.toml"
    path.write_text(game_text(tail=f"x = {value}\n"))
    refused(run("check", path), f"{path}:12:{column}", "nest 101 levels deep")


def test_nesting_hidden_behind_brackets_in_strings_is_still_refused_and_located(tmp_path):
    """Strings that hold brackets can make the quick count see no nesting; the
    parser's recursion is then caught and the place found all the same."""
    path = tmp_path / "g.toml"
    path.write_text(game_text(tail="x = " + '[ "]", ' * 3000 + '"[" ]' * 3000 + "\n"))
    refused(run("check", path), f"{path}:12:705", "nest 101 levels deep")
    path.write_text(game_text().replace('"A 2x2 game"', '"' + "[" * 300 + '"'))
    assert run("check", path).exit_code == 0  # brackets in a title nest nothing


@pytest.mark.parametrize("fmt", ["toml", "nfg", "efg"])
def test_an_integer_of_5000_digits_is_refused_in_every_format(tmp_path, fmt):
    big = "9" * 5000
    text = {
        "toml": game_text(cell=big),
        "nfg": f'NFG 1 R "t" {{ "A" "B" }}\n{{ 2 2 }}\n1 2 {big} 4 5 6 7 8\n',
        "efg": (f'EFG 2 R "t" {{ "A" "B" }} ""\np "" 1 1 "" {{ "L" "R" }} 0\n'
                f't "" 1 "x" {{ {big}, 1 }}\nt "" 2 "y" {{ 1, 1 }}\n'),
    }[fmt]
    path = tmp_path / f"g.{fmt}"
    path.write_text(text)
    output = refused(run("solve", path), f"{path}:", "5,000 digits", "--limit digits=5000")
    assert len(output) < 500


def test_an_efg_that_passes_through_an_information_set_twice_is_refused_by_check_and_solve(tmp_path):
    """A `p` line moved above its parent's branch made `check` pass and `solve`
    fail with KeyError -1: the root landed in an information set that also
    holds a node below it. Both commands now refuse it, naming the nodes."""
    text = dumps(load_game("crisis_bargaining"), "efg").split("\n")
    moved = text[:15] + [text[18]] + text[15:18] + text[19:]
    path = tmp_path / "moved.efg"
    path.write_text("\n".join(moved))
    for command in ("check", "solve"):
        refused(run(command, path), f"{path}:", "passes through it twice", "strong_high_seen")


# ---------------------------------------------------------------- size and streams


def test_a_file_above_the_input_limit_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "g.toml"
    path.write_text(game_text(tail="# " + "x" * 5000 + "\n"))
    output = refused(run("check", path, "--limit", "input=1K"), str(path), "limit of 1 KiB",
                     "--limit input=")
    assert "5.3 KiB" in output or "KiB" in output
    assert run("check", path, "--limit", "input=1M").exit_code == 0


def test_standard_input_above_the_input_limit_is_refused():
    result = run("check", "-", "--limit", "input=100", input=game_text())
    assert result.exit_code == 1 and "standard input gives more than 100 bytes" in result.output


def test_standard_input_is_read_like_a_file():
    result = run("solve", "-", input=game_text())
    assert result.exit_code == 0 and "Nash equilibria" in result.output


def test_a_utf8_byte_order_mark_is_dropped(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + game_text().encode())
    assert run("check", path).exit_code == 0
    assert run("check", "-", input=b"\xef\xbb\xbf" + game_text().encode()).exit_code == 0


def test_utf16_and_bytes_that_are_not_utf8_are_located(tmp_path):
    path = tmp_path / "utf16.toml"
    path.write_bytes(game_text().encode("utf-16"))
    refused(run("check", path), f"{path}:1:1", "UTF-16")
    path = tmp_path / "latin1.toml"
    path.write_bytes(game_text().replace("A 2x2", "Caf\xe9 2x2").encode("latin-1"))
    refused(run("check", path), f"{path}:2:13", "not UTF-8", "byte 0xe9")


def test_too_many_tree_nodes_are_refused_before_the_tree_is_built(tmp_path):
    text = dumps(load_game("punishment_deterrence"), "efg")
    path = tmp_path / "t.efg"
    path.write_text(text)
    refused(run("check", path, "--limit", "nodes=3"), str(path), "5 nodes", "--limit nodes=5")


# ---------------------------------------------------------------- messages


@pytest.mark.parametrize("text, line, fragment, hint", [
    ('title = "Arms race\n', 1, "unterminated string", "the quote that opens it"),
    ("title = 'Arms race\n", 1, "unterminated string", "the quote that opens it"),
    ('x = """never closed\n', 1, "unterminated string", 'triple quotes'),
    ("x = [1, 2\n", 1, "unclosed array", "close the array with ]"),
    ("x = { a = 1\n", 1, "unclosed inline table", "on the same line"),
    ("x = 1/3\n", 1, "expected newline", 'quote fractions and expressions: "1/3"'),
    ("x = V - C\n", 1, "invalid value", 'quote fractions and expressions'),
    ("x = Hawk\n", 1, "invalid value", 'text is written in quotes: "Hawk"'),
    ("a = 1\na = 2\n", 2, "cannot overwrite a value", "each key may appear once"),
    ("Status quo = 1\n", 1, "expected '='", '"Status quo" = ...'),
    ('x = "a\\q"\n', 1, "unescaped", "for a backslash"),
    ("= 1\n", 1, "invalid statement", "a key is missing"),
], ids=["unterminated-basic", "unterminated-literal", "unterminated-multiline", "unclosed-array",
        "unclosed-inline-table", "bare-fraction", "bare-expression", "bare-word", "duplicate-key",
        "key-with-space", "bad-escape", "missing-key"])
def test_each_toml_syntax_error_gets_a_hint_that_fits_it(tmp_path, text, line, fragment, hint):
    path = tmp_path / "g.toml"
    path.write_text(text)
    output = refused(run("check", path), f"{path}:{line}", fragment, hint)
    if "quote fractions" not in hint:
        assert "quote fractions" not in output  # an unterminated string is not about fractions


def test_a_huge_payoff_is_quoted_in_at_most_about_80_characters(tmp_path):
    path = tmp_path / "g.toml"
    path.write_text(game_text(cell='"' + "V + " * 250_000 + 'V"'))
    output = refused(run("check", path), f"{path}:10", "1,000,001 characters")
    assert len(output) < 600
    longest = max(len(q) for q in re.findall(r"'[^']*'", output))
    assert longest <= 85


def test_every_reader_error_is_our_own_even_with_limits_raised():
    """Raising a limit hands the text to the parsers: they still never crash."""
    from deterrence.model import limits

    deep = game_text(tail="x = " + "[" * 3000 + "]" * 3000 + "\n")
    with limits.raised(depth=None):
        with pytest.raises(DeterrenceError):
            parse_game(deep, "g.toml")  # parsed, then refused as an unknown key
    with pytest.raises(LimitError):
        parse_game(deep, "g.toml")


def test_library_callers_can_raise_limits(tmp_path):
    from deterrence.model import limits

    text = game_text(cell="1" + "0" * 3500)
    with pytest.raises(LimitError, match="3,501 digits"):
        parse_game(text, "g.toml")
    with limits.raised(digits=5000):
        assert parse_game(text, "g.toml").payoffs[0][0].evaluate({}) == 10 ** 3500


def test_read_source_refuses_closed_standard_input(monkeypatch):
    import sys

    from deterrence.io.source import read_stdin

    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(DeterrenceError, match="standard input is closed"):
        read_stdin()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x = 1")))
    assert read_stdin() == b"x = 1"


def test_the_catalogue_is_unchanged_by_the_input_layer():
    from deterrence.io.catalogue import catalogue_files

    for path in catalogue_files():
        assert load_game(str(path)) == parse_game(Path(path).read_text(encoding="utf-8"), str(path))
