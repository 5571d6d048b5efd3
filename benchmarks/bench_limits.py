"""Where enumeration stops being interactive: the basis of ENUMERATION_LIMIT.

Our exact enumeration on random games (payoffs 0..99) of many shapes around
the limit, and exact Lemke-Howson, which ``deterrence solve`` uses above it.
Square games are the slowest shape per cell: both best-response polytopes
have as many dimensions as they can. Runs in this process (no peers).
"""

from __future__ import annotations

import statistics
import time

import numpy as np
from rich.table import Table

TITLE = "Enumeration by shape, and Lemke-Howson beyond the limit"

ENUMERATE = [(10, 10), (11, 11), (12, 12), (13, 13), (8, 18), (6, 24), (4, 36), (2, 72)]
QUICK_ENUMERATE = [(8, 8), (4, 16)]
LEMKE_HOWSON = [(13, 13), (20, 20), (40, 40)]


def games(shape, count):
    m, n = shape
    for k in range(count):
        rng = np.random.default_rng(7000 + 100 * m + n + 10000 * k)
        yield rng.integers(0, 100, shape).tolist(), rng.integers(0, 100, shape).tolist()


def median_seconds(solver, shape, count) -> tuple[float, int]:
    from deterrence.model import NormalFormGame

    times, found = [], 0
    for A, B in games(shape, count):
        game = NormalFormGame.bimatrix(A, B)
        t0 = time.perf_counter()
        result = solver(game)
        times.append(time.perf_counter() - t0)
        found = max(found, len(result.equilibria))
    return statistics.median(times), found


def run(options, console) -> dict:
    from deterrence.solver import ENUMERATION_LIMIT
    from deterrence.nash.enumeration import enumerate_equilibria
    from deterrence.nash.lemke_howson import lemke_howson

    count = 1 if options.quick else options.games
    rows = [("enumerate", s, enumerate_equilibria)
            for s in (QUICK_ENUMERATE if options.quick else ENUMERATE)]
    rows += [("lemke-howson", s, lemke_howson) for s in LEMKE_HOWSON]
    table = Table(title=TITLE, title_justify="left")
    for column in ("method", "shape", "cells", "median time", "most equilibria"):
        table.add_column(column, justify="left" if column == "method" else "right")
    summary = {}
    for method, shape, solver in rows:
        console.log(f"{method} {shape[0]}×{shape[1]}")
        seconds, found = median_seconds(solver, shape, count)
        summary[(method, shape)] = seconds
        table.add_row(method, f"{shape[0]}×{shape[1]}", str(shape[0] * shape[1]),
                      f"{seconds:.3f} s", str(found))
    console.print(table)
    console.print(f"ENUMERATION_LIMIT = {ENUMERATION_LIMIT} cells: above it, "
                  "`deterrence solve` uses Lemke-Howson unless --method enumerate.")
    return summary
