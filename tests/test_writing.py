"""Atomic writes: the target's mode kept, the umask honoured, links written through, nothing else replaced."""

from __future__ import annotations

import errno
import hashlib
import os
import socket
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kpicascade._exceptions import WriteError
from kpicascade.writing import sweep_scratch, write_bytes, write_text, write_together, write_with


@pytest.fixture
def umask() -> Iterator[int]:
    """Set the umask to 027 for the test and put the old one back."""
    old = os.umask(0o027)
    yield 0o027
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o755])
def test_a_replaced_file_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "plan.html"
    target.write_text("old")
    os.chmod(target, mode)
    write_text(target, "new")
    assert target.read_text() == "new"
    assert _mode(target) == mode


def test_a_new_file_gets_the_mode_the_umask_allows(tmp_path: Path, umask: int) -> None:
    target = tmp_path / "new" / "plan.html"
    write_text(target, "new")
    assert _mode(target) == 0o666 & ~umask == 0o640


def test_a_symbolic_link_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "plan.csv"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "plan.csv"
    link.symlink_to(real)
    write_text(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"
    assert _leftovers(tmp_path) == _leftovers(real.parent) == []


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


def _dangling(path: Path) -> Path:
    path.symlink_to(path.parent / "nowhere")
    return path


# (case, what to put at the target, words in the message)
REFUSED = [
    ("a named pipe", _fifo, "device, pipe or socket, not a regular file; refusing to replace it"),
    ("a folder", _folder, "it is a folder, not a regular file"),
    ("a link to nothing", _dangling, "symbolic link to"),
]


@pytest.mark.parametrize(("case", "make", "words"), REFUSED, ids=[c[0] for c in REFUSED])
def test_what_is_not_a_regular_file_is_refused_and_left_alone(
    tmp_path: Path, case: str, make: Callable[[Path], Path], words: str
) -> None:
    target = make(tmp_path / "out.pdf")
    before = os.lstat(target)
    with pytest.raises(WriteError, match=words):
        write_bytes(target, b"%PDF")
    after = os.lstat(target)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert _leftovers(tmp_path) == []


def test_dev_null_is_never_replaced() -> None:
    with pytest.raises(WriteError, match="not a regular file"):
        write_bytes(Path("/dev/null"), b"x")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "the disk is full; nothing was changed"),
        (errno.EROFS, "the disk is read-only; nothing was changed"),
        (errno.EACCES, "permission denied; nothing was changed"),
    ],
)
def test_a_disk_that_refuses_is_one_clear_error_and_the_old_file_stays(
    tmp_path: Path, code: int, words: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "book.xlsx"
    target.write_bytes(b"old")

    def refuse(handle: object) -> None:
        raise OSError(code, os.strerror(code))

    with pytest.raises(WriteError, match=f"cannot write {target}: {words}"):
        write_with(target, refuse)
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_a_failed_check_stops_the_rename(tmp_path: Path) -> None:
    target = tmp_path / "acts.csv"
    target.write_bytes(b"old")

    def check(tmp: Path) -> None:
        assert tmp.read_bytes() == b"new"
        raise ValueError("not as intended")

    with pytest.raises(ValueError, match="not as intended"):
        write_bytes(target, b"new", check)
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def _gone_pid() -> int:
    """Return the id of a process that has exited (a killed writer's)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.skipif(os.name != "posix", reason="processes are probed with signal 0 on POSIX only")
def test_a_killed_writers_temporary_is_removed_by_the_next_write_of_that_file(tmp_path: Path) -> None:
    host = hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]
    gone, live = _gone_pid(), os.getpid()
    names = {
        "killed writer of plan.xlsx": f".plan.xlsx.{host}-{gone}-0a1b2c3d.tmp",
        "live writer of plan.xlsx": f".plan.xlsx.{host}-{live}-0a1b2c3d.tmp",
        "writer on another machine": f".plan.xlsx.{'f' * 8 if host != 'f' * 8 else 'e' * 8}-{gone}-0a1b2c3d.tmp",
        "killed writer of another file": f".plan.html.{host}-{gone}-0a1b2c3d.tmp",
        "not ours at all": f".plan.xlsx.{gone}.tmp",
    }
    for name in names.values():
        (tmp_path / name).write_bytes(b"half")
    write_bytes(tmp_path / "plan.xlsx", b"whole")
    assert (tmp_path / "plan.xlsx").read_bytes() == b"whole"
    left = {case for case, name in names.items() if (tmp_path / name).exists()}
    assert left == set(names) - {"killed writer of plan.xlsx"}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_files_written_together_all_change(tmp_path: Path) -> None:
    (tmp_path / "acts.csv").write_bytes(b"old acts")
    (tmp_path / "card.yaml").write_bytes(b"old card")
    os.chmod(tmp_path / "card.yaml", 0o600)
    write_together(
        [(tmp_path / "acts.csv", b"new acts", None), (tmp_path / "card.yaml", b"new card", None),
         (tmp_path / "notes.csv", b"new notes", None)]
    )  # fmt: skip
    assert _files(tmp_path) == {"acts.csv": b"new acts", "card.yaml": b"new card", "notes.csv": b"new notes"}
    assert _mode(tmp_path / "card.yaml") == 0o600


def _refuse(tmp: Path) -> None:
    raise ValueError("the written file does not read back")


#: (case, the third file's target, its check, the error expected)
TOGETHER_FAILURES = [
    ("the last file's check fails", "notes.csv", _refuse, ValueError),
    ("the last target is a folder", "folder", None, WriteError),
]


@pytest.mark.parametrize(("case", "last", "check", "error"), TOGETHER_FAILURES, ids=[c[0] for c in TOGETHER_FAILURES])
def test_a_failure_before_any_rename_changes_no_file(
    tmp_path: Path, case: str, last: str, check: Callable[[Path], None] | None, error: type[Exception]
) -> None:
    (tmp_path / "acts.csv").write_bytes(b"old acts")
    (tmp_path / "card.yaml").write_bytes(b"old card")
    (tmp_path / "folder").mkdir()
    before = _files(tmp_path)
    with pytest.raises(error):
        write_together(
            [
                (tmp_path / "acts.csv", b"new", None),
                (tmp_path / "card.yaml", b"new", None),
                (tmp_path / last, b"x", check),
            ]
        )
    assert _files(tmp_path) == before
    assert _leftovers(tmp_path) == []


def test_a_failed_rename_puts_back_the_files_already_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "acts.csv").write_bytes(b"old acts")
    (tmp_path / "card.yaml").write_bytes(b"old card")
    before = _files(tmp_path)
    real_replace = os.replace

    def replace(src: str | Path, dst: str | Path) -> None:
        if Path(dst).name == "notes.csv":  # the third rename: the disk fills up
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr("kpicascade.writing.os.replace", replace)
    files = [(tmp_path / n, b"new", None) for n in ("acts.csv", "card.yaml", "notes.csv")]
    with pytest.raises(WriteError, match=r"cannot write .*notes\.csv: the disk is full; no file was changed"):
        write_together(files)  # type: ignore[arg-type]
    assert _files(tmp_path) == before
    assert _leftovers(tmp_path) == []


@pytest.mark.skipif(os.name != "posix", reason="a process is probed by signal 0 on POSIX only")
def test_scratch_folders_of_dead_processes_are_removed_and_no_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()  # its id is now free: a printer killed while it ran would leave a folder named by it
    dead, living = tmp_path / f"kc-print-{ended.pid}-abc", tmp_path / f"kc-print-{os.getpid()}-def"
    for folder in (dead, living):
        (folder / "profile").mkdir(parents=True)
        (folder / "profile" / "cache").write_bytes(b"x" * 100)
    unrelated = tmp_path / f"other-{ended.pid}-x"
    unrelated.mkdir()
    target = tmp_path / "kept"
    target.mkdir()
    (tmp_path / f"kc-print-{ended.pid}-link").symlink_to(target)
    assert sweep_scratch("kc-print-") == [dead]
    assert not dead.exists()
    assert living.is_dir()
    assert unrelated.is_dir()
    assert target.is_dir()
    assert (tmp_path / f"kc-print-{ended.pid}-link").is_symlink()
