"""Open a workbook someone edited, safely, and read the actuals back out of it.

Before openpyxl sees the file, the zip itself is checked: a workbook is a zip of XML parts, and a
small zip can expand to gigabytes. Every XML part is then parsed once with defusedxml, which refuses
document types, entity expansion and external entities (openpyxl parses all but the worksheets with
lxml when lxml is installed, and lxml is a dependency, for fast saves), while the worksheets' rows and
cells are counted, so that a workbook padded with a million rows is refused before openpyxl makes an
object of every cell.
"""

from __future__ import annotations

import io
import math
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import defusedxml.ElementTree as defused
import openpyxl
from defusedxml import DefusedXmlException
from openpyxl import Workbook

from kpicascade._exceptions import MissingDependencyError, WorkbookError
from kpicascade.workbook.hidden_sheet import InputCell, Meta
from kpicascade.workbook.placement import D_ID, SERIES_HEADER

MAX_FILE_BYTES = 50 * 2**20
MAX_EXPANDED_BYTES = 100 * 2**20
#: A part that expands more than this many times over is a zip bomb, not a spreadsheet.
MAX_RATIO = 100
_RATIO_FLOOR = 2**20
#: Rows and cells in all sheets together, counted before openpyxl builds a cell object for each.
MAX_ROWS = 200_000
MAX_CELLS = 2_000_000  # small parts may compress very well without harm


def _check_zip(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise WorkbookError(
            f"{path}: the file is {size / 2**20:.0f} MB; a workbook may be at most {MAX_FILE_BYTES // 2**20} MB"
        )
    if not zipfile.is_zipfile(path):
        raise WorkbookError(f"{path}: not an Excel workbook (.xlsx files are zip archives; this one is not)")
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise WorkbookError(f"{path}: not a readable Excel workbook ({exc})") from None
    expanded = sum(p.file_size for p in parts)
    if expanded > MAX_EXPANDED_BYTES:
        raise WorkbookError(
            f"{path}: the workbook expands to {expanded / 2**20:.0f} MB (at most "
            f"{MAX_EXPANDED_BYTES // 2**20} MB); refusing to open what looks like a zip bomb"
        )
    for part in parts:
        if part.file_size > _RATIO_FLOOR and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise WorkbookError(
                f"{path}: part {part.filename} expands {part.file_size // max(part.compress_size, 1)} "
                "times over; refusing to open what looks like a zip bomb"
            )
    if "xl/workbook.xml" not in {p.filename for p in parts}:
        raise WorkbookError(f"{path}: not an Excel workbook (the zip holds no xl/workbook.xml)")
    _check_xml(path, parts)


def _check_xml(path: Path, parts: list[zipfile.ZipInfo]) -> None:
    """Parse every XML part with defusedxml, refusing any DTD, and count the worksheets' rows and cells."""
    rows = cells = 0
    with zipfile.ZipFile(path) as archive:
        for part in parts:
            if not part.filename.endswith((".xml", ".rels")):
                continue
            try:
                with archive.open(part) as stream:
                    for _event, element in defused.iterparse(stream, forbid_dtd=True):
                        tag = element.tag.rpartition("}")[2]
                        rows += tag == "row"
                        cells += tag == "c"
                        element.clear()
                        if rows > MAX_ROWS or cells > MAX_CELLS:  # stop at once: the rest may be a million rows
                            break
            except DefusedXmlException as exc:
                raise WorkbookError(
                    f"{path}: part {part.filename} is not safe XML ({type(exc).__name__}); refusing to open it"
                ) from None
            except (defused.ParseError, zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
                raise WorkbookError(f"{path}: not a readable Excel workbook (part {part.filename}: {exc})") from None
            if rows > MAX_ROWS or cells > MAX_CELLS:
                raise WorkbookError(
                    f"{path}: the workbook holds more than {MAX_ROWS:,} rows or {MAX_CELLS:,} "
                    "cells; a scorecard workbook is far smaller, so it is refused unread"
                )


def open_workbook(path: Path) -> Workbook:
    """Return the workbook at path with its formulas as text, after checking it is safe to open."""
    if not openpyxl.DEFUSEDXML:
        raise MissingDependencyError(
            "reading workbooks needs defusedxml: pip install defusedxml (and do not set OPENPYXL_DEFUSEDXML=False)"
        )
    if not path.is_file():
        raise WorkbookError(f"{path}: no such file")
    _check_zip(path)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about parts it drops (extensions written by Excel or LibreOffice); we only read
            warnings.simplefilter("ignore")
            # from bytes in memory: openpyxl leaves its file handle open when a damaged part makes it raise
            return openpyxl.load_workbook(io.BytesIO(path.read_bytes()), data_only=False)
    except Exception as exc:  # openpyxl and the XML parser raise many kinds for a damaged file
        raise WorkbookError(f"{path}: not a readable Excel workbook ({type(exc).__name__}: {exc})") from None


@dataclass(frozen=True)
class Edited:
    """An editable cell as found in the workbook: its value, or why it cannot be read."""

    cell: InputCell
    value: float | None
    formula: str | None = None
    problem: str | None = None

    @property
    def where(self) -> str:
        """Return the cell's address with its sheet."""
        return f"{self.cell.sheet}!{self.cell.coordinate}"


def _value(raw: object) -> tuple[float | None, str | None]:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    if isinstance(raw, bool):
        return None, f"{raw} is a true/false value, not a number"
    if isinstance(raw, int | float):
        number = float(raw)
        return (number, None) if math.isfinite(number) else (None, "is not a finite number")
    if isinstance(raw, str):
        try:
            float(raw.strip().replace(",", ""))
        except ValueError:
            return None, f"{raw!r} is not a number"
        return None, f"{raw!r} is a number typed as text; type it again as a number"
    return None, f"{raw!r} is not a number"


def check_sheets(wb: Workbook, meta: Meta) -> None:
    """Raise WorkbookError when a sheet the workbook was made with is missing (renamed or deleted)."""
    missing = [s for s in meta.sheets if s not in wb.sheetnames]
    if missing:
        names = ", ".join(repr(s) for s in missing)
        raise WorkbookError(
            f"sheet(s) {names} are missing: they were renamed or deleted; rename them back (or "
            "make the workbook again) so the actuals can be found"
        )


def check_rows(wb: Workbook, meta: Meta) -> None:
    """Raise WorkbookError when rows or columns holding actuals were moved, so cells would be misread."""
    moved = []
    periods = meta.inputs["periods"]
    first = int(meta.inputs["first_column"])
    for sheet in ("Trends", "Signals"):
        header = [wb[sheet].cell(row=SERIES_HEADER, column=first + t).value for t in range(len(periods))]
        if [str(h) for h in header] != periods:
            moved.append(f"{sheet}: the period columns are not where they were ({', '.join(periods[:3])}, ...)")
    for ident, row, home, _ in meta.inputs["nodes"]:
        if wb["Trends"].cell(row=row, column=2).value != ident:
            moved.append(f"Trends row {row} should hold {ident}")
        home_row = int("".join(ch for ch in home[1] if ch.isdigit()))
        if wb[home[0]].cell(row=home_row, column=D_ID).value != ident:
            moved.append(f"{home[0]} row {home_row} should hold {ident}")
    for ident, row, _ in meta.inputs["signals"]:
        if wb["Signals"].cell(row=row, column=2).value != ident:
            moved.append(f"Signals row {row} should hold {ident}")
    if moved:
        shown = "; ".join(moved[:5]) + (f"; and {len(moved) - 5} more" if len(moved) > 5 else "")
        raise WorkbookError(f"rows or columns were inserted, deleted or moved, so actuals cannot be found: {shown}")


def read_inputs(wb: Workbook, meta: Meta) -> list[Edited]:
    """Return every editable cell with the value it holds now."""
    out = []
    for cell in meta.cells():
        found = wb[cell.sheet][cell.coordinate]
        if found.data_type == "f":
            out.append(Edited(cell, None, formula=str(found.value)))
            continue
        value, problem = _value(found.value)
        out.append(Edited(cell, value, problem=problem))
    return out
