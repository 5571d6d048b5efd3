"""Exercises on matrix games: iterated dominance, mixed equilibria, trust in a stag hunt.

Example
-------
>>> import random
>>> ex = mixed(random.Random("doc"), 1)
>>> ex.answer[0].startswith("No pure equilibrium:")
True
>>> lo, hi = dominating_range([5, 0, 3], [0, 5, 3], [2, 2, 0])
>>> lo, hi
((Fraction(2, 5), False), (Fraction(3, 5), False))
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Sequence

from deterrence.teaching.exercises.base import MAX_TRIES, Exercise, fmt, toml_of

ROWS3 = ("Top", "Middle", "Bottom")
COLS3 = ("Left", "Center", "Right")


# ---------------------------------------------------------------- dominance


Bound = tuple[Fraction, bool]   # (value, attained)


def dominating_range(a: Sequence[Fraction], b: Sequence[Fraction], s: Sequence[Fraction]
                     ) -> tuple[Bound, Bound] | None:
    """The weights ``p`` for which ``p a + (1 - p) b`` strictly beats ``s`` in every column.

    ``a``, ``b``, ``s`` are payoffs against the same opponent strategies.
    Returns ``((lo, lo attained), (hi, hi attained))`` within [0, 1], or
    ``None`` when no weight works.
    """
    lo, lo_in = Fraction(0), True
    hi, hi_in = Fraction(1), True
    for ak, bk, sk in zip(a, b, s):
        coef, rhs = Fraction(ak) - Fraction(bk), Fraction(sk) - Fraction(bk)
        if coef == 0:
            if not 0 > rhs:
                return None
            continue
        r = rhs / coef
        if coef > 0:                       # p > r
            if r > lo or (r == lo and lo_in):
                lo, lo_in = r, False
        else:                              # p < r
            if r < hi or (r == hi and hi_in):
                hi, hi_in = r, False
    if lo < 0:
        lo, lo_in = Fraction(0), True
    if hi > 1:
        hi, hi_in = Fraction(1), True
    if lo > hi or (lo == hi and not (lo_in and hi_in)):
        return None
    return (lo, lo_in), (hi, hi_in)


def _range_text(first: str, second: str, bounds) -> str:
    (lo, lo_in), (hi, hi_in) = bounds
    left = f"{fmt(lo)} {'≤' if lo_in else '<'} p {'≤' if hi_in else '<'} {fmt(hi)}"
    ends = []
    if hi_in and hi == 1:
        ends.append(f"p = 1 is {first} alone")
    if lo_in and lo == 0:
        ends.append(f"p = 0 is {second} alone")
    return f"p {first} + (1 - p) {second} dominates it for every {left}" + \
        (f" ({'; '.join(ends)})" if ends else "")


def _alive_before(dominance, round_index: int) -> list[list[int]]:
    alive = [list(range(len(s))) for s in dominance.game.strategies]
    for round_ in dominance.rounds[:round_index]:
        for e in round_:
            alive[e.player].remove(e.strategy)
    return alive


def _payoffs_against(game, player: int, own: int, others: list[int]) -> list[Fraction]:
    arrays = game.payoff_arrays()
    if player == 0:
        return [Fraction(arrays[0][own, j]) for j in others]
    return [Fraction(arrays[1][i, own]) for i in others]


def _elimination_lines(game, dominance) -> list[str]:
    from deterrence.views.result import mixed_text

    lines = []
    for k, round_ in enumerate(dominance.rounds, start=1):
        alive = _alive_before(dominance, k - 1)
        for e in round_:
            player = game.players[e.player]
            names = game.strategies[e.player]
            dominated = names[e.strategy]
            by = mixed_text(names, e.dominator)
            proof = ", ".join(f"against {against}: {fmt(x)} > {fmt(y)}" for against, x, y in e.margins)
            line = f"Round {k}: {player}'s {dominated} is strictly dominated by {by} ({proof})."
            rivals = [s for s in alive[e.player] if s != e.strategy]
            if len(rivals) == 2:
                other = alive[1 - e.player]
                a, b = rivals
                bounds = dominating_range(_payoffs_against(game, e.player, a, other),
                                          _payoffs_against(game, e.player, b, other),
                                          _payoffs_against(game, e.player, e.strategy, other))
                if bounds is not None:
                    line += " More generally, " + _range_text(names[a], names[b], bounds) + "."
            lines.append(line)
    return lines


def dominance(rng: random.Random, number: int) -> Exercise:
    """A 3×3 game solvable by iterated strict dominance in two rounds or more."""
    from deterrence.model import NormalFormGame
    from deterrence.nash.dominance import eliminate_dominated
    from deterrence.solver import solve

    for _ in range(MAX_TRIES):
        A = [[rng.randint(0, 9) for _ in range(3)] for _ in range(3)]
        B = [[rng.randint(0, 9) for _ in range(3)] for _ in range(3)]
        game = NormalFormGame.bimatrix(A, B, ROWS3, COLS3, title=f"Exercise {number}")
        result = eliminate_dominated(game, weak=False, mixed=True)
        if result.solved and len(result.rounds) >= 2:
            break
    else:  # pragma: no cover
        raise RuntimeError("no dominance-solvable game found")
    solved = solve(game)
    survivor = tuple(s[0] for s in result.surviving)
    (eq,) = solved.equilibria  # strict dominance solvability leaves one equilibrium
    assert eq.is_pure and tuple(eq.support(i)[0] for i in range(2)) == survivor
    lines = _elimination_lines(game, result)
    label = eq.label(game)
    payoffs = ", ".join(fmt(v) for v in eq.payoffs)
    lines.append(f"Only {label} survives; it is the unique Nash equilibrium, with payoffs {payoffs}.")
    mixed_used = any(e.is_mixed for r in result.rounds for e in r)
    question = ("Solve the game by iterated elimination of strictly dominated strategies. "
                "Name, in each round, each strategy you remove and the (possibly mixed) "
                "strategy that dominates it; where a mixture dominates, give every mixture "
                "of the two other strategies that does. Which profile survives?")
    hints = ("Compare each strategy with the others row by row (for Row) and column by column "
             "(for Column); remove only what is dominated in the game that is left.",
             "A strategy that no pure strategy dominates may still be dominated by a mixture "
             "p X + (1 - p) Y: write one inequality in p for each remaining opponent strategy.")
    facts = (("rounds", str(len(result.rounds))), ("equilibrium", label), ("payoffs", payoffs),
             ("mixed_dominator", str(mixed_used).lower()))
    story = ("Two governments, Row and Column, each choose one of three policies; the cells give "
             "what each expects from the pair of choices.")
    return Exercise("3x3-dominance", number, game, question, tuple(lines), facts, solved, toml_of(game),
                    hints, story)


# ---------------------------------------------------------------- mixed


def _no_pure_lines(game) -> list[str]:
    """For each cell, a player who would deviate (there is no pure equilibrium)."""
    arrays = game.payoff_arrays()
    rows, cols = game.strategies
    parts = []
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            other_i, other_j = 1 - i, 1 - j
            if arrays[0][other_i, j] > arrays[0][i, j]:
                parts.append(f"at ({r}, {c}) {game.players[0]} would switch to {rows[other_i]} "
                             f"({fmt(arrays[0][other_i, j])} > {fmt(arrays[0][i, j])})")
            else:
                assert arrays[1][i, other_j] > arrays[1][i, j]
                parts.append(f"at ({r}, {c}) {game.players[1]} would switch to {cols[other_j]} "
                             f"({fmt(arrays[1][i, other_j])} > {fmt(arrays[1][i, j])})")
    return ["No pure equilibrium: " + "; ".join(parts) + "."]


def mixed(rng: random.Random, number: int) -> Exercise:
    """A 2×2 game whose only equilibrium is mixed."""
    from deterrence.model import NormalFormGame
    from deterrence.solver import solve
    from deterrence.teaching.explain import explain

    for _ in range(MAX_TRIES):
        A = [[rng.randint(-5, 9) for _ in range(2)] for _ in range(2)]
        B = [[rng.randint(-5, 9) for _ in range(2)] for _ in range(2)]
        game = NormalFormGame.bimatrix(A, B, ("Up", "Down"), ("Left", "Right"), title=f"Exercise {number}")
        result = solve(game)
        if len(result.equilibria) == 1 and not result.equilibria[0].is_pure and result.complete:
            break
    else:  # pragma: no cover
        raise RuntimeError("no 2x2 game with a unique mixed equilibrium found")
    eq = result.equilibria[0]
    explanation = explain(game)
    lines = _no_pure_lines(game)
    for ind in explanation.mixed[0].indifferences:
        player = game.players[ind.player]
        mixer = game.players[ind.mixer]
        head = ind.solution[0]
        lines.append(f"{player} is indifferent between {' and '.join(game.strategies[ind.player])} "
                     f"when {mixer} plays {head.strategy} with probability {head.name}: "
                     f"{ind.numeric_text}, so {head.name} = {fmt(head.value)}.")
    p, q = eq.strategies[0][0], eq.strategies[1][0]
    payoffs = ", ".join(fmt(v) for v in eq.payoffs)
    lines.append(f"The unique equilibrium: Row plays Up with probability {fmt(p)}, "
                 f"Column plays Left with probability {fmt(q)}; expected payoffs {payoffs}.")
    question = ("Show that the game has no pure-strategy equilibrium, and find its mixed "
                "equilibrium from the indifference conditions. What does each player expect to earn?")
    hints = ("For each of the four cells, find a player who would rather switch.",
             "Each player mixes so as to make the OTHER indifferent: Row's probability comes "
             "from Column's payoffs.")
    facts = (("p_Up", fmt(p)), ("q_Left", fmt(q)), ("payoffs", payoffs))
    story = ("An inspector (Row) and an inspected state (Column), or a defender guarding one of "
             "two sites and a raider: each side does best by being unpredictable.")
    return Exercise("2x2-mixed", number, game, question, tuple(lines), facts, result, toml_of(game),
                    hints, story)


# ---------------------------------------------------------------- stag hunt


def stag_hunt(rng: random.Random, number: int) -> Exercise:
    """A stag hunt between two blocs: two pure equilibria, and the trust that selects one."""
    from deterrence.model import NormalFormGame
    from deterrence.repeated_games.analysis import trust_threshold
    from deterrence.repeated_games.stage import stage_game
    from deterrence.solver import solve

    for _ in range(MAX_TRIES):
        R = rng.randint(4, 10)
        T = rng.randint(1, R - 1)
        P = rng.randint(1, R - 1)
        S = rng.randint(-4, P - 1)
        if T >= P and (R - T) + (P - S) > 0:
            break
    strategies = ("Cooperate", "Decouple")
    A = [[R, S], [T, P]]
    B = [[R, T], [S, P]]
    game = NormalFormGame.bimatrix(A, B, strategies, strategies, players=("Bloc A", "Bloc B"),
                                   title=f"Exercise {number}: trust between two blocs")
    result = solve(game)
    stage = stage_game(game, cooperate="Cooperate")
    trust = trust_threshold(stage)
    q = Fraction(P - S, (R - T) + (P - S))
    assert trust.value == q
    pure = sorted(eq.label(game) for eq in result.equilibria if eq.is_pure)
    (mixed_eq,) = [eq for eq in result.equilibria if not eq.is_pure]
    assert mixed_eq.strategies[0][0] == q and mixed_eq.strategies[1][0] == q
    risk_coop = (R - T) ** 2 > (P - S) ** 2
    lines = [
        f"(Cooperate, Cooperate) is an equilibrium: against Cooperate, Cooperate earns {R} > {T}. "
        f"(Decouple, Decouple) is one too: against Decouple, Decouple earns {P} > {S}. "
        "Each bloc wants to do what the other does: a stag hunt, not a prisoner's dilemma.",
        f"Cooperating pays a bloc that believes the other cooperates with probability q when "
        f"q {R} + (1 - q)({S}) >= q {T} + (1 - q) {P}, that is when q >= ({P} - ({S}))/(({R} - {T}) "
        f"+ ({P} - ({S}))) = {fmt(q)}.",
        f"The mixed equilibrium: each bloc cooperates with probability {fmt(q)} (the other is then "
        f"indifferent); expected payoffs {', '.join(fmt(v) for v in mixed_eq.payoffs)}.",
        f"Risk dominance compares the losses from a wrong guess, (R - T)^2 = {(R - T) ** 2} with "
        f"(P - S)^2 = {(P - S) ** 2}: {'cooperation' if risk_coop else 'decoupling'} is risk dominant"
        + (" (equal: neither)" if (R - T) ** 2 == (P - S) ** 2 else "") + ".",
    ]
    question = ("Find the pure equilibria. How strongly must a bloc believe that the other "
                "cooperates for cooperation to pay? Give the mixed equilibrium, and say which "
                "pure equilibrium is risk dominant.")
    hints = ("Write each bloc's expected payoff from Cooperate and from Decouple against a belief q "
             "that the other cooperates, and solve for the q where they are equal.",)
    facts = (("pure", "; ".join(pure)), ("trust", fmt(q)), ("mixed_cooperate", fmt(q)),
             ("risk_dominant", "none" if (R - T) ** 2 == (P - S) ** 2 else
              ("(Cooperate, Cooperate)" if risk_coop else "(Decouple, Decouple)")))
    story = ("Two blocs keep their supply chains open (Cooperate) or decouple. Open trade is best "
             "for both if both keep it; decoupling is the safe choice for a bloc that distrusts "
             "the other. Dense supply-chain ties carry information that builds that trust.")
    return Exercise("stag-hunt", number, game, question, tuple(lines), facts, result, toml_of(game),
                    hints, story)


__all__ = ["dominance", "mixed", "stag_hunt", "dominating_range"]
