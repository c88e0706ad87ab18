"""The Plan, Notes and Customers sheets read back with openpyxl: rows, editable cells, validation, text as text."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

import kpicascade
from kpicascade.workbook import render, save
from kpicascade.workbook.placement import CUSTOMERS, N_AUTHOR, N_NOTE, NOTES, P_DUE, P_STATUS, PLAN

NORTHWIND = Path(__file__).resolve().parents[2] / "scorecards" / "northwind-components.yaml"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    """Northwind's workbook at 2026-Q3, saved and opened again."""
    path = tmp_path_factory.mktemp("plan") / "northwind.xlsx"
    save(render(kpicascade.load(NORTHWIND).score()), path, NORTHWIND)
    return openpyxl.load_workbook(path)


def _rows(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[tuple[object, ...]]:
    return [r for r in ws.iter_rows(min_row=5, values_only=True) if r[0] is not None]


def test_sheets_follow_signals(book: openpyxl.Workbook) -> None:
    names = book.sheetnames
    assert names.index("Signals") < names.index(PLAN) < names.index(NOTES) < names.index(CUSTOMERS)
    assert names.index(CUSTOMERS) < names.index("Definitions")


def test_plan_rows_open_first_by_due_date(book: openpyxl.Workbook) -> None:
    rows = _rows(book[PLAN])
    assert [(r[0], r[P_DUE - 1], r[P_STATUS - 1], r[9]) for r in rows] == [
        ("finite_scheduling", "2026-08-31", "in_progress", "overdue"),
        ("planner_hiring_pool", "2026-09-15", "blocked", "overdue"),
        ("expedite_review", "2026-10-31", "planned", None),
        ("certify_cohort_3", "2026-11-30", "in_progress", None),
        ("supplier_collaboration", "2026-12-15", "in_progress", None),
        ("promise_dates_live", "2026-06-30", "done", None),
    ]
    assert rows[1][3] == "Priya Nair, Head of People & Learning"
    assert rows[1][6] == "Time to fill planning roles to 50 days by 2026-Q4"


def test_plan_due_and_status_are_inputs_with_validation(book: openpyxl.Workbook) -> None:
    ws = book[PLAN]
    due, status = ws.cell(row=5, column=P_DUE), ws.cell(row=5, column=P_STATUS)
    assert due.data_type == "s"  # a day as text: it reads back exactly, whatever the locale
    assert due.fill.fgColor.rgb.endswith("FFF7D6")
    assert status.font.color.rgb.endswith("1D4ED8")
    rules = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    listed = next(v for k, v in rules.items() if "I5" in k)
    assert listed.type == "list"
    assert listed.formula1 == '"planned,in_progress,blocked,done"'
    assert next(v for k, v in rules.items() if "H5" in k).type == "textLength"


def test_notes_beside_live_figures(book: openpyxl.Workbook) -> None:
    ws = book[NOTES]
    rows = {r[0]: r for r in _rows(ws)}
    otif = rows["kpi_otif"]
    assert otif[N_NOTE - 1] == "Best quarter on record: available-to-promise dates on every quote since July."
    assert otif[N_AUTHOR - 1] == "Dana Ruiz"
    assert otif[8] == "2026-Q2: Held above target despite the Brno line move."
    # Actual, target and status point at the node's row on its department sheet, so an edit there shows here.
    dept = book["Supply Chain & Logistics"]
    row = next(r for r in range(5, dept.max_row + 1) if dept.cell(row=r, column=2).value == "kpi_otif")
    assert otif[3] == f"=IF('Supply Chain & Logistics'!H{row}=\"\",\"\",'Supply Chain & Logistics'!H{row})"
    assert otif[5] == f"='Supply Chain & Logistics'!K{row}"
    assert rows["kpi_nps"][N_NOTE - 1] is None  # no note yet: an empty input
    assert len(rows) == 46  # every node


def test_customers_sheet(book: openpyxl.Workbook) -> None:
    rows = _rows(book[CUSTOMERS])
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        ("Helios Wind Systems", "helios-wind", "Keep turbine fleet availability above 97%", "green"),
        ("Voltara Rail", None, "Build bogie assemblies to the line schedule, no line stops for missing parts", "green"),
    ]
    assert str(rows[0][4]).splitlines()[0].startswith("OTIF / DIFOT (delivered in full, on time): green")


def test_the_hidden_sheet_maps_the_editable_cells(book: openpyxl.Workbook) -> None:
    ws = book["_kpicascade"]
    text = "".join(str(c.value) for c in ws[ws.max_row][1:] if c.value)
    inputs = json.loads(text)
    assert inputs["plan"][0] == ["finite_scheduling", 5, "2026-08-31", "in_progress"]
    assert inputs["notes"]["period"] == "2026-Q3"
    otif = next(r for r in inputs["notes"]["rows"] if r[0] == "kpi_otif")
    assert book[NOTES].cell(row=otif[1], column=1).value == "kpi_otif"
    assert otif[2:] == [book[NOTES].cell(row=otif[1], column=N_NOTE).value, "Dana Ruiz"]
    assert {r[0] for r in inputs["notes"]["rows"]} == {n.id for n in kpicascade.load(NORTHWIND).nodes}


def test_text_from_the_scorecard_stays_text(tmp_path: Path) -> None:
    card = kpicascade.load(NORTHWIND)
    evil = '=HYPERLINK("http://evil","click")'
    plan = [card.plan[0].model_copy(update={"action": evil, "owner": evil})]
    notes = card.notes.model_copy(
        update={"rows": [card.commentary[0].model_copy(update={"text": evil, "author": evil})]}
    )
    hostile = card.model_copy(update={"plan": plan, "notes": notes})
    hostile.set_file_notes([], [])
    hostile.set_measurements(card.measurements)
    path = tmp_path / "evil.xlsx"
    save(render(hostile.score()), path, NORTHWIND)
    wb = openpyxl.load_workbook(path)
    cells = [c for ws in (wb[PLAN], wb[NOTES]) for row in ws.iter_rows() for c in row if c.value == evil]
    assert len(cells) == 4
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
