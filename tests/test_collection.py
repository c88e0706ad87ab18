"""Every test file contributes a collected test: a folder pytest skips, or a file whose tests never run, fails here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_test_file_contributes_a_collected_test() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    collected = {line.split("::", 1)[0] for line in done.stdout.splitlines() if "::" in line}
    files = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("test_*.py")}
    assert files, "no test files found"
    assert sorted(files - collected) == []


def test_no_folder_name_is_skipped_by_pytest() -> None:
    # pytest's default norecursedirs skips folders named build or dist; the project names its own instead
    text = (ROOT / "pyproject.toml").read_text()
    assert "norecursedirs" in text
    skipped = {p.name for p in (ROOT / "tests").rglob("*") if p.is_dir()} & {"build", "dist", "_darcs", "CVS", "venv"}
    assert skipped == set()
