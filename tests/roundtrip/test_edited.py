"""Opening a workbook safely: zip checks before openpyxl, defusedxml inside it, clear errors."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from kpicascade._exceptions import MissingDependencyError, WorkbookError
from kpicascade.roundtrip import edited as read
from kpicascade.roundtrip.edited import open_workbook
from tests.workbook.conftest import Made


def rewrite(source: Path, target: Path, replace: dict[str, bytes], *, streamed: dict[str, int] | None = None) -> Path:
    """Copy a zip, replacing some parts, and adding parts of n megabytes of one repeated letter."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, replace.get(item.filename, old.read(item.filename)))
        for name, megabytes in (streamed or {}).items():
            with new.open(name, "w", force_zip64=True) as handle:
                for _ in range(megabytes):
                    handle.write(b"a" * 2**20)
    return target


ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/hostname">]>'
    b'<x xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&e;</x>'
)


@pytest.mark.parametrize(
    "part",
    [
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/workbook.xml",
        "xl/styles.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/worksheets/sheet1.xml",
    ],
)
def test_every_xml_part_is_read_through_defusedxml(made: Made, tmp_path: Path, part: str) -> None:
    # openpyxl parses all but the worksheets with lxml once lxml is installed; each must still meet defusedxml
    assert openpyxl.DEFUSEDXML is True
    evil = rewrite(made.workbook, tmp_path / "evil.xlsx", {part: ENTITY})
    with pytest.raises(WorkbookError, match=r"not safe XML|Entities|entit|DTD"):
        open_workbook(evil)


def test_refuses_to_read_without_defusedxml(made: Made, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("openpyxl.DEFUSEDXML", False)
    with pytest.raises(MissingDependencyError, match="defusedxml"):
        open_workbook(made.workbook)


def test_a_small_file_holding_200_megabytes_is_refused_before_parsing(made: Made, tmp_path: Path) -> None:
    bomb = rewrite(made.workbook, tmp_path / "bomb.xlsx", {}, streamed={"xl/media/filler.xml": 200})
    assert bomb.stat().st_size < 2 * 2**20
    with pytest.raises(WorkbookError, match="zip bomb"):
        open_workbook(bomb)


def test_one_part_that_expands_too_far_is_refused(made: Made, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read, "MAX_EXPANDED_BYTES", 10**12)
    bomb = rewrite(made.workbook, tmp_path / "bomb.xlsx", {}, streamed={"xl/media/filler.xml": 5})
    with pytest.raises(WorkbookError, match=r"expands .* times over"):
        open_workbook(bomb)


def test_xml_entities_are_refused(made: Made, tmp_path: Path) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&lol2;</workbook>'
    )
    evil = rewrite(made.workbook, tmp_path / "evil.xlsx", {"xl/workbook.xml": laughs})
    with pytest.raises(WorkbookError, match=r"Entities|entit"):
        open_workbook(evil)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"id,period,value\nkpi,2026-01,3\n", "zip archives; this one is not"),
        (b"", "zip archives; this one is not"),
    ],
)
def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "actuals.xlsx"
    path.write_bytes(content)
    with pytest.raises(WorkbookError, match=message):
        open_workbook(path)


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(WorkbookError, match=r"no xl/workbook\.xml"):
        open_workbook(path)


def test_a_damaged_workbook_is_refused(made: Made, tmp_path: Path) -> None:
    broken = rewrite(made.workbook, tmp_path / "broken.xlsx", {"xl/workbook.xml": b"<workbook"})
    with pytest.raises(WorkbookError, match="not a readable Excel workbook"):
        open_workbook(broken)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WorkbookError, match="no such file"):
        open_workbook(tmp_path / "nothing.xlsx")


def test_a_huge_file_is_refused(made: Made, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read, "MAX_FILE_BYTES", 1000)
    with pytest.raises(WorkbookError, match="may be at most"):
        open_workbook(made.workbook)
