"""Sharing pools: how large a pool the exact pool analysis handles, and how fast.

Run alone (``python benchmarks/bench_pool.py``) or as the ``pool`` section of
``benchmarks/run.py``. For each pool size N the pool game (a tree with N + 1
chance outcomes, payoffs as formulas) is built and solved exactly by
backward induction, and the time to find the smallest deterring pool is
reported. The issue's aim: a pool of 1,000 members answers in under a second.
"""

from __future__ import annotations

import statistics
import sys
import time

from rich.console import Console
from rich.table import Table

TITLE = "Sharing pools: build and solve exactly, by pool size"
SIZES = (10, 100, 1_000, 5_000)
QUICK_SIZES = (10, 1_000)


def time_point(game, n: int, repeat: int = 3) -> tuple[float, float, object]:
    """Median seconds to build, and to build and solve, the pool game with N = n."""
    from deterrence.builders.pool.analysis import evaluate_point

    builds, totals = [], []
    point = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        g = game.with_values({"N": n})
        t1 = time.perf_counter()
        point = evaluate_point(g, n)
        t2 = time.perf_counter()
        builds.append(t1 - t0)
        totals.append(t2 - t0)
    return statistics.median(builds), statistics.median(totals), point


def run(options, console: Console) -> None:
    from deterrence.builders.pool.analysis import analyse_pool
    from deterrence.io import load_game

    game = load_game("export_control_pool")
    sizes = QUICK_SIZES if getattr(options, "quick", False) else SIZES
    table = Table(show_header=True, header_style="bold")
    for column in ("members N", "tree nodes", "build s", "build + solve s",
                   "coercer's payoff", "P(concede)", "under 1 s"):
        table.add_column(column, justify="right")
    for n in sizes:
        build, total, point = time_point(game, n, repeat=1 if n > 1000 else 3)
        nodes = game.with_values({"N": n}).size
        table.add_row(f"{n:,}", f"{nodes:,}", f"{build:.3f}", f"{total:.3f}",
                      f"{float(point.restrict):.6g}", f"{float(point.concede):.3g}",
                      "yes" if total < 1 else "no")
    console.print(table)
    t0 = time.perf_counter()
    analysis = analyse_pool(game, "N", range(0, 13))
    console.print(f"deterrence pool export_control_pool --members 0:12 (13 games, exact change "
                  f"point N = {analysis.change.text}): {time.perf_counter() - t0:.2f} s")
    five = game.with_values({"N": 5})
    t0 = time.perf_counter()
    analysis = analyse_pool(five, "r", [k / 20 for k in range(10, 21)])
    console.print(f"reliability sweep at N = 5 with the algebraic threshold "
                  f"r = {analysis.change.text}: {time.perf_counter() - t0:.2f} s")


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    run(parser.parse_args(argv), Console())
    return 0


if __name__ == "__main__":
    sys.exit(main())
