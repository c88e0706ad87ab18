"""The Signals sheet: each usage signal per period, and the nodes it is linked to."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from kpicascade.model import Scorecard
from kpicascade.workbook.cells import address, put_number, put_text
from kpicascade.workbook.department_sheet import numbers_only
from kpicascade.workbook.placement import SERIES_FIRST_COLUMN, SERIES_HEADER, SIGNALS, Layout
from kpicascade.workbook.styles import (
    INPUT,
    INPUT_FILL,
    SUBTITLE,
    TITLE,
    WRAP,
    figure_width,
    fit_rows,
    header_row,
    table,
    text_width,
    widths,
)


def _name(card: Scorecard, node_id: str) -> str:
    try:
        return card.node(node_id).name
    except KeyError:
        return node_id


def linked_text(lay: Layout, signal_id: str) -> str:
    """Return the nodes a signal is linked to, with the expected sign and lag."""
    card = lay.result.card
    parts = [
        f"{_name(card, link.node)} ({link.sign}, lag {link.lag})"
        for link in card.links.signals
        if link.signal == signal_id
    ]
    return "; ".join(parts)


def signals_sheet(wb: Workbook, lay: Layout) -> Worksheet:
    """Add the Signals sheet: the vendor's usage telemetry per period beside the nodes it should move."""
    result = lay.result
    card = result.card
    ws = wb.create_sheet(SIGNALS)
    put_text(ws.cell(row=1, column=1), f"Usage signals: {card.vendor}").font = TITLE
    put_text(
        ws.cell(row=2, column=1),
        "The vendor's product usage per period, and the nodes each signal is expected to move (sign, lag in periods).",
    ).font = SUBTITLE
    header_row(ws, SERIES_HEADER, ["Signal", "ID", "Unit", "Linked to", *[str(p) for p in result.periods]])
    values = result.arrays.signal_values
    links = []
    for k, signal in enumerate(card.signals):
        row = lay.signal_row[k]
        put_text(ws.cell(row=row, column=1), signal.name)
        ws.cell(row=row, column=2, value=signal.id)
        put_text(ws.cell(row=row, column=3), signal.unit)
        links.append(linked_text(lay, signal.id))
        put_text(ws.cell(row=row, column=4), links[-1]).alignment = WRAP
        for t in range(lay.period_count):
            cell = put_number(ws.cell(row=row, column=lay.series_column(t)), float(values[k, t]))
            cell.fill, cell.font, cell.number_format = INPUT_FILL, INPUT, "#,##0.##"
    last = SERIES_HEADER + len(card.signals)
    if card.signals:
        validation = numbers_only()
        ws.add_data_validation(validation)
        validation.add(
            f"{address(SERIES_FIRST_COLUMN, SERIES_HEADER + 1)}:"
            f"{address(lay.series_column(lay.period_count - 1), last)}"
        )
    links_width = text_width(links, 20, 60)
    widths(
        ws,
        [
            text_width([s.name for s in card.signals], 20, 45),
            text_width([s.id for s in card.signals], 10, 36),
            10,
            links_width,
            *[figure_width(((float(x), "#,##0.##") for x in values.flat), 11, 22)] * lay.period_count,
        ],
    )
    fit_rows(ws, SERIES_HEADER + 1, last, {4: links_width})
    table(ws, SERIES_HEADER, last, 4 + lay.period_count, freeze_column=2)
    return ws
