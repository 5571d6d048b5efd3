"""Builders: sharing pools and escalation ladders."""

from __future__ import annotations

import click

from deterrence.cli.common import (
    console,
    emit_json,
    emit_rows,
    format_option,
    game_argument,
    json_option,
    load,
    reports_errors,
    set_option,
)


@click.command()
@game_argument
@click.option("--members", "members", metavar="LO:HI|N",
              help="Pool size: a range to sweep (e.g. 0:12) or one value.")
@click.option("--pledge", metavar="LO:HI|X", help="Each member's pledge: a range or one value.")
@click.option("--reliability", metavar="LO:HI|P", help="Each member's reliability: a range or one value.")
@click.option("--vary", metavar="NAME=LO:HI", help="Sweep any other parameter of the file.")
@click.option("--steps", type=click.IntRange(2, 10_000), default=11, show_default=True,
              help="Grid points for a continuous range (member counts step by 1).")
@set_option
@click.option("--plot", type=click.Path(dir_okay=False),
              help="Draw the analysis to FILE.png, FILE.svg or FILE.pdf.")
@json_option
@format_option
@reports_errors
def pool(game, members, pledge, reliability, vary, steps, assignments, plot, as_json, as_float,
         fmt) -> None:
    """How a friend-shoring sharing pool changes the coercer's payoff.

    Solves the pool game (kind = "pool") for each pool size, pledge or
    reliability: the coercer's expected payoff from restricting, the
    probability that the target concedes, whether coercion pays, next to no
    pool at all; and the exact value at which coercion stops paying.
    Without a range, the pool size is swept from 0 to twice its default
    (at least 12). Each parameter is given once: --set cannot set what an
    option varies or fixes (--set N=3 --members 0:5 is refused).

    \b
    Example:
      deterrence pool games/export_control_pool.toml --members 0:12
      deterrence pool export_control_pool --members 4 --reliability 0.5:1 --plot pool.png
    """
    from deterrence.builders.pool.request import pool_request
    from deterrence.model.parameters import parse_assignments

    if plot:
        from deterrence.views.plots import check_plot_path

        check_plot_path(plot)
    values = parse_assignments(assignments)
    g = load(game)      # --set applied by pool_request, once it is checked against the options
    analysis = pool_request(g, members=members, pledge=pledge, reliability=reliability,
                            vary=vary, steps=steps, assignments=values)
    if plot:
        from deterrence.views.plot_pool import plot_pool

        click.echo(f"wrote {plot_pool(analysis, plot)}", err=True)
    if emit_rows(analysis, fmt, as_json, as_float):
        return
    from deterrence.views.pool import PoolView

    console().print(PoolView(analysis))


@click.command()
@game_argument
@set_option
@click.option("--equilibrium", "number", type=click.IntRange(1), default=1, show_default=True,
              help="Which equilibrium to read the ladder from, when there are several.")
@json_option
@format_option
@reports_errors
def ladder(game, assignments, number, as_json, as_float, fmt) -> None:
    """Where escalation stops: solve an escalation ladder (kind = "ladder").

    Builds the alternating escalate / back-down tree, solves it with the
    general tree solvers (perfect Bayesian when resolve is private) and
    prints the ladder: who moves at each rung, the cost of each rung to each
    side, the probability of reaching it and of losing control there, who
    backs down where, the expected costs, and a sentence.

    \b
    Example:
      deterrence ladder games/tariff_ladder.toml
      deterrence ladder kahn_ladder --set p=0 --json
    """
    from deterrence.builders.ladder.analysis import (
        SCHEMA,
        analyse_ladder,
        require_ladder,
    )
    from deterrence.solver import solve as solve_game

    g = load(game, assignments)
    require_ladder(g)
    result = solve_game(g)
    if not result.equilibria:
        if as_json or fmt == "json":
            from deterrence.model.envelope import envelope

            emit_json({**envelope(SCHEMA, g, as_float), "title": g.title, "concept": result.concept,
                       "equilibria": 0, "warnings": list(result.warnings)})
            return
        from deterrence.views.ladder import NoEquilibriumView

        console().print(NoEquilibriumView(g, result))
        return
    analysis = analyse_ladder(g, result, index=number - 1)
    if emit_rows(analysis, fmt, as_json, as_float):
        return
    from deterrence.views.ladder import LadderView

    console().print(LadderView(analysis))
