"""An injection corpus: nothing in a payoff file or on the command line runs.

Each entry is text a hostile or careless user may put where a number, a
formula or a label goes: Python dunders, attribute access, lambdas, sympy
and eval strings, huge powers, deep nesting, unicode digits and look-alikes,
rich markup and terminal control characters. Many of them, if executed,
would create the SENTINEL file; it must never appear. Every run ends with
exit 0, 1 or 2 and no traceback; formulas outside the allow-list are refused
(exit 1 in a file, 2 on the command line); labels are shown as the text they
are, markup and escape sequences included, never obeyed.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from deterrence.cli import cli

SENTINEL = "SENTINEL"

#: (category, text, must be refused as a formula)
CORPUS = [
    ("dunder", "__import__('os').system('touch {s}')", True),
    ("dunder", "__builtins__", True),
    ("dunder", "().__class__.__bases__[0].__subclasses__()", True),
    ("dunder", "__import__('subprocess').call(['touch', '{s}'])", True),
    ("attribute", "V.real", True),
    ("attribute", "os.system('touch {s}')", True),
    ("attribute", "V.__class__", True),
    ("lambda", "lambda: open('{s}', 'w')", True),
    ("lambda", "(lambda x: x)(1)", True),
    ("eval", "eval('open(\"{s}\", \"w\")')", True),
    ("eval", "exec('import os')", True),
    ("eval", "compile('1', '', 'eval')", True),
    ("eval", "open('{s}', 'w')", True),
    ("sympy", "Symbol('x')", True),
    ("sympy", "sympify('x')", True),
    ("sympy", "S(1)/3", True),
    ("sympy", "Rational(1, 3)", True),
    ("sympy", "Piecewise((1, True))", True),
    ("sympy", "oo", True),
    ("sympy", "zoo", True),
    ("sympy", "pi", True),
    ("sympy", "exp(1)", True),
    ("sympy", "sqrt(2)", True),
    ("sympy", "x**x", True),
    ("power", "9^999", False),
    ("power", "10^1000 * 10^1000 * 10^1000 * 10^1000", True),
    ("power", "(2^1000)^1000", True),
    ("power", "9**9**9", True),
    ("power", "2^1000000", True),
    ("power", "1e999999", True),
    ("power", "2^-1000", False),
    ("nesting", "(" * 200 + "1" + ")" * 200, True),
    ("nesting", "-" * 1500 + "1", True),
    ("nesting", "+".join(["1"] * 900), True),
    ("nesting", "min(" * 60 + "1" + ")" * 60, False),
    ("nesting", "min(" * 150 + "1" + ")" * 150, True),
    ("length", "1+" * 5000 + "1", True),
    ("unicode", "١٢", True),
    ("unicode", "２", True),
    ("unicode", "3²", True),
    ("unicode", "½", True),
    ("unicode", "Ⅴ", True),
    ("unicode", "С - 1", True),  # a Cyrillic capital es, not the parameter C
    ("unicode", "V\u200b", True),
    ("unicode", "𝟏", True),
    ("unicode", "1\u00a0+\u00a01", True),
    ("markup", "[/]", True),
    ("markup", "[bold red]X[/]", True),
    ("markup", "[link=file:///etc/passwd]x[/link]", True),
    ("control", "\x1b[2J", True),
    ("control", "\x1b]0;pwned\x07", True),
    ("control", "\u202e1", True),
    ("control", "\x9b2J", True),
    ("control", "1\x00", True),
]
IDS = [f"{c}-{k}" for k, (c, _, _) in enumerate(CORPUS)]

HEADER = '''schema = "deterrence/1"
title = "Injection target"
players = [{player}, "Column"]

[parameters]
V = {{ default = 2 }}
C = {{ default = 6 }}

[define]
W = {define}

[strategies]
{player} = [{row}, "Down"]
Column = ["Left", "Right"]

[payoffs]
{row} = [[{cell}, 3], [0, 5]]
Down = [[5, 0], [1, 1]]
'''


def toml_string(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


def payoff_file(cell: str = "1", row: str = "Up", define: str = '"V"', player: str = "Row") -> str:
    return HEADER.format(cell=cell, row=toml_string(row), define=define, player=toml_string(player))


def no_control_characters(output: str) -> bool:
    return not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", output)


def run(*args: str):
    return CliRunner(env={"COLUMNS": "200"}).invoke(cli, list(args))


def assert_clean(result, codes=(0, 1, 2)) -> str:
    assert result.exit_code in codes, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert no_control_characters(result.output), repr(result.output[-300:])
    return result.output


@pytest.fixture
def sentinel(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / SENTINEL
    yield path
    assert not path.exists(), "something in the corpus was executed"


@pytest.mark.parametrize("category, text, refused", CORPUS, ids=IDS)
@pytest.mark.parametrize("command", ["check", "solve", "show"])
def test_a_formula_from_the_corpus_in_a_payoff(sentinel, category, text, refused, command):
    path = sentinel.parent / "game.toml"
    path.write_text(payoff_file(cell=toml_string(text.format(s=sentinel))), encoding="utf-8")
    result = run(command, str(path))
    output = assert_clean(result)
    if refused:
        assert result.exit_code == 1, output
        assert "hint:" in output and str(path) in output
        assert len(output) < 3000  # at most ~80 characters of the text are quoted


@pytest.mark.parametrize("category, text, refused", CORPUS, ids=IDS)
def test_a_formula_from_the_corpus_as_a_definition_and_a_default(sentinel, category, text, refused):
    quoted = toml_string(text.format(s=sentinel))
    path = sentinel.parent / "game.toml"
    path.write_text(payoff_file(define=quoted), encoding="utf-8")
    assert_clean(run("solve", str(path)), codes=(1,) if refused else (0, 1))
    path.write_text(payoff_file().replace("V = { default = 2 }", f"V = {{ default = {quoted} }}"),
                    encoding="utf-8")
    assert_clean(run("check", str(path)), codes=(1,) if refused else (0, 1))


@pytest.mark.parametrize("category, text, refused", CORPUS, ids=IDS)
def test_a_formula_from_the_corpus_on_the_command_line(sentinel, category, text, refused):
    text = text.format(s=sentinel)
    assert_clean(run("solve", "hawk_dove", "--set", f"C={text}"), codes=(2,) if refused else (0, 2))
    path = sentinel.parent / "game.toml"
    path.write_text(payoff_file(), encoding="utf-8")
    before = path.read_bytes()
    result = run("set", str(path), "--payoff", "Row=Up,Column=Left", f"Row={text}")
    assert_clean(result)
    if refused:
        assert result.exit_code in (1, 2) and path.read_bytes() == before


LABELS = [text for category, text, _ in CORPUS
          if category in ("markup", "control", "unicode", "dunder") and len(text) <= 40]


@pytest.mark.parametrize("label", LABELS)
@pytest.mark.parametrize("command", ["solve", "show", "explain", "dominance"])
def test_a_label_from_the_corpus_is_shown_as_text(sentinel, label, command):
    """Labels may hold anything: they are printed as text, never obeyed."""
    label = label.format(s=sentinel)
    path = sentinel.parent / "game.toml"
    text = payoff_file(row=label).replace('title = "Injection target"',
                                          f"title = {toml_string(label)}")
    path.write_text(text, encoding="utf-8")
    output = assert_clean(run(command, str(path)), codes=(0,))
    from deterrence.model.display import visible

    assert visible(label) in output  # "[bold red]X[/]" as typed, "\x1b[2J" as its escape
    assert visible(label) == label or label not in output


@pytest.mark.parametrize("label", LABELS)
@pytest.mark.parametrize("style", ["tabular", "sgame"])
def test_a_label_from_the_corpus_in_latex_is_escaped(sentinel, label, style):
    """In LaTeX a label is typeset as text: TeX's special characters escaped,
    brackets braced inside sgame's optional arguments, control characters shown."""
    from deterrence.views.latex import escape

    label = label.format(s=sentinel)
    path = sentinel.parent / "game.toml"
    path.write_text(payoff_file(row=label, player="R]" + label), encoding="utf-8")
    output = assert_clean(run("export", str(path), "--to", "latex", "--style", style), codes=(0,))
    assert escape(label) in output
    if any(char in label for char in "\\{}$&#%_^~\x1b\x00"):
        assert label not in output
    if style == "sgame":
        assert "[{R]" in output  # the bracket in the player's name stays inside the argument


@pytest.mark.slow
@pytest.mark.skipif(not __import__("shutil").which("pdflatex"), reason="needs pdflatex")
@pytest.mark.parametrize("style", ["tabular", "sgame"])
def test_latex_of_hostile_labels_compiles(tmp_path, style):
    import subprocess

    # pdflatex typesets Latin text only (non-Latin labels need lualatex); the
    # point here is markup and control characters
    label = "".join(text for category, text, _ in CORPUS if category in ("markup", "control"))
    path = tmp_path / "game.toml"
    path.write_text(payoff_file(row=label, player="R]" + label), encoding="utf-8")
    tex = tmp_path / "game.tex"
    assert run("export", str(path), "--to", "latex", "--style", style, "-o", str(tex)).exit_code == 0
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
                          cwd=tmp_path, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stdout.decode(errors="replace")[-2000:]


def test_the_sentinel_command_works_so_its_absence_means_nothing_ran(tmp_path):
    import os

    marker = tmp_path / SENTINEL
    os.system(f"touch {marker}")  # what the dunder entries would run
    assert marker.exists()


def test_a_definition_bomb_is_refused_quickly(sentinel):
    """Definitions that double at each step (2^40 terms written out) stop at a limit."""
    lines = ["a0 = \"V\""] + [f"a{k} = \"a{k - 1} * a{k - 1}\"" for k in range(1, 41)]
    text = payoff_file(cell='"a40"').replace("[define]\nW = \"V\"", "[define]\n" + "\n".join(lines))
    path = sentinel.parent / "game.toml"
    path.write_text(text, encoding="utf-8")
    for command in ("check", "solve", "show"):
        assert_clean(run(command, str(path)), codes=(1,))
