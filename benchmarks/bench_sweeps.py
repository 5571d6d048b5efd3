"""Benchmark: 10^5-point sweeps against a per-point nashpy loop.

Run alone: ``python benchmarks/bench_sweeps.py [--points N] [--nashpy-subset K]``.

* a parameterised 3×3 game (entries linear in ``x``; three regimes along
  ``x`` in [0, 10]) swept at 10^5 points: regimes at every point, the exact
  change points, and every equilibrium's payoffs (vectorised floats); then
  exact rational payoffs at 10^4 of the points;
* the same games solved by ``nashpy.Game(A, B).support_enumeration()`` once
  per point, on a subset, extrapolated to 10^5 points;
* a 100-node game tree swept at 10^5 points, when game trees are available.

The aim (issue 4): under 2 s for 10^5 points, at least 50 times faster than
the per-point nashpy loop.
"""

from __future__ import annotations

import argparse
import sys
import time
from fractions import Fraction


def parameterised_3x3():
    """A 3×3 game whose equilibria change twice as ``x`` moves over [0, 10]."""
    from deterrence.model import NormalFormGame, Parameter, Parameters
    from dataclasses import replace

    A = [["x", 2, 0], [3, "4 - x/2", 1], [0, 1, "x/3"]]
    B = [[2, 0, "1 + x/4"], [1, 3, 0], ["5 - x/2", 0, 2]]
    g = NormalFormGame.bimatrix(A, B, ["a", "b", "c"], ["d", "e", "f"], title="parameterised 3x3")
    return replace(g, parameters=Parameters.of(Parameter("x", Fraction(3), Fraction(0), Fraction(10))))


def bench_normal(points: int, subset: int) -> dict:
    import numpy as np

    from deterrence.parametric.ranges import Range
    from deterrence.parametric.sweep import sweep_one

    game = parameterised_3x3()
    start = time.perf_counter()
    import sympy  # noqa: F401  (imported once per process; timed separately)

    import_elapsed = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    s = sweep_one(game, Range("x", Fraction(0), Fraction(10)), steps=points)
    series = s.series()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    n_exact = min(points, 10_000)
    idx = list(range(0, points, max(1, points // n_exact)))[:n_exact]
    start = time.perf_counter()
    s.answers(idx, exact=True)
    exact_elapsed = time.perf_counter() - start

    import nashpy

    xs = np.linspace(0, 10, subset)
    start = time.perf_counter()
    for x in xs:
        A = np.array([[x, 2, 0], [3, 4 - x / 2, 1], [0, 1, x / 3]])
        B = np.array([[2, 0, 1 + x / 4], [1, 3, 0], [5 - x / 2, 0, 2]])
        list(nashpy.Game(A, B).support_enumeration())
    nashpy_elapsed = (time.perf_counter() - start) / subset * points
    return {
        "points": points,
        "regimes": [r.label(game) for r in s.regimes],
        "changes": [c.text for c in s.changes],
        "sweep_s": elapsed,
        "sweep_cpu_s": cpu,
        "import_s": import_elapsed,
        "series": len(series),
        "exact_points": n_exact,
        "exact_s": exact_elapsed,
        "exact_s_extrapolated": exact_elapsed / n_exact * points,
        "nashpy_subset": subset,
        "nashpy_s_extrapolated": nashpy_elapsed,
        "speedup": nashpy_elapsed / elapsed,
    }


def hundred_node_tree(rungs: int = 49):
    """An escalation ladder of ``rungs`` alternating decisions with a chance
    node on top (2 * rungs + 3 nodes: 101 for 49 rungs). Backing down at rung
    k costs the mover k/10; the war at the top is worth ``x - 5`` to each
    side, or ``x/2 - 5`` if nature makes the war long (probability 1/4)."""
    from deterrence.model import Parameter, Parameters
    from deterrence.model.expr import as_expr
    from deterrence.model.tree import GameTree, Node

    players = ("A", "B")
    nodes = {"start": Node(None, (("short", "r0"), ("long", "l0")),
                           (as_expr("3/4"), as_expr("1/4")))}
    for branch, war in (("r", "x - 5"), ("l", "x/2 - 5")):
        for k in range(rungs // 2 if branch == "l" else rungs - rungs // 2):
            mover = players[k % 2]
            other = players[1 - k % 2]
            last = k == (rungs // 2 if branch == "l" else rungs - rungs // 2) - 1
            nxt = f"{branch}war" if last else f"{branch}{k + 1}"
            nodes[f"{branch}{k}"] = Node(mover, (("Escalate", nxt), ("Back down", f"{branch}d{k}")))
            nodes[f"{branch}d{k}"] = Node(outcome=f"{mover} backs down at rung {k}", payoffs=(
                (mover, as_expr(f"-{k}/10")), (other, as_expr(f"1 - {k}/10"))))
        nodes[f"{branch}war"] = Node(outcome="war", payoffs=(("A", as_expr(war)), ("B", as_expr(war))))
    game = GameTree.from_nodes(players, "start", nodes, title="escalation ladder benchmark")
    from dataclasses import replace

    game = replace(game, parameters=Parameters.of(Parameter("x", Fraction(1), Fraction(0), Fraction(20))))
    return game, "x", Fraction(0), Fraction(20)


def bench_tree(points: int) -> dict | None:
    try:
        game, name, lo, hi = hundred_node_tree()
    except ImportError:
        return None
    from deterrence.parametric.ranges import Range
    from deterrence.parametric.sweep import sweep_one

    start, cpu = time.perf_counter(), time.process_time()
    s = sweep_one(game, Range(name, lo, hi), steps=points)
    s.series()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    from deterrence.solver import solve

    subset = 50
    import numpy as np

    start = time.perf_counter()
    for x in np.linspace(0, 20, subset):
        solve(game.with_values({name: Fraction(x).limit_denominator(1000)}))
    per_point = (time.perf_counter() - start) / subset * points
    return {"nodes": game.size, "points": points, "sweep_s": elapsed, "sweep_cpu_s": cpu,
            "changes": [c.text for c in s.changes], "per_point_s": per_point}


TITLE = "Sweeps: 10^5 parameter values of a 3x3 game and of a 100-node tree"


def run(options, console) -> None:
    """The section of ``benchmarks/run.py`` (``--quick``: 10^4 points)."""
    points = 10_000 if getattr(options, "quick", False) else 100_000
    subset = 50 if getattr(options, "quick", False) else 300
    report(points, subset, console.print)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--nashpy-subset", type=int, default=300)
    args = parser.parse_args(argv)
    report(args.points, args.nashpy_subset, print)
    return 0


def report(points: int, subset: int, print=print) -> None:
    """Measure and print both sweeps."""
    r = bench_normal(points, subset)
    print(f"3x3 game, {r['points']} points: regimes {r['regimes']}")
    print(f"  exact change points: x = {', '.join(r['changes'])}")
    print(f"  sweep (regimes + exact change points + float payoffs): {r['sweep_s']:.3f} s wall, "
          f"{r['sweep_cpu_s']:.3f} s CPU (plus {r['import_s']:.2f} s importing sympy once)")
    print(f"  exact rational payoffs at {r['exact_points']} points: {r['exact_s']:.3f} s "
          f"(all {r['points']}: ~{r['exact_s_extrapolated']:.1f} s)")
    print(f"  nashpy support_enumeration per point: ~{r['nashpy_s_extrapolated']:.1f} s "
          f"(measured on {r['nashpy_subset']} points, extrapolated)")
    print(f"  speed-up over the nashpy loop: {r['speedup']:.0f}x "
          f"({'meets' if r['sweep_s'] < 2 and r['speedup'] >= 50 else 'misses'} the aim: <2 s, >=50x)")
    t = bench_tree(points)
    if t is None:
        print("tree sweep: game trees are not available in this build")
    else:
        print(f"tree of {t['nodes']} nodes, {t['points']} points: {t['sweep_s']:.3f} s wall, "
              f"{t['sweep_cpu_s']:.3f} s CPU; "
              f"change points x = {', '.join(t['changes'])}")
        print(f"  exact backward induction once per point instead: ~{t['per_point_s']:.1f} s "
              f"(extrapolated from 50 points; {t['per_point_s'] / t['sweep_s']:.0f}x slower)")


if __name__ == "__main__":
    sys.exit(main())
