"""The preview's state without a server: a change moves the version on, a broken file keeps the last good rendering."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kpicascade.preview import Preview
from tests.cards import BASE, change, write_card

pytestmark = pytest.mark.dot


def _edit(path: Path, text: str) -> None:
    """Write text and move the file's time on, as an editor's save a moment later would."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


def test_an_unchanged_folder_keeps_its_version(tmp_path: Path) -> None:
    write_card(tmp_path, [])
    preview = Preview(tmp_path)
    assert preview.view("card.yaml") is not None
    assert [preview.poll(), preview.poll(), preview.version] == [False, False, 1]


def test_edit_break_and_fix(tmp_path: Path) -> None:
    path, _ = write_card(tmp_path, [])
    preview = Preview(tmp_path)
    first = preview.view("card.yaml")
    assert first is not None
    assert first.rendering is not None
    assert first.problems == []
    assert "On time in full" in [row.name for row in first.rendering.tree]

    _edit(path, change(BASE, [("name: On time in full", "name: Delivered on time and in full")]))
    assert preview.poll() is True
    edited = preview.view("card.yaml")
    assert edited is not None
    assert edited.rendering is not None
    assert "Delivered on time and in full" in [row.name for row in edited.rendering.tree]

    broken_line = "    name: Quote, ship: and invoice"
    _edit(path, change(BASE, [("    name: On time in full", broken_line)]))
    assert preview.poll() is True
    broken = preview.view("card.yaml")
    assert broken is not None
    assert broken.rendering is None
    line = BASE.splitlines().index("    name: On time in full") + 1
    assert [(p.where.rsplit(":", 1)[0], p.excerpt) for p in broken.problems] == [(f"{path}:{line}", broken_line)]
    assert [p.fix for p in broken.problems] == ['name: "Quote, ship: and invoice"']
    assert broken.last_good is edited.rendering
    assert broken.shown is edited.rendering

    _edit(path, BASE)
    assert preview.poll() is True
    fixed = preview.view("card.yaml")
    assert fixed is not None
    assert fixed.rendering is not None
    assert fixed.problems == []
    assert "On time in full" in [row.name for row in fixed.rendering.tree]


@pytest.mark.parametrize("name", ["actuals.csv", "plan.md", "brand/report.css", "part.yml"])
def test_files_that_shape_the_page_are_watched(tmp_path: Path, name: str) -> None:
    write_card(tmp_path, [])
    (tmp_path / name).parent.mkdir(exist_ok=True)
    preview = Preview(tmp_path)
    (tmp_path / name).write_text("x", encoding="utf-8")
    assert preview.poll() is True


@pytest.mark.parametrize("name", ["notes.html", ".git/index.yaml", "scores.xlsx"])
def test_other_files_are_not(tmp_path: Path, name: str) -> None:
    write_card(tmp_path, [])
    (tmp_path / name).parent.mkdir(exist_ok=True)
    preview = Preview(tmp_path)
    (tmp_path / name).write_text("x", encoding="utf-8")
    assert preview.poll() is False


def test_an_unknown_name_has_no_view(tmp_path: Path) -> None:
    write_card(tmp_path, [])
    assert Preview(tmp_path).view("../card.yaml") is None


def test_a_part_is_not_a_scorecard_of_its_own(tmp_path: Path) -> None:
    write_card(tmp_path, [])
    (tmp_path / "part.yaml").write_text("nodes: []\n", encoding="utf-8")
    assert list(Preview(tmp_path).cards()) == ["card.yaml"]
