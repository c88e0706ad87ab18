"""An executive's edits to plan statuses, due dates and notes import back exactly, with the safety of actuals."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import openpyxl
import pytest

import kpicascade
from kpicascade._exceptions import WorkbookError, WriteError
from kpicascade.roundtrip import apply, plan_import
from kpicascade.workbook import render, save
from kpicascade.workbook.placement import N_AUTHOR, N_ID, N_NOTE, NOTES, P_DUE, P_ID, P_STATUS, PLAN

EXAMPLES = Path(__file__).resolve().parents[2] / "scorecards"


def _made(tmp_path: Path, name: str) -> tuple[Path, Path]:
    for path in EXAMPLES.glob(f"{name}.*"):
        shutil.copy(path, tmp_path / path.name)
    card_path = tmp_path / f"{name}.yaml"
    book = tmp_path / f"{name}.xlsx"
    save(render(kpicascade.load(card_path).score()), book, card_path)
    return card_path, book


def _row(ws: openpyxl.worksheet.worksheet.Worksheet, column: int, ident: str) -> int:
    return next(r for r in range(5, ws.max_row + 1) if ws.cell(row=r, column=column).value == ident)


def _edit(book: Path, plan: dict[tuple[str, int], object], notes: dict[tuple[str, int], object]) -> None:
    """Type values into the Plan (item id, column) and Notes (node id, column) cells, as Excel would save them."""
    wb = openpyxl.load_workbook(book)
    for (ident, column), value in plan.items():
        wb[PLAN].cell(row=_row(wb[PLAN], P_ID, ident), column=column).value = value
    for (ident, column), value in notes.items():
        wb[NOTES].cell(row=_row(wb[NOTES], N_ID, ident), column=column).value = value
    wb.save(book)


def test_an_untouched_workbook_changes_nothing(tmp_path: Path) -> None:
    _, book = _made(tmp_path, "northwind-components")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    plan = plan_import(book)
    assert (plan.plan_changes, plan.note_changes, plan.not_imported, plan.writes) == ([], [], [], {})
    apply(plan)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.suffix != ".xlsx"} == {
        k: v for k, v in before.items() if not k.endswith(".xlsx")
    }


def test_plan_and_notes_import_exactly(tmp_path: Path) -> None:
    card_path, book = _made(tmp_path, "northwind-components")
    yaml_before = card_path.read_text().splitlines()
    notes_path = tmp_path / "northwind-components.notes.csv"
    notes_before = notes_path.read_text().splitlines()
    typed = 'Castings back on plan; "two" furnaces =rebuilt, €1.2M'
    _edit(
        book,
        {("finite_scheduling", P_STATUS): "done", ("planner_hiring_pool", P_DUE): "2026-11-15"},
        {
            ("kpm_supplier_otd", N_NOTE): typed,
            ("kpm_supplier_otd", N_AUTHOR): "Dana Ruiz",
            ("kpi_revenue_growth", N_NOTE): None,
            ("kpi_revenue_growth", N_AUTHOR): None,
            ("kpi_nps", N_NOTE): "Survey moved to November",
        },
    )
    plan = plan_import(book)
    assert sorted((c.item, c.field, c.old, c.new) for c in plan.plan_changes) == [
        ("finite_scheduling", "status", "in_progress", "done"),
        ("planner_hiring_pool", "due", "2026-09-15", "2026-11-15"),
    ]
    assert sorted((n.node, n.new, n.new_author) for n in plan.note_changes) == [
        ("kpi_nps", "Survey moved to November", None),
        ("kpi_revenue_growth", None, None),
        ("kpm_supplier_otd", typed, "Dana Ruiz"),
    ]
    assert plan.not_imported == []
    apply(plan)
    # The YAML: exactly two lines changed, in place.
    yaml_after = card_path.read_text().splitlines()
    changed = [(a, b) for a, b in zip(yaml_before, yaml_after, strict=True) if a != b]
    assert changed == [
        ("    due: 2026-09-15", "    due: 2026-11-15"),
        ("    status: in_progress", "    status: done"),
    ]
    # The notes CSV: one row replaced in place, one removed, one added at the end; the rest byte for byte.
    notes_after = notes_path.read_text().splitlines()
    assert [line for line in notes_before if line not in notes_after] == [
        next(x for x in notes_before if x.startswith("kpm_supplier_otd,")),
        next(x for x in notes_before if x.startswith("kpi_revenue_growth,")),
    ]
    assert notes_after[-1] == "kpi_nps,2026-Q3,Survey moved to November,"
    card = kpicascade.load(card_path)
    items = {i.id: i for i in card.plan}
    assert (items["finite_scheduling"].status, items["planner_hiring_pool"].due) == ("done", "2026-11-15")
    note = card.note("kpm_supplier_otd", "2026-Q3")
    assert note is not None
    assert (note.text, note.author) == (typed, "Dana Ruiz")
    assert card.note("kpi_revenue_growth", "2026-Q3") is None
    # The same workbook again: everything it holds is already in the scorecard.
    again = plan_import(book)
    assert (again.plan_changes, again.note_changes, again.writes) == ([], [], {})


def test_a_status_left_at_its_default_is_added_after_the_due_date(tmp_path: Path) -> None:
    card_path, book = _made(tmp_path, "northwind-components")
    text = card_path.read_text().replace("    status: planned\n", "", 1)
    card_path.write_text(text)
    save(render(kpicascade.load(card_path).score()), book, card_path)
    _edit(book, {("expedite_review", P_STATUS): "in progress"}, {})
    apply(plan_import(book))
    assert text.count("    due: 2026-10-31\n") == 1
    assert card_path.read_text() == text.replace(
        "    due: 2026-10-31\n", "    due: 2026-10-31\n    status: in_progress\n"
    )


def test_inline_notes_are_edited_in_place_in_the_yaml(tmp_path: Path) -> None:
    card_path, book = _made(tmp_path, "meridian-health")
    before = card_path.read_text().splitlines()
    _edit(book, {}, {("kpi_enps", N_NOTE): 'Pulse survey in pay-award week: "again"'})
    apply(plan_import(book))
    after = card_path.read_text().splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 1
    assert changed[0][1].endswith('text: "Pulse survey in pay-award week: \\"again\\"", author: Fiona Campbell}')
    note = kpicascade.load(card_path).note("kpi_enps", "2026-04")
    assert note is not None
    assert note.text == 'Pulse survey in pay-award week: "again"'


# (case, plan edits, note edits, what the error names)
REFUSED = [
    ("an unknown status", {("expedite_review", P_STATUS): "started"}, {}, "Plan!I"),
    ("a due date that is no day", {("expedite_review", P_DUE): "2026-02-30"}, {}, "is not a day"),
    ("a formula in a note", {}, {("kpi_otif", N_NOTE): '=HYPERLINK("http://x")'}, "a formula was typed"),
    ("a note too long", {}, {("kpi_otif", N_NOTE): "x" * 2001}, "longer than 2000"),
]


@pytest.mark.parametrize(("case", "plan_edits", "note_edits", "named"), REFUSED, ids=[c[0] for c in REFUSED])
def test_bad_cells_import_nothing(
    tmp_path: Path,
    case: str,
    plan_edits: dict[tuple[str, int], object],
    note_edits: dict[tuple[str, int], object],
    named: str,
) -> None:
    _, book = _made(tmp_path, "northwind-components")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.suffix != ".xlsx"}
    _edit(book, plan_edits | {("finite_scheduling", P_STATUS): "done"}, note_edits)
    with pytest.raises(WorkbookError, match=named):
        plan_import(book)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.suffix != ".xlsx"} == before


def test_a_moved_plan_row_is_refused(tmp_path: Path) -> None:
    _, book = _made(tmp_path, "northwind-components")
    wb = openpyxl.load_workbook(book)
    wb[PLAN].insert_rows(6)
    wb.save(book)
    with pytest.raises(WorkbookError, match="Plan row 6 should hold"):
        plan_import(book)


def test_a_new_note_needs_a_notes_file(tmp_path: Path) -> None:
    _, book = _made(tmp_path, "meridian-health")
    _edit(book, {}, {("kpi_attrition", N_NOTE): "Exit interviews name the rota"})
    with pytest.raises(WorkbookError, match="new notes need a notes file"):
        plan_import(book)


def test_an_excel_saved_notes_file_keeps_every_record_it_does_not_change(tmp_path: Path) -> None:
    notes_path = tmp_path / "northwind-components.notes.csv"
    for path in EXAMPLES.glob("northwind-components.*"):
        shutil.copy(path, tmp_path / path.name)
    lines = notes_path.read_text(encoding="utf-8").splitlines()
    # As Excel saves it: a byte order mark, CRLF, and a note with a line break inside its quotes.
    lines[1] = 'kpi_planner_certification,2026-Q3,"Cohort 2 exams moved to October.\r\nCohort 3 starts in November.",'
    saved = "\ufeff" + "".join(f"{line}\r\n" for line in lines)
    notes_path.write_bytes(saved.encode("utf-8"))
    card_path = tmp_path / "northwind-components.yaml"
    book = tmp_path / "northwind-components.xlsx"
    card = kpicascade.load(card_path)
    note = card.note("kpi_planner_certification", "2026-Q3")
    assert note is not None
    assert note.text == "Cohort 2 exams moved to October.\r\nCohort 3 starts in November."
    save(render(card.score()), book, card_path)
    _edit(book, {}, {("kpm_supplier_otd", N_NOTE): "Back on plan", ("kpi_nps", N_NOTE): "Survey in November"})
    apply(plan_import(book))
    replaced = next(k for k, line in enumerate(lines) if line.startswith("kpm_supplier_otd,"))
    # the changed record is written with minimal quoting (its mixed quoting is not one the csv module writes)
    expected = [*lines[:replaced], "kpm_supplier_otd,2026-Q3,Back on plan,Dana Ruiz", *lines[replaced + 1 :]]
    expected.append("kpi_nps,2026-Q3,Survey in November,")
    assert notes_path.read_bytes() == ("\ufeff" + "".join(f"{line}\r\n" for line in expected)).encode("utf-8")


def test_a_quarters_workbook_of_a_monthly_scorecard_shows_the_notes_of_its_months(tmp_path: Path) -> None:
    for path in EXAMPLES.glob("brightloop-software.*"):
        shutil.copy(path, tmp_path / path.name)
    with (tmp_path / "brightloop-software.notes.csv").open("a", encoding="utf-8") as handle:
        handle.write("kpi_win_rate,2026-07,July: pricing change,\nkpi_win_rate,2026-09,September: recovered,\n")
    card_path = tmp_path / "brightloop-software.yaml"
    book = tmp_path / "brightloop-software.xlsx"
    save(render(kpicascade.load(card_path).score(period="2026-Q3", grain="quarter")), book, card_path)
    sheet = openpyxl.load_workbook(book)[NOTES]
    assert sheet["A1"].value == "Notes: Brightloop Software, Inc., 2026-09 (the last month of 2026-Q3)"
    assert (
        sheet["A2"].value == "A workbook by quarter is for reading: type notes in the workbook by month to import them."
    )
    row = _row(sheet, N_ID, "kpi_win_rate")
    assert sheet.cell(row=row, column=N_NOTE).value == "September: recovered"
    assert sheet.cell(row=row, column=9).value == "2026-07: July: pricing change"
    # a workbook by quarter is for reading: edits import from a workbook by month
    with pytest.raises(WorkbookError, match="actuals import back from a workbook by month only"):
        plan_import(book)


def test_an_import_that_cannot_write_one_file_writes_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, book = _made(tmp_path, "northwind-components")
    _edit(book, {("finite_scheduling", P_STATUS): "done"}, {("kpi_nps", N_NOTE): "Survey moved to November"})
    plan = plan_import(book)
    assert len(plan.writes) == 2  # the YAML and the notes CSV
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.suffix != ".xlsx"}
    real_replace = os.replace

    def replace(src: str | Path, dst: str | Path) -> None:
        if Path(dst).suffix == ".csv":
            raise OSError(errno.EACCES, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr("kpicascade.writing.os.replace", replace)
    with pytest.raises(WriteError, match="permission denied; no file was changed"):
        apply(plan)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.suffix != ".xlsx"} == before
