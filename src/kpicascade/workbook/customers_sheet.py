"""The Customers sheet: the objectives of the account's own customers and how the nodes serving them do."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from kpicascade.format import percent
from kpicascade.scoring.chain import customer_rows
from kpicascade.workbook.cells import put_text
from kpicascade.workbook.placement import CUSTOMERS, Layout
from kpicascade.workbook.styles import (
    SUBTITLE,
    TITLE,
    WRAP,
    fit_rows,
    header_row,
    status_colours,
    table,
    text_width,
    widths,
)

COLUMNS = ("Customer", "Customer's scorecard", "Objective", "Status", "Served by")
HEADER = 4


def customers_sheet(wb: Workbook, lay: Layout) -> Worksheet:
    """Add the Customers sheet: one row per customer objective, with the worst status among what serves it."""
    result, looks = lay.result, lay.looks
    ws = wb.create_sheet(CUSTOMERS)
    put_text(ws.cell(row=1, column=1), f"What {result.card.account}'s customers need").font = TITLE
    put_text(
        ws.cell(row=2, column=1), f"Statuses at {result.period}, from the scores of the nodes serving each objective."
    ).font = SUBTITLE
    header_row(ws, HEADER, COLUMNS)
    rows = customer_rows(result)
    for k, c in enumerate(rows):
        row = HEADER + 1 + k
        served = "\n".join(f"{s.name}: {s.status} ({percent(s.score)})" for s in c.served_by)
        for column, text in enumerate((c.account, c.account_id, c.name, c.status, served), start=1):
            if text:
                looks(put_text(ws.cell(row=row, column=column), text), "wrap", alignment=WRAP)
    last = HEADER + len(rows)
    status_colours(ws, f"D{HEADER + 1}:D{max(last, HEADER + 1)}")
    sizes = [text_width([c.account for c in rows], 14, 36), 18, 50, 10, 60]
    widths(ws, sizes)
    fit_rows(ws, HEADER + 1, last, {1: sizes[0], 3: sizes[2], 5: sizes[4]})
    table(ws, HEADER, last, len(COLUMNS), freeze_column=1)
    return ws
