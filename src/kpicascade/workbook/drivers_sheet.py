"""The Drivers sheet: driver-analysis findings (which usage signals move which KPIs) as a table.

The sheet takes findings as plain records, so that the driver analysis and the workbook need not
know each other's classes: each finding is a mapping, a dataclass, or has an as_dict() method.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kpicascade.plain_records import record as _record
from kpicascade.workbook.cells import put_text
from kpicascade.workbook.styles import LABEL, STATUS_COLOURS, SUBTITLE, TITLE, header_row, table, widths

DRIVERS = "Drivers"
HEADER = 4
#: Verdict words coloured like statuses.
VERDICT_COLOURS = {
    "confirmed": "green",
    "contradicted": "red",
    "no sign of an effect yet": "amber",
    "too few periods": "no data",
    "too few respondents": "no data",
    "not enough data": "no data",
    "weak": "amber",
}


def flat(record: Mapping[str, Any]) -> dict[str, Any]:
    """Return a record with nested records spread into columns: at_lag {r, n} becomes at_lag_r, at_lag_n.

    >>> flat({"node": "kpi", "at_lag": {"r": 0.6, "n": 18}, "best": None})
    {'node': 'kpi', 'at_lag_r': 0.6, 'at_lag_n': 18, 'best': None}
    """
    out: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, Mapping):
            out.update({f"{key}_{inner}": v for inner, v in value.items()})
        else:
            out[key] = value
    return out


def _title(key: str) -> str:
    return key.replace("_", " ").strip().capitalize()


def _text(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _put(ws: Worksheet, row: int, column: int, value: object) -> None:
    cell = ws.cell(row=row, column=column)
    if value is None or isinstance(value, bool | int | float):
        cell.value = value
        if isinstance(value, float):
            cell.number_format = "0.00"
    elif isinstance(value, list | tuple):
        put_text(cell, ", ".join(str(v) for v in value))
    else:
        put_text(cell, str(value))


def _block(ws: Worksheet, header: int, records: list[dict[str, Any]]) -> tuple[int, list[str]]:
    """Write records as a table with its header row at header, verdicts coloured; return its last row and columns."""
    columns: list[str] = []
    for record in records:
        columns += [key for key in record if key not in columns]
    header_row(ws, header, [_title(c) for c in columns])
    for k, record in enumerate(records):
        for column, key in enumerate(columns, start=1):
            _put(ws, header + 1 + k, column, record.get(key))
    last = header + len(records)
    for column, key in enumerate(columns, start=1):
        if key in {"verdict", "status", "result"} and records:
            cells = f"{get_column_letter(column)}{header + 1}:{get_column_letter(column)}{last}"
            for word, status in VERDICT_COLOURS.items():
                fill, font = STATUS_COLOURS[status]
                ws.conditional_formatting.add(
                    cells,
                    CellIsRule(
                        operator="equal",
                        formula=[f'"{word}"'],
                        fill=PatternFill("solid", bgColor=fill),
                        font=Font(color=font),
                    ),
                )
    return last, columns


def drivers_sheet(
    wb: Workbook, findings: Sequence[object], *, surveys: Sequence[object] = (), before: str | None = None
) -> Worksheet:
    """Add the Drivers sheet: one row per finding, a column per field, verdicts coloured; survey drivers below.

    surveys are survey-driver records (one per question, with the measurements under it); with no signal
    findings they alone fill the sheet.
    """
    records = [flat(_record(f)) for f in findings]
    questions = [flat(_record(q)) for q in surveys]
    index = wb.sheetnames.index(before) if before in wb.sheetnames else None
    ws = wb.create_sheet(DRIVERS, index)
    put_text(ws.cell(row=1, column=1), "Drivers: which usage signals move which results").font = TITLE
    put_text(
        ws.cell(row=2, column=1),
        "From the data: confirmed, contradicted, no sign of an effect yet, or too few periods, for each signal "
        "linked to a node; survey questions judged on their partial effect.",
    ).font = SUBTITLE
    last, columns, asked = HEADER, list[str](), list[str]()
    if records or not questions:
        last, columns = _block(ws, HEADER, records)
        table(ws, HEADER, last, max(len(columns), 1))
    if questions:
        top = last + 3 if records else HEADER
        put_text(ws.cell(row=top - 1, column=1), "Survey drivers: which answers move the outcome").font = LABEL
        end, asked = _block(ws, top, questions)
        if not records:
            table(ws, top, end, len(asked))
    width = [12.0] * max(len(columns), len(asked))
    for keys, rows in ((columns, records), (asked, questions)):
        for j, key in enumerate(keys):
            longest = max([len(_title(key)), *(len(_text(r.get(key))) for r in rows)])
            width[j] = max(width[j], min(40.0, longest + 3.0))
    widths(ws, width)
    return ws
