"""The errors a user can cause, each with a place and a hint.

Everything the package raises on bad input derives from :class:`DeterrenceError`,
so the CLI can turn it into a one-paragraph message and an exit code instead of
a traceback: 1 for a bad game file or expression, 2 for bad usage.

Example
-------
>>> err = GameFileError("unknown parameter 'K'", path="hd.toml", line=12,
...                     hint="declare it under [parameters]")
>>> print(err)
hd.toml:12: unknown parameter 'K'
  hint: declare it under [parameters]
"""

from __future__ import annotations


class DeterrenceError(Exception):
    """Base class of every error caused by user input."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        text = self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class GameFileError(DeterrenceError):
    """A payoff file (TOML, .nfg, .efg) that cannot be read as a valid game.

    Parameters
    ----------
    message:
        What is wrong.
    path:
        The file name, or ``"<stdin>"``.
    line, column:
        1-based position, when known.
    hint:
        How to fix it.
    """

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.path = path
        self.line = line
        self.column = column

    def located(self, path: str | None = None, line: int | None = None,
                column: int | None = None) -> "GameFileError":
        """Return a copy with the missing parts of the place filled in."""
        return GameFileError(
            self.message,
            path=self.path or path,
            line=self.line or line,
            column=self.column or column,
            hint=self.hint,
        )

    @property
    def place(self) -> str:
        parts = [self.path or "<game>"]
        if self.line:
            parts.append(str(self.line))
            if self.column:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        text = f"{self.place}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class ExpressionError(DeterrenceError):
    """An expression that the allow-list parser rejects or cannot evaluate.

    ``position`` is the 0-based offset of the offending character in ``text``.
    """

    exit_code = 1

    def __init__(self, message: str, *, text: str = "", position: int | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.text = text
        self.position = position

    def __str__(self) -> str:
        text = self.message
        if self.text:
            text += f" in {self.text!r}"
            if self.position is not None:
                text += f" at character {self.position + 1}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class UsageError(DeterrenceError):
    """A command-line request that does not fit the game (exit code 2)."""

    exit_code = 2
