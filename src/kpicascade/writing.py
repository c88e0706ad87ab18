"""Write files atomically: to a temporary file beside the target, then rename over it.

What sits at the target decides what happens: a regular file is replaced and keeps its mode; a new
file gets the mode the umask allows, as any program's would; a symbolic link is written through, so
the file it points to is updated and the link stays; anything else (a device, a pipe, a folder) is
refused, never replaced. Every failure, a full or read-only disk included, is a WriteError naming the
file, and nothing half-written is left behind.

A temporary's name holds the writing machine and process (`.plan.xlsx.<host>-<pid>-<random>.tmp`), so a
writer killed outright (SIGKILL, power loss) leaves a temporary the next write of the same file
recognises and removes: one from this machine whose process is gone. Temporaries of live processes and
of other machines sharing the folder are left alone.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import shutil
import socket
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from kpicascade._exceptions import WriteError

#: Checks a written temporary file before it replaces the target; raises to stop the rename.
Check = Callable[[Path], None]


def _real_target(target: Path) -> tuple[Path, os.stat_result | None]:
    """Return the file a write to target must replace, and its status if it exists; refuse what is not a file."""
    if target.is_symlink():
        real = Path(os.path.realpath(target))
        if not real.exists():
            raise WriteError(f"cannot write {target}: it is a symbolic link to {real}, which does not exist")
        target = real
    try:
        status = target.stat()
    except FileNotFoundError:
        return target, None
    if not stat.S_ISREG(status.st_mode):
        kind = "folder" if stat.S_ISDIR(status.st_mode) else "device, pipe or socket"
        raise WriteError(f"cannot write {target}: it is a {kind}, not a regular file; refusing to replace it")
    return target, status


#: This machine, as temporaries name it: a digest of its host name (names can hold any character).
_HOST = hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def alive(pid: int) -> bool:
    """Return whether a process with this id exists on this machine (one we may not signal exists too)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


def sweep_orphans(folder: Path, name: str) -> list[Path]:
    """Remove the temporaries of name in folder left by writers on this machine that were killed; return them."""
    if os.name != "posix":  # signal 0 probes a process only on POSIX; elsewhere leave every temporary alone
        return []
    own = re.compile(rf"\.{re.escape(name)}\.{_HOST}-(\d+)-[0-9a-f]{{8}}\.tmp")
    removed = []
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            found = own.fullmatch(entry.name)
            if found and not alive(int(found[1])) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def sweep_scratch(prefix: str) -> list[Path]:
    """Remove this user's scratch folders named prefix<pid>-... in the system's temporary folder whose process died.

    A process killed (SIGKILL, out of memory) cannot remove its TemporaryDirectory; the next one does.
    """
    if os.name != "posix":
        return []
    own = re.compile(rf"{re.escape(prefix)}(\d+)-[^/]+")
    removed = []
    with contextlib.suppress(OSError), os.scandir(tempfile.gettempdir()) as entries:
        for entry in entries:
            found = own.fullmatch(entry.name)
            if not found or alive(int(found[1])) or not entry.is_dir(follow_symlinks=False):
                continue
            with contextlib.suppress(OSError):
                if entry.stat(follow_symlinks=False).st_uid == os.getuid():
                    shutil.rmtree(entry.path, ignore_errors=True)
                    removed.append(Path(entry.path))
    return removed


def _temporary(folder: Path, name: str) -> Path:
    """Create an empty temporary file in folder, with the mode the umask gives a new file."""
    sweep_orphans(folder, name)
    for _ in range(100):
        path = folder / f".{name}.{_HOST}-{os.getpid()}-{secrets.token_hex(4)}.tmp"
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return path
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # some file systems cannot sync a folder; the rename is still atomic
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _message(target: Path, exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        reason = "the disk is full"
    elif exc.errno == errno.EROFS:
        reason = "the disk is read-only"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        reason = "permission denied"
    return f"cannot write {target}: {reason}; nothing was changed"


def _ready(tmp: Path, status: os.stat_result | None, check: Check | None) -> None:
    """Make a written temporary ready to replace its target: on disk, checked, with the old file's mode and owner."""
    with tmp.open("rb") as handle:
        os.fsync(handle.fileno())
    if check is not None:
        check(tmp)
    if status is not None:
        os.chmod(tmp, stat.S_IMODE(status.st_mode))
        if os.geteuid() == 0:
            os.chown(tmp, status.st_uid, status.st_gid)


@contextlib.contextmanager
def atomic_path(target: Path, check: Check | None = None) -> Iterator[Path]:
    """Yield a temporary path beside target; on success (and check passing) rename it over target, else remove it."""
    tmp: Path | None = None
    try:
        real, status = _real_target(Path(target))
        real.parent.mkdir(parents=True, exist_ok=True)
        tmp = _temporary(real.parent, real.name)
        yield tmp
        _ready(tmp, status, check)
        os.replace(tmp, real)
        _sync_folder(real.parent)
    except WriteError:
        raise
    except OSError as exc:
        raise WriteError(_message(Path(target), exc)) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)


def _backup(real: Path) -> Path:
    """Return a hard link (or, where links are not possible, a copy) of real beside it, under a temporary's name."""
    for _ in range(100):
        path = real.parent / f".{real.name}.{_HOST}-{os.getpid()}-{secrets.token_hex(4)}.tmp"
        try:
            os.link(real, path)
        except FileExistsError:
            continue
        except OSError:
            shutil.copy2(real, path)
        return path
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(real.parent))


def write_together(files: list[tuple[Path, bytes, Check | None]]) -> None:
    """Write several files as one change: all of them, or, on any failure, none (each as it was).

    Every new file is written beside its target, synced and checked before any target is touched; the
    targets are then replaced one by one, and a failed rename puts back those already replaced (from
    hard links to the old files). Only a kill inside the last loop, a few renames long, can leave part
    of the set changed.
    """
    staged: list[tuple[Path, Path]] = []  # (file to replace, new file's temporary)
    backups: dict[Path, Path | None] = {}
    replaced: list[Path] = []
    current = Path()
    try:
        for target, data, check in files:
            current = Path(target)
            real, status = _real_target(current)
            real.parent.mkdir(parents=True, exist_ok=True)
            tmp = _temporary(real.parent, real.name)
            staged.append((real, tmp))
            tmp.write_bytes(data)
            _ready(tmp, status, check)
            backups[real] = _backup(real) if status is not None else None
        for real, tmp in staged:
            current = real
            os.replace(tmp, real)
            replaced.append(real)
        for folder in {real.parent for real, _ in staged}:
            _sync_folder(folder)
    except (OSError, WriteError) as exc:
        for real in reversed(replaced):
            with contextlib.suppress(OSError):
                old = backups.pop(real, None)
                if old is not None:
                    os.replace(old, real)
                else:
                    real.unlink()
        if isinstance(exc, WriteError):
            raise WriteError(str(exc).replace("nothing was changed", "no file was changed")) from exc
        raise WriteError(_message(current, exc).replace("nothing was changed", "no file was changed")) from exc
    finally:
        for path in [tmp for _, tmp in staged] + [b for b in backups.values() if b is not None]:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)


def write_bytes(target: Path, data: bytes, check: Check | None = None) -> None:
    """Write data to target atomically."""
    with atomic_path(target, check) as tmp:
        tmp.write_bytes(data)


def write_text(target: Path, text: str) -> None:
    """Write UTF-8 text to target atomically."""
    write_bytes(target, text.encode("utf-8"))


def write_with(target: Path, writer: Callable[[IO[bytes]], None]) -> None:
    """Write target atomically through a function that writes to a binary file object."""
    with atomic_path(target) as tmp, tmp.open("wb") as handle:
        writer(handle)
