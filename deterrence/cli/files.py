"""Game files: check, games, convert, new, set, export."""

from __future__ import annotations

import sys

import click

from deterrence.cli.common import (
    complete_games,
    console,
    emit_json,
    format_option,
    game_argument,
    load,
    pretty_option,
    reports_errors,
    set_option,
)
from deterrence.errors import DeterrenceError


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...", shell_complete=complete_games)
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
def check(files, quiet) -> None:
    """Validate payoff files; exit 1 if any is invalid (2 if one is missing).

    \b
    Example:
      deterrence check games/*.toml
    """
    from deterrence.io import load_game
    from deterrence.model.display import visible
    from deterrence.model.kinds import is_tree

    failed = code = 0
    for name in files:
        try:
            g = load_game(name)
        except DeterrenceError as error:
            failed += 1
            code = max(code, error.exit_code)  # a missing file is usage (2), as in every command
            click.echo(f"error: {visible(str(error), keep=chr(10))}", err=True)
            continue
        if not quiet:
            shape = " x ".join(str(k) for k in g.shape) if not is_tree(g) else f"{g.size} nodes"
            click.echo(f"ok     {name}: {g.kind}, {g.n_players} players, {shape}")
            for note in (g.perfect_recall_violations() if is_tree(g) else ()):
                click.echo(f"note   {name}: imperfect recall: {note}")
    if failed:
        click.echo(f"{failed} of {len(files)} file(s) invalid", err=True)
        sys.exit(code)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Write the catalogue as JSON.")
@pretty_option
@format_option
@reports_errors
def games(as_json, fmt) -> None:
    """List the catalogue of bundled games, one line each, by group.

    \b
    Example:
      deterrence games
      deterrence games --format csv > catalogue.csv
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
    if as_json or fmt == "json":
        emit_json(entries)
        return
    if fmt not in (None, "table"):
        from deterrence.cli.output import write_rows

        write_rows(entries, fmt, sys.stdout)
        return
    from deterrence.views.catalogue import CatalogueView

    console().print(CatalogueView(entries))


@click.command()
@click.argument("source", metavar="GAME", shell_complete=complete_games)
@click.argument("target", metavar="OUT", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--to", "fmt", type=click.Choice(["toml", "nfg", "efg", "json"]),
              help="Output format (default: from OUT's suffix).")
@set_option
@reports_errors
def convert(source, target, fmt, assignments) -> None:
    """Convert GAME between TOML, JSON (deterrence.game/1) and Gambit .nfg/.efg;
    OUT '-' is stdout.

    TOML and JSON keep the formulas and parameters. Gambit formats hold
    numbers only: formulas are written at the values in force, and a note on
    standard error says so. A game tree written as .nfg becomes its reduced
    strategic form.

    \b
    Example:
      deterrence convert games/prisoners_dilemma.toml pd.nfg
      deterrence convert pd.nfg pd.toml
      deterrence convert hawk_dove hd.json
      deterrence convert hd.json hd.toml
    """
    from pathlib import Path

    from deterrence.errors import UsageError
    from deterrence.io import FORMATS, dumps, write_atomic

    g = load(source, assignments)
    if fmt is None:
        suffix = Path(target).suffix.lstrip(".").lower()
        if suffix not in FORMATS:
            raise UsageError(f"cannot tell the format of {target}",
                             hint="give OUT a .toml, .json, .nfg or .efg suffix, or pass --to")
        fmt = suffix
    from deterrence.model.kinds import is_tree

    if fmt == "nfg":
        from deterrence.solver import as_strategic_form

        g = as_strategic_form(g)
    if fmt == "efg" and not is_tree(g):
        raise UsageError("an .efg file holds a game tree; this is a normal-form game",
                         hint="write it as .nfg (Gambit's strategic form), .toml or .json")
    if fmt in ("nfg", "efg") and g.parameters.declared:
        values = ", ".join(f"{k} = {v}" for k, v in g.parameters.values().items())
        click.echo(f"note: Gambit files hold numbers, not formulas: the payoffs were written at "
                   f"{values} (TOML and JSON keep the formulas)", err=True)
    text = dumps(g, fmt)
    if target == "-":
        click.echo(text, nl=False)
    else:
        write_atomic(target, text)
        click.echo(f"wrote {target}", err=True)


@click.command("new")
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


@click.command("set")
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
    from pathlib import Path

    from deterrence.edit import toml_edit as te
    from deterrence.errors import UsageError

    if not Path(target).exists():
        dangling = " (a symbolic link to a missing file)" if Path(target).is_symlink() else ""
        raise UsageError(f"no such file: {target}{dangling}",
                         hint="create one with 'deterrence new 2x2 FILE'")
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


@click.command("export")
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
    from deterrence.model.kinds import is_tree

    g = load(game, assignments)
    if fmt == "latex":
        if is_tree(g):
            raise UsageError("--to latex writes payoff tables of normal-form games",
                             hint="draw a game tree with --to tikz")
        from deterrence.views.latex import latex_table

        text = latex_table(g, style=style, standalone=not fragment, formulas=formulas)
    elif fmt == "tikz":
        if not is_tree(g):
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
    else:
        if fmt == "nfg":
            from deterrence.solver import as_strategic_form

            g = as_strategic_form(g)
        text = dumps(g, fmt)
    if output:
        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)
