"""File digests: each file hashed at most once a build, and not at all while its stat is what it was when hashed."""

from __future__ import annotations

import builtins
import io
import json
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from kpicascade.portfolio import build, digests, stamps
from kpicascade.portfolio.digests import RECORD, FileDigests, read_record, write_record
from kpicascade.portfolio.stamps import tool_digest

MERIDIAN = "meridian-health"


@pytest.fixture
def settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust a file's stat as soon as it is hashed (the test's files were all written a moment ago)."""
    monkeypatch.setattr(digests, "SETTLE_NS", 0)


def _opened(monkeypatch: pytest.MonkeyPatch) -> Counter[Path]:
    """Count from now on how often each file is opened (pathlib opens through io.open, the rest through open)."""
    counts: Counter[Path] = Counter()
    real = io.open

    def counting(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | os.PathLike):
            counts[Path(file)] += 1
        return real(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", counting)
    monkeypatch.setattr(builtins, "open", counting)
    return counts


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.usefixtures("settled_at_once")
def test_a_build_with_nothing_changed_reads_no_input_file(
    cards: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert build([cards], out, jobs=1).count("built") == 3
    opened = _opened(monkeypatch)
    assert build([cards], out, jobs=1).count("unchanged") == 3
    read = {p: n for p, n in opened.items() if p.parent == cards}
    # a scorecard is opened once, to find it (a top-level account_id); no actuals or notes file is read
    assert read == dict.fromkeys(cards.glob("*.yaml"), 1)
    # they were each hashed twice a build before (the review period's record, then the stamps)


@pytest.mark.usefixtures("settled_at_once")
def test_a_file_rewritten_with_its_size_and_modification_time_kept_is_rebuilt(cards: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    card = cards / f"{MERIDIAN}.yaml"
    build([card], out, jobs=1)
    actuals = cards / f"{MERIDIAN}.actuals.csv"
    before = os.stat(actuals)
    text = actuals.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    ident, period, value = lines[1].rstrip("\n").split(",")
    changed = f"{ident},{period},{value[:-1]}{'1' if value[-1] != '1' else '2'}\n"  # one digit, same length
    actuals.write_text(text.replace(lines[1], changed, 1), encoding="utf-8")
    os.utime(actuals, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(actuals)
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    report = build([card], out, jobs=1)
    assert report.count("built") == 1  # the ctime moved: the file is hashed and found changed


def test_a_file_hashed_just_after_it_changed_is_hashed_again_next_build(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.csv", "id,period,value\n")
    first = FileDigests()
    assert first(path) == stamps.file_digest(path)
    assert first.seen[str(path)][0] is None  # written a moment ago: a rewrite in the same instant would not show
    assert write_record(tmp_path, first)
    again = read_record(tmp_path)
    assert again(path) == stamps.file_digest(path)
    assert again.hashed == 1
    # found the same: nothing new to record, so a build that changed nothing writes nothing
    assert not again.changed()


def test_a_modification_time_set_back_does_not_make_a_file_settled(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.csv", "id,period,value\n")
    os.utime(path, ns=(0, 0))  # the change of status (ctime) is now all the same
    found = FileDigests()
    found(path)
    assert found.seen[str(path)][0] is None


@pytest.mark.usefixtures("settled_at_once")
def test_a_settled_file_is_not_hashed_while_its_stat_is_unchanged(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.csv", "id,period,value\n")
    first = FileDigests()
    digest = first(path)
    assert first(path) == digest
    assert first.hashed == 1  # once a build
    write_record(tmp_path, first)
    again = read_record(tmp_path)
    assert again(path) == digest
    assert again.hashed == 0
    assert not again.changed()
    _write(path, "id,period,value\nkpi,2026-01,1\n")
    later = read_record(tmp_path)
    assert later(path) == stamps.file_digest(path) != digest
    assert later.hashed == 1
    assert later.changed()


@pytest.mark.parametrize(
    "damaged",
    ["{", "[]", '{"format": 1}', '{"format": 99, "files": {}}', '{"format": 1, "files": {"a": [[1, 2], "x"]}}'],
)
def test_a_damaged_record_is_no_record(tmp_path: Path, damaged: str) -> None:
    _write(tmp_path / RECORD, damaged)
    assert read_record(tmp_path).kept == {}


@pytest.mark.usefixtures("settled_at_once")
def test_a_record_is_written_only_when_it_changes(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.csv", "x\n")
    first = FileDigests()
    first(path)
    assert write_record(tmp_path, first)
    written = (tmp_path / RECORD).stat().st_mtime_ns
    again = read_record(tmp_path)
    again(path)
    assert not write_record(tmp_path, again)
    assert (tmp_path / RECORD).stat().st_mtime_ns == written
    files = json.loads((tmp_path / RECORD).read_text())["files"]
    assert list(files) == [str(path)]
    # a build that looks at fewer files (one account of the folder) has nothing new to say either
    other = _write(tmp_path / "b.csv", "y\n")
    both = read_record(tmp_path)
    both(path), both(other)
    assert write_record(tmp_path, both)
    one = read_record(tmp_path)
    one(other)
    assert not one.changed()


@pytest.mark.usefixtures("settled_at_once")
def test_the_tool_digest_hashes_the_package_once_then_only_what_changed(tmp_path: Path) -> None:
    code = tmp_path / "code"
    shutil.copytree(stamps.CODE_ROOT, code, ignore=shutil.ignore_patterns("__pycache__"))
    first = FileDigests()
    digest = tool_digest(code, first)
    assert digest == tool_digest(code)
    assert first.hashed == sum(1 for p in code.rglob("*") if p.is_file())
    write_record(tmp_path, first)
    again = read_record(tmp_path)
    assert tool_digest(code, again) == digest
    assert again.hashed == 0
    renderer = code / "workbook" / "render.py"
    renderer.write_text(renderer.read_text() + "\n# changed\n")
    later = read_record(tmp_path)
    assert tool_digest(code, later) != digest
    assert later.hashed == 1
