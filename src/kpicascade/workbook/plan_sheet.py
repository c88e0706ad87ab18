"""The Plan sheet: the account plan's actions, with due dates and statuses an executive may edit and import."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kpicascade.model import PLAN_STATUSES
from kpicascade.scoring.actions import plan_rows
from kpicascade.workbook.cells import address, put_text
from kpicascade.workbook.placement import P_DUE, P_STATUS, PLAN, PLAN_COLUMNS, PLAN_HEADER, Layout
from kpicascade.workbook.styles import (
    INPUT,
    INPUT_FILL,
    SUBTITLE,
    TITLE,
    TOP,
    WRAP,
    fit_rows,
    header_row,
    table,
    text_width,
    widths,
)


def statuses() -> DataValidation:
    """Return the data validation of status cells: one of the plan's statuses."""
    return DataValidation(
        type="list",
        formula1=f'"{",".join(PLAN_STATUSES)}"',
        allow_blank=False,
        showErrorMessage=True,
        errorTitle="Status",
        error="Choose planned, in_progress, blocked or done.",
        promptTitle="Status",
        prompt="Where the action stands; import-actuals writes it back to the scorecard.",
        showInputMessage=True,
    )


def days() -> DataValidation:
    """Return the data validation of due-date cells: a day written as text, like 2026-09-30."""
    return DataValidation(
        type="textLength",
        operator="equal",
        formula1="10",
        allow_blank=False,
        showErrorMessage=True,
        errorTitle="Due date",
        error="Type the day as text, like 2026-09-30.",
        promptTitle="Due date",
        prompt="The day it is due, like 2026-09-30; import-actuals writes it back to the scorecard.",
        showInputMessage=True,
    )


def plan_sheet(wb: Workbook, lay: Layout) -> tuple[Worksheet, list[list[object]]]:
    """Add the Plan sheet, open items first by due date; return it and its editable rows (id, row, due, status)."""
    result, looks = lay.result, lay.looks
    ws = wb.create_sheet(PLAN)
    put_text(ws.cell(row=1, column=1), f"Account plan: {result.card.account}").font = TITLE
    note = f"Flags as of {result.period}. Edit Due and Status (yellow) and run kpicascade import-actuals."
    put_text(ws.cell(row=2, column=1), note).font = SUBTITLE
    header_row(ws, PLAN_HEADER, PLAN_COLUMNS)
    rows = plan_rows(result)
    editable: list[list[object]] = []
    status_check, due_check = statuses(), days()
    for k, item in enumerate(rows):
        row = PLAN_HEADER + 1 + k
        texts: list[str | None] = [item.id, item.action, item.kind, item.owner, item.side]
        texts += [", ".join(item.node_names), item.effect, None, None, ", ".join(item.flags)]
        for column, text in enumerate(texts, start=1):
            if text:
                looks(put_text(ws.cell(row=row, column=column), text), "wrap", alignment=WRAP)
        for column, value in ((P_DUE, item.due), (P_STATUS, item.status)):  # at the top, beside the wrapped texts
            cell = put_text(ws.cell(row=row, column=column), value)
            looks(cell, "input top", fill=INPUT_FILL, font=INPUT, alignment=TOP)
        editable.append([item.id, row, item.due, item.status])
    if rows:  # one range per column: openpyxl checks each added cell against every range before it
        last = PLAN_HEADER + len(rows)
        due_check.add(f"{address(P_DUE, PLAN_HEADER + 1)}:{address(P_DUE, last)}")
        status_check.add(f"{address(P_STATUS, PLAN_HEADER + 1)}:{address(P_STATUS, last)}")
        ws.add_data_validation(status_check)
        ws.add_data_validation(due_check)
    sizes = [text_width([r.id for r in rows], 10, 28), 50, 10, text_width([r.owner for r in rows], 14, 36)]
    sizes += [9, 36, 36, 12, 12, 24]
    widths(ws, sizes)
    fit_rows(ws, PLAN_HEADER + 1, PLAN_HEADER + len(rows), {2: sizes[1], 4: sizes[3], 6: sizes[5], 7: sizes[6]})
    table(ws, PLAN_HEADER, PLAN_HEADER + len(rows), len(PLAN_COLUMNS), freeze_column=1)
    return ws, editable
