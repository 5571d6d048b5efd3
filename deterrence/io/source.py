"""Reading what a user points at: a file, a FIFO, a device or standard input.

Every reader gets its text from :func:`read_source`, which

* refuses more than the ``input`` limit (:mod:`deterrence.model.limits`)
  before it has read it: a regular file by its size, a stream (standard
  input, a pipe, ``/dev/zero``) as soon as it passes the limit, so memory
  stays bounded;
* never blocks on a FIFO that has no writer (it is opened without waiting
  and an immediate end of file is reported as such);
* decodes UTF-8, drops a byte-order mark, and reports any other encoding
  with the line and column of the first byte that is not UTF-8;
* turns every failure into a :class:`~deterrence.errors.DeterrenceError`:
  a missing or unreadable path is a usage error (exit 2), a closed standard
  input or undecodable bytes a bad input (exit 1).

Example
-------
>>> import os, tempfile
>>> folder = tempfile.mkdtemp()
>>> path = os.path.join(folder, "g.toml")
>>> _ = open(path, "wb").write(b"\\xef\\xbb\\xbfschema = 1\\n")
>>> read_source(path).text
'schema = 1\\n'
"""

from __future__ import annotations

import errno
import os
import select
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from deterrence.errors import GameFileError, UsageError
from deterrence.model import limits

_CHUNK = 1 << 20
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Source:
    """Text read from a source, with the name messages use and the file suffix."""

    text: str
    name: str
    suffix: str = ""


def read_source(source: str) -> Source:
    """The text of a path, of ``-`` (standard input), or of a catalogue game."""
    if source == "-":
        return Source(decode(read_stdin(), "<stdin>"), "<stdin>", "")
    data, name, suffix = read_path(source)
    return Source(decode(data, name), name, suffix)


def read_path(source: str) -> tuple[bytes, str, str]:
    """Bytes of the file at ``source`` (or of the catalogue game of that name)."""
    from deterrence.io import catalogue

    path = Path(source)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except (FileNotFoundError, NotADirectoryError):
        found = catalogue.find(source) if not os.path.lexists(path) else None
        if found is None:
            dangling = os.path.islink(path)
            raise UsageError(f"no such file or catalogue game: {source}"
                             + (" (a symbolic link to a missing file)" if dangling else ""),
                             hint="run 'deterrence games' to list the catalogue") from None
        return read_path(str(found))[0], found.name, found.suffix
    except IsADirectoryError:
        raise UsageError(f"{source} is a folder, not a game file") from None
    except OSError as exc:
        raise UsageError(f"cannot read {source}: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UsageError(f"{source} is a folder, not a game file")
        if stat.S_ISREG(info.st_mode):
            limits.check("input", info.st_size, f"the file is {limits.byte_text(info.st_size)}",
                         path=source)
            os.set_blocking(fd, True)
            data = _read_all(fd, source)
        else:
            data = _read_stream(fd, source, fifo=stat.S_ISFIFO(info.st_mode))
    except OSError as exc:
        raise UsageError(f"cannot read {source}: {exc.strerror}") from None
    finally:
        os.close(fd)
    return data, source, path.suffix


def read_stdin() -> bytes:
    """Bytes of standard input, at most the ``input`` limit."""
    stream = sys.stdin
    closed = GameFileError("standard input is closed: there is no game to read", path="<stdin>",
                           hint="pipe a game in (cat game.toml | deterrence check -) or name a file")
    if stream is None or getattr(stream, "closed", False):
        raise closed
    try:
        fd = stream.fileno()
    except (OSError, ValueError, AttributeError):  # not a real file (a test harness, a notebook)
        fd = None
    try:
        if fd is not None:
            return _read_all(fd, "<stdin>")
        buffer = getattr(stream, "buffer", None)
        bound = limits.get("input")
        size = -1 if bound is None else bound + 1
        data = buffer.read(size) if buffer is not None else stream.read(size).encode("utf-8")
        _check_stream_size(len(data), "<stdin>")
        return data
    except OSError as exc:
        if exc.errno in (errno.EBADF, errno.EINVAL):
            raise closed from None
        raise GameFileError(f"cannot read standard input: {exc.strerror}", path="<stdin>") from None


def _check_stream_size(size: int, name: str) -> None:
    bound = limits.get("input")
    if bound is not None and size > bound:
        what = "standard input" if name == "<stdin>" else name
        raise limits.refusal("input", size, f"{what} gives more than {limits.byte_text(bound)}",
                             at_least=True, path=name)


def _read_all(fd: int, name: str) -> bytes:
    """Blocking reads until the end of file, refusing more than the ``input`` limit."""
    bound = limits.get("input")
    parts, total = [], 0
    while True:
        chunk = os.read(fd, _CHUNK)
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
        total += len(chunk)
        if bound is not None and total > bound:
            _check_stream_size(total, name)


def _read_stream(fd: int, name: str, fifo: bool) -> bytes:
    """Read a FIFO, a device or a socket opened without blocking.

    A FIFO with no writer gives an end of file at once: that is reported,
    not waited on. Otherwise wait for data as long as a writer is there.
    """
    bound = limits.get("input")
    parts, total = [], 0
    while True:
        try:
            chunk = os.read(fd, _CHUNK)
        except BlockingIOError:
            select.select([fd], [], [])
            continue
        if not chunk:
            if fifo and not total:
                raise GameFileError(f"{name} is a FIFO with no writer: there is nothing to read",
                                    path=name, hint="start the program that writes to it first, "
                                                    "or pipe the game into standard input")
            return b"".join(parts)
        parts.append(chunk)
        total += len(chunk)
        if bound is not None and total > bound:
            _check_stream_size(total, name)


def decode(data: bytes, name: str) -> str:
    """UTF-8 text of ``data``; a byte-order mark is dropped.

    Raises
    ------
    GameFileError
        For UTF-16 or any other bytes that are not UTF-8, with the line and
        column of the first bad byte.
    """
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise GameFileError("the file is UTF-16 text, not UTF-8", path=name, line=1, column=1,
                            hint="save the payoff file as UTF-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start
        line_start = data.rfind(b"\n", 0, start) + 1
        line = data.count(b"\n", 0, start) + 1
        column = len(data[line_start:start].decode("utf-8", "replace")) + 1
        raise GameFileError(f"the file is not UTF-8 text: byte 0x{data[start]:02x} cannot be read",
                            path=name, line=line, column=column,
                            hint="save the payoff file as UTF-8") from None


__all__ = ["Source", "read_source", "read_path", "read_stdin", "decode"]
