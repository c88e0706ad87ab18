"""The Since last review sheet: what moved since the last review's figures, and who changed a target."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from kpicascade.scoring.review import Review
from kpicascade.workbook.cells import put_number, put_text
from kpicascade.workbook.placement import SINCE, Layout
from kpicascade.workbook.styles import (
    LABEL,
    SCORE_FORMAT,
    SUBTITLE,
    TITLE,
    WRAP,
    header_row,
    status_colours,
    table,
    widths,
)

COLUMNS = (
    "Measure",
    "ID",
    "Status before",
    "Status now",
    "Score before",
    "Score now",
    "Change",
    "Target before",
    "Target now",
    "Target changed by",
)
HEADER = 4


def _target(value: Any) -> str | None:
    if isinstance(value, dict):
        return "; ".join(f"{p}: {v:g}" for p, v in value.items())
    return None if value is None else f"{value:g}"


def since_sheet(wb: Workbook, lay: Layout, review: Review) -> Worksheet:
    """Add the sheet: one row per node that moved (new reds first), then the plan's new and closed actions."""
    looks = lay.looks
    ws = wb.create_sheet(SINCE)
    put_text(ws.cell(row=1, column=1), f"Since the last review: {lay.result.card.account}").font = TITLE
    note = f"Compared with {review.since}: {review.period_before} to {review.period}. Figures as built."
    put_text(ws.cell(row=2, column=1), note).font = SUBTITLE
    header_row(ws, HEADER, COLUMNS)
    nodes = sorted(review.nodes, key=lambda n: (not n.new_red, not n.status_changed, not n.target_changed, n.id))
    row = HEADER
    for row, n in enumerate(nodes, start=HEADER + 1):
        who = n.changed_by
        by = (
            None
            if who is None
            else who.author + (f", {who.date}, {who.commit[:10]}: {who.subject}" if who.commit else "")
        )
        texts = (n.name, n.id, n.status_before, n.status)
        for column, text in enumerate(texts, start=1):
            looks(put_text(ws.cell(row=row, column=column), text), "wrap", alignment=WRAP)
        for column, value in ((5, n.score_before), (6, n.score), (7, n.points)):
            looks(put_number(ws.cell(row=row, column=column), value), "score", number_format=SCORE_FORMAT)
        for column, target in ((8, _target(n.target_before)), (9, _target(n.target)), (10, by)):
            if n.target_changed and target:
                looks(put_text(ws.cell(row=row, column=column), target), "wrap", alignment=WRAP)
    last = row
    status_colours(ws, f"C{HEADER + 1}:D{max(last, HEADER + 1)}")
    below = last + 2
    for title, actions in (("New actions", review.new_actions), ("Closed actions", review.closed_actions)):
        if actions:
            put_text(ws.cell(row=below, column=1), title).font = LABEL
            for k, a in enumerate(actions, start=1):
                put_text(ws.cell(row=below + k, column=1), f"{a.action} ({a.owner}, due {a.due}, {a.status})")
            below += len(actions) + 2
    widths(ws, [40, 24, 12, 12, 11, 11, 10, 16, 16, 50])
    table(ws, HEADER, last, len(COLUMNS), freeze_column=1)
    return ws
