"""Parametric analysis at scale (issue 12): each command of the issue's table, measured.

Run alone (``python benchmarks/bench_scale.py [--quick]``) or as the ``scale``
section of ``benchmarks/run.py``. Every command runs in a fresh process (its
wall time and peak memory (its own high-water mark, ``VmHWM``), next to
the figure the issue measured before this work, the issue's aim, and a
per-point loop of an outside solver on the same grid (pygambit's
``lcp_solve`` on each tree's ``.efg``, nashpy's ``support_enumeration`` on each
matrix), timed on a subset and extrapolated, with the ratio.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from fractions import Fraction

from rich.console import Console
from rich.table import Table

TITLE = "Parametric analysis at scale: the commands of issue 12"

#: (command, figure before, aim (seconds, MB or None), outside per-point loop)
COMMANDS = [
    ("sweep tariff_ladder p=0:1 --steps 41", "292 s, then IndexError", (2, None), ("gambit", "tariff_ladder", "p", 41)),
    ("sweep kahn_ladder p=0:1 --steps 41", "> 120 s", (2, None), ("gambit", "kahn_ladder", "p", 41)),
    ("thresholds punishment_credibility", "15-40 s", (2, None), None),
    ("sweep hawk_dove C=1:12 --steps 100000", "3 s (the table)", (None, None), ("nashpy", "hawk_dove", "C", 100000)),
    ("sweep hawk_dove C=1:12 --steps 100000 --json", "32 s, 124 MB of JSON, 1.46 GB RSS",
     (4.5, 15), ("nashpy", "hawk_dove", "C", 100000)),
    ("sweep hawk_dove C=1:12 --steps 100000 --json --points full", "32 s, 124 MB of JSON, 1.46 GB RSS",
     (None, None), None),
    ("sweep hawk_dove C=0:12 --steps 10000000 --limit points=10M --format csv", "> 70 s, 893 MB and growing", (None, 200), None),
    ("pool export_control_pool --members 0:300", "76 s", (None, None), None),
    ("pool export_control_pool --members 0:1000", "> 120 s", (3, None), None),
    ("pool export_control_pool --members 100000", "> 120 s", (10, None), None),
    ("pool export_control_pool --members 1000000", "not refused", (None, None), None),
    ("repeated prisoners_dilemma", "5 s", (0.5, None), None),
]

QUICK = {"sweep hawk_dove C=0:12 --steps 10000000 --limit points=10M --format csv": "sweep hawk_dove C=0:12 --steps 1000000 --limit points=1M --format csv"}


def run_command(command: str) -> tuple[float, float, int, int]:
    """(wall seconds, peak RSS in MB, bytes written to stdout, exit code) in a fresh process."""
    code = ("import resource, sys, time\n"
            "from deterrence.cli import main\n"
            f"sys.argv = ['deterrence'] + {command.split()!r}\n"
            "class Count:\n"
            "    n = 0\n"
            "    def write(self, s):\n"
            "        Count.n += len(s.encode()); return len(s)\n"
            "    def flush(self): pass\n"
            "    def isatty(self): return False\n"
            "sys.stdout = Count()\n"
            "code = 0\n"
            "try:\n    main()\nexcept SystemExit as e:\n    code = e.code or 0\n"
            "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "try:\n"
            "    peak = int([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1])\n"
            "except (OSError, IndexError):\n"
            "    pass\n"
            "sys.stderr.write(f'{Count.n} {code} {peak}\\n')\n")
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ)
    wall = time.perf_counter() - start
    written, status, peak = out.stderr.strip().splitlines()[-1].split()
    return wall, int(peak) / 1024, int(written), int(status)


def outside_loop(kind: str, game_name: str, parameter: str, steps: int, subset: int = 8) -> float | None:
    """Seconds for a per-point loop of an outside solver over the sweep's grid (extrapolated)."""
    from deterrence import load_game

    game = load_game(game_name)
    p = game.parameters.get(parameter)
    lo, hi = (Fraction(0), Fraction(1)) if p.maximum == 1 else (Fraction(1), Fraction(12))
    points = [lo + (hi - lo) * k / (subset - 1) for k in range(subset)]
    if kind == "gambit":
        try:
            import pygambit as gbt
        except ImportError:
            return None
        from deterrence.io.gambit_efg import write_efg

        start = time.perf_counter()
        for x in points:
            at = game.with_values({parameter: x})
            efg = gbt.read_efg(io.StringIO(write_efg(at)))
            gbt.nash.lcp_solve(efg, rational=True)
        return (time.perf_counter() - start) / subset * steps
    import nashpy
    import numpy as np

    start = time.perf_counter()
    for x in points:
        A, B = game.with_values({parameter: x}).float_arrays()
        list(nashpy.Game(np.asarray(A), np.asarray(B)).support_enumeration())
    return (time.perf_counter() - start) / subset * steps


def run(options, console: Console) -> None:
    quick = getattr(options, "quick", False)
    table = Table(show_header=True, header_style="bold")
    for column in ("command", "before (issue)", "now", "peak RSS", "output", "aim", "outside loop", "ratio"):
        table.add_column(column, justify="right" if column not in ("command",) else "left",
                         no_wrap=column != "before (issue)")
    for command, before, (aim_s, aim_mb), loop in COMMANDS:
        if quick:
            command = QUICK.get(command, command)
        wall, rss, written, status = run_command(command)
        aims = []
        ok = True
        if aim_s is not None:
            aims.append(f"< {aim_s} s")
            ok &= wall < aim_s
        if aim_mb is not None:
            aims.append(f"< {aim_mb} MB")
            ok &= (written / 1e6 < aim_mb) if "--json" in command else (rss < aim_mb)
        outside = outside_loop(*loop) if loop else None
        table.add_row(f"deterrence {command}" + (f"  (exit {status})" if status else ""), before,
                      f"{wall:.2f} s", f"{rss:.0f} MB", f"{written / 1e6:.1f} MB",
                      (", ".join(aims) + (" ✓" if ok else " ✗")) if aims else "—",
                      f"{outside:.1f} s" if outside is not None else "—",
                      f"{outside / wall:.0f}x" if outside is not None else "—")
    console.print(table)
    console.print("outside loop: pygambit lcp_solve on each grid point's .efg (trees) or nashpy "
                  "support_enumeration (matrices), timed on 8 points and extrapolated to the grid; "
                  "ratio = outside loop / our command. Machine load changes every figure: compare "
                  "ratios measured in the same run.", style="dim")


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10^6 instead of 10^7 CSV rows")
    run(parser.parse_args(argv), Console(width=200))
    return 0


if __name__ == "__main__":
    sys.exit(main())
