"""The Value sheet: each valued measure's run rate traced, and the total, attributed and evidenced figures.

The run rates (level over the trailing year, baseline, range from the noise) are the engine's numbers; what is
counted, attributed and evidenced, the totals and the returns on the fee are formulas of them, so an executive
who types another agreed share sees the attributed value and its return move.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from kpicascade.scoring import Result
from kpicascade.scoring.valuation import LinkEvidence
from kpicascade.workbook import formulas
from kpicascade.workbook.cells import address, put_number, put_text, quote_sheet
from kpicascade.workbook.placement import VALUE
from kpicascade.workbook.styles import (
    LABEL,
    SUBTITLE,
    TITLE,
    currency_format,
    header_row,
    print_across,
    print_setup,
    table,
    unit_format,
    widths,
)

HEADER = 4
COLUMNS = (
    "Measure",
    "ID",
    "Trailing year",
    "Reports",
    "Level",
    "Baseline",
    "Noise a report",
    "Money a year per unit",
    "Value a year",
    "Low",
    "High",
    "State",
    "Counted",
    "Counted low",
    "Counted high",
    "Agreed share",
    "Basis",
    "Attributed",
    "Attributed low",
    "Attributed high",
    "Signal links (verdict, r, share)",
    "Evidenced share",
    "Share low",
    "Share high",
    "Evidenced",
    "Evidenced low",
    "Evidenced high",
)
(_, _, _, _, _, _, _, _, C_VALUE, C_LOW, C_HIGH, C_STATE, C_COUNTED, C_COUNTED_LOW, C_COUNTED_HIGH, C_SHARE, _,
 C_ATTRIBUTED, C_ATTRIBUTED_LOW, C_ATTRIBUTED_HIGH, _, C_EV_SHARE, C_EV_LOW, C_EV_HIGH, C_EVIDENCED, C_EVIDENCED_LOW,
 C_EVIDENCED_HIGH) = range(1, len(COLUMNS) + 1)  # fmt: skip


@dataclass(frozen=True)
class ValueCells:
    """Where the Value sheet holds the account's figures, for the Summary to point at."""

    total: str
    attributed: str
    evidenced: str
    roi_attributed: str
    roi_evidenced: str


def _link(e: LinkEvidence, names: dict[str, str]) -> str:
    r = f", r {e.r:+.2f}" if e.r is not None else ""
    share = f", share {e.share:.0%}" if e.share else ""
    return f"{names.get(e.signal, e.signal)} (lag {e.lag}): {e.verdict}{r}{share}"


def _row(ws: Worksheet, row: int, values: dict[int, float | str | None]) -> None:
    for column, value in values.items():
        if isinstance(value, str) and not value.startswith("="):
            put_text(ws.cell(row=row, column=column), value)
        elif isinstance(value, str):
            ws.cell(row=row, column=column, value=value)
        else:
            put_number(ws.cell(row=row, column=column), value)


def _cell(column: int, row: int) -> str:
    return address(column, row)


def _formulas(row: int, has_links: bool) -> dict[int, float | str | None]:
    """Return the counted, attributed and evidenced cells of one measure's row, as formulas of its run rate."""
    c = {k: _cell(k, row) for k in (C_VALUE, C_LOW, C_HIGH, C_STATE, C_COUNTED, C_COUNTED_LOW, C_COUNTED_HIGH, C_SHARE)}
    counted: dict[int, float | str | None] = {
        C_COUNTED: f'=IF({c[C_STATE]}="beyond noise",{c[C_VALUE]},0)',
        C_COUNTED_LOW: f'=IF({c[C_STATE]}="beyond noise",{c[C_LOW]},0)',
        C_COUNTED_HIGH: f'=IF({c[C_STATE]}="beyond noise",{c[C_HIGH]},0)',
    }
    attributed: dict[int, float | str | None] = {
        column: f'=IF({c[C_SHARE]}="","",{c[base]}*{c[C_SHARE]})'
        for column, base in (
            (C_ATTRIBUTED, C_COUNTED),
            (C_ATTRIBUTED_LOW, C_COUNTED_LOW),
            (C_ATTRIBUTED_HIGH, C_COUNTED_HIGH),
        )
    }
    if not has_links:
        return counted | attributed
    s, lo, hi = _cell(C_EV_SHARE, row), _cell(C_EV_LOW, row), _cell(C_EV_HIGH, row)
    ends = [f"{c[v]}*{x}" for v in (C_COUNTED_LOW, C_COUNTED_HIGH) for x in (lo, hi)]
    evidenced: dict[int, float | str | None] = {
        C_EVIDENCED: f"={c[C_COUNTED]}*{s}",
        C_EVIDENCED_LOW: f"=MIN({','.join(ends)})",
        C_EVIDENCED_HIGH: f"=MAX({','.join(ends)})",
    }
    return counted | attributed | evidenced


def _returns(ws: Worksheet, row: int, last: int, fee: float | None, money: str) -> None:
    """Write the fee and the returns on it of the attributed and evidenced totals, below the totals row."""
    first = HEADER + 1
    put_text(ws.cell(row=row + 1, column=1), "Annual fee").font = LABEL
    put_number(ws.cell(row=row + 1, column=C_VALUE), fee).number_format = money
    for k, (label, column) in enumerate(
        (("Return on fee (attributed)", C_ATTRIBUTED), ("Return on fee (evidenced)", C_EVIDENCED)), start=2
    ):
        put_text(ws.cell(row=row + k, column=1), label).font = LABEL
        values = f"{address(column, first)}:{address(column, last)}"
        # a return only where a measure beyond noise stands behind the figure, as the engine says
        behind = f'SUMPRODUCT(({values}<>"")*({values}<>0))'
        total = address(column, row)
        text = f'=IF({behind}=0,"",{formulas.roi(total, fee)[1:]})' if fee else None
        ws.cell(row=row + k, column=C_VALUE, value=text).number_format = "0%"


def value_sheet(wb: Workbook, result: Result) -> Worksheet:
    """Add the Value sheet: a row per valued measure, the totals, the fee and the returns on it."""
    v = result.valuation
    ws = wb.create_sheet(VALUE)
    money = currency_format(v.currency)
    put_text(ws.cell(row=1, column=1), f"Value: total, attributed to {v.vendor}, evidenced by usage data").font = TITLE
    put_text(
        ws.cell(row=2, column=1),
        "Yearly run rates: the trailing year's mean against the baseline, 95% range from the measure's own noise; "
        "within noise counts as no money. Type an agreed share to see the attributed value and its return move; "
        "the return on the fee is never on the total.",
    ).font = SUBTITLE
    header_row(ws, HEADER, COLUMNS)
    last = HEADER + len(v.nodes)
    names = {s.id: s.name for s in result.card.signals}
    for k, n in enumerate(v.nodes):
        row, rate = HEADER + 1 + k, n.rate
        share, low, high = n.evidence_share
        values: dict[int, float | str | None] = {
            1: n.name,
            2: n.id,
            3: n.window,
            4: float(rate.reports),
            5: rate.level,
            6: n.baseline,
            7: rate.noise,
            8: rate.money_per_unit,
            C_VALUE: rate.value,
            C_LOW: rate.low,
            C_HIGH: rate.high,
            C_STATE: rate.state,
            C_SHARE: n.attribution.share if n.attribution else None,
            C_SHARE + 1: n.attribution.basis if n.attribution else None,
            C_ATTRIBUTED_HIGH + 1: "; ".join(_link(e, names) for e in n.links) or "no signal linked",
        }
        if n.links:
            values |= {C_EV_SHARE: share, C_EV_LOW: low, C_EV_HIGH: high}
        _row(ws, row, values | _formulas(row, bool(n.links)))
        for column in (8, C_VALUE, C_LOW, C_HIGH, C_COUNTED, C_COUNTED_LOW, C_COUNTED_HIGH, C_ATTRIBUTED):
            ws.cell(row=row, column=column).number_format = money
        for column in (C_ATTRIBUTED_LOW, C_ATTRIBUTED_HIGH, C_EVIDENCED, C_EVIDENCED_LOW, C_EVIDENCED_HIGH):
            ws.cell(row=row, column=column).number_format = money
        shown = unit_format(n.unit, v.currency, max(abs(n.baseline), abs(rate.level or 0.0)))
        for column in (5, 6, 7):
            ws.cell(row=row, column=column).number_format = shown
        for column in (C_SHARE, C_EV_SHARE, C_EV_LOW, C_EV_HIGH):
            ws.cell(row=row, column=column).number_format = "0%"
    totals = last + 1
    put_text(ws.cell(row=totals, column=1), "Total across the account").font = LABEL
    for column in (C_COUNTED, C_COUNTED_LOW, C_COUNTED_HIGH, C_ATTRIBUTED, C_ATTRIBUTED_LOW, C_ATTRIBUTED_HIGH):
        cell = ws.cell(row=totals, column=column, value=f"=SUM({address(column, HEADER + 1)}:{address(column, last)})")
        cell.number_format, cell.font = money, LABEL
    for column in (C_EVIDENCED, C_EVIDENCED_LOW, C_EVIDENCED_HIGH):
        cell = ws.cell(row=totals, column=column, value=f"=SUM({address(column, HEADER + 1)}:{address(column, last)})")
        cell.number_format, cell.font = money, LABEL
    _returns(ws, totals, last, v.fee, money)
    sizes = [30, 16, 18, 8, 12, 12, 12, 14, 14, 14, 14, 14, 14, 14, 14, 10, 40, 14, 14, 14, 50, 10, 10, 10, 14, 14, 14]
    widths(ws, sizes)
    if v.nodes:
        table(ws, HEADER, last, len(COLUMNS))
    print_setup(ws, HEADER)
    print_across(ws, "A:A", sizes)  # 27 columns fitted to one page would print at a third of their size
    return ws


def value_cells(result: Result) -> ValueCells:
    """Return where the Value sheet holds the account's figures (it has a row per valued measure, then totals)."""
    totals = HEADER + 1 + len(result.valuation.nodes)
    sheet = quote_sheet(VALUE)
    return ValueCells(
        f"{sheet}!{address(C_COUNTED, totals)}",
        f"{sheet}!{address(C_ATTRIBUTED, totals)}",
        f"{sheet}!{address(C_EVIDENCED, totals)}",
        f"{sheet}!{address(C_VALUE, totals + 2)}",
        f"{sheet}!{address(C_VALUE, totals + 3)}",
    )
