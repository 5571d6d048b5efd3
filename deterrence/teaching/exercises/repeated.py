"""Exercises on repeated play: the discount factor that sustains cooperation.

Example
-------
>>> import random
>>> ex = discount(random.Random("doc"), 1)
>>> ex.fact("grim").startswith("delta >= ")
True
"""

from __future__ import annotations

import random
from fractions import Fraction

from deterrence.teaching.exercises.base import MAX_TRIES, Exercise, fmt, pick_fraction, toml_of


def discount(rng: random.Random, number: int) -> Exercise:
    """A prisoner's dilemma between two blocs, repeated: grim trigger and tit-for-tat."""
    from deterrence.model import NormalFormGame
    from deterrence.repeated_games.analysis import analyse
    from deterrence.repeated_games.memory_one import NAMED, check_equilibrium
    from deterrence.repeated_games.stage import stage_game
    from deterrence.solver import solve

    for _ in range(MAX_TRIES):
        S, P = sorted(rng.sample(range(-3, 4), 2))
        R = rng.randint(P + 1, P + 6)
        T = rng.randint(R + 1, R + 6)
        if 2 * R > T + S:
            break
    else:  # pragma: no cover
        raise RuntimeError("no prisoner's dilemma found")
    strategies = ("Trade openly", "Restrict")
    game = NormalFormGame.bimatrix([[R, S], [T, P]], [[R, T], [S, P]], strategies, strategies,
                                   players=("Bloc A", "Bloc B"),
                                   title=f"Exercise {number}: the shadow of the future")
    result = solve(game)
    analysis = analyse(game, cooperate="Trade openly")
    grim, tft = analysis.threshold("grim"), analysis.threshold("tft")
    assert grim.verified and tft.verified
    assert grim.value == Fraction(T - R, T - P)
    assert tft.value == max(Fraction(T - R, T - P), Fraction(T - R, R - S))
    delta = pick_fraction(rng, [f"{k}/10" for k in range(1, 10)] + ["1/4", "3/4", "1/3", "2/3"],
                          avoid=[grim.value, tft.value])
    stage = stage_game(game, cooperate="Trade openly")
    sustained = check_equilibrium(stage, NAMED["grim"], NAMED["grim"], Fraction(0), delta).subgame_perfect
    assert sustained == (delta >= grim.value)
    (eq,) = result.equilibria
    lines = [
        f"In one round Restrict is dominant ({T} > {R} against Trade openly, {P} > {S} against Restrict): "
        f"the only equilibrium is {eq.label(game)}, worse for both than mutual openness.",
        f"Grim trigger: trade openly until the other restricts, then restrict forever. Openness yields "
        f"R = {R} every round; restricting once yields T = {T} now and P = {P} afterwards. With discount "
        f"factor delta the normalised values compare as {R} >= (1 - delta) {T} + delta {P}, i.e. "
        f"delta >= (T - R)/(T - P) = {fmt(grim.value)}; punishing is itself an equilibrium of every "
        "subgame, so this is subgame perfect.",
        f"Tit-for-tat against itself is a Nash equilibrium for delta >= max((T - R)/(T - P), "
        f"(T - R)/(R - S)) = {fmt(tft.value)} (the second term: alternating between restricting and "
        "trading must not pay).",
        f"At delta = {fmt(delta)} grim trigger {'sustains' if sustained else 'does not sustain'} open trade.",
    ]
    question = ("Show that in a single round both blocs restrict. How patient must they be (the "
                "smallest discount factor delta) for grim trigger to sustain open trade as a "
                "subgame-perfect equilibrium, and for tit-for-tat to be a Nash equilibrium? Does grim "
                f"trigger sustain it when both discount the next round by delta = {fmt(delta)}?")
    hints = ("Compare the discounted stream R, R, R, ... with T, P, P, ...",
             "Normalised values: (1 - delta) times the discounted sum.")
    facts = (("grim", f"delta >= {fmt(grim.value)}"), ("tft", f"delta >= {fmt(tft.value)}"),
             ("delta", fmt(delta)), ("sustained", str(sustained).lower()))
    story = ("Supply chains as trust: two blocs trade round after round; each may restrict exports for "
             "a one-off gain. The security dilemma is a prisoner's dilemma; repetition (the shadow of "
             "the future) can sustain cooperation.")
    return Exercise("discount", number, game, question, tuple(lines), facts, result, toml_of(game), hints,
                    story)


__all__ = ["discount"]
