"""``deterrence thresholds`` on every game of the catalogue (issue 12's aim: 2 s each).

Run alone (``python benchmarks/bench_thresholds.py [--quick] [--cap S]``) or as the
``thresholds`` section of ``benchmarks/run.py``. Each game runs in a fresh process
(the command a user types), killed at the cap; the table lists the wall time, the
regimes and thresholds found, and the aim. ``--quick`` runs only the games of the
issue's table and a few small ones.
"""

from __future__ import annotations

import subprocess
import sys
import time

from rich.console import Console
from rich.table import Table

TITLE = "thresholds on every catalogue game (aim: 2 s each)"
AIM = 2.0
QUICK_GAMES = ("punishment_credibility", "hawk_dove", "prisoners_dilemma", "entry_deterrence", "kahn_ladder")


def catalogue() -> list[str]:
    from deterrence.io.catalogue import slugs

    return slugs()


def measure(slug: str, cap: float) -> tuple[float | None, int, int]:
    """(wall seconds or None past the cap, regimes, thresholds) of ``deterrence thresholds``."""
    import json

    start = time.perf_counter()
    try:
        out = subprocess.run([sys.executable, "-m", "deterrence", "thresholds", slug, "--json"],
                             capture_output=True, text=True, timeout=cap)
    except subprocess.TimeoutExpired:
        return None, 0, 0
    wall = time.perf_counter() - start
    try:
        doc = json.loads(out.stdout)
    except ValueError:
        return wall, -1, -1
    return wall, len(doc.get("regimes", ())), len(doc.get("thresholds", ()))


def run(options, console: Console) -> None:
    cap = min(getattr(options, "cap", 120.0) or 120.0, 300.0)
    games = [g for g in catalogue() if not getattr(options, "quick", False) or g in QUICK_GAMES]
    table = Table(show_header=True, header_style="bold")
    for column in ("game", "time", "regimes", "thresholds", f"< {AIM:g} s"):
        table.add_column(column, justify="left" if column == "game" else "right")
    met = 0
    for slug in games:
        wall, regimes, thresholds = measure(slug, cap)
        ok = wall is not None and wall < AIM
        met += ok
        table.add_row(slug, f"{wall:.2f} s" if wall is not None else f"> {cap:g} s (cap)",
                      str(regimes) if regimes >= 0 else "error", str(thresholds) if thresholds >= 0 else "—",
                      "✓" if ok else "✗")
    console.print(table)
    console.print(f"{met} of {len(games)} games within {AIM:g} s; each in a fresh process "
                  "(start-up included), killed at the cap.", style="dim")


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few games only")
    parser.add_argument("--cap", type=float, default=120.0, help="seconds per game (default 120)")
    run(parser.parse_args(argv), Console(width=160))
    return 0


if __name__ == "__main__":
    sys.exit(main())
