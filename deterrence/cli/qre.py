"""Quantal response: the qre command."""

from __future__ import annotations

import click

from deterrence.cli.common import (
    console,
    emit_json,
    game_argument,
    json_option,
    load,
    reports_errors,
    set_option,
)


def parse_lambda(text: str) -> tuple[float, float | None]:
    """``LO:HI`` (a range) or one number (a single lambda), as floats."""
    from deterrence.errors import ExpressionError, UsageError
    from deterrence.model.expr import to_fraction

    parts = text.split(":")
    if len(parts) > 2 or not all(p.strip() for p in parts):
        raise UsageError(f"--lambda {text!r} is neither a number nor a range LO:HI",
                         hint="e.g. --lambda 0:20 or --lambda 2.5")
    try:
        values = [float(to_fraction(p.strip())) for p in parts]
    except ExpressionError:
        raise UsageError(f"--lambda {text!r} is not made of numbers",
                         hint="e.g. --lambda 0:20 or --lambda 2.5") from None
    except OverflowError:
        raise UsageError(f"--lambda {text!r} is too large to trace",
                         hint="logit choices are best responses long before lambda = 1e6; "
                              "e.g. --lambda 0:100") from None
    if any(v < 0 for v in values):
        raise UsageError(f"--lambda {text}: lambda is a precision, it cannot be negative",
                         hint="use values >= 0, e.g. --lambda 0:20")
    if len(values) == 2 and values[1] < values[0]:
        raise UsageError(f"--lambda {text}: the range runs backwards", hint="write LO:HI with LO <= HI")
    return (values[0], values[1]) if len(values) == 2 else (values[0], None)


@click.command("qre")
@game_argument
@set_option
@click.option("--lambda", "lam", default="0:20", show_default=True, metavar="LO:HI|LAMBDA",
              help="The range of the precision lambda to trace, or one lambda to solve "
                   "(to 1e-10).")
@click.option("--points", type=click.IntRange(2, 10_000), default=11, show_default=True,
              help="Evenly spaced lambdas listed in the table (and in --json).")
@click.option("--plot", type=click.Path(dir_okay=False),
              help="Draw each side's choice probabilities against lambda to FILE.png, .svg "
                   "or .pdf.")
@click.option("--converge/--no-converge", "limit", default=True, show_default=True,
              help="Follow the branch on to the Nash equilibrium it converges to and name it.")
@json_option
@reports_errors
def qre(game, assignments, lam, points, plot, limit, as_json, as_float) -> None:
    """Logit quantal response equilibrium of GAME along the precision lambda.

    Each side plays every strategy with probability proportional to
    exp(lambda x its expected payoff): lambda is how precisely each side reads
    the other (0: pure noise; large: best responses). The principal branch is
    traced from lambda = 0 by predictor-corrector path following, the choice
    probabilities are listed at evenly spaced lambdas, and the Nash
    equilibrium the branch converges to is named. A game tree gets the agent
    QRE (each decision point chooses given its beliefs), whose limit is a
    sequential equilibrium.

    \b
    Example:
      deterrence qre prisoners_dilemma --lambda 0:20
      deterrence qre stag_hunt --lambda 0:5 --plot stag.png
      deterrence qre hawk_dove --lambda 2.5 --json
      deterrence qre punishment_deterrence --lambda 0:10
    """
    lo, hi = parse_lambda(lam)
    if plot:
        from deterrence.views.plots import check_plot_path

        check_plot_path(plot)
    g = load(game, assignments)
    from deterrence.qre import logit_branch

    if hi is None:
        result = logit_branch(g, lo, lo, points=1, limit=False)
    else:
        result = logit_branch(g, lo, hi, points=points, limit=limit)
    if plot:
        from deterrence.views.plot_qre import plot_qre

        plot_qre(result, plot)
        click.echo(f"wrote {plot}", err=True)
    if as_json:
        emit_json(result.to_json(as_float))
        return
    from deterrence.views.qre import QREView

    console().print(QREView(result))
