"""Repeated play: repeated and tournament."""

from __future__ import annotations

from typing import Callable

import click

from deterrence.cli.common import (
    console,
    emit_json,
    emit_rows,
    format_option,
    game_argument,
    json_option,
    load,
    probability,
    reports_errors,
    set_option,
)


def _strategy_option(command: Callable) -> Callable:
    return click.option(
        "--strategies", metavar="LIST",
        help="Comma-separated: allc, alld, tft, gtft (gtft:G for generosity G), wsls, grim, "
             "random, or four probabilities p_CC,p_CD,p_DC,p_DD (optionally then p0=X).")(command)


def _cooperate_option(command: Callable) -> Callable:
    return click.option(
        "--cooperate", metavar="LABEL",
        help="The strategy that means 'cooperate' (default: the first strategy, unless mutual "
             "play of the second pays both players more).")(command)


REPEATED_DEFAULT_STRATEGIES = "allc,alld,tft,gtft,wsls,grim"


@click.command()
@game_argument
@set_option
@_cooperate_option
@click.option("--noise", metavar="EPS", help="Implementation noise ε in [0, 1]: each intended "
              "move is flipped with this probability (misperception). Plays the strategies.")
@_strategy_option
@click.option("--discount", metavar="δ", help="Discount factor in [0, 1): discounted payoffs, "
              "generosity at δ, and whether each strategy against itself is an equilibrium.")
@click.option("--rounds", type=click.IntRange(1, 100_000), default=None,
              help="Average over the first N rounds instead of the long run.")
@json_option
@reports_errors
def repeated(game, assignments, cooperate, noise, strategies, discount, rounds, as_json,
             as_float) -> None:
    """Repeated play of a 2×2 GAME: what sustains cooperation, and what noise does.

    Prints the class of the stage game (prisoner's dilemma, stag hunt,
    chicken, ...), the critical discount factors of grim trigger,
    tit-for-tat and win-stay lose-shift, the generosity that keeps generous
    tit-for-tat stable, and the trust a single round needs -- exact, as
    textbook formulas and, for a file with parameters, as formulas in them;
    each δ threshold is checked by an exact best reply. With --noise or
    --strategies, memory-one strategies play each other exactly under noise:
    long-run (and with --discount, discounted) payoffs, the probability of
    mutual cooperation, how long cooperation lasts and how fast it recovers.
    Without --strategies the set is allc,alld,tft,gtft,wsls,grim.

    \b
    Example:
      deterrence repeated games/prisoners_dilemma.toml
      deterrence repeated prisoners_dilemma --noise 0.05 --strategies tft,gtft,wsls,grim,alld
      deterrence repeated stag_hunt --set sucker=-1
      deterrence repeated prisoners_dilemma --noise 1/20 --discount 0.9 --json
    """
    from fractions import Fraction

    from deterrence.repeated_games.analysis import analyse
    from deterrence.repeated_games.memory_one import parse_strategies
    from deterrence.repeated_games.stage import stage_game

    g = load(game, assignments)
    epsilon = probability(noise, "noise") if noise is not None else Fraction(0)
    delta = None
    if discount is not None:
        from deterrence.errors import UsageError

        delta = probability(discount, "discount factor δ")
        if delta == 1:
            raise UsageError("discount factor δ = 1 is not allowed",
                             hint="δ < 1; the limit δ → 1 is what the thresholds report")
    chosen = ()
    if strategies is not None or noise is not None:
        chosen = parse_strategies(strategies or REPEATED_DEFAULT_STRATEGIES,
                                  stage_game(g, cooperate))
    analysis = analyse(g, cooperate=cooperate, strategies=chosen, epsilon=epsilon,
                       discount=delta, rounds=rounds)
    if as_json:
        emit_json(analysis.to_json(as_float))
        return
    from deterrence.views.repeated import RepeatedView

    console().print(RepeatedView(analysis))


TOURNAMENT_DEFAULT_STRATEGIES = "allc,alld,tft,gtft,wsls,grim,random"


@click.command()
@game_argument
@set_option
@_cooperate_option
@click.option("--noise", metavar="EPS|LO:HI", default="0:0.2", show_default=True,
              help="One noise level, or a range to sweep.")
@click.option("--steps", type=click.IntRange(1, 1001), default=11, show_default=True,
              help="Noise levels in a sweep.")
@click.option("--strategies", metavar="LIST", default=TOURNAMENT_DEFAULT_STRATEGIES,
              show_default=True,
              help="Comma-separated: the memory-one names of 'deterrence repeated', four "
                   "probabilities, or the simulated ctft, grim-forever, tf2t.")
@click.option("--rounds", type=click.IntRange(1, 100_000), default=None,
              help="Rounds per match (default: the long run when every strategy is memory-one, "
                   "else 200).")
@click.option("--repetitions", type=click.IntRange(1, 100_000), default=10, show_default=True,
              help="Repetitions of each simulated match.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of simulated matches.")
@click.option("--plot", type=click.Path(dir_okay=False),
              help="Draw the sweep to FILE.png, .pdf or .svg.")
@json_option
@format_option
@reports_errors
def tournament(game, assignments, cooperate, noise, steps, strategies, rounds, repetitions, seed,
               plot, as_json, as_float, fmt=None) -> None:
    """A round-robin tournament of repeated-game strategies under noise.

    Every strategy plays every strategy, itself included; the score is the
    mean payoff per round. Matches between memory-one strategies are exact;
    matches with ctft, grim-forever or tf2t are simulated (seeded). With a
    noise range, the tournament is repeated at each level: a terminal chart
    per strategy, the winners, and the noise at which cooperation collapses
    (the winner then cooperates with itself less than half the time).

    \b
    Example:
      deterrence tournament games/prisoners_dilemma.toml --noise 0:0.2 --plot noise.png
      deterrence tournament prisoners_dilemma --noise 0.05 --strategies tft,gtft,wsls,ctft,alld
      deterrence tournament stag_hunt --noise 0:0.5 --steps 6 --json
    """
    from deterrence.repeated_games.memory_one import parse_strategies
    from deterrence.repeated_games.stage import stage_game
    from deterrence.repeated_games.tournament import noise_grid, noise_sweep

    if plot:
        from deterrence.views.plots import check_plot_path

        check_plot_path(plot)
    g = load(game, assignments)
    stage = stage_game(g, cooperate)
    chosen = parse_strategies(strategies, stage, allow_simulated=True)
    low, sep, high = noise.partition(":")
    if sep:
        grid = noise_grid(probability(low, "noise"), probability(high, "noise"), steps)
    else:
        grid = (probability(noise, "noise"),)
    result = noise_sweep(stage, chosen, grid, rounds=rounds, repetitions=repetitions, seed=seed)
    if plot:
        from deterrence.views.plot_repeated import plot_sweep

        plot_sweep(result, plot)
        click.echo(f"wrote {plot}", err=True)
    if emit_rows(result, fmt, as_json, as_float):
        return
    console().print(result)
