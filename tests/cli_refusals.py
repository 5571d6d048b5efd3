"""What a refusal of the command line looks like, for the tests of several commands: the
exit code asked for, no traceback, an ``error:`` first line, and the fragments the
message must hold."""

from __future__ import annotations


def refused(result, exit_code: int, *needles: str) -> str:
    """Check a refused :class:`click.testing.Result`; its first line."""
    assert result.exit_code == exit_code, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    first = result.output.splitlines()[0]
    assert first.startswith("error: ")
    for needle in needles:
        assert needle in result.output, result.output
    return first
