"""Plumbing shared by every command: errors, exit codes, consoles, JSON, the common options.

Exit codes (CLI.md has the table; ``tests/test_exit_codes.py`` a test per row):

* 0 an answer; 1 a bad game file or expression, a file beyond a limit, or
  input/output that failed (a closed standard input, a full disk, a
  read-only file or folder); 2 bad usage (an unknown option or parameter, a
  value out of bounds, a missing file);
* 70 a bug in deterrence (an internal error, reported without a traceback);
* 130 interrupted (Ctrl-C), after a one-line message.

:class:`CommandLine`, the group every command belongs to, maps these in one
place, and adds ``--limit NAME=N`` to every command.
"""

from __future__ import annotations

import contextvars
import errno
import functools
import os
import sys
from typing import Any, Callable

import click

from deterrence.cli.output import FORMATS as ROW_FORMATS
from deterrence.errors import DeterrenceError, GameFileError

#: Exit code of a run stopped with Ctrl-C (128 + SIGINT), as shells report it.
EXIT_INTERRUPTED = 130
#: Exit code of a bug (EX_SOFTWARE in sysexits.h).
EXIT_INTERNAL = 70

# ---------------------------------------------------------------- plumbing


class UserError(click.ClickException):
    """A :class:`DeterrenceError` shown as a click error with its exit code."""

    def __init__(self, error: DeterrenceError) -> None:
        super().__init__(str(error))
        self.exit_code = error.exit_code

    def show(self, file=None) -> None:
        click.echo(f"error: {_sanitize(self.format_message())}", err=True)


#: The name of the game file a command loaded (see :func:`load`): an error about the game
#: found later (a payoff that cannot be evaluated at a swept point) is placed at it.
_GAME_FILE: contextvars.ContextVar[str | None] = contextvars.ContextVar("game_file", default=None)


def reports_errors(command: Callable) -> Callable:
    """Turn :class:`DeterrenceError` into a clean message and exit code."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        token = _GAME_FILE.set(None)
        try:
            return command(*args, **kwargs)
        except DeterrenceError as error:
            if isinstance(error, GameFileError) and error.exit_code == 1 and not error.path \
                    and _GAME_FILE.get():
                error = error.located(path=_GAME_FILE.get())
            raise UserError(error) from None
        finally:
            _GAME_FILE.reset(token)

    return wrapper


def _quiet_stdout() -> None:
    """Point standard output at /dev/null so that the final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real file descriptor (tests)
        pass


def _flush_stdout() -> None:
    stream = sys.stdout
    if stream is not None:
        stream.flush()


class OutputError(DeterrenceError):
    """Writing failed: a full disk, a closed pipe, a device error (exit code 1)."""

    exit_code = 1


def _os_error(error: OSError) -> DeterrenceError:
    where = f" {error.filename}" if error.filename else " to standard output"
    reason = error.strerror or str(error)
    hint = {errno.ENOSPC: "free some space, or write somewhere else",
            errno.EROFS: "the file system is read-only; write somewhere else",
            errno.EACCES: "you do not have permission; write somewhere else"}.get(error.errno or 0)
    return OutputError(f"cannot write{where}: {reason}", hint=hint)


def _sanitize(text: str) -> str:
    """Control characters (other than newline and tab) as visible escapes."""
    from deterrence.model.display import visible

    return visible(text, keep="\n\t")


# ---------------------------------------------------------------- the group


LIMIT_HELP = ("Raise or lift a limit on input or work (repeatable; also DETERRENCE_LIMIT), "
              "e.g. --limit input=1G, --limit cells=40000, --limit depth=none. Limits: "
              "input (bytes read), depth (nesting), digits (of a number), terms (of a "
              "formula with its definitions written out), cells (exact "
              "mixed solving), enumerate (cells for --method enumerate), nodes (of a tree), "
              "members (of a pool), points (of a sweep).")


def with_limits(command: click.Command) -> click.Command:
    """Give ``command`` the ``--limit NAME=N`` option (once)."""
    if any(param.name == "limit_items" for param in command.params) or command.callback is None:
        return command
    command.params.append(click.Option(["--limit", "limit_items"], multiple=True,
                                       metavar="NAME=N", envvar="DETERRENCE_LIMIT",
                                       help=LIMIT_HELP))
    callback = command.callback

    @functools.wraps(callback)
    def run(*args, limit_items=(), **kwargs):
        from deterrence.model import limits

        with limits.raised(limits.parse_assignments(limit_items)):
            return callback(*args, **kwargs)

    command.callback = run
    return command


#: Normal forms above this many cells get a note on stderr before exact solving starts.
SLOW_CELLS = 2_500


def check_work(game, method: str = "auto", hint: str | None = None) -> None:
    """Refuse exact work on a normal form beyond the ``cells`` or ``enumerate``
    limit before it starts; note on stderr when it may take long.

    ``method`` is the ``solve`` method (``pure`` is never limited: it is
    linear in the cells). A game tree is limited when it is read (``nodes``).
    """
    import math

    from deterrence.model import limits
    from deterrence.model.kinds import is_tree

    if is_tree(game) or method == "pure":
        return
    cells = math.prod(game.shape)
    shape = "×".join(str(k) for k in game.shape)
    if method == "enumerate":
        limits.check("enumerate", cells, f"enumerating every equilibrium of a {shape} game "
                     f"({cells:,} cells) could take hours", path=None,
                     hint=hint or "--method lemke-howson finds one equilibrium much sooner")
        return
    limits.check("cells", cells, f"a {shape} game has {cells:,} cells to solve exactly",
                 hint=hint or "--method pure lists its pure equilibria at any size")
    if cells > SLOW_CELLS:
        click.echo(f"note: a {shape} game ({cells:,} cells) is solved exactly; this may take "
                   "minutes (Ctrl-C stops it)", err=True)


def check_points(count: int, what: str) -> None:
    """Refuse a sweep of more than the ``points`` limit (a command-line request: exit 2)."""
    from deterrence.model import limits

    limits.check("points", count, f"{what} asks for {count:,} points", usage=True,
                 hint="use fewer --steps")


class CommandLine(click.Group):
    """The ``deterrence`` group: commands in the order they were added, each with
    ``--limit``, and every way a run can end mapped to its exit code."""

    def list_commands(self, ctx):
        return list(self.commands)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        super().add_command(with_limits(cmd), name)

    def invoke(self, ctx: click.Context):
        try:
            result = super().invoke(ctx)
            _flush_stdout()
            return result
        except DeterrenceError as error:
            raise UserError(error) from None
        except KeyboardInterrupt:
            click.echo("\ninterrupted", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:  # the reader went away (| head): stop quietly
            _quiet_stdout()
            raise click.exceptions.Exit(1) from None
        except OSError as error:
            _quiet_stdout()
            raise UserError(_os_error(error)) from None


def console(stderr: bool = False):
    """The console commands print with: no markup read, no control character written,
    and made for where the output goes (see :mod:`deterrence.cli.output`)."""
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


def check_one_output(as_json: bool, fmt: str | None) -> None:
    """Refuse ``--json`` with a ``--format`` other than ``json`` (exit 2, one line), before
    any work: the two ask for different documents on the same stdout.

    >>> check_one_output(True, "json"), check_one_output(False, "csv")
    (None, None)
    >>> check_one_output(True, "csv")
    Traceback (most recent call last):
    ...
    deterrence.errors.UsageError: --json conflicts with --format csv: pass --json or --format csv, not both
    """
    if as_json and fmt not in (None, "json"):
        from deterrence.errors import UsageError

        raise UsageError(f"--json conflicts with --format {fmt}: pass --json or --format {fmt}, "
                         "not both")


def format_option(command: Callable) -> Callable:
    """``--format`` for commands that print rows; with ``--json`` only as ``--format json``
    (:func:`check_one_output`, checked before the command runs)."""

    @functools.wraps(command)
    def checked(*args, **kwargs):
        check_one_output(kwargs.get("as_json", False), kwargs.get("fmt"))
        return command(*args, **kwargs)

    return click.option("--format", "fmt", type=click.Choice(ROW_FORMATS), default=None,
                        help="table (the default view), plain (aligned columns), csv, tsv, "
                             "json (the --json document) or jsonl (one object per row).")(checked)


def load(game: str, assignments=(), swept=()) -> Any:
    """The game at the ``--set`` values; ``swept``: the ranges a sweep moves (a model built
    from the file is built only at values used, see :func:`deterrence.io.load_named_game`)."""
    from deterrence.io import load_named_game
    from deterrence.model.parameters import parse_assignments

    loaded, name = load_named_game(game, parse_assignments(assignments),
                                   swept={r.name: (r.lo, r.hi) for r in swept})
    _GAME_FILE.set(name)
    return loaded


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
