"""Games of three and four players: ours against pygambit on the same games.

Per shape, ``--games`` games with payoffs 0..99 (numpy ``default_rng(7000 +
k)``). Every solver call runs in a forked child process (libraries imported
before the fork, the clock runs around the call alone), so that a call that
never returns -- pygambit's ``gnm_solve`` loops forever on some games -- is
killed at the cap (``--cap``, at most 30 s here) and printed as ``> cap``.

* every equilibrium: our exact enumeration (``enumerate_nplayer``: exact,
  complete, irrational equilibria as algebraic numbers) against Gambit's
  ``enumpoly_solve`` (floating point); "missed" counts the games on which
  enumpoly reported fewer equilibria than ours;
* one equilibrium: our global Newton method (``gnm``: to the first lambda = 0,
  the answer checked exactly) against ``gnm_solve`` with its default
  perturbation (Gambit traces on to lambda = -10 and may report several);
  "gnm ok" counts the games on which our point is within 1e-8 of one of our
  exact equilibria (or, beyond the enumeration's range, has a regret below
  1e-10 of the payoff range);
* logit QRE: our principal branch to its limit, named exactly
  (``logit_branch``) against ``logit_solve``.

Reported: the median time per game and the ratio ours / Gambit's.
"""

from __future__ import annotations

import multiprocessing
import statistics
import time

import numpy as np
from rich.table import Table

TITLE = "Three and four players: every equilibrium, one equilibrium, logit QRE"
#: Shapes of the exact enumeration's range, then larger ones (one equilibrium, QRE).
SHAPES = [(2, 2, 2), (3, 3, 2), (2, 2, 2, 2), (3, 3, 3), (4, 4, 4), (3, 3, 3, 3), (5, 5, 5)]
QUICK_SHAPES = [(2, 2, 2), (3, 3, 2), (4, 4, 4)]
CAP = 30.0


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


def _child(conn, work):
    t = time.perf_counter()
    value = work()
    conn.send((time.perf_counter() - t, value))
    conn.close()


def timed(work, cap: float):
    """``(seconds, value)`` of ``work()`` run in a forked child, or ``(None, None)``
    when it takes longer than ``cap`` (the child is killed)."""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(child, work))
    process.start()
    child.close()
    if parent.poll(cap):
        result = parent.recv()
        process.join()
        return result
    process.kill()
    process.join()
    return None, None


def _flat(profile, game):
    return [float(profile[s]) for p in game.players for s in p.strategies]


def run(options, console) -> None:
    import pygambit as gbt

    from deterrence.nash.gnm import gnm
    from deterrence.nash.nplayer import enumerate_nplayer, in_range
    from deterrence.qre import logit_branch

    count = 1 if options.quick else max(1, options.games)
    shapes = QUICK_SHAPES if options.quick else SHAPES
    cap = min(options.cap, CAP)
    table = Table(title=TITLE)
    for column in ("shape", "ours exact", "enumpoly", "ratio", "enumpoly missed",
                   "ours gnm", "gnm_solve", "ratio", "gnm ok", "ours logit", "logit_solve",
                   "ratio"):
        table.add_column(column, justify="right")
    warm = _games((2, 2, 2), 1)[0][0]
    enumerate_nplayer(warm)  # sympy imported before any clock
    gnm(warm)
    logit_branch(warm, 0, 1, points=2)
    for shape in shapes:
        rows: dict[str, list] = {k: [] for k in ("ours", "enumpoly", "ours_gnm", "gnm",
                                                 "ours_logit", "logit")}
        missed = ok = 0
        exact_range = in_range(_games(shape, 1)[0][0])
        for game, arrays in _games(shape, count):
            g = gbt.Game.from_arrays(*[a.astype(int) for a in arrays])
            exact = None
            if exact_range:
                t, exact = timed(lambda: [[float(p) for s in eq.strategies for p in s]
                                          for eq in enumerate_nplayer(game).equilibria], cap)
                rows["ours"].append(t)
                t, theirs = timed(lambda: [_flat(eq, g)
                                           for eq in gbt.nash.enumpoly_solve(g).equilibria], cap)
                rows["enumpoly"].append(t)
                if exact is not None and theirs is not None:
                    missed += len(exact) > len(theirs)
            t, found = timed(lambda: gnm(game), cap)
            rows["ours_gnm"].append(t)
            if found is not None:
                point = np.array([p for s in found.equilibria[0].strategies for p in s])
                if exact is not None:
                    ok += any(np.max(np.abs(point - np.array(e))) < 1e-8 for e in exact)
                else:
                    ok += found.tolerance <= 1e-10 * 99
            rows["gnm"].append(timed(lambda: len(gbt.nash.gnm_solve(g).equilibria), cap)[0])
            rows["ours_logit"].append(timed(lambda: logit_branch(game, 0, 1, points=2).limit.label,
                                            cap)[0])
            rows["logit"].append(timed(lambda: len(gbt.nash.logit_solve(g).equilibria), cap)[0])
        cells = ["x".join(map(str, shape))]
        for ours, theirs in (("ours", "enumpoly"), ("ours_gnm", "gnm"), ("ours_logit", "logit")):
            cells += [_seconds(rows[ours], cap), _seconds(rows[theirs], cap),
                      _ratio(rows[ours], rows[theirs])]
            if ours == "ours":
                cells.append(f"{missed}/{count}" if exact_range else "")
            if ours == "ours_gnm":
                cells.append(f"{ok}/{count}")
        table.add_row(*cells)
    console.print(table)
    console.print(f"Medians over {count} game(s) per shape; '—': beyond the exact enumeration's "
                  f"range (not run); '> {cap:g} s': killed at the cap. Gambit's gnm_solve traces "
                  "on to lambda = -10 (it may report several equilibria); ours stops at the first "
                  "and checks it exactly. Our logit time includes naming the limit exactly.",
                  style="dim")


def _median(values):
    """The median, a run killed at the cap counting as infinitely long (``None`` when
    the median is such a run)."""
    m = statistics.median([np.inf if v is None else v for v in values])
    return None if m == np.inf else m


def _seconds(values, cap) -> str:
    if not values:
        return "—"
    m = _median(values)
    if m is None:
        return f"> {cap:g} s"
    return f"{m * 1e3:.3g} ms" if m < 1 else f"{m:.3g} s"


def _ratio(ours, theirs) -> str:
    if not ours or not theirs:
        return ""
    a, b = _median(ours), _median(theirs)
    if a is None or b is None or b == 0:
        return "?"
    return f"{a / b:.2g}×"
