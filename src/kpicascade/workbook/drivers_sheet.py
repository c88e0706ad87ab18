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
from kpicascade.workbook.styles import STATUS_COLOURS, SUBTITLE, TITLE, header_row, table, widths

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


def drivers_sheet(wb: Workbook, findings: Sequence[object], *, before: str | None = None) -> Worksheet:
    """Add the Drivers sheet: one row per finding, a column per field, verdicts coloured."""
    records = [flat(_record(f)) for f in findings]
    columns: list[str] = []
    for record in records:
        columns += [key for key in record if key not in columns]
    index = wb.sheetnames.index(before) if before in wb.sheetnames else None
    ws = wb.create_sheet(DRIVERS, index)
    put_text(ws.cell(row=1, column=1), "Drivers: which usage signals move which results").font = TITLE
    put_text(
        ws.cell(row=2, column=1),
        "Lagged correlations from the data; confirmed, contradicted or not enough "
        "data for each signal linked to a node.",
    ).font = SUBTITLE
    header_row(ws, HEADER, [_title(c) for c in columns])
    for k, record in enumerate(records):
        for column, key in enumerate(columns, start=1):
            _put(ws, HEADER + 1 + k, column, record.get(key))
    last = HEADER + len(records)
    for column, key in enumerate(columns, start=1):
        if key in {"verdict", "status", "result"} and records:
            cells = f"{get_column_letter(column)}{HEADER + 1}:{get_column_letter(column)}{last}"
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
    widths(ws, [max(12.0, min(40.0, len(_title(c)) + 4.0)) for c in columns])
    table(ws, HEADER, last, max(len(columns), 1))
    return ws
