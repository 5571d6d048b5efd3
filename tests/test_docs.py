"""The documentation is tested (in the style of sqlite-utils' test_docs.py).

* Every ```python block in README.md, CLI.md and docs/**/*.md runs: blocks
  with ``>>>`` prompts as doctests, others as scripts (one namespace per file,
  in a temporary folder).
* Every ``deterrence ...`` command shown in a ```console block exists, and so
  does every ``--option`` it uses.
* Every command has an ``Example:`` block in its ``--help`` and a section in
  CLI.md.
"""

from __future__ import annotations

import doctest
import re
import shlex
from pathlib import Path

import click
import pytest

from deterrence.cli import cli

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted([ROOT / "README.md", ROOT / "CLI.md"] + list((ROOT / "docs").rglob("*.md")))
FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", re.S | re.M)


def blocks(path: Path, language: str) -> list[tuple[int, str]]:
    """``(line number, text)`` of every fenced block in ``language``."""
    text = path.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 2, m.group(2))
            for m in FENCE.finditer(text) if m.group(1) == language]


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


# ---------------------------------------------------------------- python blocks

PYTHON_FILES = [p for p in DOCS if blocks(p, "python")]


@pytest.mark.parametrize("path", PYTHON_FILES, ids=rel)
def test_python_blocks_run(path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    globs: dict = {"__name__": "__docs__"}
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for line, source in blocks(path, "python"):
        name = f"{rel(path)}:{line}"
        if ">>>" in source:
            test = parser.get_doctest(source, globs, name, str(path), line)
            result = runner.run(test, clear_globs=False)
            globs.update(test.globs)  # DocTest works on a copy; later blocks build on this one
            assert result.failed == 0, f"doctest failed in {name} (see output above)"
        else:
            exec(compile(source, name, "exec"), globs)  # noqa: S102 - our own documentation


# ---------------------------------------------------------------- console blocks


def commands_shown() -> list[tuple[str, str]]:
    """Every ``deterrence ...`` invocation in a console block: (where, command line)."""
    out = []
    for path in DOCS:
        for line, source in blocks(path, "console"):
            for k, text in enumerate(source.splitlines()):
                text = text.strip()
                if text.startswith("$ "):
                    text = text[2:]
                for part in re.split(r"\s*(?:\||&&|;)\s*", text):
                    if part.startswith("deterrence ") and "_DETERRENCE_COMPLETE" not in part:
                        out.append((f"{rel(path)}:{line + k}", part))
    return out


COMMANDS = commands_shown()


def _options_of(command: click.Command) -> set[str]:
    names = {"--help", "-h"}
    for param in command.params:
        names.update(param.opts)
        names.update(param.secondary_opts)
    return names


@pytest.mark.parametrize("where, line", COMMANDS, ids=[w for w, _ in COMMANDS])
def test_console_commands_exist(where, line):
    try:
        tokens = shlex.split(line)
    except ValueError:
        tokens = line.split()
    cut = [i for i, t in enumerate(tokens) if t in (">", ">>", "<", "2>")]
    tokens = tokens[:cut[0]] if cut else tokens
    assert tokens[0] == "deterrence"
    if len(tokens) == 1 or tokens[1].startswith("-"):
        assert set(t.split("=")[0] for t in tokens[1:] if t.startswith("-")) <= \
            _options_of(cli) | {"--version"}, where
        return
    name = tokens[1]
    assert name in cli.commands, f"{where}: no command {name!r} in {line!r}"
    known = _options_of(cli.commands[name])
    for token in tokens[2:]:
        if token.startswith("--"):
            option = token.split("=")[0]
            assert option in known, f"{where}: {name} has no option {option}"


# ---------------------------------------------------------------- every command documented


@pytest.mark.parametrize("name", list(cli.commands))
def test_every_command_has_an_example_in_its_help(name):
    help_text = cli.commands[name].get_help(click.Context(cli.commands[name], info_name=name))
    assert "Example:" in help_text, f"deterrence {name} --help has no Example: block"


@pytest.mark.parametrize("name", list(cli.commands))
def test_every_command_has_a_section_in_cli_md(name):
    text = (ROOT / "CLI.md").read_text(encoding="utf-8")
    assert re.search(rf"^## `deterrence {re.escape(name)}[` ]", text, re.M), \
        f"CLI.md has no section for deterrence {name}"


def test_the_docs_are_found():
    names = {rel(p) for p in DOCS}
    assert {"docs/tutorial.md", "docs/reference/python-api.md", "docs/reference/file-format.md"} <= names
    assert any(n.startswith("docs/how-to/") for n in names)
    assert any(n.startswith("docs/explanation/") for n in names)
