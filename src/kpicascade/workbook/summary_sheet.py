"""The Summary sheet: the account's overall score and status, value realised and objectives by perspective."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.worksheet import Worksheet

from kpicascade.workbook import formulas
from kpicascade.workbook.cells import address, put_number, put_text, ref, span
from kpicascade.workbook.placement import CALC, CALC_FIRST_ROW, SCORE, STATUS, SUMMARY, Layout
from kpicascade.workbook.styles import (
    ARROWS,
    CENTER,
    LABEL,
    SCORE_FORMAT,
    SUBTITLE,
    TITLE,
    currency_format,
    header_row,
    score_bars,
    status_colours,
    table,
    text_width,
    widths,
)

HEADER = 13
COLUMNS = ("Perspective", "Objective", "ID", "Owner", "Score", "Status", "Trend", "Value realised")
S_PERSPECTIVE, S_OBJECTIVE, S_ID, S_OWNER, S_SCORE, S_STATUS, S_TREND, S_VALUE = range(1, 9)
#: Key figures: label column A, value column B, from row 4.
FIGURE_ROWS = {"account": 4, "vendor": 5, "period": 6, "score": 7, "status": 8, "value": 9, "fee": 10, "roi": 11}


def objectives(lay: Layout) -> list[int]:
    """Return the nodes the Summary lists: every objective and every top node, by perspective."""
    card = lay.result.card
    shown = set(lay.tops) | {i for i, n in enumerate(card.nodes) if n.kind == "objective"}
    rank = {p.id: k for k, p in enumerate(card.perspectives)}
    position = {node: k for k, node in enumerate(lay.order)}
    return sorted(shown, key=lambda i: (rank.get(card.nodes[i].perspective, len(rank)), position[i]))


def _below(lay: Layout, node: int) -> set[int]:
    found, stack = {node}, [node]
    while stack:
        for child in lay.scored_children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def value_refs(lay: Layout, node: int) -> list[str]:
    """Return Calc ranges holding the value realised of a node and everything beneath it, each counted once."""
    rows = sorted(lay.calc_row(n) for n in _below(lay, node))
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return [
        span(CALC, lay.value_column, first, last) if first != last else ref(CALC, lay.value_column, first)
        for first, last in runs
    ]


def _figures(ws: Worksheet, lay: Layout, score_cells: list[str]) -> None:
    result = lay.result
    card = result.card
    labels = {
        "account": "Account",
        "vendor": "Vendor",
        "period": "Period",
        "score": "Overall score",
        "status": "Overall status",
        "value": "Value realised",
        "fee": "Annual fee",
        "roi": "Return on fee",
    }
    for key, row in FIGURE_ROWS.items():
        ws.cell(row=row, column=1, value=labels[key]).font = LABEL
    put_text(ws.cell(row=4, column=2), card.account)
    put_text(ws.cell(row=5, column=2), card.vendor)
    put_text(ws.cell(row=6, column=2), result.period_label)  # "2026-Q3 (to date: 2 of 3 months)" when partial
    score = ws.cell(row=7, column=2, value=formulas.mean(score_cells) if score_cells else None)
    score.number_format = SCORE_FORMAT
    thresholds = card.scoring.thresholds
    status = ws.cell(row=8, column=2, value=formulas.status_of_score("B7", thresholds.green, thresholds.amber))
    status.alignment = CENTER
    status_colours(ws, "B8")
    last_calc = CALC_FIRST_ROW + len(lay.order) - 1
    money = currency_format(card.currency)
    ws.cell(
        row=9, column=2, value=f"=SUM({span(CALC, lay.value_column, CALC_FIRST_ROW, last_calc)})"
    ).number_format = money
    put_number(ws.cell(row=10, column=2), card.annual_fee).number_format = money
    if card.annual_fee:
        ws.cell(row=11, column=2, value=formulas.roi("B9", card.annual_fee)).number_format = "0%"


def _chart(ws: Worksheet, rows: int) -> None:
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Objective scores"
    chart.legend = None
    chart.width, chart.height = 18.0, max(7.5, 1.0 + 0.7 * rows)
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min = 0
    chart.y_axis.majorGridlines = None
    chart.x_axis.scaling.orientation = "maxMin"  # first objective on top, as in the table
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    data = Reference(ws, min_col=S_SCORE, min_row=HEADER + 1, max_row=HEADER + rows)
    chart.add_data(data, titles_from_data=False)
    chart.set_categories(Reference(ws, min_col=S_OBJECTIVE, min_row=HEADER + 1, max_row=HEADER + rows))
    ws.add_chart(chart, f"{address(len(COLUMNS) + 2, 2)}")


def summary_sheet(wb: Workbook, lay: Layout, arrows: list[str]) -> Worksheet:
    """Fill the Summary sheet (the workbook's first) and return it."""
    result = lay.result
    card = result.card
    ws = wb.active
    ws.title = SUMMARY
    put_text(ws.cell(row=1, column=1), f"Balanced scorecard: {card.account}").font = TITLE
    put_text(
        ws.cell(row=2, column=1),
        f"{card.vendor}. Period {result.period}. Scores recompute when an actual is edited on a department sheet.",
    ).font = SUBTITLE
    header_row(ws, HEADER, COLUMNS)
    perspectives = {p.id: p.name for p in card.perspectives}
    listed = objectives(lay)
    score_cells = []
    money = currency_format(card.currency)
    for k, node in enumerate(listed):
        row, item, t = HEADER + 1 + k, card.nodes[node], result.t
        put_text(ws.cell(row=row, column=S_PERSPECTIVE), perspectives.get(item.perspective, item.perspective))
        put_text(ws.cell(row=row, column=S_OBJECTIVE), item.name)
        ws.cell(row=row, column=S_ID, value=item.id)
        put_text(ws.cell(row=row, column=S_OWNER), card.owner_of(item))
        score = ref(CALC, lay.calc_column(SCORE, t), lay.calc_row(node))
        ws.cell(row=row, column=S_SCORE, value=formulas.shown(score)).number_format = SCORE_FORMAT
        status = ref(CALC, lay.calc_column(STATUS, t), lay.calc_row(node))
        ws.cell(row=row, column=S_STATUS, value=formulas.status_name(status)).alignment = CENTER
        ws.cell(row=row, column=S_TREND, value=ARROWS[arrows[node]]).alignment = CENTER
        ws.cell(row=row, column=S_VALUE, value=formulas.total(value_refs(lay, node))).number_format = money
        if node in lay.tops:
            score_cells.append(address(S_SCORE, row))
    _figures(ws, lay, score_cells)
    last = HEADER + len(listed)
    if listed:
        status_colours(ws, f"{address(S_STATUS, HEADER + 1)}:{address(S_STATUS, last)}")
        score_bars(ws, f"{address(S_SCORE, HEADER + 1)}:{address(S_SCORE, last)}")
        _chart(ws, len(listed))
    names = [card.nodes[n].name for n in listed]
    widths(
        ws,
        [
            18,
            text_width(names, 30, 60),
            text_width([card.nodes[n].id for n in listed], 10, 36),
            text_width([card.owner_of(card.nodes[n]) for n in listed], 10, 36),
            10,
            10,
            7,
            16,
        ],
    )
    table(ws, HEADER, last, len(COLUMNS), freeze_column=0)
    ws.freeze_panes = None  # the key figures above the table matter more than a frozen header
    return ws
