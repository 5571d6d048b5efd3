"""Worker: run one solver on one game in a fresh process and report as JSON.

Run by :mod:`bench_normal` as ``python benchmarks/solvers.py SOLVER`` with
``{"A": [[...]], "B": [[...]], "repeat": R, "budget": S}`` on stdin. The
worker imports everything first and prints ``ready``; only then does the
clock run (so library import time is not counted and the parent's time cap
applies to solving alone). It then solves up to ``repeat`` times (stopping
once ``budget`` seconds are used) and prints one JSON line::

    {"times": [seconds, ...], "equilibria": [[[x...], [y...]], ...]}

with exact solvers' probabilities as strings ``"1/3"`` and float solvers'
as numbers. Each solver's time runs from the payoff arrays to the list of
equilibria (building its game object included).
"""

from __future__ import annotations

import json
import sys
import time
from fractions import Fraction


def solver_ours():
    import cdd  # noqa: F401  (imported before the clock starts)

    from deterrence.model import NormalFormGame
    from deterrence.nash.enumeration import enumerate_equilibria

    def solve(A, B):
        result = enumerate_equilibria(NormalFormGame.bimatrix(A, B))
        return [[[str(p) for p in s] for s in eq.strategies] for eq in result.equilibria]
    return solve


def solver_nashpy(method):
    import nashpy
    import numpy as np

    def solve(A, B):
        game = nashpy.Game(np.array(A), np.array(B))
        found = getattr(game, method)()
        return [[[float(p) for p in s] for s in eq] for eq in found]
    return solve


def solver_gambit(rational):
    import pygambit as gbt

    def solve(A, B):
        game = gbt.Game.from_arrays(A, B)
        players = list(game.players)
        result = gbt.nash.enummixed_solve(game, rational=rational)
        if rational:
            return [[[str(Fraction(str(eq[s]))) for s in p.strategies] for p in players]
                    for eq in result.equilibria]
        return [[[float(eq[s]) for s in p.strategies] for p in players]
                for eq in result.equilibria]
    return solve


SOLVERS = {
    "ours": solver_ours,
    "nashpy-support": lambda: solver_nashpy("support_enumeration"),
    "nashpy-vertex": lambda: solver_nashpy("vertex_enumeration"),
    "gambit-rational": lambda: solver_gambit(True),
    "gambit-float": lambda: solver_gambit(False),
}


def main() -> None:
    solve = SOLVERS[sys.argv[1]]()
    job = json.loads(sys.stdin.readline())
    print("ready", flush=True)
    times, equilibria = [], []
    started = time.perf_counter()
    for _ in range(max(1, job["repeat"])):
        t0 = time.perf_counter()
        equilibria = solve(job["A"], job["B"])
        times.append(time.perf_counter() - t0)
        if time.perf_counter() - started > job["budget"]:
            break
    print(json.dumps({"times": times, "equilibria": equilibria}), flush=True)


if __name__ == "__main__":
    main()
