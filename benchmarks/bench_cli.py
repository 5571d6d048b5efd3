"""Wall time of the command line: start-up and a small solve.

The aim (issue 2) is ``deterrence solve games/prisoners_dilemma.toml`` in
under 0.3 s, which needs heavy libraries (sympy, nashpy, scipy, pygambit)
imported only where they are used. Each command runs in a fresh process; the
median of ``--repeat`` (at least 5) runs is reported.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from rich.table import Table

TITLE = "Command-line wall time"
ROOT = Path(__file__).resolve().parent.parent
AIM = 0.3


def deterrence_command() -> list[str]:
    """The installed console script next to this interpreter, else ``python -m``."""
    script = Path(sys.executable).with_name("deterrence")
    if script.exists():
        return [str(script)]
    found = shutil.which("deterrence")
    return [found] if found else [sys.executable, "-m", "deterrence"]


def wall_time(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def run(options, console) -> dict:
    runs = max(5, options.repeat)
    commands = [
        ("deterrence solve games/prisoners_dilemma.toml",
         deterrence_command() + ["solve", "games/prisoners_dilemma.toml"]),
        ('python -c "import deterrence.cli"', [sys.executable, "-c", "import deterrence.cli"]),
        ('python -c "import nashpy" (for comparison)', [sys.executable, "-c", "import nashpy"]),
        ('python -c "pass" (interpreter alone)', [sys.executable, "-c", "pass"]),
    ]
    table = Table(title=TITLE, title_justify="left")
    table.add_column("command")
    table.add_column(f"median of {runs}", justify="right")
    summary = {}
    for label, command in commands:
        console.log(label)
        seconds = wall_time(command, runs)
        summary[label] = seconds
        table.add_row(label, f"{seconds * 1000:.0f} ms")
    console.print(table)
    console.print(f"Aim: the solve under {AIM:g} s.")
    return summary
