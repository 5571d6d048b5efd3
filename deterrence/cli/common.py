"""Plumbing shared by every command: errors, consoles, JSON, the common options."""

from __future__ import annotations

import functools
from typing import Any, Callable

import click

from deterrence.cli.output import FORMATS as ROW_FORMATS
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
    """A rich console for where output goes (see :mod:`deterrence.cli.output`)."""
    from deterrence.cli.output import make_console

    return make_console(stderr)


def emit_json(document: Any) -> None:
    """One JSON document on stdout: compact when piped, indented on a terminal or with --pretty."""
    from deterrence.cli.output import json_text

    context = click.get_current_context(silent=True)
    pretty = context.meta.get("deterrence.pretty") if context is not None else None
    click.echo(json_text(document, pretty))


def emit_rows(result, fmt: str | None, as_json: bool, as_float: bool) -> bool:
    """Write ``result`` as ``--json`` or ``--format`` ask; ``False`` when the view should print it."""
    if as_json or fmt == "json":
        emit_json(result.to_json(as_float))
        return True
    if fmt in (None, "table"):
        return False
    import sys

    from deterrence.cli.output import write_rows

    write_rows(result.table_rows(as_float), fmt, sys.stdout)
    return True


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


def _remember_pretty(ctx, param, value):
    ctx.meta["deterrence.pretty"] = value
    return value


def pretty_option(command: Callable) -> Callable:
    """``--pretty/--compact`` for every command that writes JSON."""
    return click.option("--pretty/--compact", default=None, expose_value=False,
                        callback=_remember_pretty,
                        help="JSON indented, or on one line (default: indented on a terminal, "
                             "compact when piped).")(command)


def json_option(command: Callable) -> Callable:
    command = pretty_option(command)
    command = click.option("--float", "as_float", is_flag=True,
                           help="In JSON, write numbers as floats instead of exact strings.")(command)
    return click.option("--json", "as_json", is_flag=True,
                        help="Write one JSON document to stdout.")(command)


def format_option(command: Callable) -> Callable:
    """``--format`` for commands that print rows."""
    return click.option("--format", "fmt", type=click.Choice(ROW_FORMATS), default=None,
                        help="table (the default view), plain (aligned columns), csv, tsv, "
                             "json (the --json document) or jsonl (one object per row).")(command)


def load(game: str, assignments=()) -> Any:
    from deterrence.io import load_game
    from deterrence.model.parameters import parse_assignments

    return load_game(game, parse_assignments(assignments))


class Examples(click.Group):
    """A group whose commands list in the order they were defined."""

    def list_commands(self, ctx):
        return list(self.commands)


# ---------------------------------------------------------------- commands


def probability(text: str, what: str):
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
