"""The text cell writer: every sheet's bytes as openpyxl's own writer makes them, whatever the cell holds."""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Font
from openpyxl.worksheet import _writer as sheet_writer
from openpyxl.worksheet.formula import ArrayFormula

import kpicascade
from kpicascade.workbook import _cellxml, render
from kpicascade.workbook.cells import put_text
from kpicascade.workbook.portfolio import portfolio
from kpicascade.workbook.summaries import summarise

ROOT = Path(__file__).resolve().parents[2]
CARDS = [*sorted((ROOT / "scorecards").glob("*.yaml")), ROOT / "tests" / "workbook" / "cards" / "coverage.yaml"]

VALUES = [
    "plain", "", "  ", " leading", "trailing ", "\ttab", "line\nbreak", "<b>&amp;</b> \"quoted\" 'single'", "é ✔ 数字",
    "=SUM(A1:A2)", '=IF(A1="<x>","&",1)', "=", "#N/A", 0, 1, -7, 2**53 + 1, 0.1, -1e-300, 1e300, 1 / 3, math.nan,
    math.inf, True, False, None, dt.date(2026, 1, 31), dt.datetime(2026, 1, 31, 12, 30), dt.time(8, 15),
    dt.timedelta(days=2),
]


def sheets(save: Callable[[io.BytesIO], None]) -> dict[str, bytes]:
    buffer = io.BytesIO()
    save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")}


def both(make: Callable[[], Workbook]) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Return every sheet's XML made and saved by openpyxl's writer, then by the text writer."""
    assert _cellxml.supported()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_cellxml, "supported", lambda: False)  # a streamed workbook writes rows as they are made
        with _cellxml.fast_cells():
            assert sheet_writer.write_cell is not _cellxml.write_cell
            plain = sheets(make().save)
    with _cellxml.fast_cells():
        assert sheet_writer.write_cell is _cellxml.write_cell
        fast = sheets(make().save)
    assert sheet_writer.write_cell is not _cellxml.write_cell
    return plain, fast


def every_kind_of_cell() -> Workbook:
    wb = Workbook()
    ws = wb.active
    for row, value in enumerate(VALUES, start=1):
        ws.cell(row=row, column=1, value=value)
        ws.cell(row=row, column=2, value=value).font = Font(bold=True)
        if isinstance(value, str):
            put_text(ws.cell(row=row, column=3), value)
    ws.cell(row=1, column=4).font = Font(italic=True)  # styled, empty
    ws["E1"] = "link"
    ws["E1"].hyperlink = "https://example.com/?a=1&b=2"
    ws["E2"] = ArrayFormula("E2:E3", "=A1:A2*2")
    ws["E4"] = CellRichText(["plain ", TextBlock(InlineFont(b=True), "bold")])
    return wb


def test_every_kind_of_cell_is_written_as_openpyxl_writes_it() -> None:
    plain, fast = both(every_kind_of_cell)
    assert plain == fast


@pytest.mark.parametrize("path", CARDS, ids=[p.stem for p in CARDS])
def test_a_scorecard_workbook_is_written_as_openpyxl_writes_it(path: Path) -> None:
    result = kpicascade.load(path).score()
    plain, fast = both(lambda: render(result))
    assert len(plain) > 5
    assert plain == fast


def test_the_portfolio_workbook_is_written_as_openpyxl_writes_it() -> None:
    records = [summarise(kpicascade.load(path).score()) for path in CARDS]
    plain, fast = both(lambda: portfolio(records))
    assert plain == fast


def test_blocks_nest_and_restore_openpyxls_writer() -> None:
    with _cellxml.fast_cells():
        with _cellxml.fast_cells():
            assert sheet_writer.write_cell is _cellxml.write_cell
        assert sheet_writer.write_cell is _cellxml.write_cell
    assert sheet_writer.write_cell is not _cellxml.write_cell
