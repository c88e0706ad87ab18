"""The hidden Calc and Links sheets: the scoring engine as formulas, one cell per node, period and figure.

Calc has a row per node and a block of period columns for each figure (actual, own score,
children's score, score, status code). Links has a row per scored cascade link, grouped by parent
as the engine's edge arrays are, so a parent's roll-up is one formula over a contiguous range:
the spreadsheet twin of numpy's reduceat.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from kpicascade.scoring.engine import COMBINE, ROLLUP
from kpicascade.scoring.prepare import band_tolerance
from kpicascade.workbook import formulas
from kpicascade.workbook.cells import put_text, ref, span
from kpicascade.workbook.placement import (
    ACTUAL,
    BLOCK_NAMES,
    CALC,
    CALC_FIRST_COLUMN,
    CALC_FIRST_ROW,
    CHILDREN,
    D_ACTUAL,
    LINK_STATUS,
    LINK_VALUE,
    LINKS,
    LINKS_FIRST_COLUMN,
    LINKS_FIRST_ROW,
    OWN,
    SCORE,
    STATUS,
    TRENDS,
    Layout,
)
from kpicascade.workbook.styles import LABEL

_COMBINE_NAMES = {code: name for name, code in COMBINE.items()}


class _Refs:
    """References into Calc and Links for one layout."""

    def __init__(self, lay: Layout) -> None:
        self.lay = lay

    def calc(self, block: int, node: int, t: int) -> str:
        return ref(CALC, self.lay.calc_column(block, t), self.lay.calc_row(node))

    def link(self, block: int, row: int, t: int) -> str:
        return ref(LINKS, self.lay.links_column(block, t), row)

    def link_span(self, block: int, parent: int, t: int) -> str:
        first, last = self.lay.link_rows[parent]
        return span(LINKS, self.lay.links_column(block, t), first, last)

    def weights(self, parent: int) -> str:
        first, last = self.lay.link_rows[parent]
        return span(LINKS, LINKS_FIRST_COLUMN - 1, first, last, absolute_column=True)

    def input(self, node: int, t: int) -> str:
        if t == self.lay.result.t:
            sheet, row = self.lay.home[node]
            return ref(sheet, D_ACTUAL, row)
        return ref(TRENDS, self.lay.series_column(t), self.lay.trends_row[node])


def _headers(ws: Worksheet, lay: Layout) -> None:
    periods = [str(p) for p in lay.result.periods]
    for column, title in ((1, "ID"), (2, "Node"), (3, "Kind")):
        ws.cell(row=2, column=column, value=title).font = LABEL
    for block, name in enumerate(BLOCK_NAMES):
        ws.cell(row=1, column=lay.calc_column(block, 0), value=name).font = LABEL
        for t, period in enumerate(periods):
            ws.cell(row=2, column=lay.calc_column(block, t), value=period)
    ws.cell(row=1, column=lay.value_column, value="Improvement value a year").font = LABEL
    ws.cell(row=2, column=lay.value_column, value=str(lay.result.period))


def _node_row(ws: Worksheet, lay: Layout, refs: _Refs, node: int) -> None:
    result, arrays = lay.result, lay.result.arrays
    cascade = arrays.cascade
    metric = result.card.nodes[node].metric
    row = lay.calc_row(node)
    terms = None
    if metric is not None:
        terms = formulas.Terms.of(
            metric,
            result.card.scoring,
            float(arrays.baseline[node]),
            float(arrays.low[node]),
            float(arrays.high[node]),
            band_tolerance(metric),
        )
    is_parent = node in lay.link_rows
    rollup = int(cascade.rollup[node])
    policy = int(cascade.missing[node])
    mode = "own" if node in lay.sum_parents else _COMBINE_NAMES[int(cascade.combine[node])]
    green, amber = float(cascade.green[node]), float(cascade.amber[node])
    for t in lay.periods_of(node):
        a = refs.calc(ACTUAL, node, t)
        if node in lay.inputs and lay.holds(node, t):
            actual = formulas.held_actual([refs.input(node, e) for e in range(t, t - lay.holds(node, t), -1)])
        elif node in lay.inputs:
            actual = formulas.actual(refs.input(node, t))
        elif node in lay.sum_parents and arrays.coverage.mixed_sum[node, t]:
            actual = formulas.missing()  # children covering different months never add up to one period's sum
        elif node in lay.sum_parents:
            actual = formulas.weighted_sum(refs.weights(node), refs.link_span(LINK_VALUE, node, t), policy)
        else:
            actual = formulas.missing()
        ws.cell(row=row, column=lay.calc_column(ACTUAL, t), value=actual)
        target, baseline = float(arrays.target[node, t]), float(arrays.baseline_at[node, t])
        own = formulas.own(terms, a, target, baseline) if terms else formulas.missing()
        ws.cell(row=row, column=lay.calc_column(OWN, t), value=own)
        own_ref = refs.calc(OWN, node, t)
        score = f"={own_ref}"
        if is_parent and node not in lay.sum_parents:
            children = formulas.children_score(rollup, refs.weights(node), refs.link_span(LINK_VALUE, node, t), policy)
            ws.cell(row=row, column=lay.calc_column(CHILDREN, t), value=children)
            score = formulas.combined(mode, own_ref, refs.calc(CHILDREN, node, t), float(cascade.blend[node]))
        ws.cell(row=row, column=lay.calc_column(SCORE, t), value=score)
        if t not in lay.status_periods(node):
            continue
        if node in lay.worst_parents:
            code = formulas.worst(refs.link_span(LINK_STATUS, node, t), policy)
        else:
            code = formulas.status(refs.calc(SCORE, node, t), green, amber)
        ws.cell(row=row, column=lay.calc_column(STATUS, t), value=code)
    valued = result.valuation.node(result.card.nodes[node].id)
    if valued is not None:
        # the yearly run rate counted as money (zero within noise): from the trailing year, not one period's actual
        ws.cell(row=row, column=lay.value_column, value=valued.total[0])


def calc_sheet(wb: Workbook, lay: Layout) -> Worksheet:
    """Add the hidden Calc sheet: every node's actual, own score, children's score, score and status."""
    ws = wb.create_sheet(CALC)
    ws.sheet_state = "hidden"
    _headers(ws, lay)
    refs = _Refs(lay)
    card = lay.result.card
    for node in lay.order:
        row = lay.calc_row(node)
        ws.cell(row=row, column=1, value=card.nodes[node].id)
        put_text(ws.cell(row=row, column=2), card.nodes[node].name)
        ws.cell(row=row, column=3, value=card.nodes[node].kind)
        _node_row(ws, lay, refs, node)
    ws.freeze_panes = ws.cell(row=CALC_FIRST_ROW, column=CALC_FIRST_COLUMN)
    return ws


def links_sheet(wb: Workbook, lay: Layout) -> Worksheet:
    """Add the hidden Links sheet: each scored link's weight and the child's value as its parent reads it."""
    ws = wb.create_sheet(LINKS)
    ws.sheet_state = "hidden"
    refs = _Refs(lay)
    result = lay.result
    cascade = result.arrays.cascade
    ids = result.arrays.ids
    for column, title in ((1, "Parent"), (2, "Child"), (3, "Weight")):
        ws.cell(row=2, column=column, value=title).font = LABEL
    ws.cell(row=1, column=lay.links_column(LINK_VALUE, 0), value="Child's value as the parent reads it").font = LABEL
    ws.cell(row=1, column=lay.links_column(LINK_STATUS, 0), value="Child's status (worst-of parents)").font = LABEL
    for t, period in enumerate(result.periods):
        ws.cell(row=2, column=lay.links_column(LINK_VALUE, t), value=str(period))
        ws.cell(row=2, column=lay.links_column(LINK_STATUS, t), value=str(period))
    for k, (child, parent, weight) in enumerate(zip(cascade.child, cascade.parent, cascade.weight, strict=True)):
        child, parent, row = int(child), int(parent), LINKS_FIRST_ROW + k
        ws.cell(row=row, column=1, value=ids[parent])
        ws.cell(row=row, column=2, value=ids[child])
        ws.cell(row=row, column=3, value=float(weight))
        block = ACTUAL if cascade.rollup[parent] == ROLLUP["sum"] else SCORE
        for t in lay.link_periods(parent):
            earlier = lay.carried_from(parent, t)
            value = formulas.link_value(refs.calc(block, child, t), [refs.calc(block, child, e) for e in earlier])
            ws.cell(row=row, column=lay.links_column(LINK_VALUE, t), value=value)
            if parent in lay.worst_parents:
                codes = [refs.calc(STATUS, child, e) for e in earlier]
                code = formulas.link_status(refs.calc(STATUS, child, t), codes)
                ws.cell(row=row, column=lay.links_column(LINK_STATUS, t), value=code)
    ws.freeze_panes = ws.cell(row=LINKS_FIRST_ROW, column=LINKS_FIRST_COLUMN)
    return ws
