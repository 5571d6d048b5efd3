"""Teaching: explain and exercise."""

from __future__ import annotations

from pathlib import Path

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
    console().print(explanation)


class _ExerciseCommand(click.Command):
    """``exercise --help`` lists the kinds, imported only when help is asked for."""

    def format_epilog(self, ctx, formatter) -> None:
        from deterrence.teaching.exercises import KINDS

        with formatter.section("Kinds"):
            formatter.write_text(", ".join(KINDS) + " (--list describes them).")
        super().format_epilog(ctx, formatter)


@click.command("exercise", cls=_ExerciseCommand)
@click.option("--kind", "kind", metavar="KIND",
              help="The kind of exercise; --list shows every kind with its difficulty.")
@click.option("--list", "list_kinds", is_flag=True, help="List the kinds with their difficulty and exit.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="The same kind, seed and count give the same sheet, byte for byte.")
@click.option("--count", type=click.IntRange(1, 50), default=3, show_default=True,
              help="Number of exercises on the sheet.")
@click.option("--out", "out", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              show_default=True, help="Where to write the sheet ('-': stdout).")
@click.option("--answers", type=click.Path(dir_okay=False), help="Where to write the answer key.")
@click.option("--to", "--format", "fmt", type=click.Choice(["md", "latex", "tex", "pdf"]), default="md",
              show_default=True,
              help="Markdown, LaTeX (tex), or PDF (needs pdflatex; the .tex is written next to it).")
@click.option("--hints/--no-hints", default=True, show_default=True,
              help="Print the hints at the end of the sheet.")
@reports_errors
def exercise_command(kind, list_kinds, seed, count, out, answers, fmt, hints) -> None:
    """Write a seeded exercise sheet and its answer key; the answers come
    from the solvers and are checked before they are written.

    Each kind has a difficulty, a framing from the study of deterrence and
    economic security, per exercise a situation, a question and hints, and
    a worked key whose node names are the ones printed on the sheet.
    --to pdf compiles the LaTeX with pdflatex (reproducibly) and writes the
    .tex beside each PDF; --out is then a file.

    \b
    Example:
      deterrence exercise --list
      deterrence exercise --kind 3x3-dominance --seed 7 --out sheet.md --answers key.md
      deterrence exercise --kind brinkmanship --count 5 --to latex --out sheet.tex --answers key.tex
      deterrence exercise --kind pool --seed 2 --to pdf --out sheet.pdf --answers key.pdf
    """
    from deterrence.io import write_atomic
    from deterrence.teaching.exercises import CARDS, available_kinds, make_sheet
    from deterrence.views.sheet import compile_pdf, render_sheet

    if list_kinds:
        for card in CARDS:
            note = "" if card.name in available_kinds() else "  (not installed)"
            click.echo(f"{card.name:15} {card.difficulty:13} {card.title}{note}")
        return
    if kind is None:
        raise click.UsageError("--kind is required (deterrence exercise --list shows the kinds)")
    fmt = "latex" if fmt == "tex" else fmt
    if fmt == "pdf" and out == "-":
        raise click.UsageError("--to pdf needs --out FILE.pdf (a PDF is not written to the terminal)")
    sheet = make_sheet(kind, seed, count)
    sheet_text, key_text = render_sheet(sheet, fmt, hints=hints)
    if fmt == "pdf":
        for target, text in ((out, sheet_text), (answers, key_text)):
            if not target:
                continue
            tex = str(Path(target).with_suffix(".tex"))
            write_atomic(tex, text)
            click.echo(f"wrote {tex}", err=True)
            pdf = compile_pdf(text)
            Path(target).write_bytes(pdf)
            click.echo(f"wrote {target}", err=True)
        return
    if out == "-":
        click.echo(sheet_text, nl=False)
    else:
        write_atomic(out, sheet_text)
        click.echo(f"wrote {out}", err=True)
    if answers:
        write_atomic(answers, key_text)
        click.echo(f"wrote {answers}", err=True)
