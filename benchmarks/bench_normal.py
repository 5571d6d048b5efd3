"""All equilibria of random n×n games: ours against nashpy and pygambit.

For each size, a few games with payoffs drawn uniformly from 0..99 (fixed
seeds ``1000 * n + k``). Every solver runs in its own process
(:mod:`solvers`) with a time cap; a solver that hits the cap is reported as
``> CAP s`` and is not run on the remaining games of that size or on larger
sizes. Reported per size and solver: the median time over the games, the
ratio to ours, and on how many games the solver found exactly the set of
pygambit's rational ``enummixed_solve`` (float solvers: each equilibrium
within 1e-6 of one of gambit's, one to one).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np
from rich.table import Table

TITLE = "All Nash equilibria of random n×n games (payoffs 0..99)"

WORKER = Path(__file__).with_name("solvers.py")
REFERENCE = "gambit-rational"
SOLVERS = ["ours", "gambit-rational", "gambit-float", "nashpy-support", "nashpy-vertex"]
LABELS = {
    "ours": "ours (exact)",
    "gambit-rational": "gambit enummixed, rational",
    "gambit-float": "gambit enummixed, float",
    "nashpy-support": "nashpy support enumeration",
    "nashpy-vertex": "nashpy vertex enumeration",
}
TOLERANCE = 1e-6


def random_games(n: int, count: int) -> list[tuple[list, list]]:
    """``count`` n×n games, payoffs 0..99, seeds ``1000 n + k``."""
    games = []
    for k in range(count):
        rng = np.random.default_rng(1000 * n + k)
        games.append((rng.integers(0, 100, (n, n)).tolist(), rng.integers(0, 100, (n, n)).tolist()))
    return games


@dataclass
class Run:
    """One solver on one game: its time (None when capped) and equilibria."""

    seconds: float | None
    equilibria: list = field(default_factory=list)


def run_solver(solver: str, A, B, cap: float, repeat: int) -> Run:
    """Solve in a subprocess; kill it when solving takes longer than ``cap`` seconds."""
    with tempfile.TemporaryFile("w+") as errors:
        proc = subprocess.Popen([sys.executable, str(WORKER), solver], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=errors, text=True)
        proc.stdin.write(json.dumps({"A": A, "B": B, "repeat": repeat, "budget": cap}) + "\n")
        proc.stdin.close()
        ready = proc.stdout.readline()  # imports done: the clock starts now
        output: list[str] = []
        reader = threading.Thread(target=lambda: output.append(proc.stdout.read()), daemon=True)
        reader.start()
        reader.join(timeout=cap + 5)
        if reader.is_alive():
            proc.kill()
            proc.wait()
            return Run(None)
        proc.wait()
        if ready.strip() != "ready" or proc.returncode:
            errors.seek(0)
            raise RuntimeError(f"{solver} failed: {errors.read()}")
    report = json.loads(output[0])
    median = statistics.median(report["times"])
    return Run(median if median <= cap else None, report["equilibria"])


def same_set(found: list, reference: list, exact: bool) -> bool:
    """Whether ``found`` is ``reference``: exactly, or one to one within 1e-6."""
    if exact:
        key = lambda eq: tuple(tuple(Fraction(p) for p in s) for s in eq)  # noqa: E731
        return len(found) == len(reference) and {key(e) for e in found} == {key(e) for e in reference}
    if len(found) != len(reference):
        return False
    unused = [np.concatenate([np.array([float(Fraction(p)) for p in s]) for s in eq])
              for eq in reference]
    for eq in found:
        point = np.concatenate([np.asarray(s, dtype=float) for s in eq])
        match = next((k for k, r in enumerate(unused)
                      if r.shape == point.shape and np.max(np.abs(r - point)) <= TOLERANCE), None)
        if match is None:
            return False
        unused.pop(match)
    return True


def fmt_seconds(seconds: float | None, cap: float) -> str:
    if seconds is None:
        return f"> {cap:g} s"
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def run(options, console) -> dict:
    """Measure, print a table, and return the numbers (for README updates)."""
    sizes = options.sizes or ([4, 6] if options.quick else [4, 6, 8, 10])
    count = 1 if options.quick else options.games
    capped: set[str] = set()
    table = Table(title=TITLE, title_justify="left")
    for column, justify in (("n", "right"), ("solver", "left"), ("median time", "right"),
                            ("× ours", "right"), ("same set", "right")):
        table.add_column(column, justify=justify)
    summary: dict = {}
    for n in sizes:
        games = random_games(n, count)
        runs: dict[str, list[Run]] = {s: [] for s in SOLVERS}
        for A, B in games:
            for solver in SOLVERS:
                if solver in capped:
                    runs[solver].append(Run(None))
                    continue
                console.log(f"{n}×{n}: {solver}")
                result = run_solver(solver, A, B, options.cap, options.repeat)
                runs[solver].append(result)
                if result.seconds is None:
                    capped.add(solver)
        reference = runs[REFERENCE]
        ours = median_time(runs["ours"])
        for solver in SOLVERS:
            median = median_time(runs[solver])
            agree = [ref.seconds is not None and r.seconds is not None
                     and same_set(r.equilibria, ref.equilibria, exact=solver in ("ours", REFERENCE))
                     for r, ref in zip(runs[solver], reference)]
            checked = sum(1 for r, ref in zip(runs[solver], reference)
                          if r.seconds is not None and ref.seconds is not None)
            ratio = "" if median is None or not ours else f"{median / ours:.1f}"
            if median is None and ours:
                ratio = f"> {options.cap / ours:.0f}"
            table.add_row(str(n), LABELS[solver], fmt_seconds(median, options.cap), ratio,
                          f"{sum(agree)}/{checked}" if checked else "—",
                          end_section=solver == SOLVERS[-1])
            summary[(n, solver)] = (median, sum(agree), checked)
    console.print(table)
    console.print("same set: games on which the solver found exactly the extreme equilibria "
                  "of gambit's rational run (floats within 1e-6).")
    console.print(f"{count} game(s) per size; seeds 1000·n + k; median of {options.repeat} "
                  "run(s) of each game, then the median over games; "
                  f"cap {options.cap:g} s per run (capped solvers skip the rest).")
    return summary


def median_time(runs: list[Run]) -> float | None:
    """Median over games; a capped game counts as infinitely slow."""
    if not runs:
        return None
    values = [r.seconds if r.seconds is not None else float("inf") for r in runs]
    median = statistics.median(values)
    return None if median == float("inf") else median
