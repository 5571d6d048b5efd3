"""Backward induction on large trees of perfect information with chance moves.

Trees of 10^4, 10^5 and 10^6 nodes are generated in level order (two
players; a fifth of the inner nodes are chance nodes with uniform
probabilities; 2 or 3 actions per node; integer payoffs in [-5, 5]), then
solved by :func:`deterrence.trees.backward_induction.backward_induction`:

* exact: rational fold, the independent verification pass and the outcome
  distribution (what ``deterrence solve`` does), ties broken by the first
  best action (random small payoffs tie everywhere, so listing all
  subgame-perfect equilibria is switched off: ``limit=1``);
* float: the numpy fold (``--float``).

Time is wall time of the solve (the tree is built beforehand); peak memory
is measured in a second run under ``tracemalloc`` (Python and numpy
allocations during the solve). The aims (issue 3): 10^6 nodes in under 10 s
exact and under 1 s in floating point, memory growing linearly.

Run alone: ``python benchmarks/bench_trees.py [--sizes 10000 100000]``.
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from fractions import Fraction

import numpy as np
from rich.console import Console
from rich.table import Table

TITLE = "Backward induction on large trees (perfect information, chance moves)"
SIZES = (10 ** 4, 10 ** 5, 10 ** 6)
QUICK_SIZES = (10 ** 3, 10 ** 4)
AIM_EXACT, AIM_FLOAT = 10.0, 1.0


def random_tree(n: int, seed: int = 0, chance_share: float = 0.2, players: int = 2):
    """A perfect-information tree of exactly ``n`` nodes, built directly as arrays."""
    from deterrence.model.expr import Const
    from deterrence.model.tree import GameTree

    rng = np.random.default_rng(seed)
    counts = rng.integers(2, 4, size=n)
    ends = 1 + np.cumsum(counts)
    inner = int(np.searchsorted(ends, n))  # nodes 0..inner are inner; the last may be cut short
    counts[inner] = n - ends[inner - 1] if inner else n - 1
    counts[inner + 1:] = 0
    is_inner = counts > 0
    chance = is_inner & (counts > 1) & (rng.random(n) < chance_share)
    chance[0] = False
    mover = np.where(is_inner, rng.integers(0, players, size=n), -2).astype(np.int32)
    mover[chance] = -1
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    values = list(range(-5, 6))
    exprs = [Const(Fraction(v)) for v in values] + [Const(Fraction(1, 2)), Const(Fraction(1, 3))]
    half, third = len(values), len(values) + 1
    edge_parent = np.repeat(np.arange(n), counts)
    edge_prob = np.full(n - 1, -1, dtype=np.int32)
    chance_edges = chance[edge_parent]
    edge_prob[chance_edges] = np.where(counts[edge_parent[chance_edges]] == 2, half, third)
    payoff = np.full((n, players), -1, dtype=np.int32)
    terminal = mover == -2
    payoff[terminal] = rng.integers(0, len(values), size=(int(terminal.sum()), players))
    decision = mover >= 0
    infoset = np.full(n, -1, dtype=np.int32)
    infoset[decision] = np.arange(int(decision.sum()))
    ids = tuple(f"n{v}" for v in range(n))
    labels = ("a", "b", "c")
    starts = offsets[:-1][edge_parent]
    action = tuple(labels[k] for k in (np.arange(n - 1) - starts).tolist())
    outcome = tuple("end" if t else "" for t in terminal.tolist())
    infoset_labels = tuple(ids[v] for v in np.nonzero(decision)[0].tolist())
    return GameTree(tuple(f"P{i + 1}" for i in range(players)), ids, mover, offsets,
                    np.arange(1, n, dtype=np.int32), action, infoset, infoset_labels,
                    tuple(exprs), edge_prob, payoff, outcome, title=f"random tree, {n} nodes")


def _solve(game, floating: bool):
    from deterrence.trees.backward_induction import backward_induction

    return backward_induction(game, floating=floating, limit=1)


def measure(game, floating: bool, memory: bool = True) -> tuple[float, float | None, object]:
    """Seconds and peak MiB of one backward induction (the game's caches cleared first)."""
    fresh = _fresh(game)
    gc.collect()
    t0 = time.perf_counter()
    result = _solve(fresh, floating)
    seconds = time.perf_counter() - t0
    peak = None
    if memory:
        fresh = _fresh(game)
        gc.collect()
        tracemalloc.start()
        _solve(fresh, floating)
        peak = tracemalloc.get_traced_memory()[1] / 2 ** 20
        tracemalloc.stop()
    return seconds, peak, result


def _fresh(game):
    from dataclasses import replace

    return replace(game)  # a copy without the cached exact and float tables


def run(options, console: Console) -> None:
    sizes = getattr(options, "tree_sizes", None) or (QUICK_SIZES if getattr(options, "quick", False)
                                                    else SIZES)
    memory = not getattr(options, "no_memory", False)
    table = Table(show_header=True, header_style="bold")
    for column in ("nodes", "exact s", "exact peak MiB", "float s", "float peak MiB",
                   "SPE value (P1)", "exact = float"):
        table.add_column(column, justify="right")
    for n in sizes:
        t0 = time.perf_counter()
        game = random_tree(n, seed=n)
        build = time.perf_counter() - t0
        exact_s, exact_mem, exact = measure(game, False, memory)
        float_s, float_mem, flt = measure(game, True, memory)
        agree = abs(float(exact.equilibria[0].payoffs[0]) - flt.equilibria[0].payoffs[0]) < 1e-9
        table.add_row(f"{n:,}", _mark(exact_s, AIM_EXACT if n >= 10 ** 6 else None),
                      _mib(exact_mem), _mark(float_s, AIM_FLOAT if n >= 10 ** 6 else None),
                      _mib(float_mem), f"{float(exact.equilibria[0].payoffs[0]):.6g}",
                      "yes" if agree else "NO")
        console.print(f"built {n:,} nodes in {build:.2f} s", style="dim")
    console.print(table)
    console.print(f"aims for 10^6 nodes: exact < {AIM_EXACT:g} s, float < {AIM_FLOAT:g} s; "
                  "memory should grow linearly with the number of nodes", style="dim")


def _mark(seconds: float, aim: float | None) -> str:
    text = f"{seconds:.3f}"
    if aim is not None:
        text += " ✓" if seconds < aim else " ✗"
    return text


def _mib(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=TITLE,
                                     epilog="Example: python benchmarks/bench_trees.py --sizes 10000 100000")
    parser.add_argument("--sizes", dest="tree_sizes", type=int, nargs="+", metavar="N",
                        help="numbers of nodes (default 10^4 10^5 10^6)")
    parser.add_argument("--quick", action="store_true", help="small trees only (10^3, 10^4)")
    parser.add_argument("--no-memory", action="store_true",
                        help="skip the second, tracemalloc run of each solve")
    options = parser.parse_args(argv)
    console = Console()
    console.rule(TITLE)
    run(options, console)


if __name__ == "__main__":
    main()
