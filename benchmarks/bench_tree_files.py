"""Reading and solving game-tree files, next to pygambit on the same files (issue 11).

Two tables:

* **files**: random trees of perfect information with chance moves (the
  generator of :mod:`bench_trees`) of 10^3 to 10^6 nodes, written once as
  ``.efg`` and as TOML; for each, in a fresh process: our read of the
  ``.efg``, our read of the TOML, our ``solve`` (exact backward induction,
  ``limit=1``: random payoffs tie everywhere), the peak resident memory of the
  ``.efg`` read plus solve; pygambit's ``read_efg`` of the same file and its
  ``lcp_solve`` (sequence form, one equilibrium; pygambit has no backward
  induction), each with a time cap, and the ratios pygambit / ours;
* **kahn_ladder**: ``solve kahn_ladder --set p=1/4`` (every perfect
  Bayesian equilibrium our solver finds, exact) against pygambit's
  ``lcp_solve`` and ``enummixed_solve`` on its ``.efg`` export.

Aims (issue 11): 10^5 nodes read and solved in under 1 s, 10^6 in under 10 s
and under 1 GB.

Run alone: ``python benchmarks/bench_tree_files.py [--sizes 1000 100000] [--cap 60]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

TITLE = "Reading and solving tree files, against pygambit"
SIZES = (10 ** 3, 10 ** 4, 10 ** 5, 10 ** 6)
QUICK_SIZES = (10 ** 3, 10 ** 4)
HERE = Path(__file__).resolve().parent

_WORKER = r"""
import json, resource, sys, time
sys.path.insert(0, {here!r})
task, path = sys.argv[1], sys.argv[2]
out = {{}}
if task == "ours":
    from deterrence.io import load_game
    from deterrence.trees.backward_induction import backward_induction
    t = time.perf_counter(); game = load_game(path); out["read"] = time.perf_counter() - t
    t = time.perf_counter(); backward_induction(game, limit=1); out["solve"] = time.perf_counter() - t
    out["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
elif task == "ours-toml":
    from deterrence.io import load_game
    t = time.perf_counter(); load_game(path); out["read"] = time.perf_counter() - t
elif task in ("gambit", "gambit-read"):
    import pygambit as gbt
    t = time.perf_counter(); game = gbt.read_efg(path); out["read"] = time.perf_counter() - t
    if task == "gambit":
        t = time.perf_counter(); gbt.nash.lcp_solve(game, rational=False)
        out["solve"] = time.perf_counter() - t
elif task == "kahn-ours":
    from fractions import Fraction
    from deterrence.io import load_game
    from deterrence.solver import solve
    game = load_game("kahn_ladder", values={{"p": Fraction(1, 4)}})
    t = time.perf_counter(); r = solve(game); out["solve"] = time.perf_counter() - t
    out["equilibria"] = len(r.equilibria)
elif task in ("kahn-lcp", "kahn-enummixed"):
    import pygambit as gbt
    game = gbt.read_efg(path)
    t = time.perf_counter()
    if task == "kahn-lcp":
        r = gbt.nash.lcp_solve(game, rational=True)
    else:
        r = gbt.nash.enummixed_solve(game, rational=True)
    out["solve"] = time.perf_counter() - t
    out["equilibria"] = len(r.equilibria)
print(json.dumps(out))
"""


def _run(task: str, path: str, cap: float) -> dict | None:
    """One measurement in a fresh process; ``None`` past the cap."""
    code = _WORKER.format(here=str(HERE))
    env = dict(os.environ)
    env.setdefault("PYTHONPATH", str(HERE.parent))
    try:
        done = subprocess.run([sys.executable, "-c", code, task, path], capture_output=True,
                              text=True, timeout=cap, env=env)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _s(value) -> str:
    return "—" if value is None else f"{value:.3f}"


def _capped(result: dict | None, key: str, cap: float) -> str:
    if result is None:
        return f"> {cap:g}"
    if "error" in result:
        return "error"
    return _s(result.get(key))


def _ratio(theirs: dict | None, ours: float | None, key: str, cap: float) -> str:
    if ours is None or not ours:
        return "—"
    if theirs is None:
        return f"> {cap / ours:.0f}×"
    if "error" in theirs or theirs.get(key) is None:
        return "—"
    return f"{theirs[key] / ours:.1f}×"


def files_table(sizes, cap: float, console: Console) -> None:
    sys.path.insert(0, str(HERE))
    from bench_trees import random_tree

    from deterrence.io.gambit_efg import write_efg
    from deterrence.io.toml_tree import write_tree

    table = Table(show_header=True, header_style="bold")
    for column in ("nodes", "efg read s", "toml read s", "solve s", "read+solve s", "peak MiB",
                   "gambit read s", "gambit lcp s", "read ×", "solve ×"):
        table.add_column(column, justify="right")
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            game = random_tree(n, seed=n)
            efg = Path(folder) / f"tree{n}.efg"
            toml = Path(folder) / f"tree{n}.toml"
            efg.write_text(write_efg(game))
            toml.write_text(write_tree(game))
            ours = _run("ours", str(efg), max(cap, 120))
            ours_toml = _run("ours-toml", str(toml), max(cap, 120))
            theirs = _run("gambit", str(efg), cap)
            if theirs is None:  # the read alone, perhaps
                theirs = _run("gambit-read", str(efg), cap)
            read, solve = (ours or {}).get("read"), (ours or {}).get("solve")
            total = read + solve if read is not None and solve is not None else None
            aim = {10 ** 5: 1.0, 10 ** 6: 10.0}.get(n)
            mark = "" if aim is None or total is None else (" ✓" if total < aim else " ✗")
            table.add_row(f"{n:,}", _s(read), _s((ours_toml or {}).get("read")), _s(solve),
                          _s(total) + mark, f"{(ours or {}).get('rss_mib', 0):.0f}",
                          _capped(theirs, "read", cap), _capped(theirs, "solve", cap),
                          _ratio(theirs, read, "read", cap), _ratio(theirs, solve, "solve", cap))
            console.print(f"measured {n:,} nodes", style="dim")
    console.print(table)
    console.print("aims: 10^5 nodes read and solved in < 1 s, 10^6 in < 10 s and < 1 GB (peak "
                  "resident memory of the process that read and solved the .efg); × = pygambit "
                  "/ ours; pygambit's lcp_solve finds one Nash equilibrium by the sequence form, "
                  "ours every pure subgame-perfect one by backward induction", style="dim")


def kahn_table(cap: float, console: Console) -> None:
    from fractions import Fraction

    from deterrence.io import load_game
    from deterrence.io.gambit_efg import write_efg

    game = load_game("kahn_ladder", values={"p": Fraction(1, 4)})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kahn.efg"
        path.write_text(write_efg(game))
        ours = _run("kahn-ours", str(path), max(cap, 120))
        lcp = _run("kahn-lcp", str(path), cap)
        enum = _run("kahn-enummixed", str(path), cap)
    table = Table(show_header=True, header_style="bold")
    for column in ("kahn_ladder, p = 1/4", "seconds", "equilibria", "× ours"):
        table.add_column(column, justify="right")
    base = (ours or {}).get("solve")
    table.add_row("ours: solve (perfect Bayesian, exact)", _capped(ours, "solve", cap),
                  str((ours or {}).get("equilibria", "—")), "1×")
    table.add_row("pygambit lcp_solve (rational)", _capped(lcp, "solve", cap),
                  str((lcp or {}).get("equilibria", "—")), _ratio(lcp, base, "solve", cap))
    table.add_row("pygambit enummixed_solve (rational)", _capped(enum, "solve", cap),
                  str((enum or {}).get("equilibria", "—")), _ratio(enum, base, "solve", cap))
    console.print(table)
    console.print("before issue 11 the same solve took 11-20 s", style="dim")


def run(options, console: Console) -> None:
    sizes = getattr(options, "file_sizes", None) or (QUICK_SIZES if getattr(options, "quick", False)
                                                    else SIZES)
    cap = getattr(options, "cap", 60.0) or 60.0
    kahn_table(cap, console)
    files_table(sizes, cap, console)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=TITLE,
                                     epilog="Example: python benchmarks/bench_tree_files.py --sizes 1000 100000")
    parser.add_argument("--sizes", dest="file_sizes", type=int, nargs="+", metavar="N",
                        help="numbers of nodes (default 10^3 10^4 10^5 10^6)")
    parser.add_argument("--quick", action="store_true", help="small trees only (10^3, 10^4)")
    parser.add_argument("--cap", type=float, default=60.0, help="seconds per pygambit run")
    options = parser.parse_args(argv)
    console = Console()
    console.rule(TITLE)
    t0 = time.perf_counter()
    run(options, console)
    console.print(f"done in {time.perf_counter() - t0:.0f} s", style="dim")


if __name__ == "__main__":
    main()
