"""Edits never lose, misplace or expose a byte.

``deterrence set`` locks the file across read, edit and replace (concurrent
edits queue; none is lost), refuses when the file changed underneath, keeps
permissions and owner, edits a symbolic link's target, refuses hard-linked,
read-only files and read-only folders (exit 1, file untouched), and leaves no
temporary file behind, even after ``kill -9``: the next run removes it.
"""

from __future__ import annotations

import glob
import os
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from deterrence.cli import cli
from deterrence.edit import toml_edit as te
from deterrence.errors import DeterrenceError
from deterrence.io.write import remove_stale_temporaries, write_atomic

ROOT = Path(__file__).resolve().parent.parent


def new_game(folder: Path, name: str = "game.toml") -> Path:
    path = folder / name
    assert CliRunner().invoke(cli, ["new", "2x2", str(path)]).exit_code == 0
    return path


def default_of(path: Path, name: str) -> str:
    from deterrence.io import load_game

    return str(load_game(str(path)).parameters.values()[name])


def set_(path: Path, *args: str):
    return CliRunner().invoke(cli, ["set", str(path), *args])


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ---------------------------------------------------------------- concurrent edits


def test_concurrent_edits_in_threads_lose_nothing(tmp_path):
    path = new_game(tmp_path)
    changes = {"T": "11", "R": "4", "P": "2", "S": "-1"}
    errors = []

    def edit(name, value):
        try:
            te.edit_file(path, [te.SetParameter(name, value)])
        except DeterrenceError as error:  # allowed, but then it must say so
            errors.append((name, error))

    threads = [threading.Thread(target=edit, args=item) for item in changes.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    refused = {name for name, _ in errors}
    for name, value in changes.items():
        assert name in refused or default_of(path, name) == value, f"the change of {name} was lost"
    assert temporaries(tmp_path) == []


def _two_processes_at_once(path: Path) -> tuple[int, int]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    runs = [subprocess.Popen([sys.executable, "-m", "deterrence", "set", str(path), change],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for change in ("T=11", "R=4")]
    return tuple(run.wait(timeout=120) for run in runs)


def test_two_set_commands_at_once_lose_no_update(tmp_path):
    path = new_game(tmp_path)
    codes = _two_processes_at_once(path)
    assert codes[0] != 0 or default_of(path, "T") == "11"
    assert codes[1] != 0 or default_of(path, "R") == "4"


@pytest.mark.slow
def test_twenty_pairs_of_set_commands_lose_no_update(tmp_path):
    lost = 0
    for trial in range(20):
        path = new_game(tmp_path, f"game{trial}.toml")
        a, b = _two_processes_at_once(path)
        lost += (a == 0 and default_of(path, "T") != "11") + (b == 0 and default_of(path, "R") != "4")
    assert lost == 0


def test_a_file_changed_underneath_is_not_overwritten(tmp_path, monkeypatch):
    """An editor that ignores the lock writes during the edit: the edit refuses."""
    path = new_game(tmp_path)
    apply = te.apply_edits

    def meanwhile(text, edits, name):
        outcome = apply(text, edits, name)
        path.write_text(text.replace("default = 5", "default = 9"))  # someone else's save
        return outcome

    monkeypatch.setattr(te, "apply_edits", meanwhile)
    result = set_(path, "R=4")
    assert result.exit_code == 1 and "changed while it was being edited" in result.output
    assert default_of(path, "T") == "9" and default_of(path, "R") == "3"  # their change kept
    assert temporaries(tmp_path) == []


# ---------------------------------------------------------------- permissions and owner


@pytest.mark.parametrize("mode", [0o644, 0o600, 0o640, 0o664, 0o755])
def test_set_keeps_the_permissions(tmp_path, mode):
    path = new_game(tmp_path)
    path.chmod(mode)
    assert set_(path, "T=6").exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == mode


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a file to another user")
def test_set_keeps_the_owner_and_group(tmp_path):
    path = new_game(tmp_path)
    os.chown(path, 4321, 4322)
    assert set_(path, "T=6").exit_code == 0
    info = path.stat()
    assert (info.st_uid, info.st_gid) == (4321, 4322)


def test_a_new_file_gets_the_usual_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        target = tmp_path / "pd.nfg"
        assert CliRunner().invoke(cli, ["convert", "prisoners_dilemma", str(target)]).exit_code == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
    finally:
        os.umask(umask)


def test_a_read_only_file_is_refused(tmp_path):
    path = new_game(tmp_path)
    before = path.read_bytes()
    path.chmod(0o444)
    result = set_(path, "T=6")
    assert result.exit_code == 1 and "read-only" in result.output and "chmod" in result.output
    assert path.read_bytes() == before and stat.S_IMODE(path.stat().st_mode) == 0o444
    assert set_(path, "T=6", "--dry-run").exit_code == 0  # looking is allowed


def test_a_read_only_folder_is_refused(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = new_game(folder)
    before = path.read_bytes()
    folder.chmod(0o555)
    try:
        result = set_(path, "T=6")
        assert result.exit_code == 1 and "folder" in result.output and "read-only" in result.output
        assert path.read_bytes() == before
        assert temporaries(folder) == []
    finally:
        folder.chmod(0o755)


def test_a_permission_error_from_the_system_is_a_message(tmp_path, monkeypatch):
    """As a user without root, the folder refuses the temporary file: exit 1, not 70."""
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    path = new_game(tmp_path)
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = set_(path, "T=6")
    assert result.exit_code == 1 and "Permission denied" in result.output


# ---------------------------------------------------------------- links


def test_a_symbolic_link_is_edited_at_its_target(tmp_path):
    real = new_game(tmp_path / "real" if (tmp_path / "real").mkdir() is None else tmp_path)
    link = tmp_path / "link.toml"
    link.symlink_to(os.path.relpath(real, tmp_path))
    assert set_(link, "T=7").exit_code == 0
    assert link.is_symlink() and default_of(real, "T") == "7"
    assert temporaries(tmp_path) == [] and temporaries(real.parent) == []


def test_a_dangling_symbolic_link_is_a_missing_file(tmp_path):
    link = tmp_path / "gone.toml"
    link.symlink_to(tmp_path / "nowhere.toml")
    result = set_(link, "T=7")
    assert result.exit_code == 2 and "symbolic link" in result.output


def test_hard_links_are_not_split(tmp_path):
    path = new_game(tmp_path)
    other = tmp_path / "other.toml"
    os.link(path, other)
    before = path.read_bytes()
    result = set_(path, "T=6")
    assert result.exit_code == 1 and "hard links" in result.output
    assert path.read_bytes() == other.read_bytes() == before
    assert path.stat().st_ino == other.stat().st_ino


# ---------------------------------------------------------------- temporary files


def test_a_failed_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    path = new_game(tmp_path)

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = set_(path, "T=6")
    assert result.exit_code == 1 and "No space left" in result.output
    assert temporaries(tmp_path) == []


def test_stale_temporaries_of_dead_runs_go_and_live_ones_stay(tmp_path):
    path = new_game(tmp_path)
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = tmp_path / f".game.toml.{dead.pid}.abc123.tmp"
    stale.write_text("half a fi")
    live = tmp_path / f".game.toml.{os.getppid()}.def456.tmp"  # a process that runs
    live.write_text("being written")
    other = tmp_path / f".other.toml.{dead.pid}.abc123.tmp"  # another file's
    other.write_text("x")
    assert remove_stale_temporaries(path) == [stale]
    assert live.exists() and other.exists()


def test_the_next_set_removes_what_a_killed_one_left(tmp_path):
    path = new_game(tmp_path)
    dead = subprocess.Popen(["true"])
    dead.wait()
    (tmp_path / f".game.toml.{dead.pid}.abc123.tmp").write_text("half")
    assert set_(path, "T=5").exit_code == 0  # nothing to change, and still tidied
    assert temporaries(tmp_path) == []


@pytest.mark.slow
def test_kill_9_during_a_write_leaves_the_old_or_the_new_file(tmp_path):
    """The run is killed the moment its temporary file appears (mid-write); a
    long comment makes the write long enough to be caught."""
    path = new_game(tmp_path)
    path.write_text("# a long story\n" * 20_000 + path.read_text())
    old = path.read_bytes()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    killed = 0
    for value in ("7", "8", "9"):
        run = subprocess.Popen([sys.executable, "-m", "deterrence", "set", str(path), f"T={value}"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while run.poll() is None:
            if glob.glob(str(tmp_path / ".game.toml.*.tmp")):
                os.kill(run.pid, signal.SIGKILL)
                killed += 1
                break
        run.wait()
        now = path.read_bytes()
        assert now == old or default_of(path, "T") == value  # whole, old or new
        old = now
        # the next run leaves no temporary file, whatever the killed one left
        assert set_(path, "--title", f"after {value}").exit_code == 0
        assert temporaries(tmp_path) == []
        old = path.read_bytes()
    assert killed, "no run was caught mid-write (the machine was too fast to notice)"


def test_write_atomic_refuses_to_replace_changed_bytes(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("mine")
    with pytest.raises(DeterrenceError, match="changed while it was being edited"):
        write_atomic(path, "new", expected=b"what I read")
    assert path.read_text() == "mine" and temporaries(tmp_path) == []
