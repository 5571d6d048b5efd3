"""Teaching: explain and exercise."""

from __future__ import annotations

import click

from deterrence.cli.common import (
    check_work,
    console,
    emit_json,
    game_argument,
    json_option,
    load,
    reports_errors,
    set_option,
)


@click.command("explain")
@game_argument
@set_option
@json_option
@reports_errors
def explain_command(game, assignments, as_json, as_float) -> None:
    """Explain the solution of GAME step by step, as a textbook would.

    For a matrix game: best responses, each round of elimination of
    dominated strategies with the inequalities that prove it, the pure
    equilibria, then each mixed equilibrium from its indifference equations
    (with the file's parameters, then with their values). For a game tree:
    backward induction node by node, incredible threats named. --json gives
    the same steps as data (schema deterrence.explain/1).

    \b
    Example:
      deterrence explain hawk_dove
      deterrence explain games/mixed_dominance.toml
      deterrence explain hawk_dove --set C=8 --json
    """
    from deterrence.teaching.explain import explain

    g = load(game, assignments)
    check_work(g, hint="explanations are for games a person can read")
    explanation = explain(g)
    if as_json:
        emit_json(explanation.to_json(as_float))
        return
    from deterrence.views.explain import explanation_view

    console().print(explanation_view(explanation))


@click.command("exercise")
@click.option("--kind", "kind", required=True, metavar="KIND",
              help="3x3-dominance, 2x2-mixed, spe-tree, credibility or pool.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="The same kind, seed and count give the same sheet, byte for byte.")
@click.option("--count", type=click.IntRange(1, 50), default=3, show_default=True,
              help="Number of exercises on the sheet.")
@click.option("--out", "out", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              show_default=True, help="Where to write the sheet ('-': stdout).")
@click.option("--answers", type=click.Path(dir_okay=False), help="Where to write the answer key.")
@click.option("--format", "fmt", type=click.Choice(["md", "latex"]), default="md", show_default=True,
              help="Markdown or LaTeX (compiles with pdflatex).")
@reports_errors
def exercise_command(kind, seed, count, out, answers, fmt) -> None:
    """Write a seeded exercise sheet and its answer key; the answers come
    from the solvers and are checked before they are written.

    \b
    Example:
      deterrence exercise --kind 3x3-dominance --seed 7 --out sheet.md --answers key.md
      deterrence exercise --kind 2x2-mixed --count 5 --format latex --out sheet.tex --answers key.tex
      deterrence exercise --kind credibility --seed 1
    """
    from deterrence.io import write_atomic
    from deterrence.teaching.exercises import make_sheet
    from deterrence.views.sheet import render_sheet

    sheet = make_sheet(kind, seed, count)
    sheet_text, key_text = render_sheet(sheet, fmt)
    if out == "-":
        click.echo(sheet_text, nl=False)
    else:
        write_atomic(out, sheet_text)
        click.echo(f"wrote {out}", err=True)
    if answers:
        write_atomic(answers, key_text)
        click.echo(f"wrote {answers}", err=True)
