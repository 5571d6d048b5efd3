"""Writing a file so that no byte is lost, misplaced or exposed.

:func:`write_atomic` writes the new text to a temporary file next to the
target, flushes it to disk and renames it over the target, so a crash (even
``kill -9``) leaves the old file or the new one, never half of either. On top
of that it

* keeps the target's permission bits and, where the user may, its owner and
  group (a 0644 file stays 0644; a new file gets 0666 less the umask, as any
  editor would give it);
* writes through a symbolic link to the file it points at, keeping the link;
* refuses a file with more than one hard link (replacing it would split the
  links, writing in place would not be crash-safe), a read-only file and a
  read-only folder, each with exit code 1 and a message;
* can refuse to replace a file whose bytes are no longer what the caller
  read (``expected``): an edit made underneath is never overwritten;
* removes its temporary file on every way out (errors, Ctrl-C, SIGTERM),
  and the temporary files of earlier runs that were killed (their names
  carry the process id; a file of a process still running is left alone).

Example
-------
>>> import os, tempfile
>>> folder = tempfile.mkdtemp()
>>> path = os.path.join(folder, "game.toml")
>>> write_atomic(path, "x = 1\\n")
>>> os.chmod(path, 0o640)
>>> write_atomic(path, "x = 2\\n", expected=b"x = 1\\n")
>>> oct(os.stat(path).st_mode & 0o777), open(path).read()
('0o640', 'x = 2\\n')
>>> sorted(os.listdir(folder))
['game.toml']
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path

from deterrence.errors import GameFileError

#: Temporary files are named ``.NAME.PID.RANDOM.tmp`` next to the target.
_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[A-Za-z0-9_]+\.tmp$")


class WriteError(GameFileError):
    """A file that cannot or may not be written (exit code 1)."""


def target_of(path: str | Path) -> Path:
    """The file a write to ``path`` changes: a symbolic link is followed."""
    path = Path(path)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _writable_bits(info: os.stat_result) -> bool:
    """May this user write a file or folder with these permissions?

    The permission bits are honoured even for root, who could ignore them:
    a file someone made read-only is not for editing.
    """
    mode = info.st_mode
    if os.geteuid() == 0:
        return bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    if info.st_uid == os.geteuid():
        return bool(mode & stat.S_IWUSR)
    if info.st_gid in os.getgroups() or info.st_gid == os.getegid():
        return bool(mode & stat.S_IWGRP)
    return bool(mode & stat.S_IWOTH)


def check_writable(path: str | Path) -> os.stat_result | None:
    """Refuse what :func:`write_atomic` would refuse; the target's status, if it exists."""
    shown = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror}", path=shown) from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise WriteError("cannot write: it is a folder", path=shown)
        return info  # a device, a FIFO, /dev/stdout: written in place
    target = target_of(path)
    folder = target.parent
    if info is not None:
        if info.st_nlink > 1:
            raise WriteError(
                f"the file has {info.st_nlink} hard links: replacing it would split them, and "
                "writing in place is not crash-safe, so it was left unchanged",
                path=shown, hint="edit a copy and move it over the file, or remove the other links")
        if not _writable_bits(info) or (os.geteuid() != 0 and not os.access(target, os.W_OK)):
            raise WriteError("the file is read-only; it was left unchanged", path=shown,
                             hint=f"make it writable first (chmod u+w {shown})")
    try:
        folder_info = os.stat(folder)
    except FileNotFoundError:
        raise WriteError(f"cannot write: no such folder {folder}", path=shown) from None
    if not stat.S_ISDIR(folder_info.st_mode):
        raise WriteError(f"cannot write: {folder} is not a folder", path=shown)
    if not _writable_bits(folder_info) or (os.geteuid() != 0 and not os.access(folder, os.W_OK | os.X_OK)):
        raise WriteError(f"cannot write: the folder {folder} is read-only", path=shown,
                         hint="write somewhere else, or make the folder writable")
    return info


def remove_stale_temporaries(target: str | Path) -> list[Path]:
    """Delete temporary files of ``target`` left by runs that were killed.

    Only files named as :func:`write_atomic` names them, whose process no
    longer runs, are removed. Returns what was removed.
    """
    target = Path(target)
    removed = []
    try:
        names = os.listdir(target.parent or ".")
    except OSError:
        return removed
    for name in names:
        match = _TEMP.match(name)
        if not match or match.group("name") != target.name:
            continue
        pid = int(match.group("pid"))
        if pid == os.getpid() or _alive(pid):
            continue
        stale = target.parent / name
        try:
            stale.unlink()
            removed.append(stale)
        except OSError:
            pass
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: str | Path, text: str, *, expected: bytes | None = None) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file and a rename.

    Parameters
    ----------
    path:
        The file to write; a symbolic link is written through.
    text:
        The new content.
    expected:
        When given, the bytes the file must still hold just before it is
        replaced (the caller read them); otherwise nothing is written.

    Raises
    ------
    WriteError
        (exit code 1) For a read-only file or folder, a file with several
        hard links, a file that changed underneath, or a failed write (a full
        disk): the old file is then untouched.
    """
    shown = str(path)
    info = check_writable(path)
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_in_place(Path(path), text, shown)  # a device or a FIFO (/dev/stdout): no rename
        return
    target = target_of(path)
    remove_stale_temporaries(target)
    data = text.encode("utf-8")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp",
                                   dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), (info.st_mode & 0o7777) if info else _new_file_mode())
            if info is not None:
                _keep_owner(handle.fileno(), info)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if expected is not None:
            _check_unchanged(target, expected, shown)
        os.replace(tmp, target)
        tmp = None
        _sync_folder(target.parent)
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}", path=shown,
                         hint=_hint(exc)) from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _keep_owner(fd: int, info: os.stat_result) -> None:
    """Give the new file the old one's owner and group, as far as this user may."""
    for uid, gid in ((info.st_uid, info.st_gid), (-1, info.st_gid)):
        try:
            os.fchown(fd, uid, gid)
            return
        except OSError:
            continue


def _check_unchanged(target: Path, expected: bytes, shown: str) -> None:
    try:
        now = target.read_bytes()
    except FileNotFoundError:
        now = None
    if now != expected:
        what = "was removed" if now is None else "changed"
        raise WriteError(f"the file {what} while it was being edited; it was left as it is now",
                         path=shown, hint="run the command again on the new content")


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_in_place(target: Path, text: str, shown: str) -> None:
    try:
        with open(target, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}", path=shown,
                         hint=_hint(exc)) from None


def _hint(exc: OSError) -> str | None:
    import errno

    return {errno.ENOSPC: "free some space and try again; the old file is unchanged",
            errno.EDQUOT: "you are over your disk quota; the old file is unchanged",
            errno.EROFS: "the file system is read-only; write somewhere else",
            errno.EACCES: "you may not write there; write somewhere else",
            errno.EPERM: "you may not write there; write somewhere else"}.get(exc.errno or 0)


__all__ = ["write_atomic", "check_writable", "remove_stale_temporaries", "target_of", "WriteError"]
