"""A sheet per department: its nodes top-down with owner, unit, baseline, target, actual, progress and status."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kpicascade.workbook import formulas, live_cells
from kpicascade.workbook.build_figures import TrendTerms
from kpicascade.workbook.cells import address, put_formula_or_text, put_number, put_text, ref
from kpicascade.workbook.placement import (
    ACTUAL,
    CALC,
    D_ACTUAL,
    D_BASELINE,
    D_DATA,
    D_ID,
    D_KIND,
    D_NODE,
    D_OWNER,
    D_PROGRESS,
    D_SCORE,
    D_STATUS,
    D_TARGET,
    D_TREND,
    D_UNIT,
    DEPT_COLUMNS,
    DEPT_HEADER,
    OWN,
    STATUS,
    DepartmentSheet,
    Layout,
)
from kpicascade.workbook.styles import (
    CENTER,
    INPUT,
    INPUT_FILL,
    LABEL,
    NOTE,
    SCORE_FORMAT,
    SUBTITLE,
    TITLE,
    figure_width,
    header_row,
    score_bars,
    score_formats,
    status_colours,
    table,
    text_width,
    widths,
)

KIND_LABELS = {"objective": "Objective", "kpi": "KPI", "kpm": "KPM", "mbo": "MBO"}
#: A node's name is indented two steps per level below the top, at most 15 (made once: style objects are slow).
INDENTS = [Alignment(horizontal="left", indent=k) for k in range(16)]


def numbers_only() -> DataValidation:
    """Return the data validation of actual cells: any number, or empty for no data."""
    return DataValidation(
        type="decimal",
        operator="between",
        formula1="-1E+300",
        formula2="1E+300",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Numbers only",
        error="Type a number, or clear the cell when there is no data.",
        promptTitle="Actual",
        prompt="Type this period's actual.",
        showInputMessage=True,
    )


def _calc(lay: Layout, block: int, node: int) -> str:
    return ref(CALC, lay.calc_column(block, lay.result.t), lay.calc_row(node))


def _node_row(ws: Worksheet, lay: Layout, row: int, node: int, depth: int, trend: TrendTerms) -> None:
    result, looks = lay.result, lay.looks
    card, arrays, t = result.card, result.arrays, result.t
    item = card.nodes[node]
    metric = item.metric
    name = put_text(ws.cell(row=row, column=D_NODE), item.name)
    indent = min(depth * 2, 15)
    looks(name, f"name {indent}", alignment=INDENTS[indent], **({"font": LABEL} if depth == 0 else {}))
    ws.cell(row=row, column=D_ID, value=item.id)
    ws.cell(row=row, column=D_KIND, value=KIND_LABELS[item.kind])
    put_text(ws.cell(row=row, column=D_OWNER), card.owner_of(item))
    if metric is not None:
        number_format = lay.number_format(node)
        put_text(ws.cell(row=row, column=D_UNIT), metric.unit)
        figure = f"number {number_format}"
        looks(
            put_number(ws.cell(row=row, column=D_BASELINE), float(arrays.baseline_at[node, lay.result.t])),
            figure,
            number_format=number_format,
        )
        looks(
            put_number(ws.cell(row=row, column=D_TARGET), float(arrays.target[node, t])),
            figure,
            number_format=number_format,
        )
        actual = ws.cell(row=row, column=D_ACTUAL)
        if node in lay.inputs:
            put_number(actual, float(arrays.measured[node, t]))
            looks(actual, f"input {number_format}", number_format=number_format, fill=INPUT_FILL, font=INPUT)
        else:
            actual.value = formulas.shown(_calc(lay, ACTUAL, node))
            looks(actual, figure, number_format=number_format)
        progress = ws.cell(row=row, column=D_PROGRESS, value=live_cells.score(lay, node, OWN))
        looks(progress, "score", number_format=SCORE_FORMAT)
    looks(ws.cell(row=row, column=D_SCORE, value=live_cells.score(lay, node)), "score", number_format=SCORE_FORMAT)
    looks(
        ws.cell(row=row, column=D_STATUS, value=formulas.status_name(_calc(lay, STATUS, node))),
        "centre",
        alignment=CENTER,
    )
    looks(ws.cell(row=row, column=D_TREND, value=live_cells.arrow(lay, node, trend)), "centre", alignment=CENTER)
    coverage = live_cells.coverage(lay, node)
    if coverage is not None:
        looks(
            put_formula_or_text(ws.cell(row=row, column=D_DATA), coverage),
            "note",
            font=NOTE,
        )
    if depth:
        ws.row_dimensions[row].outline_level = min(depth, 7)


def department_sheet(wb: Workbook, lay: Layout, sheet: DepartmentSheet, trends: list[TrendTerms]) -> Worksheet:
    """Add one department's sheet, its cascade shown by indentation and grouped rows."""
    result = lay.result
    ws = wb.create_sheet(sheet.title)
    dept = sheet.department
    put_text(ws.cell(row=1, column=1), dept.name if dept else "Nodes without a department").font = TITLE
    owner = f"Owner: {dept.owner}. " if dept and dept.owner else ""
    note = (
        f"{owner}Period {result.period_label}. Type actuals in the blue cells; progress, score and status "
        "recompute here and on the Summary."
    )
    put_text(ws.cell(row=2, column=1), note).font = SUBTITLE
    header_row(ws, DEPT_HEADER, DEPT_COLUMNS)
    placed = [(sheet.row_of(position), node) for position, (node, _depth) in enumerate(sheet.rows)]
    for position, (node, depth) in enumerate(sheet.rows):
        _node_row(ws, lay, sheet.row_of(position), node, depth, trends[node])
    last = sheet.row_of(len(sheet.rows) - 1)
    first = DEPT_HEADER + 1
    validation = numbers_only()
    ws.add_data_validation(validation)
    validation.add(f"{address(D_ACTUAL, first)}:{address(D_ACTUAL, last)}")
    status_colours(ws, f"{address(D_STATUS, first)}:{address(D_STATUS, last)}")
    score_bars(ws, f"{address(D_SCORE, first)}:{address(D_SCORE, last)}")
    ws.sheet_properties.outlinePr.summaryBelow = False
    arrays, t = result.arrays, result.t
    figures = [
        (float(x), lay.number_format(node))
        for node, _ in sheet.rows
        if result.card.nodes[node].metric is not None
        for x in (arrays.baseline_at[node, t], arrays.target[node, t], arrays.actual[node, t])
    ]
    number_width = figure_width(figures, 12, 22)
    names = [result.card.nodes[node].name for node, _ in sheet.rows]
    owners = [result.card.owner_of(result.card.nodes[node]) for node, _ in sheet.rows]
    widths(
        ws,
        [
            text_width(names, 24, 60) + 4,
            text_width([result.card.nodes[n].id for n, _ in sheet.rows], 10, 40),
            10,
            text_width(owners, 10, 36),
            10,
            number_width,
            number_width,
            number_width,
            10,
            12,
            10,
            7,
            22,
        ],
    )
    judged = [(address(c, r), live_cells.thresholds(lay, n)) for c in (D_PROGRESS, D_SCORE) for r, n in placed]
    score_formats(ws, judged)
    table(ws, DEPT_HEADER, last, len(DEPT_COLUMNS))
    return ws
