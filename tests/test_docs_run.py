"""Every command line in the documentation runs, in document order, with the exit code it says.

README.md, CLI.md and every page under docs/ are read; each ``console``
block's command lines (``$ deterrence ...`` where the block shows output,
every line otherwise) run in a scratch folder of their own per document,
in the order a reader would type them, with the catalogue's ``games/``
folder present. A line may end in ``# exit N`` when it shows an error on
purpose; otherwise it must exit 0. Files an example needs are shipped in
``games/`` or made by an earlier example of the same page.

Commands run in this process through click's test runner (no interpreter
start-up per line); a line that needs a real shell (pipes into other
programs, loops) is run by bash.
"""

from __future__ import annotations

import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from deterrence.cli import cli

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted([ROOT / "README.md", ROOT / "CLI.md"] + list((ROOT / "docs").rglob("*.md")))
FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", re.S | re.M)
EXIT = re.compile(r"#\s*exit\s+(\d+)\s*$")
#: Commands that only describe the house (they need the developer tools) or need a TTY.
NOT_RUN = ("lint-imports", "pytest", "pip ", "python benchmarks", "eval ", "_DETERRENCE_COMPLETE",
           "source ", "python -m venv")
#: Compiling a sheet to PDF needs a TeX engine (tests/test_exercise.py checks the PDFs where
#: there is one); without it the command's clear refusal is what a reader would get.
NEEDS_TEX = "--to pdf"


def command_lines(path: Path) -> list[tuple[int, str, int]]:
    """``(line, command, expected exit code)`` of every command a reader would type."""
    text = path.read_text(encoding="utf-8")
    out = []
    for match in FENCE.finditer(text):
        if match.group(1) != "console":
            continue
        start = text.count("\n", 0, match.start()) + 2
        lines = match.group(2).splitlines()
        prompted = any(line.startswith("$ ") for line in lines)
        for k, line in enumerate(lines):
            if prompted:
                if not line.startswith("$ "):
                    continue
                line = line[2:]
            line = line.strip()
            if not line or line.startswith("#") or line.startswith(NOT_RUN):
                continue
            if "deterrence" not in line:
                continue
            expected = 0
            found = EXIT.search(line)
            if found:
                expected = int(found.group(1))
            out.append((start + k, line, expected))
    return out


def strip_comment(line: str) -> str:
    """The command without a trailing ``# ...`` comment (outside quotes)."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars="|<>&;")
    lexer.whitespace_split = True
    lexer.commenters = "#"
    return shlex.join(list(lexer)).replace("'|'", "|").replace("'>'", ">").replace("'<'", "<") \
        .replace("'&&'", "&&").replace("'2>'", "2>")


def tokens(command: str) -> list[str]:
    lexer = shlex.shlex(command, posix=True, punctuation_chars="|<>&;")
    lexer.whitespace_split = True
    lexer.commenters = "#"
    return list(lexer)


def run_in_process(words: list[str], stdin: str | None, folder: Path,
                   target_stdout_only: bool = False) -> tuple[int, str]:
    """Run ``deterrence ARGS`` with click's runner; globs expanded as a shell would."""
    args = []
    for word in words[1:]:
        matches = sorted(glob.glob(word, root_dir=folder)) if any(c in word for c in "*?[") else []
        args.extend(matches or [word])
    result = CliRunner().invoke(cli, args, input=stdin, catch_exceptions=True,
                                env={"NO_COLOR": "1", "COLUMNS": "100"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout if target_stdout_only else result.output


def run_line(line: str, folder: Path) -> tuple[int, str]:
    """Run one documented command line in ``folder``: in process if it is a plain
    ``[cat FILE |] deterrence ... [> FILE]``, else through bash."""
    words = tokens(line)
    stdin = None
    if words[:1] == ["cat"] and len(words) > 3 and words[2] == "|":
        stdin = (folder / words[1]).read_text(encoding="utf-8")
        words = words[3:]
    target = None
    if len(words) > 2 and words[-2] == ">":
        target, words = words[-1], words[:-2]
    if words and words[0] == "deterrence" and not {"|", "&&", ";", "<", "2>"} & set(words):
        code, output = run_in_process(words, stdin, folder, target_stdout_only=target is not None)
        if target is not None:
            (folder / target).write_text(output, encoding="utf-8")
        return code, output
    env = dict(os.environ, NO_COLOR="1", PATH=f"{Path(sys.executable).parent}{os.pathsep}"
               f"{os.environ.get('PATH', '')}")
    done = subprocess.run(["bash", "-c", strip_comment(line)], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout + done.stderr


PAGES = [p for p in DOCS if command_lines(p)]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_documented_command_runs(path, tmp_path, monkeypatch):
    shutil.copytree(ROOT / "games", tmp_path / "games")
    monkeypatch.chdir(tmp_path)
    failures = []
    for line, command, expected in command_lines(path):
        code, output = run_line(command, tmp_path)
        if NEEDS_TEX in command and shutil.which("pdflatex") is None and code == 1 \
                and "pdflatex" in output:
            continue      # refused clearly: no TeX engine here
        if code != expected:
            failures.append(f"{path.name}:{line}: `{command}` exited {code}, expected {expected}\n"
                            f"{output[-600:]}")
    assert not failures, "\n\n".join(failures)


def test_the_readme_shows_the_shipped_payoff_file():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = [m.group(2) for m in FENCE.finditer(readme) if m.group(1) == "toml"]
    assert (ROOT / "games" / "hawk_dove.toml").read_text(encoding="utf-8") in shown
