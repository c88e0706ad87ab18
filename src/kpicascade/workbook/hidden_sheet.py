"""The hidden sheet that makes a workbook ours: fingerprint, scorecard path, and where every actual was put.

The input map records, for every actual and signal value, the cell it was written to and its value
then, so that an import finds exactly the cells someone edited, even if the scorecard changed since.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from kpicascade._exceptions import WorkbookError
from kpicascade.workbook import hidden_schema
from kpicascade.workbook.cells import address, put_text
from kpicascade.workbook.placement import D_ACTUAL, META, SIGNALS, TRENDS, Layout

FORMAT = "kpicascade workbook"
VERSION = 1
_CHUNK = 30000  # Excel holds at most 32,767 characters in a cell
#: Cells the input map may span: far above the map of the largest workbook the reader lets through.
_MAX_CHUNKS = 10_000
KEYS = ("format", "version", "fingerprint", "scorecard", "account_id", "period", "calendar", "sheets", "inputs")


@dataclass(frozen=True)
class InputCell:
    """One editable cell: the node or signal, the period, where it is, and the value it was written with."""

    id: str
    period: str
    sheet: str
    coordinate: str
    original: float | None


@dataclass
class Meta:
    """What the hidden sheet says about the workbook."""

    fingerprint: str
    scorecard: str
    account_id: str
    period: str
    calendar: str
    sheets: list[str]
    inputs: dict[str, Any] = field(default_factory=dict)

    def plan_rows(self) -> list[tuple[str, int, str, str]]:
        """Return the Plan sheet's editable rows: item id, row, due date and status as written."""
        return [(str(i), int(r), str(d), str(s)) for i, r, d, s in self.inputs.get("plan", [])]

    def note_rows(self) -> tuple[str, list[tuple[str, int, str | None, str | None]]]:
        """Return the Notes sheet's period and editable rows: node id, row, note and author as written."""
        notes = self.inputs.get("notes") or {"period": self.period, "rows": []}
        return str(notes["period"]), [(str(i), int(r), t, a) for i, r, t, a in notes["rows"]]

    def cells(self) -> list[InputCell]:
        """Return every editable cell of the workbook."""
        periods: list[str] = self.inputs["periods"]
        first = int(self.inputs["first_column"])
        out = []
        for ident, row, home, originals in self.inputs["nodes"]:
            for t, period in enumerate(periods):
                sheet, coordinate = (
                    (home[0], home[1]) if home and period == self.period else (TRENDS, address(first + t, row))
                )
                out.append(InputCell(ident, period, sheet, coordinate, originals[t]))
        for ident, row, originals in self.inputs["signals"]:
            out.extend(
                InputCell(ident, period, SIGNALS, address(first + t, row), originals[t])
                for t, period in enumerate(periods)
            )
        return out


def _number(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


def input_map(lay: Layout) -> dict[str, Any]:
    """Return where every actual and signal value was written, with its value."""
    result = lay.result
    arrays = result.arrays
    nodes = []
    for node, row in lay.trends_row.items():
        if node not in lay.inputs:
            continue
        sheet, home_row = lay.home[node]
        nodes.append(
            [arrays.ids[node], row, [sheet, address(D_ACTUAL, home_row)], [_number(x) for x in arrays.measured[node]]]
        )
    signals = [
        [sid, lay.signal_row[k], [_number(x) for x in arrays.signal_values[k]]]
        for k, sid in enumerate(arrays.signal_ids)
    ]
    return {
        "periods": [str(p) for p in result.periods],
        "first_column": lay.series_column(0),
        "nodes": nodes,
        "signals": signals,
    }


def meta_sheet(
    wb: Workbook, lay: Layout, fingerprint: str, scorecard: str, editable: dict[str, object] | None = None
) -> Worksheet:
    """Add the hidden sheet that identifies the workbook and maps its editable cells (editable: plan and notes)."""
    result = lay.result
    ws = wb.create_sheet(META)
    ws.sheet_state = "hidden"
    values: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "fingerprint": fingerprint,
        "scorecard": scorecard,
        "account_id": result.card.account_id,
        "period": str(result.period),
        "calendar": result.period.calendar,
        "sheets": json.dumps(wb.sheetnames, ensure_ascii=False),
    }
    for row, key in enumerate(KEYS, start=1):
        ws.cell(row=row, column=1, value=key)
        value = values.get(key)
        if isinstance(value, str):
            put_text(ws.cell(row=row, column=2), value)
        elif value is not None:
            ws.cell(row=row, column=2, value=value)
    text = json.dumps({**input_map(lay), **(editable or {})}, separators=(",", ":"))
    for k in range(0, max(len(text), 1), _CHUNK):
        ws.cell(row=len(KEYS), column=2 + k // _CHUNK, value=text[k : k + _CHUNK])
    return ws


def set_scorecard(wb: Workbook, scorecard: str) -> None:
    """Record where the scorecard is, relative to where the workbook is saved."""
    put_text(wb[META].cell(row=KEYS.index("scorecard") + 1, column=2), scorecard)


def read_meta(wb: Workbook) -> Meta:
    """Return what the hidden sheet says, or raise WorkbookError when the workbook is not ours."""
    if META not in wb.sheetnames:
        raise WorkbookError(
            "this is not a kpicascade workbook (its hidden sheet _kpicascade is missing); "
            "make one with: kpicascade workbook SCORECARD -o FILE.xlsx"
        )
    ws = wb[META]
    rows = {str(ws.cell(row=r, column=1).value): ws.cell(row=r, column=2).value for r in range(1, len(KEYS) + 1)}
    if rows.get("format") != FORMAT:
        raise WorkbookError("this is not a kpicascade workbook (its hidden sheet _kpicascade was changed)")
    if rows.get("version") != VERSION:
        raise WorkbookError(
            f"this workbook has format version {rows.get('version')}; this kpicascade reads "
            f"version {VERSION}; make it again with: kpicascade workbook"
        )
    chunks = []
    for column in range(2, min(ws.max_column, _MAX_CHUNKS + 1) + 1):
        value = ws.cell(row=len(KEYS), column=column).value
        if not value:
            break
        chunks.append(str(value))
    try:
        sheets = _sheets(rows.get("sheets"))
        return Meta(
            _text(rows, "fingerprint", r"[0-9a-f]{64}"),
            "" if rows.get("scorecard") in (None, "") else _text(rows, "scorecard", r"[^\x00-\x1f]{1,4096}"),
            _text(rows, "account_id", r"[^\x00-\x1f]{1,200}"),
            _text(rows, "period", r"[0-9]{4}-(Q[1-4]|[0-9]{2})"),
            _text(rows, "calendar", r"month|quarter"),
            sheets,
            hidden_schema.input_map(json.loads("".join(chunks)), sheets),
        )
    except (ValueError, RecursionError) as exc:
        raise WorkbookError(f"the hidden sheet _kpicascade is damaged ({exc}); make the workbook again") from None


def _text(rows: dict[str, Any], key: str, pattern: str) -> str:
    value = rows.get(key)
    if not isinstance(value, str) or not re.fullmatch(pattern, value):
        raise ValueError(f"{key} is {'missing' if value is None else 'not what a workbook we made holds'}")
    return value


def _sheets(text: object) -> list[str]:
    names = json.loads(text) if isinstance(text, str) and len(text) < 20_000 else None
    if not isinstance(names, list) or not 0 < len(names) <= 255:
        raise ValueError("sheets is not a list of sheet names")
    if not all(isinstance(n, str) and 0 < len(n) <= 31 for n in names):
        raise ValueError("sheets holds something that is not a sheet name")
    return names
