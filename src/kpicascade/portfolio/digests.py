"""The digests of a build's files: each hashed at most once a build, and not at all while its stat is unchanged.

A build keeps, beside its output, the stat and digest of every file it hashed (`.kpicascade-inputs.json`) and
takes a file's digest from there while the file's size, modification time, status-change time and inode
(file id on Windows) are still those it had when hashed. Rewriting a file changes its status-change time
(ctime), and so does setting its modification time back (`touch -d`, `os.utime`): a file rewritten with the
same size and its old modification time restored is still hashed again. A file replaced by another (an
editor's save, a copy, a checkout) has a new inode or ctime too.

The one case a stat cannot tell is a file written again within the timestamp granularity of its last change,
right after it was hashed: its stat would be the same for different bytes. So a file whose last change is
less than SETTLE_NS before it was hashed is not trusted by its stat: it is hashed again by every build until
a build that writes the record finds it settled (and hashes it once more to say so). On Windows, where a
file's ctime is its creation time, a rewrite that restores both size and modification time is not seen.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path

from kpicascade import input_files
from kpicascade.portfolio import stamps
from kpicascade.writing import write_text

#: Beside a build's output: each file hashed, with the stat it had and its digest.
RECORD = ".kpicascade-inputs.json"
#: A change this recent when a file is hashed may be followed by another within the same timestamp (2 s: the
#: coarsest granularity in use, FAT's; most file systems stamp to the nanosecond or the clock tick).
SETTLE_NS = 2_000_000_000
_FORMAT = 1

Stat = tuple[int, int, int, int]


def stat_of(path: Path) -> Stat | None:
    """Return what tells that a file's bytes may have changed: size, mtime, ctime and inode (None: cannot stat)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def settled(stat: Stat, now_ns: int) -> bool:
    """Return whether a file's last change (its mtime or ctime, the later) is older than SETTLE_NS at now_ns."""
    return now_ns - max(stat[1], stat[2]) >= SETTLE_NS


class FileDigests:
    """A build's file digests: from the record while a file's stat is unchanged, else hashed, once per build."""

    def __init__(self, kept: dict[str, tuple[Stat | None, str]] | None = None) -> None:
        self.kept = dict(kept or {})
        #: path -> (its stat when hashed, or None when it had not settled, and its digest), for this build
        self.seen: dict[str, tuple[Stat | None, str]] = {}
        #: Files whose bytes were read this build (a no-op build reads none).
        self.hashed = 0
        self._refusals: dict[tuple[str, str | None], str | None] = {}

    def __call__(self, path: Path) -> str:
        """Return the sha256 of a file's bytes (or 'missing'), hashing it only when its stat says it may differ."""
        key = str(path)
        if key in self.seen:
            return self.seen[key][1]
        stat = stat_of(path)
        kept = self.kept.get(key)
        if stat is not None and kept is not None and kept[0] == stat:
            self.seen[key] = kept
        else:
            self.seen[key] = self._hash(path, stat)
        return self.seen[key][1]

    def refusal(self, path: Path, root: Path | None = None) -> str | None:
        """Return why path may not be read as an input (input_files.refusal), found once a build."""
        key = (str(path), None if root is None else str(root))
        if key not in self._refusals:
            self._refusals[key] = input_files.refusal(path, root)
        return self._refusals[key]

    def _hash(self, path: Path, stat: Stat | None) -> tuple[Stat | None, str]:
        """Return a file's digest, with the stat it had when read if that stat can be trusted later."""
        now = time.time_ns()
        digest = stamps.file_digest(path)
        self.hashed += 1
        trusted = stat is not None and settled(stat, now) and stat_of(path) == stat
        return (stat if trusted else None), digest

    def learn(self, seen: dict[str, tuple[Stat | None, str]]) -> None:
        """Take the digests another process worked out for this build (what it saw, as in seen)."""
        for key, value in seen.items():
            self.seen.setdefault(key, value)

    def changed(self) -> bool:
        """Return whether the record would say something new of a file this build looked at: another stat or digest.

        A file hashed again only because it had not settled when recorded, and found the same, is nothing new, nor
        is a file recorded that this build did not look at: a build that changes nothing writes nothing.
        """
        for key, (stat, digest) in self.seen.items():
            kept = self.kept.get(key)
            if kept is None or digest != kept[1] or (kept[0] is not None and stat != kept[0]):
                return True
        return False

    def settle(self) -> None:
        """Hash again the files that had not settled when hashed and have now, so that the record trusts them."""
        for key, (stat, _) in list(self.seen.items()):
            if stat is None:
                now = stat_of(Path(key))
                if now is not None and settled(now, time.time_ns()):
                    self.seen[key] = self._hash(Path(key), now)


def read_record(out: Path) -> FileDigests:
    """Return the digests a build into out kept (none when there is no record, or a damaged one)."""
    with contextlib.suppress(OSError, ValueError):
        data = json.loads((out / RECORD).read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("format") == _FORMAT and isinstance(data.get("files"), dict):
            return FileDigests({k: e for k, v in data["files"].items() if (e := _entry(v)) is not None})
    return FileDigests()


def _entry(value: object) -> tuple[Stat | None, str] | None:
    """Return a record's entry as (stat, digest), or None when it is not one a build writes."""
    if not isinstance(value, list) or len(value) != 2 or not isinstance(value[1], str):
        return None
    stat = value[0]
    if stat is None:
        return None, value[1]
    if isinstance(stat, list) and len(stat) == 4 and all(type(n) is int for n in stat):
        return (stat[0], stat[1], stat[2], stat[3]), value[1]
    return None


def write_record(out: Path, digests: FileDigests) -> bool:
    """Write the files a build looked at beside its output when that says something new (FileDigests.changed).

    Return whether it was written. Files recorded before that this build did not look at are left out.
    """
    if not digests.changed():
        return False
    digests.settle()
    files = {k: [list(stat) if stat else None, digest] for k, (stat, digest) in sorted(digests.seen.items())}
    with contextlib.suppress(OSError):  # the record saves time, nothing more: a build goes on without it
        write_text(out / RECORD, json.dumps({"format": _FORMAT, "files": files}))
    return True
