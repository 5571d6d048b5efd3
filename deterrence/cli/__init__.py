"""The ``deterrence`` command line: a thin layer over the library.

Each command reads a game (:mod:`deterrence.io`), calls a solver and hands
the result to a view (:mod:`deterrence.views`) or to ``--json``. Errors a
user can cause become a message and an exit code (1: bad game file, 2: bad
usage), never a traceback.

One module per group of commands: :mod:`~deterrence.cli.solving` (solve,
show, dominance), :mod:`~deterrence.cli.files` (check, games, convert, new,
set, export), :mod:`~deterrence.cli.builders` (pool, ladder),
:mod:`~deterrence.cli.parametric` (sweep, thresholds),
:mod:`~deterrence.cli.teaching` (explain, exercise),
:mod:`~deterrence.cli.repeated` (repeated, tournament) and
:mod:`~deterrence.cli.qre` (qre); the shared options
and error handling are in :mod:`~deterrence.cli.common`. Every module
imports only click at start-up; the library is imported inside each
command, so ``deterrence --help`` stays fast.
"""

from __future__ import annotations

import os
import sys

import click

from deterrence import __version__
from deterrence.cli import builders, files, parametric, qre, repeated, solving, teaching
from deterrence.cli.common import EXIT_INTERNAL, CommandLine


@click.group(cls=CommandLine, context_settings={"help_option_names": ["-h", "--help"]})
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


for _command in (solving.solve, solving.show, solving.dominance, files.check, files.games,
                 files.convert, files.new_command, files.set_command, files.export_command,
                 builders.pool, parametric.sweep, parametric.thresholds, teaching.explain_command,
                 repeated.repeated, repeated.tournament, builders.ladder, teaching.exercise_command,
                 qre.qre):
    cli.add_command(_command)


def main() -> None:
    """Entry point of the ``deterrence`` console script.

    A bug (not bad input) ends with a short report request instead of a
    traceback (exit code 70); set ``DETERRENCE_DEBUG=1`` to see the traceback.
    SIGTERM ends the run like Ctrl-C does, so that temporary files are removed.
    """
    import signal

    def terminate(signum, frame):
        raise SystemExit(128 + signum)

    try:
        signal.signal(signal.SIGTERM, terminate)
    except ValueError:  # pragma: no cover - not the main thread
        pass
    try:
        cli(prog_name="deterrence", standalone_mode=True)
    except Exception as error:  # pragma: no cover - only reached through a bug
        if os.environ.get("DETERRENCE_DEBUG"):
            raise
        from deterrence.model.display import visible

        text = visible(f"{type(error).__name__}: {error}")
        if len(text) > 300:
            text = text[:300] + "…"
        click.echo(f"internal error: {text}\n"
                   "  this is a bug in deterrence, not in your game file; please report it "
                   "with the command you ran (DETERRENCE_DEBUG=1 shows the traceback)", err=True)
        sys.exit(EXIT_INTERNAL)


def run() -> None:
    """The console script and ``python -m deterrence``: :func:`main`, then :func:`leave`
    with its exit code. A caller of :func:`main` in Python (a test) gets the usual
    :class:`SystemExit` instead, and the interpreter goes on."""
    try:
        main()
    except SystemExit as done:      # how click ends every command, with its exit code
        leave(done.code)
    leave(0)


def leave(code) -> None:
    """End the process with ``code`` (a :class:`SystemExit` code: ``None``, a number, or a
    message for stderr and 1) without tearing the interpreter down.

    Freeing every object of a command that built sympy expressions and game trees takes
    0.1 to 0.3 s after the answer is written (a fifth of ``solve hawk_dove``). The exit
    handlers still run (temporary files, helper processes) and both streams are flushed;
    then the process ends at once.
    """
    import atexit

    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    try:
        atexit._run_exitfuncs()       # noqa: SLF001 - the handlers interpreter shutdown runs
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):      # a reader gone, a closed stream
                status = status or 1
        os._exit(status)
