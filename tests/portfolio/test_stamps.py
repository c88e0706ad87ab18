"""Stamps: a build's outputs are rebuilt when the code that wrote them or a library that shapes them changes."""

from __future__ import annotations

import shutil
from importlib import metadata
from pathlib import Path

import pytest

from kpicascade.portfolio import build, stamps
from kpicascade.portfolio.stamps import library_versions, tool_digest


@pytest.fixture
def code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the running package's files, which the build's stamps hash instead of the package itself."""
    copy = tmp_path / "code"
    shutil.copytree(stamps.CODE_ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(stamps, "CODE_ROOT", copy)
    return copy


def _mtime(path: Path) -> int:
    return path.stat().st_mtime_ns


def test_the_digest_follows_every_file_of_the_package(code: Path) -> None:
    first = tool_digest()
    assert tool_digest() == first
    (code / "workbook" / "render.py").write_text((code / "workbook" / "render.py").read_text() + "\n# changed\n")
    second = tool_digest()
    assert second != first
    (code / "diagram" / "new_view.py").write_text('"""A new module."""\n')
    assert tool_digest() not in {first, second}


def test_the_digest_follows_the_libraries_that_shape_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = tool_digest()
    (tmp_path / "openpyxl-99.0.dist-info").mkdir()  # an upgrade, found first on the path
    monkeypatch.syspath_prepend(str(tmp_path))
    assert library_versions()["openpyxl"] == "99.0"
    assert tool_digest() != first


def test_library_versions_are_those_importlib_metadata_gives() -> None:
    assert library_versions() == {name: metadata.version(name) for name in stamps.LIBRARIES}


def test_a_library_not_installed_is_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stamps, "LIBRARIES", ("openpyxl", "no-such-library"))
    assert library_versions() == {"openpyxl": metadata.version("openpyxl"), "no-such-library": "absent"}


def test_changing_a_renderer_rebuilds_what_it_wrote(cards: Path, tmp_path: Path, code: Path) -> None:
    out = tmp_path / "out"
    card = cards / "brightloop-software.yaml"
    assert build([card], out, jobs=1).count("built") == 1
    workbook = out / "brightloop-software" / "scorecard.xlsx"
    before = _mtime(workbook)
    assert build([card], out, jobs=1).count("unchanged") == 1
    assert _mtime(workbook) == before

    renderer = code / "workbook" / "summary_sheet.py"
    renderer.write_text(renderer.read_text() + "\n# a renderer changed by an upgrade\n")
    report = build([card], out, jobs=1)
    assert report.count("built") == 1
    assert _mtime(workbook) != before
    assert str(workbook) in report.outcomes[0].written
