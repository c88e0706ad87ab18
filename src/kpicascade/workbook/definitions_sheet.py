"""The Definitions sheet: every node's metric written out: formula, direction, thresholds, method, owner."""

from __future__ import annotations

import math

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from kpicascade.format import number
from kpicascade.model import Metric, Node, Scorecard, Scoring
from kpicascade.scoring.prepare import score_bounds
from kpicascade.workbook.cells import put_number, put_text
from kpicascade.workbook.department_sheet import KIND_LABELS
from kpicascade.workbook.placement import DEFINITIONS, Layout
from kpicascade.workbook.styles import (
    TITLE,
    TOP,
    WRAP,
    figure_width,
    fit_rows,
    header_row,
    print_across,
    table,
    text_width,
    widths,
)

COLUMNS = (
    "Node",
    "ID",
    "Kind",
    "Perspective",
    "Department",
    "Owner",
    "Unit",
    "Direction",
    "Method",
    "Method details",
    "Baseline",
    "Target",
    "Green at",
    "Amber at",
    "Aggregation",
    "Roll-up",
    "Missing data",
    "Combine",
    "Contributes to",
    "Formula",
    "Source",
    "Value per unit",
    "Timing",
    "Tags",
)
HEADER = 3
#: Columns whose text wraps (name, method details, target, contributes to, formula, source); rows grow to fit.
WRAPPED = (1, 10, 12, 19, 20, 21)


def _g(x: float | None, unit: str | None = None) -> str:
    return "" if x is None else number(x, unit)


def method_details(metric: Metric, scoring: Scoring) -> str | None:
    """Return what the scoring method needs beyond baseline and target, in words."""
    method = metric.scoring_method
    if method in {"linear", "clamped"}:
        floor, cap = score_bounds(scoring, metric)
        if math.isnan(cap):
            return "progress unbounded"
        return f"progress held between {floor:.0%} and {cap:.0%}"
    if method == "band" and metric.band is not None:
        band = metric.band
        tolerance = f", falls to 0 at {_g(band.tolerance, metric.unit)} outside" if band.tolerance is not None else ""
        return f"1 inside {_g(band.low, metric.unit)} to {_g(band.high, metric.unit)}{tolerance}"
    if method == "thresholds":
        parts = [f"[{_g(r.min)}, {_g(r.max)}) scores {r.score:g}" for r in metric.rules]
        return "; ".join(parts) + "; otherwise 0"
    if method == "binary":
        return "1 when the target is met, else 0"
    return None


def _target_text(metric: Metric) -> str | float | None:
    if isinstance(metric.target, dict):
        return "; ".join(f"{period}: {number(value, metric.unit)}" for period, value in metric.target.items())
    return metric.target


def contributes_to(card: Scorecard) -> dict[str, str]:
    """Return, for each node, the nodes it contributes to with their weights, in words."""
    names = {n.id: n.name for n in card.nodes}
    out: dict[str, list[str]] = {}
    for link in card.links.contributes:
        align = ", align only" if link.align_only else ""
        out.setdefault(link.from_, []).append(f"{names.get(link.to, link.to)} (weight {link.weight:g}{align})")
    return {ident: "; ".join(parts) for ident, parts in out.items()}


def _text(ws: Worksheet, lay: Layout, row: int, column: int, text: str) -> None:
    """Write a text cell: wrapped in its column when the column wraps, else at the top of its row like the rest."""
    cell = put_text(ws.cell(row=row, column=column), text)
    if column in WRAPPED:
        lay.looks(cell, "wrap", alignment=WRAP)
    else:
        lay.looks(cell, "top", alignment=TOP)


def _figure(ws: Worksheet, lay: Layout, row: int, column: int, value: float | None, number_format: str) -> None:
    """Write a figure in its number format, at the top of its row when there is one."""
    cell = put_number(ws.cell(row=row, column=column), value)
    if cell.value is None:
        lay.looks(cell, f"number {number_format}", number_format=number_format)
    else:
        lay.looks(cell, f"top number {number_format}", number_format=number_format, alignment=TOP)


def _row(ws: Worksheet, lay: Layout, row: int, node: Node, parents: dict[str, str]) -> None:
    """Write one node's row, every cell with a value at the top of the row (a tall row reads from the top)."""
    card, looks = lay.result.card, lay.looks
    metric = node.metric
    dept = card.department(node.department)
    perspective = next((p.name for p in card.perspectives if p.id == node.perspective), node.perspective)
    thresholds = metric.thresholds if metric and metric.thresholds else card.scoring.thresholds
    texts: list[str | None] = [
        node.name,
        node.id,
        KIND_LABELS[node.kind],
        perspective,
        dept.name if dept else None,
        card.owner_of(node),
    ]
    if metric is not None:
        texts += [metric.unit, metric.direction, metric.scoring_method, method_details(metric, card.scoring)]
    for column, text in enumerate(texts, start=1):
        if text is not None:
            _text(ws, lay, row, column, text)
    if metric is not None:
        number_format = lay.number_format(lay.result.index[node.id])
        _figure(ws, lay, row, 11, metric.baseline, number_format)
        target = _target_text(metric)
        if isinstance(target, str):
            _text(ws, lay, row, 12, target)
        else:
            _figure(ws, lay, row, 12, target, number_format)
        if metric.aggregation is not None:
            _text(ws, lay, row, 15, metric.aggregation)
        looks(put_text(ws.cell(row=row, column=20), metric.formula), "wrap", alignment=WRAP)
        looks(put_text(ws.cell(row=row, column=21), metric.source), "wrap", alignment=WRAP)
        value = looks(put_number(ws.cell(row=row, column=22), metric.value_per_unit), "money", number_format="#,##0.##")
        if value.value is not None:
            looks(value, "top", alignment=TOP)
    for column, share in ((13, thresholds.green), (14, thresholds.amber)):
        looks(ws.cell(row=row, column=column, value=share), "top percent", number_format="0%", alignment=TOP)
    for column, text in (
        (16, node.rollup),
        (17, node.missing or card.scoring.missing),
        (18, node.combine_mode),
        (19, parents.get(node.id)),
        (23, node.timing),
        (24, ", ".join(node.tags)),
    ):
        if text:
            _text(ws, lay, row, column, text)


def definitions_sheet(wb: Workbook, lay: Layout) -> Worksheet:
    """Add the Definitions sheet, one row per node, in the cascade's order."""
    card = lay.result.card
    ws = wb.create_sheet(DEFINITIONS)
    put_text(ws.cell(row=1, column=1), f"Definitions: {card.account}").font = TITLE
    header_row(ws, HEADER, COLUMNS)
    nodes = [card.nodes[i] for i in lay.order]
    parents = contributes_to(card)
    for k, node in enumerate(nodes):
        _row(ws, lay, HEADER + 1 + k, node, parents)
    figures = figure_width(
        (x, lay.number_format(lay.result.index[n.id]))
        for n in nodes
        if n.metric
        for x in (n.metric.baseline, n.metric.target if isinstance(n.metric.target, float | int) else None)
    )
    sizes = [
        text_width([n.name for n in nodes], 24, 50),
        text_width([n.id for n in nodes], 10, 36),
        10,
        16,
        22,
        text_width([card.owner_of(n) for n in nodes], 10, 30),
        10,
        10,
        11,
        30,
        figures,
        max(figures, 36),
        9,
        9,
        13,
        9,
        12,
        10,
        40,
        60,
        30,
        14,
        9,
        18,
    ]
    widths(ws, sizes)
    fit_rows(ws, HEADER + 1, HEADER + len(nodes), {c: sizes[c - 1] for c in WRAPPED})
    table(ws, HEADER, HEADER + len(nodes), len(COLUMNS), freeze_column=2)
    print_across(ws, "A:A", sizes)
    return ws
