"""The Trends sheet: every measured node's actual per period, KPI targets, and a line chart per KPI."""

from __future__ import annotations

from itertools import pairwise

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference, Series
from openpyxl.comments import Comment
from openpyxl.worksheet.worksheet import Worksheet

from kpicascade.workbook import formulas
from kpicascade.workbook.cells import address, put_number, put_text, ref
from kpicascade.workbook.department_sheet import numbers_only
from kpicascade.workbook.placement import ACTUAL, CALC, D_ACTUAL, SERIES_FIRST_COLUMN, SERIES_HEADER, TRENDS, Layout
from kpicascade.workbook.styles import (
    INPUT,
    INPUT_FILL,
    LABEL,
    SUBTITLE,
    TITLE,
    axis_format,
    figure_width,
    header_row,
    magnitude,
    place_chart,
    table,
    text_width,
    widths,
)

SERIES_COLUMNS = ("Node", "ID", "Department", "Unit")
#: Charts: size in centimetres, how many rows one takes, and how many sit side by side.
CHART_WIDTH, CHART_HEIGHT, CHART_ROWS, CHARTS_PER_ROW = 16.0, 7.5, 16, 2


def _department_name(lay: Layout, node: int) -> str | None:
    dept = lay.result.card.department(lay.result.card.nodes[node].department)
    return dept.name if dept else None


def _labels(ws: Worksheet, lay: Layout, row: int, node: int) -> None:
    item = lay.result.card.nodes[node]
    put_text(ws.cell(row=row, column=1), item.name)
    ws.cell(row=row, column=2, value=item.id)
    put_text(ws.cell(row=row, column=3), _department_name(lay, node))
    put_text(ws.cell(row=row, column=4), item.metric.unit if item.metric else None)


def _actual_row(ws: Worksheet, lay: Layout, node: int) -> None:
    result = lay.result
    row = lay.trends_row[node]
    _labels(ws, lay, row, node)
    number_format = lay.number_format(node)
    for t in range(lay.period_count):
        cell = ws.cell(row=row, column=lay.series_column(t))
        if node in lay.inputs and t != result.t:
            lay.looks(cell, f"input {number_format}", number_format=number_format, fill=INPUT_FILL, font=INPUT)
        else:
            lay.looks(cell, f"number {number_format}", number_format=number_format)
        if node not in lay.inputs and t in lay.periods_of(node):
            cell.value = formulas.shown(ref(CALC, lay.calc_column(ACTUAL, t), lay.calc_row(node)))
        elif node not in lay.inputs:  # a period Calc does not compute: the engine's value, as it stands
            put_number(cell, float(result.arrays.actual[node, t]))
        elif t == result.t:
            sheet, home_row = lay.home[node]
            cell.value = formulas.echo(ref(sheet, D_ACTUAL, home_row))
        else:
            put_number(cell, float(result.arrays.measured[node, t]))  # reports only: held values are computed
        mark = _cell_mark(lay, node, t)
        if mark:
            cell.comment = Comment(mark, "kpicascade", width=200, height=40)


def _cell_mark(lay: Layout, node: int, t: int) -> str:
    """Return what a node's period rests on when part of a period ("2 of 3 months"), else nothing."""
    cover = lay.result.arrays.coverage
    if cover.mixed_sum[node, t]:
        return "No sum: its children cover different months of the period."  # as partial_mark says
    months = int(cover.node_counted[node, t])
    return f"{months} of {cover.whole} months" if 0 < months < cover.whole else ""


def _period_mark(lay: Layout, t: int) -> str:
    """Return a period's mark above its column: to date, or a metric still to report it, else nothing."""
    cover = lay.result.arrays.coverage
    if cover.partial[t]:
        return f"to date: {cover.counted[t]} of {cover.whole} months"
    behind = int(cover.behind[:, t].sum())
    if behind and cover.counted[t] == cover.due[t]:
        return f"{behind} still to report" if behind > 1 else "1 still to report"
    return ""


def _target_row(ws: Worksheet, lay: Layout, node: int) -> None:
    result = lay.result
    row = lay.target_row[node]
    _labels(ws, lay, row, node)
    number_format = lay.number_format(node)
    for t in range(lay.period_count):
        cell = put_number(ws.cell(row=row, column=lay.series_column(t)), float(result.arrays.target[node, t]))
        lay.looks(cell, f"number {number_format}", number_format=number_format)


def _chart(ws: Worksheet, lay: Layout, node: int, top_left: tuple[int, int], bottom_right: tuple[int, int]) -> None:
    item = lay.result.card.nodes[node]
    first, last = lay.series_column(0), lay.series_column(lay.period_count - 1)
    chart = LineChart()
    chart.title = item.name[:120]
    chart.width, chart.height = CHART_WIDTH, CHART_HEIGHT
    chart.display_blanks = "gap"
    arrays = lay.result.arrays
    biggest = magnitude(float(x) for row in (arrays.actual[node], arrays.target[node]) for x in row)
    unit = item.metric.unit if item.metric else None
    chart.y_axis.number_format = axis_format(unit, lay.result.card.currency, biggest)
    chart.y_axis.majorGridlines = None
    for row, title in ((lay.trends_row[node], "Actual"), (lay.target_row[node], "Target")):
        series = Series(Reference(ws, min_col=first, max_col=last, min_row=row, max_row=row), title=title)
        series.smooth = False  # a smoothed line would invent values between periods
        chart.series.append(series)
    chart.legend.position = "b"
    chart.series[1].graphicalProperties.line.dashStyle = "dash"
    chart.set_categories(Reference(ws, min_col=first, max_col=last, min_row=SERIES_HEADER, max_row=SERIES_HEADER))
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    place_chart(ws, chart, top_left, bottom_right)


def _chart_columns(column_widths: list[float]) -> list[int]:
    """Return the columns where side-by-side charts start, from the column widths in characters."""
    starts, used, column = [1], 0.0, 1
    chars_per_chart = CHART_WIDTH / 0.19  # about 0.19 cm per character of Calibri 11
    for width in column_widths:
        used += width
        column += 1
        if used >= chars_per_chart * len(starts) + 1 and len(starts) < CHARTS_PER_ROW:
            starts.append(column)
    return starts


def trends_sheet(wb: Workbook, lay: Layout) -> Worksheet:
    """Add the Trends sheet: actuals per period (past periods editable) and the KPIs' line charts."""
    result = lay.result
    ws = wb.create_sheet(TRENDS)
    put_text(ws.cell(row=1, column=1), f"Trends: {result.card.account}").font = TITLE
    note = (
        f"Actuals per period. Edit past periods here; edit {result.period} on the department sheets "
        "(this column follows them)."
    )
    if result.period.calendar != result.card.calendar:
        note += " Each quarter is its months' sum, mean, last, min or max, as each metric's aggregation says."
    put_text(ws.cell(row=2, column=1), note).font = SUBTITLE
    periods = [str(p) for p in result.periods]
    header_row(ws, SERIES_HEADER, [*SERIES_COLUMNS, *periods])
    for t in range(lay.period_count):
        mark = _period_mark(lay, t)
        if mark:  # above the period's column: the header itself stays the period, as the import reads it
            put_text(ws.cell(row=SERIES_HEADER - 1, column=lay.series_column(t)), mark).font = SUBTITLE
    for node in lay.trends_row:
        _actual_row(ws, lay, node)
    last_actual = SERIES_HEADER + len(lay.trends_row)
    if lay.trends_row:
        validation = numbers_only()
        ws.add_data_validation(validation)
        validation.add(
            f"{address(SERIES_FIRST_COLUMN, SERIES_HEADER + 1)}:"
            f"{address(lay.series_column(lay.period_count - 1), last_actual)}"
        )
    if lay.target_row:
        first_target = min(lay.target_row.values())
        ws.cell(row=first_target - 2, column=1, value="Targets of the KPIs (from the scorecard)").font = LABEL
        header_row(ws, first_target - 1, [*SERIES_COLUMNS, *periods])
        for node in lay.target_row:
            _target_row(ws, lay, node)
    nodes = [result.card.nodes[n] for n in lay.trends_row]
    arrays = result.arrays
    period_width = figure_width(
        (
            (float(x), lay.number_format(n))
            for n in lay.trends_row
            for row in (arrays.actual, arrays.target)
            for x in row[n]
        ),
        11,
        22,
    )
    column_widths = [
        text_width([n.name for n in nodes], 24, 50),
        text_width([n.id for n in nodes], 10, 36),
        22.0,
        10.0,
        *[period_width] * lay.period_count,
    ]
    widths(ws, column_widths)
    starts = _chart_columns(column_widths)
    chart_row = (max(lay.target_row.values()) if lay.target_row else last_actual) + 3
    # each chart fills the columns up to the next chart's, less one for a gap; the last up to the table's edge
    rights = [b - 2 for a, b in pairwise(starts)] + [max(starts[-1] + 3, len(column_widths))]
    for k, node in enumerate(lay.target_row):
        row = chart_row + (k // len(starts)) * CHART_ROWS
        column = k % len(starts)
        _chart(ws, lay, node, (starts[column], row), (rights[column], row + CHART_ROWS - 2))
    table(ws, SERIES_HEADER, last_actual, len(SERIES_COLUMNS) + lay.period_count, freeze_column=2)
    return ws
