"""Fixtures for builds: a private copy of the example scorecards."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES


@pytest.fixture
def cards(tmp_path: Path) -> Path:
    """A folder holding a copy of every example scorecard and its actuals."""
    folder = tmp_path / "cards"
    folder.mkdir()
    for path in EXAMPLES:
        for part in path.parent.glob(f"{path.stem}*"):
            shutil.copy(part, folder / part.name)
    return folder


def change_actuals(folder: Path, stem: str) -> None:
    """Nudge one value in an account's actuals, as a new month's data would."""
    path = folder / f"{stem}.actuals.csv"
    lines = path.read_text().splitlines()
    ident, period, value = lines[1].split(",")
    lines[1] = f"{ident},{period},{float(value) * 1.01:.6g}"
    path.write_text("\n".join(lines) + "\n")
