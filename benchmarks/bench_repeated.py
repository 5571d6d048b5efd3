"""Benchmark: a 20-strategy round robin under noise, exact and simulated.

Runs on its own (``python benchmarks/bench_repeated.py``) and reports

* the exact long-run round robin (stationary distributions over Fractions);
* the exact expected round robin over 200 rounds (the horizon axelrod plays);
* the same tournament simulated by our seeded simulator (200 turns × 10
  repetitions);
* the same tournament played by the ``axelrod`` library (200 turns ×
  10 repetitions), if it is installed,

with their times and the largest difference between each simulated payoff
matrix and the exact 200-round one. The 20 strategies are memory-one with a
deterministic first move (axelrod's ``MemoryOnePlayer`` opens with C or D),
the stage game is the prisoner's dilemma (T, R, P, S) = (5, 3, 1, 0), and the
noise flips each move with probability 1/20 in both libraries.

axelrod is not a dependency of deterrence (it pulls in large packages); install
it by hand to run the comparison: ``pip install axelrod``.
"""

from __future__ import annotations

import argparse
import random
import time
from fractions import Fraction

from deterrence.io import load_game
from deterrence.repeated_games.memory_one import MemoryOne, NAMED, gtft
from deterrence.repeated_games.simulate import simulate_match
from deterrence.repeated_games.stage import stage_game
from deterrence.repeated_games.tournament import round_robin

NOISE = Fraction(1, 20)
TURNS = 200
REPETITIONS = 10


def strategies(count: int = 20, seed: int = 2024) -> list[MemoryOne]:
    """Classic memory-one strategies, then seeded random vectors in steps of 1/10."""
    chosen = [NAMED[n] for n in ("allc", "alld", "tft", "wsls", "grim")]
    chosen += [gtft(Fraction(1, 3)), gtft(Fraction(1, 10)),
               MemoryOne("stft", (1, 0, 1, 0), 0, "suspicious tit-for-tat"),
               MemoryOne("extort2", (Fraction(8, 9), Fraction(1, 2), Fraction(1, 3), 0), 1,
                         "an extortionate zero-determinant strategy (Stewart and Plotkin 2012)"),
               MemoryOne("firm-fair", (1, 0, 1, Fraction(1, 3)), 1, "firm but fair")]
    rng = random.Random(seed)
    while len(chosen) < count:
        vector = tuple(Fraction(rng.randint(0, 10), 10) for _ in range(4))
        chosen.append(MemoryOne(f"m{len(chosen)}", vector, rng.randint(0, 1)))
    return chosen[:count]


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - start


def simulated_matrix(stage, players, seed: int):
    """Mean payoffs and their standard errors over the repetitions."""
    n = len(players)
    out = [[0.0] * n for _ in range(n)]
    errors = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            sim = simulate_match(stage, players[i], players[j], NOISE, rounds=TURNS,
                                 repetitions=REPETITIONS, seed=seed)
            out[i][j], out[j][i] = sim.payoffs
            errors[i][j], errors[j][i] = sim.standard_errors
    return out, errors


def largest_z(simulated, exact, errors) -> float:
    """Largest |simulated − exact| in standard errors (cells with a positive error)."""
    return max(abs(float(s) - float(e)) / d
               for rs, re, rd in zip(simulated, exact, errors)
               for s, e, d in zip(rs, re, rd) if d > 0)


def axelrod_matrix(players, seed: int) -> list[list[float]] | None:
    try:
        import axelrod as axl
    except ImportError:
        return None
    C, D = axl.Action.C, axl.Action.D
    axl_players = []
    for s in players:
        player = axl.MemoryOnePlayer(tuple(float(v) for v in s.vector),
                                     initial=C if s.initial == 1 else D)
        player.name = s.name
        axl_players.append(player)
    tournament = axl.Tournament(axl_players, game=axl.Game(r=3, s=0, t=5, p=1), turns=TURNS,
                                repetitions=REPETITIONS, noise=float(NOISE), seed=seed)
    results = tournament.play(progress_bar=False, processes=1)
    return [list(row) for row in results.payoff_matrix]


def largest_gap(a, b) -> float:
    return max(abs(float(x) - float(y)) for ra, rb in zip(a, b) for x, y in zip(ra, rb))


TITLE = "Repeated games: a 20-strategy round robin under noise, exact and simulated"


def measure(count: int = 20, seed: int = 1, use_axelrod: bool = True) -> dict:
    """Times (seconds) and largest payoff differences; see the module docstring."""
    stage = stage_game(load_game("prisoners_dilemma"))
    players = strategies(count)
    out: dict = {"strategies": len(players), "noise": str(NOISE)}
    long_run, out["exact long-run"] = timed(round_robin, stage, players, NOISE)
    finite, out[f"exact {TURNS} rounds"] = timed(round_robin, stage, players, NOISE,
                                                  rounds=TURNS)
    exact = finite.payoffs
    out["gap long-run vs 200 rounds"] = largest_gap(long_run.payoffs, exact)
    (ours, errors), out["our simulation"] = timed(simulated_matrix, stage, players, seed)
    out["gap our simulation vs exact"] = largest_gap(ours, exact)
    out["gap our simulation vs exact, in SE"] = largest_z(ours, exact, errors)
    out["top five (exact long run)"] = [players[i].name for i in long_run.ranking[:5]]
    if not use_axelrod:
        return out
    start = time.perf_counter()
    try:
        import axelrod  # noqa: F401  (timed apart: it imports heavy packages)
    except ImportError:
        out["axelrod"] = "not installed (pip install axelrod to compare)"
        return out
    out["axelrod import"] = time.perf_counter() - start
    theirs, out["axelrod"] = timed(axelrod_matrix, players, seed)
    out["gap axelrod vs exact"] = largest_gap(theirs, exact)
    out["gap axelrod vs exact, in SE"] = largest_z(theirs, exact, errors)
    out["gap axelrod vs our simulation"] = largest_gap(theirs, ours)
    return out


def run(options, console) -> dict:
    """Section of ``benchmarks/run.py``: the axelrod comparison is skipped with --quick."""
    from rich.table import Table

    result = measure(use_axelrod=not getattr(options, "quick", False))
    table = Table(title=TITLE, title_justify="left")
    table.add_column("measurement")
    table.add_column("value", justify="right")
    for key, value in result.items():
        if isinstance(value, float):
            unit = "" if key.startswith("gap") else " s"
            value = f"{value:.4f}{unit}"
        elif isinstance(value, list):
            value = ", ".join(value)
        table.add_row(key, str(value))
    console.print(table)
    console.print(f"{TURNS} turns × {REPETITIONS} repetitions for the simulations; exact "
                  "matches over Fractions; gaps are the largest absolute difference between "
                  "payoff matrices (sampling noise for the simulations); 'in SE': the same in "
                  "standard errors of our simulation's cells -- t statistics with 9 degrees of "
                  "freedom, so about 5 is to be expected as the largest of 210 matches.")
    return result


def main(argv=None) -> None:
    from rich.console import Console

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the axelrod library")
    run(parser.parse_args(argv), Console())


if __name__ == "__main__":
    main()
