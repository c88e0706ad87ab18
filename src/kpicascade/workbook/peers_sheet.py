"""The Peers sheet: where the account stands among customers like it, KPI by KPI and cohort by cohort.

The standings come from a portfolio build (scoring.peers, as plain data); the rows are the report's "customers
like you" rows (report.peer_rows: the same order, whole percentile and middle half), with the figures as numbers
in the KPI's unit so they can be sorted and filtered. Rows in the top quartile are shaded and bold, and their
quartile says so in words, so that a page printed in black and white still shows them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from kpicascade.report.peer_rows import is_top, middle_half, ordered, whole_percentile
from kpicascade.scoring import Result
from kpicascade.workbook.cells import put_number, put_text
from kpicascade.workbook.placement import PEERS
from kpicascade.workbook.styles import (
    INK,
    SUBTITLE,
    TITLE,
    WRAP,
    figure_width,
    header_row,
    magnitude,
    table,
    text_width,
    unit_format,
    widths,
    wrapped_lines,
)

HEADER = 4
COLUMNS = (
    "KPI",
    "Cohort",
    "Customers",
    "This account",
    "Percentile (100 best)",
    "Quartile",
    "Cohort median",
    "Middle half from",
    "Middle half to",
)
C_NAME, C_COHORT, C_SIZE, C_VALUE, C_PERCENTILE, C_QUARTILE, C_MEDIAN, C_LOW, C_HIGH = range(1, len(COLUMNS) + 1)
#: The top quartile's rows: the report's light green, bold text.
TOP_FILL = PatternFill("solid", fgColor="EEF7EE")
TOP_FONT = Font(name="Calibri", size=11, bold=True, color=INK)
#: The percentile stands in the middle of its column, apart from the quartile's words beside it.
CENTRED = Alignment(horizontal="center")
EXPLAINED = (
    "On the KPIs {account} defines alike with other customers (the same catalogue entry or benchmark key), at "
    "{period}. The percentile is the share of the cohort the account does better than, ties counted half: 100 is "
    "the best, 50 the middle. The middle half runs from the lower to the upper quartile of the cohort. Cohorts "
    "smaller than the minimum size are never shown, so that no customer can be identified. Rows in the top "
    "quartile are shaded and bold."
)


def _row(ws: Worksheet, row: int, standing: Mapping[str, Any], currency: str) -> list[tuple[float | None, str]]:
    """Write one standing's row; return its figures with their number formats (for the columns' widths)."""
    low, high = middle_half(standing)
    figures = [standing["value"], standing["median"], low, high]
    shown = unit_format(standing["unit"], currency, magnitude(figures))
    put_text(ws.cell(row=row, column=C_NAME), standing["name"])
    put_text(ws.cell(row=row, column=C_COHORT), standing["cohort"])
    put_number(ws.cell(row=row, column=C_SIZE), standing["size"]).number_format = "0"
    percentile = put_number(ws.cell(row=row, column=C_PERCENTILE), whole_percentile(standing["percentile"]))
    percentile.number_format, percentile.alignment = "0", CENTRED
    put_text(ws.cell(row=row, column=C_QUARTILE), standing["quartile"])
    for column, figure in zip((C_VALUE, C_MEDIAN, C_LOW, C_HIGH), figures, strict=True):
        put_number(ws.cell(row=row, column=column), figure).number_format = shown
    if is_top(standing):
        for column in range(1, len(COLUMNS) + 1):
            cell = ws.cell(row=row, column=column)
            cell.fill, cell.font = TOP_FILL, TOP_FONT
    return [(figure, shown) for figure in figures]


def peers_sheet(wb: Workbook, result: Result, peers: Sequence[Mapping[str, Any]]) -> Worksheet:
    """Add the Peers sheet: a row per KPI and cohort the account is benchmarked in, the top quartile marked."""
    card = result.card
    ws = wb.create_sheet(PEERS)
    put_text(ws.cell(row=1, column=1), f"Customers like you: where {card.account} stands").font = TITLE
    put_text(ws.cell(row=2, column=1), EXPLAINED.format(account=card.account, period=result.period)).font = SUBTITLE
    header_row(ws, HEADER, COLUMNS)
    rows = ordered(peers)
    figures: list[tuple[float | None, str]] = []
    for k, standing in enumerate(rows):
        figures += _row(ws, HEADER + 1 + k, standing, card.currency)
    figure = figure_width(figures, 12, 18)
    sizes = [
        text_width((s["name"] for s in rows), 24, 44),
        text_width((s["cohort"] for s in rows), 16, 30),
        11.0,
        figure,
        12.0,
        16.0,
        figure,
        figure,
        figure,
    ]
    widths(ws, sizes)
    ws.row_dimensions[HEADER].height = 15 * max(wrapped_lines(t, w) for t, w in zip(COLUMNS, sizes, strict=True))
    # the explanation wraps across the table's width instead of running past the printed page
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(COLUMNS))
    words = ws.cell(row=2, column=1)
    words.alignment = WRAP
    ws.row_dimensions[2].height = 15 * wrapped_lines(str(words.value), sum(sizes))
    table(ws, HEADER, HEADER + len(rows), len(COLUMNS))
    return ws
