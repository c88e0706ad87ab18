"""The Summary sheet: the account's overall score and status, value realised and objectives by perspective."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from kpicascade.format import number
from kpicascade.model import SHOWSTOPPER, Node
from kpicascade.workbook import formulas, live_cells
from kpicascade.workbook.build_figures import TrendTerms
from kpicascade.workbook.cells import address, put_formula_or_text, put_number, put_text, ref, span
from kpicascade.workbook.placement import CALC, CALC_FIRST_ROW, STATUS, SUMMARY, Layout
from kpicascade.workbook.styles import (
    CENTER,
    CENTER_TOP,
    LABEL,
    NOTE,
    SCORE_FORMAT,
    SUBTITLE,
    TITLE,
    TOP,
    WRAP,
    currency_format,
    fit_rows,
    header_row,
    place_chart,
    score_bars,
    score_formats,
    status_colours,
    table,
    text_width,
    widths,
    wrapped_lines,
)
from kpicascade.workbook.value_sheet import value_cells

HEADER = 13
#: The Data note wraps, a step in from the value before it.
NOTE_ALIGNMENT = Alignment(wrap_text=True, vertical="top", indent=1)
COLUMNS = ("Perspective", "Objective", "ID", "Owner", "Score", "Status", "Trend", "Improvement value", "Data")
MOMENT_COLUMNS = ("Perspective", "Moment of truth", *COLUMNS[2:])
STOP_COLUMNS = ("Perspective", "Showstopper: what it costs to get past", *COLUMNS[2:])
#: Rows of the table and the journey below which the Summary prints on one page (more would print too small).
ONE_PAGE_ROWS = 40
S_PERSPECTIVE, S_OBJECTIVE, S_ID, S_OWNER, S_SCORE, S_STATUS, S_TREND, S_VALUE, S_DATA = range(1, 10)
#: Key figures: label column A, value column B, from row 4.
FIGURE_ROWS = {
    "account": 4,
    "vendor": 5,
    "period": 6,
    "score": 7,
    "status": 8,
    "value": 9,
    "attributed": 10,
    "evidenced": 11,
}
#: Beside the three money figures (column C labels, column D values): the fee, then the return on each credited figure.
SIDE_ROWS = {"fee": 9, "roi": 10, "roi_evidenced": 11}


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
        "value": "Improvement a year",
        "attributed": "Attributed (agreed)",
        "evidenced": "Evidenced by data",
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
    cells = value_cells(result)
    # none (an empty cell) where nothing is agreed or no link is confirmed, as the engine says; a zero is a figure
    for row, figure, cell in (
        (10, result.valuation.attributed, cells.attributed),
        (11, result.valuation.evidenced, cells.evidenced),
    ):
        if figure.amount is not None:
            ws.cell(row=row, column=2, value=f"={cell}").number_format = money
    # the value in words: whoever caused it, what is agreed and evidenced, and why there is no return if there is none
    put_text(ws.cell(row=HEADER - 1, column=1), result.valuation.headline).font = SUBTITLE
    put_text(ws.cell(row=SIDE_ROWS["fee"], column=3), "Annual fee").font = LABEL
    put_number(ws.cell(row=SIDE_ROWS["fee"], column=4), card.annual_fee).number_format = money
    # never on the total improvement: on the share the customer agreed and on the part the data evidence
    for row, cell in ((SIDE_ROWS["roi"], cells.roi_attributed), (SIDE_ROWS["roi_evidenced"], cells.roi_evidenced)):
        put_text(ws.cell(row=row, column=3), "Return on fee").font = LABEL
        ws.cell(row=row, column=4, value=f"={cell}").number_format = "0%"


def _chart(ws: Worksheet, rows: int, anchor: int) -> None:
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Objective scores"
    chart.legend = None
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min = 0
    chart.y_axis.majorGridlines = None
    chart.x_axis.scaling.orientation = "maxMin"  # first objective on top, as in the table
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    data = Reference(ws, min_col=S_SCORE, min_row=HEADER + 1, max_row=HEADER + rows)
    chart.add_data(data, titles_from_data=False)
    chart.set_categories(Reference(ws, min_col=S_OBJECTIVE, min_row=HEADER + 1, max_row=HEADER + rows))
    # as wide as the table, a row of 0.53 cm per objective and room for the title and axis
    place_chart(ws, chart, (1, anchor), (len(COLUMNS), anchor + min(24, 5 + 2 * rows)))


def _node_row(ws: Worksheet, lay: Layout, row: int, node: int, trends: list[TrendTerms], first: str) -> None:
    """Write one node's row: first column, name, ID, owner, then live score, status, trend and value realised."""
    result, looks = lay.result, lay.looks
    card, t = result.card, result.t
    item = card.nodes[node]
    looks(put_text(ws.cell(row=row, column=S_PERSPECTIVE), first), "wrap", alignment=WRAP)
    looks(put_text(ws.cell(row=row, column=S_OBJECTIVE), item.name), "wrap", alignment=WRAP)
    looks(ws.cell(row=row, column=S_ID, value=item.id), "top", alignment=TOP)
    looks(put_text(ws.cell(row=row, column=S_OWNER), card.owner_of(item)), "wrap", alignment=WRAP)
    looks(
        ws.cell(row=row, column=S_SCORE, value=live_cells.score(lay, node)),
        "score",
        number_format=SCORE_FORMAT,
        alignment=TOP,
    )
    status = ref(CALC, lay.calc_column(STATUS, t), lay.calc_row(node))
    looks(ws.cell(row=row, column=S_STATUS, value=formulas.status_name(status)), "centre", alignment=CENTER_TOP)
    arrow = live_cells.arrow(lay, node, trends[node])
    looks(ws.cell(row=row, column=S_TREND, value=arrow), "centre", alignment=CENTER_TOP)
    money = currency_format(card.currency)
    value = formulas.total(value_refs(lay, node))
    looks(ws.cell(row=row, column=S_VALUE, value=value), "money", number_format=money, alignment=TOP)
    coverage = live_cells.coverage(lay, node)
    if coverage is not None:
        looks(
            put_formula_or_text(ws.cell(row=row, column=S_DATA), coverage),
            "note",
            font=NOTE,
            alignment=NOTE_ALIGNMENT,
        )


def showstopper_cost(node: Node, currency: str) -> str:
    """Return what a showstopper costs the customer to get past, in words.

    >>> from kpicascade.model import Showstopper
    >>> n = Node(id="x", name="X", kind="kpi", perspective="customer", showstopper=Showstopper(
    ...     description="Manual re-keying of orders", hours=120, money=4000, effort="high"))
    >>> showstopper_cost(n, "EUR")
    'Manual re-keying of orders: 120 hours, EUR 4,000, high effort'
    """
    stop = node.showstopper
    if stop is None:
        return node.description or ""
    costs = [f"{stop.hours:,.0f} hours" if stop.hours is not None else None]
    costs += [f"{currency} {number(stop.money, 'currency')}" if stop.money is not None else None]
    costs += [f"{stop.effort} effort" if stop.effort else None]
    shown = ", ".join(c for c in costs if c)
    return f"{stop.description}: {shown}" if shown else stop.description


def moments_and_showstoppers(lay: Layout) -> tuple[list[int], list[int]]:
    """Return the moments of truth and the showstoppers, in the cascade's order."""
    card = lay.result.card
    moments = [n for n in lay.order if card.nodes[n].moment_of_truth]
    stops = [n for n in lay.order if card.nodes[n].showstopper is not None or SHOWSTOPPER in card.nodes[n].tags]
    return moments, stops


def _section(ws: Worksheet, row: int, title: str, note: str, columns: tuple[str, ...]) -> int:
    ws.cell(row=row, column=1, value=title).font = LABEL
    put_text(ws.cell(row=row, column=2), note).font = SUBTITLE
    header_row(ws, row + 1, columns)
    return row + 2


def _journey(ws: Worksheet, lay: Layout, row: int, trends: list[TrendTerms]) -> int:
    """Write the moments of truth and the showstoppers below the objectives; return the next free row."""
    card = lay.result.card
    moments, stops = moments_and_showstoppers(lay)
    perspectives = {p.id: p.name for p in card.perspectives}
    if moments:
        note = "Where the customer may leave if expectations are not met."
        row = _section(ws, row, "Moments of truth", note, MOMENT_COLUMNS)
        for node in moments:
            item = card.nodes[node]
            _node_row(ws, lay, row, node, trends, perspectives.get(item.perspective, item.perspective))
            row += 1
        row += 1
    if stops:
        note = "What it takes the customer to get past each blocker: time, money and effort."
        row = _section(ws, row, "Showstoppers", note, STOP_COLUMNS)
        for node in stops:
            item = card.nodes[node]
            _node_row(ws, lay, row, node, trends, perspectives.get(item.perspective, item.perspective))
            put_text(ws.cell(row=row, column=S_OBJECTIVE), f"{item.name}\n{showstopper_cost(item, card.currency)}")
            row += 1
        row += 1
    return row


def summary_sheet(wb: Workbook, lay: Layout, trends: list[TrendTerms]) -> Worksheet:
    """Fill the Summary sheet (the workbook's first) and return it: one landscape page an executive reads first.

    Key figures, the objectives by perspective, the moments of truth and showstoppers, and the objectives'
    chart at the page's full width below them.
    """
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
    for k, node in enumerate(listed):
        row, item = HEADER + 1 + k, card.nodes[node]
        _node_row(ws, lay, row, node, trends, perspectives.get(item.perspective, item.perspective))
        if node in lay.tops:
            score_cells.append(address(S_SCORE, row))
    _figures(ws, lay, score_cells)
    last = HEADER + len(listed)
    end = _journey(ws, lay, last + 2, trends)
    if end > HEADER + 1:
        status_colours(ws, f"{address(S_STATUS, HEADER + 1)}:{address(S_STATUS, end)}")
        score_bars(ws, f"{address(S_SCORE, HEADER + 1)}:{address(S_SCORE, end)}")
    moments, stops = moments_and_showstoppers(lay)
    shown = [*listed, *moments, *stops]
    sizes = [
        18,
        text_width([card.nodes[n].name for n in shown], 30, 44),
        text_width([card.nodes[n].id for n in shown], 10, 26),
        text_width([card.owner_of(card.nodes[n]) for n in shown], 10, 26),
        10,
        10,
        7,
        16,
        16,
    ]
    widths(ws, sizes)
    # the value and the subtitle in words wrap across the table's width instead of running past the printed page
    for row in (2, HEADER - 1):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(COLUMNS))
        words = ws.cell(row=row, column=1)
        words.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = 15 * wrapped_lines(str(words.value or ""), sum(sizes))
    index = result.index
    scores = [(address(S_SCORE, r), ws.cell(row=r, column=S_ID).value) for r in range(HEADER + 1, end)]
    score_formats(ws, [(cell, live_cells.thresholds(lay, index[str(i)])) for cell, i in scores if i in index])
    overall = card.scoring.thresholds
    score_formats(ws, [(address(2, FIGURE_ROWS["score"]), (overall.green, overall.amber))])
    fit_rows(ws, HEADER + 1, end, {S_PERSPECTIVE: sizes[0], S_OBJECTIVE: sizes[1], S_OWNER: sizes[3], S_DATA: sizes[8]})
    if listed:
        _chart(ws, len(listed), end)
    table(ws, HEADER, last, len(COLUMNS), freeze_column=0)
    ws.freeze_panes = None  # the key figures above the table matter more than a frozen header
    # one page: the table, the journey's critical points and the chart, scaled to fit when an account has many
    ws.page_setup.fitToHeight = 1 if end - HEADER <= ONE_PAGE_ROWS else 0
    return ws
