"""One test per row of CLI.md's exit-code table, the same in every command.

| code | meaning |
| 0    | an answer |
| 1    | a bad game file or expression; a file beyond a limit; input or output that failed |
| 2    | bad usage; a missing or unreadable file; a request beyond a limit |
| 70   | a bug, reported without a traceback |
| 130  | interrupted (Ctrl-C) |
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from deterrence.cli import cli

ROOT = Path(__file__).resolve().parent.parent
BAD = 'schema = "deterrence/1"\nplayers = ["Row" "Column"]\n'

#: Every command that reads a GAME, with the arguments it needs besides the game.
GAME_COMMANDS = [
    ("solve", []), ("show", []), ("dominance", []), ("check", []), ("explain", []),
    ("convert", ["out.toml"]), ("export", ["--to", "json"]), ("sweep", ["C=0:12"]),
    ("thresholds", []), ("pool", []), ("ladder", []), ("repeated", []), ("tournament", []),
]


def invoke(*args, **kwargs):
    return CliRunner().invoke(cli, [str(a) for a in args], **kwargs)


def deterrence(*args, **kwargs) -> subprocess.CompletedProcess:
    """``python -m deterrence ARGS`` in a fresh process, this worktree first on the path."""
    return subprocess.run([sys.executable, "-m", "deterrence", *map(str, args)],
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True,
                          text=True, timeout=60, **kwargs)


# ---------------------------------------------------------------- 0


def test_exit_0_for_an_answer():
    assert invoke("solve", "hawk_dove").exit_code == 0
    assert invoke("check", "hawk_dove").exit_code == 0


# ---------------------------------------------------------------- 1


@pytest.mark.parametrize("command, extra", GAME_COMMANDS)
def test_exit_1_for_a_bad_game_file_in_every_command(tmp_path, command, extra):
    path = tmp_path / "bad.toml"
    path.write_text(BAD)
    result = invoke(command, path, *extra)
    assert result.exit_code == 1, result.output
    assert f"{path}:2:18" in result.output and "hint:" in result.output


def test_exit_1_for_a_file_beyond_a_limit(tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    result = invoke("check", path)
    assert result.exit_code == 1
    assert "limit of 100 levels" in result.output and "--limit depth=" in result.output


def test_exit_1_when_standard_input_is_closed():
    result = deterrence("check", "-", stdin=subprocess.DEVNULL)  # empty: a bad file
    assert result.returncode == 1
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    closed = subprocess.run(f'"{sys.executable}" -m deterrence check - <&-', shell=True, env=env,
                            capture_output=True, text=True, timeout=60)
    assert closed.returncode == 1, closed.stderr
    assert "standard input is closed" in closed.stderr and "Traceback" not in closed.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["solve", "hawk_dove"], ["solve", "hawk_dove", "--json"],
                                  ["export", "hawk_dove", "--to", "latex"]])
def test_exit_1_when_the_output_cannot_be_written(args):
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "deterrence", *args], stdout=full,
                                stderr=subprocess.PIPE, text=True, timeout=60,
                                env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert result.returncode == 1, result.stderr
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr


def test_exit_1_for_a_fifo_with_no_writer(tmp_path):
    fifo = tmp_path / "game.toml"
    os.mkfifo(fifo)
    start = time.monotonic()
    result = invoke("check", fifo)
    assert result.exit_code == 1 and "no writer" in result.output
    assert time.monotonic() - start < 5


def test_exit_1_for_an_endless_device():
    start = time.monotonic()
    result = invoke("check", "/dev/zero")
    assert result.exit_code == 1 and "--limit input=" in result.output
    assert time.monotonic() - start < 10


def test_exit_1_for_a_read_only_file_or_folder(tmp_path):
    path = tmp_path / "game.toml"
    assert invoke("new", "2x2", path).exit_code == 0
    path.chmod(0o444)
    result = invoke("set", path, "T=6")
    assert result.exit_code == 1 and "read-only" in result.output
    path.chmod(0o644)
    tmp_path.chmod(0o555)
    try:
        result = invoke("set", path, "T=6")
        assert result.exit_code == 1 and "read-only" in result.output
        assert invoke("convert", "hawk_dove", tmp_path / "x.toml").exit_code == 1
    finally:
        tmp_path.chmod(0o755)


# ---------------------------------------------------------------- 2


@pytest.mark.parametrize("command, extra", GAME_COMMANDS + [("set", ["T=6"])])
def test_exit_2_for_a_missing_file_in_every_command(tmp_path, command, extra):
    missing = tmp_path / "nowhere.toml"
    result = invoke(command, missing, *extra)
    assert result.exit_code == 2, result.output
    assert "nowhere.toml" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("args", [
    ["solve", "hawk_dove", "--bogus"],                    # unknown option
    ["solve", "hawk_dove", "--set", "K=1"],               # unknown parameter
    ["solve", "hawk_dove", "--set", "C=-1"],              # out of bounds
    ["solve", "hawk_dove", "--limit", "speed=1"],         # unknown limit
    ["solve", "hawk_dove", "--limit", "cells=many"],      # unreadable limit
    ["sweep", "hawk_dove", "C=0:12", "--steps", "10000000"],  # a request beyond a limit
])
def test_exit_2_for_bad_usage(args):
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_a_limit_is_lifted_by_the_option_it_names(tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text('x = ' + "[" * 150 + "]" * 150 + "\n")
    assert "--limit depth=" in invoke("check", path).output
    result = invoke("check", path, "--limit", "depth=200")
    assert "nest" not in result.output  # past the limit: the reader reports what is wrong
    assert invoke("check", path, env={"DETERRENCE_LIMIT": "depth=200"}).output == result.output


# ---------------------------------------------------------------- 70


def test_exit_70_for_a_bug_without_a_traceback(tmp_path):
    script = ("import deterrence.solver as s\n"
              "def broken(*a, **k):\n    raise RuntimeError('a bug \\x1b[2J')\n"
              "s.solve = broken\n"
              "import sys; sys.argv = ['deterrence', 'solve', 'hawk_dove']\n"
              "from deterrence.cli import main; main()\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert result.returncode == 70
    assert "internal error: RuntimeError: a bug" in result.stderr
    assert "Traceback" not in result.stderr and "\x1b" not in result.stderr


# ---------------------------------------------------------------- 130


def test_exit_130_when_interrupted(monkeypatch):
    import deterrence.solver

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(deterrence.solver, "solve", interrupted)
    result = invoke("solve", "hawk_dove")
    assert result.exit_code == 130
    assert "interrupted" in result.output and "Traceback" not in result.output


@pytest.mark.slow
def test_ctrl_c_stops_a_long_solve_with_exit_130(tmp_path):
    import numpy as np

    from deterrence.io import dumps
    from deterrence.model import NormalFormGame

    rng = np.random.default_rng(2)
    game = NormalFormGame.bimatrix(rng.integers(0, 100, (200, 200)).tolist(),
                                   rng.integers(0, 100, (200, 200)).tolist())
    path = tmp_path / "big.nfg"
    path.write_text(dumps(game, "nfg"))
    process = subprocess.Popen([sys.executable, "-m", "deterrence", "solve", str(path),
                                "--limit", "cells=none"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True,
                               env=dict(os.environ, PYTHONPATH=str(ROOT)))
    time.sleep(4)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert err.strip().endswith("interrupted") and "Traceback" not in err


# ---------------------------------------------------------------- leaving


@pytest.mark.parametrize("args, code", [
    (["solve", "hawk_dove", "--json"], 0),
    (["solve", "no_such_game"], 2),
    (["solve", "hawk_dove", "--set", "C=x+"], 2),
])
def test_the_command_leaves_at_once_with_its_code_output_and_exit_handlers(args, code):
    """The console command ends without tearing the interpreter down (a fifth of a small
    solve): the exit code is the command's, everything written reaches the reader, and the
    handlers registered to run at exit (temporary files, helper processes) still run."""
    script = ("import atexit, sys\n"
              "atexit.register(lambda: print('exit handlers ran', file=sys.stderr))\n"
              f"sys.argv = ['deterrence'] + {args!r}\n"
              "from deterrence.cli import run; run()\n"
              "print('never here', file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert result.returncode == code, result.stderr
    assert "exit handlers ran" in result.stderr and "never here" not in result.stderr
    if code == 0:
        import json

        assert json.loads(result.stdout)["equilibria"]


def test_a_large_output_is_written_whole_before_the_command_leaves():
    result = deterrence("sweep", "hawk_dove", "C=0:12", "--steps", "50000", "--format", "csv")
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 50001 and result.stdout.endswith("\n")
