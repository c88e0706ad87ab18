"""The Value sheet: each valued measure's run rate traced, and live totals and returns recomputed by LibreOffice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from kpicascade.model import Scorecard, Signal, SignalLink
from kpicascade.workbook import render, save
from kpicascade.workbook.value_sheet import COLUMNS, HEADER, value_cells
from tests.scoring.cards import kpi, make_card
from tests.workbook import libreoffice

# A planted usage effect (as in tests/scoring/test_valuation.py): on-time in full averages 92 points over the last
# twelve months against 90, at 100,000 a point: 200,000 a year. Lead time, quarterly-like flat at 8 against 10
# days, 5,000 a day: 10,000 a year, 40% agreed with the customer.
WOBBLE = [5, -3, 8, -6, 2, -4, 7, -5, 3, -2, -1, -4]
USAGE = [100.0 + w for w in WOBBLE] + [140.0 + w for w in WOBBLE]
DRIVEN = [90 + 0.05 * (u - 100) + e for u, e in zip(USAGE, [0.05, -0.05] * 12, strict=True)]


def _card() -> Scorecard:
    lead = kpi("lead", 10, 6, value_per_unit=5000) | {"attribution": {"share": 0.4, "basis": "COO agreed 40%"}}
    card = make_card(
        [kpi("otif", 90, 95, value_per_unit=100_000), lead],
        [],
        {"otif": DRIVEN, "lead": [8.0] * 24, "sig": USAGE},
        calendar="month",
        start="2025-01",
        end="2026-12",
        annual_fee=50_000,
    )
    card.signals.append(Signal(id="sig", name="Weekly active planners", unit="users"))
    card.links.signals.append(SignalLink(signal="sig", node="otif", sign="+", lag=0))
    return card


def _rows(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, dict[str, object]]:
    out = {}
    for row in ws.iter_rows(min_row=HEADER + 1, values_only=True):
        if row[1] is None:
            break
        out[str(row[1])] = dict(zip(COLUMNS, row, strict=False))
    return out


def test_each_valued_measure_is_traced_with_the_engines_run_rate(tmp_path: Path) -> None:
    result = _card().score(period="2026-12")
    path = tmp_path / "value.xlsx"
    save(render(result), path, None)
    rows = _rows(openpyxl.load_workbook(path)["Value"])
    assert set(rows) == {"otif", "lead"}
    otif, lead = rows["otif"], rows["lead"]
    assert (otif["Level"], otif["Baseline"], otif["Value a year"]) == (pytest.approx(92.0), 90, pytest.approx(200_000))
    assert otif["State"] == "beyond noise"
    assert str(otif["Signal links (verdict, r, share)"]).startswith("Weekly active planners (lag 0): confirmed, r +")
    assert str(otif["Evidenced"]).startswith("=")  # a formula of the counted value and the share
    # 2 days better at 5,000 a day: 10,000 a year, without noise; 40% agreed
    assert (lead["Value a year"], lead["Agreed share"], lead["Basis"]) == (pytest.approx(10_000), 0.4, "COO agreed 40%")
    assert lead["Signal links (verdict, r, share)"] == "no signal linked"
    assert lead["Evidenced"] is None


@pytest.mark.libreoffice
def test_totals_and_returns_recompute_to_the_engines_and_follow_an_edited_share(
    tmp_path: Path, recalculate: Callable[[list[Path]], list[Path]]
) -> None:
    result = _card().score(period="2026-12")
    v = result.valuation
    book = render(result)
    path = tmp_path / "as-built.xlsx"
    save(book, path, None)
    edited = tmp_path / "edited.xlsx"
    share_column = COLUMNS.index("Agreed share") + 1
    lead_row = HEADER + 1 + [n.id for n in v.nodes].index("lead")
    book["Value"].cell(row=lead_row, column=share_column, value=0.8)
    save(book, edited, None)
    built, changed = (libreoffice.load(p, values=True) for p in recalculate([path, edited]))
    cells = value_cells(result)

    def at(book: openpyxl.Workbook, where: str) -> object:
        sheet, cell = where.split("!")
        return book[sheet.strip("'")][cell].value

    assert at(built, cells.total) == pytest.approx(210_000)  # 200,000 + 10,000
    assert at(built, cells.attributed) == pytest.approx(4000)  # 10,000 x 0.4
    assert at(built, cells.roi_attributed) == pytest.approx((4000 - 50_000) / 50_000)
    assert at(built, cells.evidenced) == pytest.approx(v.evidenced.amount)
    assert at(built, cells.roi_evidenced) == pytest.approx(v.evidenced.roi)
    assert built["Summary"]["D10"].value == pytest.approx(v.attributed.roi)
    # the executive types 80%: 8,000 attributed, a return of (8,000 - 50,000) / 50,000 = -84%
    assert at(changed, cells.attributed) == pytest.approx(8000)
    assert changed["Summary"]["D10"].value == pytest.approx(-0.84)
