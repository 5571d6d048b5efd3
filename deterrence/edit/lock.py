"""An advisory lock held across read, edit and replace of one file.

Two ``deterrence set`` runs on one file at once must not both read the old
text and each write back only its own change. :func:`locked_read` takes an
exclusive ``fcntl.flock`` lock on the file and reads it under the lock; the
caller edits and replaces the file, then closes the lock. A run that waits
for the lock re-reads after it gets it: if the file was replaced in the
meantime (a rename gives a new inode) it locks and reads the new file, so it
edits what the first run wrote. Editors that do not take the lock are
caught by the compare-before-replace of :func:`deterrence.io.write.write_atomic`.

Example
-------
>>> import os, tempfile
>>> path = os.path.join(tempfile.mkdtemp(), "g.toml")
>>> _ = open(path, "w").write("x = 1\\n")
>>> with locked_read(path) as held:
...     held.data
b'x = 1\\n'
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from dataclasses import dataclass
from typing import Iterator

from deterrence.errors import GameFileError
from deterrence.model import limits

#: Seconds to wait for another run to finish with the file.
LOCK_WAIT = 30.0


@dataclass
class Held:
    """A locked file: its descriptor and the bytes read under the lock."""

    fd: int
    data: bytes


@contextlib.contextmanager
def locked_read(path: str | os.PathLike, wait: float = LOCK_WAIT) -> Iterator[Held]:
    """Lock ``path`` (waiting up to ``wait`` seconds) and read it; unlock on exit.

    Raises
    ------
    GameFileError
        (exit code 1) When another process holds the lock for longer than ``wait``.
    """
    deadline = time.monotonic() + wait
    while True:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            _lock(fd, path, deadline)
            if _same_file(fd, path):
                yield Held(fd, _read(fd, str(path)))
                return
        finally:
            os.close(fd)  # closing the descriptor releases the lock
        # the file was replaced while we waited: lock the new one


def _lock(fd: int, path, deadline: float) -> None:
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise GameFileError("the file is being edited by another process; it was left "
                                    "unchanged", path=str(path),
                                    hint="wait for the other command to finish, then run this "
                                         "one again") from None
            time.sleep(0.02)


def _same_file(fd: int, path) -> bool:
    try:
        now = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)


def _read(fd: int, name: str) -> bytes:
    size = os.fstat(fd).st_size
    limits.check("input", size, f"the file is {limits.byte_text(size)}", path=name)
    parts = []
    while True:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)


__all__ = ["locked_read", "Held", "LOCK_WAIT"]
