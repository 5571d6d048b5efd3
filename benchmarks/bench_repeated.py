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
from deterrence.solve.memory_one import MemoryOne, NAMED, gtft
from deterrence.solve.simulate import simulate_match
from deterrence.solve.stage import stage_game
from deterrence.solve.tournament import round_robin

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


def simulated_matrix(stage, players, seed: int) -> list[list[float]]:
    n = len(players)
    out = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            sim = simulate_match(stage, players[i], players[j], NOISE, rounds=TURNS,
                                 repetitions=REPETITIONS, seed=seed)
            out[i][j], out[j][i] = sim.payoffs
    return out


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


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20, help="number of strategies")
    parser.add_argument("--seed", type=int, default=1, help="seed of the simulations")
    parser.add_argument("--no-axelrod", action="store_true", help="skip the axelrod library")
    args = parser.parse_args(argv)

    stage = stage_game(load_game("prisoners_dilemma"))
    players = strategies(args.count)
    n = len(players)
    print(f"{n} memory-one strategies, prisoner's dilemma (5, 3, 1, 0), noise {NOISE}")

    long_run, t_long = timed(round_robin, stage, players, NOISE)
    print(f"exact long-run round robin ({n * (n + 1) // 2} matches): {t_long:.3f} s")
    finite, t_finite = timed(round_robin, stage, players, NOISE, rounds=TURNS)
    print(f"exact expected {TURNS}-round round robin:                 {t_finite:.3f} s")
    exact = finite.payoffs
    print(f"  largest |long-run − {TURNS}-round| payoff:             "
          f"{largest_gap(long_run.payoffs, exact):.4f}")

    ours, t_ours = timed(simulated_matrix, stage, players, args.seed)
    print(f"our seeded simulation ({TURNS} turns × {REPETITIONS}):       {t_ours:.3f} s, "
          f"largest |simulated − exact| = {largest_gap(ours, exact):.4f}")

    if args.no_axelrod:
        return
    start = time.perf_counter()
    try:
        import axelrod  # noqa: F401  (timed apart: it imports heavy packages)
    except ImportError:
        print("axelrod is not installed: skipped (pip install axelrod to compare)")
        return
    t_import = time.perf_counter() - start
    theirs, t_axl = timed(axelrod_matrix, players, args.seed)
    print(f"axelrod library ({TURNS} turns × {REPETITIONS}):             {t_axl:.3f} s "
          f"(+ {t_import:.1f} s to import it), largest |axelrod − exact| = "
          f"{largest_gap(theirs, exact):.4f}")
    print(f"  largest |axelrod − our simulation| = {largest_gap(theirs, ours):.4f}")
    ranking_exact = [players[i].name for i in long_run.ranking[:5]]
    print(f"top five, exact long run: {', '.join(ranking_exact)}")


if __name__ == "__main__":
    main()
