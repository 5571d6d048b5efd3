"""The ``deterrence`` command line: a thin layer over the library.

Each command reads a game (:mod:`deterrence.io`), calls a solver
(:mod:`deterrence.solver`) and hands the result to a view
(:mod:`deterrence.views`) or to ``--json``. Errors a user can cause become a
message and an exit code (1: bad game file, 2: bad usage), never a traceback.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from typing import Any, Callable

import click

from deterrence import __version__
from deterrence.errors import DeterrenceError


# ---------------------------------------------------------------- plumbing


class UserError(click.ClickException):
    """A :class:`DeterrenceError` shown as a click error with its exit code."""

    def __init__(self, error: DeterrenceError) -> None:
        super().__init__(str(error))
        self.exit_code = error.exit_code

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def reports_errors(command: Callable) -> Callable:
    """Turn :class:`DeterrenceError` into a clean message and exit code."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except DeterrenceError as error:
            raise UserError(error) from None

    return wrapper


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, no_color=bool(os.environ.get("NO_COLOR")) or None,
                   highlight=False)


def emit_json(document: Any) -> None:
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))


def complete_games(ctx, param, incomplete: str):
    """Shell completion: catalogue names and files."""
    from click.shell_completion import CompletionItem

    from deterrence.io.catalogue import slugs

    return [CompletionItem(s) for s in slugs() if s.startswith(incomplete)] + \
        [CompletionItem(incomplete, type="file")]


def game_argument(command: Callable) -> Callable:
    return click.argument("game", metavar="GAME", shell_complete=complete_games)(command)


def set_option(command: Callable) -> Callable:
    return click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
                        help="Override a parameter's default (repeatable), e.g. --set C=8.")(command)


def json_option(command: Callable) -> Callable:
    command = click.option("--float", "as_float", is_flag=True,
                           help="In JSON, write numbers as floats instead of exact strings.")(command)
    return click.option("--json", "as_json", is_flag=True,
                        help="Write one JSON document to stdout.")(command)


def load(game: str, assignments=()) -> Any:
    from deterrence.io import load_game
    from deterrence.model.parameters import parse_assignments

    return load_game(game, parse_assignments(assignments))


class Examples(click.Group):
    """A group whose commands list in the order they were defined."""

    def list_commands(self, ctx):
        return list(self.commands)


# ---------------------------------------------------------------- commands


@click.group(cls=Examples, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="deterrence")
def cli() -> None:
    """Exact game theory for deterrence, coercion and the security dilemma.

    GAME is a payoff file (.toml, Gambit .nfg or .efg), '-' for standard
    input, or the name of a catalogue game (see 'deterrence games').

    \b
    Example:
      deterrence solve prisoners_dilemma
      deterrence solve hawk_dove --set C=8 --json
    """


@cli.command()
@game_argument
@set_option
@click.option("--method", type=click.Choice(["auto", "enumerate", "lemke-howson", "pure"]),
              default="auto", show_default=True,
              help="auto: every extreme equilibrium of a two-player game (one equilibrium "
                   "by Lemke-Howson above 144 cells, e.g. 12×12); enumerate: every "
                   "extreme equilibrium at any size; pure: pure equilibria only.")
@click.option("--table/--no-table", default=True, show_default=True,
              help="Print the payoff table before the equilibria.")
@click.option("--symbolic", is_flag=True,
              help="Also give the equilibria as formulas in the parameters, each with the "
                   "conditions under which it holds.")
@click.option("--concept", type=click.Choice(["auto", "subgame-perfect", "nash", "perfect-bayesian"]),
              default="auto", show_default=True,
              help="Game trees: auto is subgame perfection (perfect Bayesian where nature "
                   "draws hidden types); nash lists every Nash equilibrium, incredible "
                   "threats flagged. With --float a perfect-information tree is folded in "
                   "floating point.")
@click.option("--initial-label", type=click.IntRange(0), default=0, show_default=True,
              help="Lemke-Howson: the label dropped first (0 .. rows + columns - 1).")
@click.option("--all-labels", is_flag=True,
              help="Lemke-Howson: follow the path from every initial label and list every "
                   "distinct equilibrium reached.")
@json_option
@reports_errors
def solve(game, assignments, method, table, as_json, as_float, symbolic=False,
          concept="auto", initial_label=0, all_labels=False) -> None:
    """Find the equilibria of GAME, exactly, each one verified.

    \b
    Example:
      deterrence solve games/prisoners_dilemma.toml
      deterrence solve hawk_dove --set C=8 --json
      deterrence solve games/hawk_dove.toml --symbolic
      deterrence solve punishment_deterrence --concept nash
      cat pd.toml | deterrence solve -
    """
    from deterrence.solver import solve as solve_game

    g = load(game, assignments)
    if g.kind == "tree":
        result = solve_game(g, method=method, concept=concept, floating=as_float)
    else:
        if concept not in ("auto", "nash"):
            from deterrence.errors import UsageError

            raise UsageError(f"--concept {concept} applies to game trees",
                             hint="a normal-form game has Nash equilibria only")
        options = {"initial_label": initial_label, "all_labels": all_labels} \
            if (initial_label or all_labels) else {}
        result = solve_game(g, method=method, **options)
    formulas = None
    if symbolic:
        from deterrence.parametric.symbolic import solve_symbolic

        formulas = solve_symbolic(g)
    if as_json:
        document = result.to_json(as_float)
        if formulas is not None:
            document["symbolic"] = formulas.to_json(as_float)
        emit_json(document)
        return
    from deterrence.views import render_result

    render_result(console(), result, table=table)
    _explain_pool(g)
    if formulas is not None:
        from deterrence.views.sweep import SymbolicView

        console().print()
        console().print(SymbolicView(formulas))


def _explain_pool(game) -> None:
    """After solving a pool game, say why coercion pays or not."""
    from deterrence.builders.pool.file import spec_of

    if spec_of(game) is None:
        return
    from deterrence.builders.pool.analysis import pool_reasons
    from deterrence.views.pool import PoolReasonsView

    console().print()
    console().print(PoolReasonsView(pool_reasons(game)))


@cli.command()
@game_argument
@set_option
@click.option("--json", "as_json", is_flag=True, help="Write the game as JSON.")
@click.option("--normal", is_flag=True,
              help="For a game tree: show its reduced strategic form as a payoff table.")
@reports_errors
def show(game, assignments, as_json, normal=False) -> None:
    """Show GAME: description, parameters and the payoff table with best
    responses marked (underlined on a terminal, * in plain output); a game
    tree is drawn.

    \b
    Example:
      deterrence show games/stag_hunt.toml
      deterrence show hawk_dove --set C=1
      deterrence show punishment_deterrence --normal
    """
    g = load(game, assignments)
    if normal:
        if g.kind != "tree":
            from deterrence.errors import UsageError

            raise UsageError("--normal applies to game trees", hint="this game is already in normal form")
        from deterrence.trees.reduced_form import reduced_form

        g = reduced_form(g).normal
    if as_json:
        from deterrence.io.json_game import game_to_json

        emit_json(game_to_json(g))
        return
    from deterrence.views import render_game

    render_game(console(), g)


@cli.command()
@game_argument
@set_option
@click.option("--weak", is_flag=True,
              help="Eliminate weakly dominated strategies (the result may depend on the order).")
@click.option("--pure-only", is_flag=True, help="Only domination by pure strategies.")
@json_option
@reports_errors
def dominance(game, assignments, weak, pure_only, as_json, as_float) -> None:
    """Iterated elimination of dominated strategies, round by round.

    Domination by mixed strategies is included unless --pure-only is given.

    \b
    Example:
      deterrence dominance mixed_dominance
      deterrence dominance games/prisoners_dilemma.toml --json
    """
    from deterrence.nash.dominance import eliminate_dominated

    g = load(game, assignments)
    result = eliminate_dominated(g, weak=weak, mixed=not pure_only)
    if as_json:
        emit_json(result.to_json(as_float))
        return
    from deterrence.views.result import DominanceView

    console().print(DominanceView(result))


@cli.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...", shell_complete=complete_games)
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
def check(files, quiet) -> None:
    """Validate payoff files; exit 1 if any is invalid.

    \b
    Example:
      deterrence check games/*.toml
    """
    from deterrence.io import load_game

    failed = 0
    for name in files:
        try:
            g = load_game(name)
        except DeterrenceError as error:
            failed += 1
            click.echo(f"error: {error}", err=True)
            continue
        if not quiet:
            shape = " x ".join(str(k) for k in g.shape) if g.kind == "normal" else f"{g.size} nodes"
            click.echo(f"ok     {name}: {g.kind}, {g.n_players} players, {shape}")
            for note in (g.perfect_recall_violations() if g.kind == "tree" else ()):
                click.echo(f"note   {name}: imperfect recall: {note}")
    if failed:
        click.echo(f"{failed} of {len(files)} file(s) invalid", err=True)
        sys.exit(1)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Write the catalogue as JSON.")
@reports_errors
def games(as_json) -> None:
    """List the catalogue of bundled games, one line each, by group.

    \b
    Example:
      deterrence games
      deterrence solve hawk_dove
    """
    from deterrence.io import load_game
    from deterrence.io.catalogue import catalogue_files

    entries = []
    for path in catalogue_files():
        try:
            g = load_game(str(path))
        except DeterrenceError as error:
            click.echo(f"error: {error}", err=True)
            continue
        entries.append({"name": path.stem, "kind": getattr(getattr(g, "rebuild", None), "kind", g.kind),
                        "group": dict(g.metadata).get("group", "other"),
                        "title": g.title, "players": list(g.players),
                        "parameters": list(g.parameters.names), "file": path.name})
    if as_json:
        emit_json(entries)
        return
    from deterrence.views.catalogue import CatalogueView

    console().print(CatalogueView(entries))


@cli.command()
@click.argument("source", metavar="GAME", shell_complete=complete_games)
@click.argument("target", metavar="OUT", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--to", "fmt", type=click.Choice(["toml", "nfg", "efg"]),
              help="Output format (default: from OUT's suffix).")
@set_option
@reports_errors
def convert(source, target, fmt, assignments) -> None:
    """Convert GAME between TOML and Gambit .nfg/.efg; OUT '-' is stdout.

    Parameters are written at their values in force; Gambit formats hold
    numbers only, so formulas are evaluated.

    \b
    Example:
      deterrence convert games/prisoners_dilemma.toml pd.nfg
      deterrence convert pd.nfg pd.toml
    """
    from pathlib import Path

    from deterrence.errors import UsageError
    from deterrence.io import FORMATS, dumps, write_atomic

    g = load(source, assignments)
    if fmt is None:
        suffix = Path(target).suffix.lstrip(".").lower()
        if suffix not in FORMATS:
            raise UsageError(f"cannot tell the format of {target}",
                             hint="give OUT a .toml, .nfg or .efg suffix, or pass --to")
        fmt = suffix
    text = dumps(g, fmt)
    if target == "-":
        click.echo(text, nl=False)
    else:
        write_atomic(target, text)
        click.echo(f"wrote {target}", err=True)


@cli.command("new")
@click.argument("kind", metavar="KIND", required=False)
@click.argument("target", metavar="FILE", required=False,
                type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@click.option("--list", "list_templates", is_flag=True, help="List the templates and exit.")
@reports_errors
def new_command(kind, target, force, list_templates) -> None:
    """Start a new payoff file FILE from the template KIND ('-' prints it).

    Templates: 2x2 (parameters T, R, P, S), 3x3, sequential, pool, ladder,
    bayesian. Each is a commented file a student can follow. A template
    whose kind of game this version cannot read yet exits 2.

    \b
    Example:
      deterrence new 2x2 my_game.toml
      deterrence new --list
      deterrence set my_game.toml T=6
    """
    from deterrence.edit.templates import TEMPLATES, new_game_text, write_new_game
    from deterrence.errors import UsageError

    if list_templates:
        for t in TEMPLATES:
            note = "" if t.available else "  (not available in this version)"
            click.echo(f"{t.name:<12} {t.summary}{note}")
        return
    if not kind or not target:
        raise UsageError("give a template and a file name",
                         hint="e.g. deterrence new 2x2 my_game.toml; see deterrence new --list")
    if target == "-":
        click.echo(new_game_text(kind), nl=False)
        return
    path = write_new_game(kind, target, force=force)
    click.echo(f"wrote {path} from the {kind} template; next: deterrence solve {path}", err=True)


@cli.command("set")
@click.argument("target", metavar="FILE", type=click.Path(dir_okay=False))
@click.argument("assignments", nargs=-1, metavar="[NAME=VALUE]...")
@click.option("--payoff", "payoffs", nargs=2, multiple=True, metavar="PROFILE VALUES",
              help="Set the payoffs at a profile, e.g. --payoff Row=Defect,Column=Cooperate 6,0 "
                   "(values may be formulas; Row=6 sets one player's payoff).")
@click.option("--rename-strategy", "renames", multiple=True, metavar="PLAYER:OLD=NEW",
              help="Rename a strategy everywhere it appears, e.g. Row:Defect=Build.")
@click.option("--rename-player", "player_renames", multiple=True, metavar="OLD=NEW",
              help="Rename a player everywhere the name appears.")
@click.option("--title", help="Set the title.")
@click.option("--description", help="Set the description.")
@click.option("--source", "source_text", help="Set the source (citation).")
@click.option("--dry-run", is_flag=True, help="Show the diff; do not write.")
@click.option("--diff/--no-diff", "show_diff", default=False, help="Print the unified diff of the change.")
@reports_errors
def set_command(target, assignments, payoffs, renames, player_renames, title, description,
                source_text, dry_run, show_diff) -> None:
    """Edit FILE in place: parameter defaults, payoffs, labels, metadata.

    Comments and layout are kept. The edited file must still be a valid
    game: if not, nothing is written and the exit code is 1. The file is
    replaced atomically, so an interrupted write never leaves half a file.

    \b
    Example:
      deterrence set my_game.toml T=6
      deterrence set my_game.toml --payoff Row=Defect,Column=Cooperate 6,0
      deterrence set my_game.toml --rename-strategy Row:Defect=Build --diff
      deterrence set my_game.toml --title "Arms race" --dry-run
    """
    import tomllib

    from deterrence.edit import toml_edit as te
    from deterrence.errors import UsageError

    edits: list = []
    for item in assignments:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise UsageError(f"cannot read {item!r}", hint="write NAME=VALUE, e.g. T=6")
        edits.append(te.SetParameter(name.strip(), value.strip()))
    if payoffs:
        try:
            with open(target, "rb") as handle:
                players = [str(p) for p in tomllib.load(handle).get("players", [])]
        except (OSError, tomllib.TOMLDecodeError):
            players = []
        for profile, values in payoffs:
            edits.append(te.SetPayoff(te.parse_profile(profile, players),
                                      te.parse_cell_values(values, players)))
    edits += [te.parse_rename(r) for r in renames]
    for item in player_renames:
        old, sep, new = item.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise UsageError(f"cannot read {item!r}", hint="write OLD=NEW, e.g. Row=Attacker")
        edits.append(te.RenamePlayer(old.strip(), new.strip()))
    for key, value in (("title", title), ("description", description), ("source", source_text)):
        if value is not None:
            edits.append(te.SetMetadata(key, value))
    if not edits:
        raise UsageError("nothing to change", hint="e.g. deterrence set FILE T=6; see deterrence set --help")
    outcome = te.edit_file(target, edits, dry_run=dry_run)
    if show_diff or dry_run:
        click.echo(outcome.diff, nl=False)
    if not outcome.changed:
        click.echo(f"{target}: already as asked; nothing changed", err=True)
    elif dry_run:
        click.echo(f"{target}: not written (--dry-run)", err=True)
    else:
        click.echo(f"{target}: " + "; ".join(e.describe() for e in edits), err=True)


@cli.command("export")
@game_argument
@click.option("--to", "fmt", required=True,
              type=click.Choice(["latex", "tikz", "nfg", "efg", "json", "toml"]),
              help="latex: payoff table; tikz: game tree; nfg/efg: Gambit; json; toml.")
@click.option("--style", type=click.Choice(["sgame", "tabular"]), default="sgame", show_default=True,
              help="LaTeX table style: sgame (needs sgame.sty, in TeX Live's texlive-games) "
                   "or a plain tabular.")
@click.option("--fragment", is_flag=True,
              help="LaTeX/TikZ: only the table or picture, to \\input in a document.")
@click.option("--formulas", is_flag=True,
              help="LaTeX/TikZ: print payoff formulas (chance probabilities) instead of values.")
@click.option("--mark/--no-mark", default=True, show_default=True,
              help="TikZ: draw the actions of the (first) equilibrium thick.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to a file (default: stdout).")
@set_option
@reports_errors
def export_command(game, fmt, style, fragment, formulas, mark, output, assignments) -> None:
    """Export GAME as LaTeX (payoff table, best responses underlined), TikZ
    (a game tree), Gambit .nfg/.efg, JSON or TOML.

    The LaTeX and TikZ output is a complete document that compiles with
    pdflatex, unless --fragment is given.

    \b
    Example:
      deterrence export games/stag_hunt.toml --to latex > stag.tex
      deterrence export hawk_dove --to latex --style tabular --formulas --fragment
      deterrence export deterrence/templates/sequential.toml --to tikz -o tree.tex
      deterrence export prisoners_dilemma --to nfg
    """
    from deterrence.errors import UsageError
    from deterrence.io import dumps, write_atomic

    g = load(game, assignments)
    if fmt == "latex":
        if g.kind != "normal":
            raise UsageError("--to latex writes payoff tables of normal-form games",
                             hint="draw a game tree with --to tikz")
        from deterrence.views.latex import latex_table

        text = latex_table(g, style=style, standalone=not fragment, formulas=formulas)
    elif fmt == "tikz":
        if g.kind == "normal":
            raise UsageError("--to tikz draws game trees", hint="for a payoff table use --to latex")
        from deterrence.views.tikz import tikz_tree

        chosen: set[int] = set()
        if mark:  # draw the first equilibrium's pure choices thick
            from deterrence.solver import solve as solve_game

            result = solve_game(g)
            if result.equilibria:
                eq = result.equilibria[0]
                for v in range(g.size):
                    h = int(g.infoset[v])
                    if h >= 0 and int(eq.choice[h]) >= 0:
                        chosen.add(int(g.offsets[v]) + int(eq.choice[h]))
        text = tikz_tree(g, standalone=not fragment, chosen=chosen, formulas=formulas)
    elif fmt == "json":
        from deterrence.io.json_game import game_to_json

        text = json.dumps(game_to_json(g), indent=2, ensure_ascii=False) + "\n"
    else:
        text = dumps(g, fmt)
    if output:
        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@cli.command()
@game_argument
@click.option("--members", "members", metavar="LO:HI|N",
              help="Pool size: a range to sweep (e.g. 0:12) or one value.")
@click.option("--pledge", metavar="LO:HI|X", help="Each member's pledge: a range or one value.")
@click.option("--reliability", metavar="LO:HI|P", help="Each member's reliability: a range or one value.")
@click.option("--vary", metavar="NAME=LO:HI", help="Sweep any other parameter of the file.")
@click.option("--steps", type=click.IntRange(2, 10_000), default=11, show_default=True,
              help="Grid points for a continuous range (member counts step by 1).")
@set_option
@click.option("--plot", type=click.Path(dir_okay=False), help="Draw the analysis to FILE.png or FILE.svg.")
@json_option
@reports_errors
def pool(game, members, pledge, reliability, vary, steps, assignments, plot, as_json, as_float) -> None:
    """How a friend-shoring sharing pool changes the coercer's payoff.

    Solves the pool game (kind = "pool") for each pool size, pledge or
    reliability: the coercer's expected payoff from restricting, the
    probability that the target concedes, whether coercion pays, next to no
    pool at all; and the exact value at which coercion stops paying.
    Without a range, the pool size is swept from 0 to twice its default
    (at least 12).

    \b
    Example:
      deterrence pool games/export_control_pool.toml --members 0:12
      deterrence pool export_control_pool --members 4 --reliability 0.5:1 --plot pool.png
    """
    from deterrence.builders.pool.request import pool_request

    g = load(game, assignments)
    analysis = pool_request(g, members=members, pledge=pledge, reliability=reliability,
                            vary=vary, steps=steps)
    if plot:
        from deterrence.views.plot_pool import plot_pool

        plot_pool(analysis, plot)
        click.echo(f"wrote {plot}", err=True)
    if as_json:
        emit_json(analysis.to_json(as_float))
        return
    from deterrence.views.pool import PoolView

    console().print(PoolView(analysis))


@cli.command()
@game_argument
@click.argument("ranges", nargs=-1, required=True, metavar="NAME=LO:HI [NAME2=LO:HI]")
@click.option("--steps", type=click.IntRange(2, 10_000_000), default=None,
              help="Grid points per parameter (default 21 for one parameter, 41 per axis for a map).")
@set_option
@click.option("--plot", type=click.Path(dir_okay=False),
              help="Draw the sweep (payoffs, regime bands, thresholds) or the regime map to "
                   "FILE.png, .svg or .pdf.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes for exact evaluation of many points.")
@click.option("--chart/--no-chart", default=True, show_default=True,
              help="Show the compact terminal chart under the table.")
@json_option
@reports_errors
def sweep(game, ranges, steps, assignments, plot, workers, chart, as_json, as_float) -> None:
    """Move one or two parameters of GAME and see where the answer changes.

    With one NAME=LO:HI: a table of the equilibria, expected payoffs and
    regime at each grid value, the rows where the regime changes marked, and
    each change point located exactly (a rational or a formula such as
    C = V). With two: a regime map. Other parameters stay at their values
    (change them with --set).

    \b
    Example:
      deterrence sweep games/hawk_dove.toml C=0:12 --steps 49
      deterrence sweep hawk_dove V=0:10 C=0:12 --plot map.png
      deterrence sweep prisoners_dilemma T=0:6 --json
    """
    from deterrence.errors import UsageError
    from deterrence.parametric.sweep import Range, regime_map, sweep_one
    from deterrence.views.sweep import progress_reporter

    parsed = [Range.parse(r) for r in ranges]
    if len(parsed) > 2:
        raise UsageError("sweep one parameter (a table) or two (a regime map), not more",
                         hint="fix the others with --set NAME=VALUE")
    if plot:
        from deterrence.views.plots import check_plot_path

        check_plot_path(plot)
    g = load(game, assignments)
    with progress_reporter("sweeping") as progress:
        if len(parsed) == 1:
            result = sweep_one(g, parsed[0], steps=steps or 21, progress=progress, workers=workers)
            if as_json:
                document = result.to_json(as_float, progress=progress, workers=workers)
            else:
                from deterrence.views.sweep import shown_rows

                rows = shown_rows(result)
                answers = dict(zip(rows, result.answers(rows, exact=not as_float, progress=progress,
                                                        workers=workers)))
        else:
            result = regime_map(g, parsed[0], parsed[1], steps=steps or 41, progress=progress,
                                workers=workers)
            document = result.to_json(as_float) if as_json else None
    if plot:
        from deterrence.views.plots import plot_map, plot_sweep

        written = plot_sweep(result, plot) if len(parsed) == 1 else plot_map(result, plot)
        click.echo(f"wrote {written}", err=True)
    if as_json:
        emit_json(document)
        return
    if len(parsed) == 1:
        from deterrence.views.sweep import SweepView

        console().print(SweepView(result, answers, exact=not as_float, chart=chart))
    else:
        from deterrence.views.sweep import MapView

        console().print(MapView(result))


@cli.command()
@game_argument
@set_option
@click.option("--samples", type=click.IntRange(0, 100_000), default=200, show_default=True,
              help="Sampled parameter points at which the formulas are checked against the exact solver.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the sampled points.")
@json_option
@reports_errors
def thresholds(game, assignments, samples, seed, as_json, as_float) -> None:
    """The conditions, as formulas in the parameters, under which each regime of GAME holds.

    For a normal-form game: each candidate equilibrium (mixed ones from the
    indifference equations) with the inequalities that make it valid, the
    regimes they combine into, and the thresholds between them. For a tree:
    the comparisons backward induction makes, as inequalities. Everything is
    checked against the exact solver at sampled points and by sweeping each
    parameter.

    \b
    Example:
      deterrence thresholds games/hawk_dove.toml
      deterrence thresholds prisoners_dilemma --json
    """
    from deterrence.parametric.thresholds import derive_thresholds
    from deterrence.views.sweep import progress_reporter

    g = load(game, assignments)
    with progress_reporter("checking thresholds") as progress:
        report = derive_thresholds(g, samples=samples, seed=seed, progress=progress)
    if as_json:
        emit_json(report.to_json(as_float))
        return
    from deterrence.views.sweep import ThresholdsView

    console().print(ThresholdsView(report))


@cli.command("explain")
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
    explanation = explain(g)
    if as_json:
        emit_json(explanation.to_json(as_float))
        return
    from deterrence.views.explain import explanation_view

    console().print(explanation_view(explanation))


def _probability(text: str, what: str):
    """An exact number in [0, 1] from the command line (UsageError otherwise)."""
    from fractions import Fraction

    from deterrence.errors import ExpressionError, UsageError
    from deterrence.model.expr import to_fraction

    try:
        value = to_fraction(text.strip())
    except ExpressionError:
        raise UsageError(f"{what} {text!r} is not a number",
                         hint="write a number or a fraction such as 0.05 or 1/20") from None
    if not 0 <= value <= 1:
        raise UsageError(f"{what} {text} is outside [0, 1]", hint=f"{what} is a probability")
    return Fraction(value)


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


@cli.command()
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

    from deterrence.repeated.memory_one import parse_strategies
    from deterrence.repeated.analysis import analyse
    from deterrence.repeated.stage import stage_game

    g = load(game, assignments)
    epsilon = _probability(noise, "noise") if noise is not None else Fraction(0)
    delta = None
    if discount is not None:
        from deterrence.errors import UsageError

        delta = _probability(discount, "discount factor δ")
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


@cli.command()
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
@reports_errors
def tournament(game, assignments, cooperate, noise, steps, strategies, rounds, repetitions, seed,
               plot, as_json, as_float) -> None:
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
    from deterrence.repeated.memory_one import parse_strategies
    from deterrence.repeated.stage import stage_game
    from deterrence.repeated.tournament import noise_grid, noise_sweep, sweep_json

    if plot:
        from deterrence.views.plot_repeated import FORMATS

        if not plot.lower().endswith(FORMATS):
            from deterrence.errors import UsageError

            raise UsageError(f"cannot tell the figure format of {plot}",
                             hint=f"give the file one of the suffixes {', '.join(FORMATS)}")
    g = load(game, assignments)
    stage = stage_game(g, cooperate)
    chosen = parse_strategies(strategies, stage, allow_simulated=True)
    low, sep, high = noise.partition(":")
    if sep:
        grid = noise_grid(_probability(low, "noise"), _probability(high, "noise"), steps)
    else:
        grid = (_probability(noise, "noise"),)
    result = noise_sweep(stage, chosen, grid, rounds=rounds, repetitions=repetitions, seed=seed)
    if plot:
        from deterrence.views.plot_repeated import plot_sweep

        plot_sweep(result, plot)
        click.echo(f"wrote {plot}", err=True)
    if as_json:
        emit_json(sweep_json(result, as_float))
        return
    from deterrence.views.repeated import StageView, SweepView, TournamentView

    out = console()
    out.print(StageView(stage))
    out.print()
    if len(grid) > 1:
        out.print(SweepView(result))
        out.print()
    out.print(TournamentView(result.tournaments[-1]))


@cli.command()
@game_argument
@set_option
@click.option("--equilibrium", "number", type=click.IntRange(1), default=1, show_default=True,
              help="Which equilibrium to read the ladder from, when there are several.")
@json_option
@reports_errors
def ladder(game, assignments, number, as_json, as_float) -> None:
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
    from deterrence.builders.ladder.analysis import SCHEMA, analyse_ladder, require_ladder
    from deterrence.solver import solve as solve_game

    g = load(game, assignments)
    require_ladder(g)
    result = solve_game(g)
    if not result.equilibria:
        if as_json:
            emit_json({"schema": SCHEMA, "title": g.title, "concept": result.concept,
                       "equilibria": 0, "warnings": list(result.warnings)})
            return
        from deterrence.views.ladder import NoEquilibriumView

        console().print(NoEquilibriumView(g, result))
        return
    analysis = analyse_ladder(g, result, index=number - 1)
    if as_json:
        emit_json(analysis.to_json(as_float))
        return
    from deterrence.views.ladder import LadderView

    console().print(LadderView(analysis))


@cli.command("exercise")
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


def main() -> None:
    """Entry point of the ``deterrence`` console script.

    A bug (not bad input) ends with a short report request instead of a
    traceback; set ``DETERRENCE_DEBUG=1`` to see the traceback.
    """
    try:
        cli(prog_name="deterrence", standalone_mode=True)
    except Exception as error:  # pragma: no cover - only reached through a bug
        if os.environ.get("DETERRENCE_DEBUG"):
            raise
        click.echo(f"internal error: {type(error).__name__}: {error}\n"
                   "  this is a bug in deterrence, not in your game file; please report it "
                   "with the command you ran (DETERRENCE_DEBUG=1 shows the traceback)", err=True)
        sys.exit(70)
