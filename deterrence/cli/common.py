"""Plumbing shared by every command: errors, consoles, JSON, the common options."""

from __future__ import annotations

import functools
import json
import os
from typing import Any, Callable

import click

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
