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

#: At most this many characters of a user's text are quoted in a message.
QUOTE_WIDTH = 80
#: A message longer than this is cut in the middle (a last guard: a message
#: should never echo a whole file).
MAX_MESSAGE = 2000


def excerpt(text: object, position: int | None = None, width: int = QUOTE_WIDTH) -> str:
    """``text`` quoted for a message: ``repr`` of at most ``width`` characters.

    Long text is cut around ``position`` (a 0-based offset, when known) and
    the cut marked with ``…``; ``repr`` shows control characters as escapes,
    so a message never moves the user's cursor or clears the screen.

    >>> excerpt("(V - C)/2")
    "'(V - C)/2'"
    >>> excerpt("x" * 1000, width=10)
    "'xxxxxxxxx…' (1,000 characters)"
    >>> excerpt("(" * 500 + "1", position=500, width=20)
    "'…((((((((((((((((((1' (501 characters)"
    >>> excerpt("\x1b[2J")
    "'\\\\x1b[2J'"
    """
    text = str(text)
    if len(text) <= width:
        return repr(text)
    keep = width - 1
    if position is None or position < keep:
        cut = text[:keep] + "…"
    elif position >= len(text) - keep // 2:
        cut = "…" + text[-keep:]
    else:
        start = max(0, position - keep // 2)
        cut = "…" + text[start:start + keep - 1] + "…"
    return f"{cut!r} ({len(text):,} characters)"


def _bounded(message: str) -> str:
    if len(message) <= MAX_MESSAGE:
        return message
    half = MAX_MESSAGE // 2
    return f"{message[:half]} … [{len(message) - MAX_MESSAGE:,} characters cut] … {message[-half:]}"


class DeterrenceError(Exception):
    """Base class of every error caused by user input."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        message = _bounded(message)
        super().__init__(message)
        self.message = message
        self.hint = _bounded(hint) if hint else hint

    def __str__(self) -> str:
        text = self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def __reduce__(self):
        # pickled whole (a worker process hands its error back): the keyword-only fields
        # of a subclass (a LimitError's ``limit``) are not in ``args``
        return _restored, (type(self), self.args, dict(self.__dict__))


def _restored(cls: type, args: tuple, fields: dict) -> "DeterrenceError":
    """An error of ``cls`` with ``args`` and ``fields``, made without its ``__init__``."""
    error = Exception.__new__(cls)
    error.args = args
    error.__dict__.update(fields)
    return error


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
            text += f" in {excerpt(self.text, self.position)}"
            if self.position is not None:
                text += f" at character {self.position + 1}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class UsageError(DeterrenceError):
    """A command-line request that does not fit the game (exit code 2)."""

    exit_code = 2


class LimitError(GameFileError):
    """Input or work beyond a limit in force (see :mod:`deterrence.model.limits`).

    The message names the limit and the hint the option that lifts it. Exit
    code 1 when the game file is what is too large (its size, nesting,
    digits, cells or nodes); 2 when the command line asked for too much
    (``usage=True``).

    >>> err = LimitError("the file is 3 GiB, above the input limit of 128 MiB",
    ...                  limit="input", path="big.toml", hint="pass --limit input=4G")
    >>> print(err)
    big.toml: the file is 3 GiB, above the input limit of 128 MiB
      hint: pass --limit input=4G
    >>> err.exit_code, err.limit
    (1, 'input')
    """

    def __init__(self, message: str, *, limit: str, path: str | None = None,
                 line: int | None = None, column: int | None = None,
                 hint: str | None = None, usage: bool = False) -> None:
        super().__init__(message, path=path, line=line, column=column, hint=hint)
        self.limit = limit
        self.exit_code = 2 if usage else 1

    def located(self, path: str | None = None, line: int | None = None,
                column: int | None = None) -> "LimitError":
        return LimitError(self.message, limit=self.limit, path=self.path or path,
                          line=self.line or line, column=self.column or column, hint=self.hint,
                          usage=self.exit_code == 2)

    def __str__(self) -> str:
        if self.path is None and self.line is None:
            return DeterrenceError.__str__(self)
        return super().__str__()
