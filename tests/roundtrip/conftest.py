"""The round trip's tests use the workbook tests' made workbooks and LibreOffice."""

from pathlib import Path

import pytest

from tests.workbook.conftest import coverage_path, made, recalculate

__all__ = ["coverage_path", "made", "recalculate"]


@pytest.fixture(autouse=True)
def _work_in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run each test in its scratch folder, as someone imports in the folder holding scorecard and workbook."""
    monkeypatch.chdir(tmp_path)
