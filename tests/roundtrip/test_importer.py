"""Importing edited actuals: what changed is written back, anything wrong changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

import kpicascade
from kpicascade._exceptions import ScorecardError, WorkbookError
from kpicascade.periods import Period
from kpicascade.roundtrip import apply, plan_import
from kpicascade.workbook import render, save
from kpicascade.workbook.placement import D_ACTUAL, D_ID, D_SCORE, D_TARGET, SERIES_FIRST_COLUMN, SERIES_HEADER
from tests.workbook.conftest import CARDS, Made
from tests.workbook.test_peers_sheet import PEERS

PERIODS = [f"2026-0{m}" for m in range(1, 9)]


def home(book: openpyxl.Workbook, ident: str, column: int = D_ACTUAL) -> openpyxl.cell.Cell:
    """Return a node's cell on its department sheet (actual for the viewed period by default)."""
    for ws in book.worksheets[1:]:
        for row in range(5, ws.max_row + 1):
            if ws.cell(row=row, column=D_ID).value == ident:
                return ws.cell(row=row, column=column)
    raise KeyError(ident)


def series(book: openpyxl.Workbook, sheet: str, ident: str, period: str) -> openpyxl.cell.Cell:
    """Return a node's or signal's cell for a period on Trends or Signals."""
    ws = book[sheet]
    row = next(r for r in range(SERIES_HEADER + 1, ws.max_row + 1) if ws.cell(row=r, column=2).value == ident)
    return ws.cell(row=row, column=SERIES_FIRST_COLUMN + PERIODS.index(period))


def edited(made: Made, *edits: tuple[str, str, str, object]) -> Path:
    """Apply edits (sheet or 'home', id, period, value) to the workbook, as someone in Excel would, and save it."""
    book = openpyxl.load_workbook(made.workbook)
    for sheet, ident, period, value in edits:
        cell = home(book, ident) if sheet == "home" else series(book, sheet, ident, period)
        cell.value = value
    book.save(made.workbook)
    return made.workbook


def test_an_untouched_workbook_imports_nothing(made: Made) -> None:
    before = made.csv.read_bytes()
    plan = plan_import(made.workbook)
    assert plan.changes == []
    assert plan.not_imported == []
    apply(plan)
    assert made.csv.read_bytes() == before


def test_edited_cells_are_written_back_and_nothing_else(made: Made) -> None:
    before = made.csv.read_text().splitlines()
    edited(
        made,
        ("home", "kpi_rev", "2026-06", 1650),
        ("Trends", "kpi_margin", "2026-02", 0.312),
        ("Trends", "kpm_csat", "2026-05", None),
        ("home", "kpi_attrition", "2026-06", 0.16),
        ("Signals", "sig_users", "2026-05", 190),
    )
    plan = plan_import(made.workbook)
    assert sorted((c.id, c.period, c.old, c.new) for c in plan.changes) == [
        ("kpi_attrition", "2026-06", None, 0.16),
        ("kpi_margin", "2026-02", 0.31, 0.312),
        ("kpi_rev", "2026-06", 1600.0, 1650.0),
        ("kpm_csat", "2026-05", 0.85, None),
        ("sig_users", "2026-05", None, 190.0),
    ]
    assert plan.not_imported == []
    apply(plan)
    after = made.csv.read_text().splitlines()
    assert "kpi_rev,2026-06,1650" in after
    assert "kpi_margin,2026-02,0.312" in after
    assert "kpm_csat,2026-05,0.85" not in after
    assert after[-2:] == ["kpi_attrition,2026-06,0.16", "sig_users,2026-05,190"]
    untouched = [
        line for line in before if not line.startswith(("kpi_rev,2026-06", "kpi_margin,2026-02", "kpm_csat,2026-05"))
    ]
    assert [line for line in after if line in untouched] == untouched
    card = kpicascade.load(made.scorecard)
    assert card.measurements.series("kpi_rev")[Period.parse("2026-06")] == 1650
    assert Period.parse("2026-05") not in card.measurements.series("kpm_csat")
    assert [p.name for p in made.csv.parent.iterdir() if p.name.startswith(".")] == []


def test_the_csv_may_have_changed_since_and_only_edits_win(made: Made) -> None:
    made.csv.write_text(
        made.csv.read_text()
        .replace("kpi_lead,2026-06,6", "kpi_lead,2026-06,6.2")
        .replace("kpi_temp,2026-06,-2", "kpi_temp,2026-06,3")
    )
    edited(made, ("home", "kpi_rev", "2026-06", 1700), ("home", "kpi_temp", "2026-06", 3))
    plan = plan_import(made.workbook)
    assert [(c.id, c.new) for c in plan.changes] == [("kpi_rev", 1700.0)]
    apply(plan)
    assert "kpi_lead,2026-06,6.2" in made.csv.read_text()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1650", "'1650' is a number typed as text"),
        ("1,650", "'1,650' is a number typed as text"),
        ("n/a", "'n/a' is not a number"),
        (True, "true/false"),
    ],
)
def test_unreadable_actuals_change_nothing(made: Made, value: object, message: str) -> None:
    before = made.csv.read_bytes()
    edited(made, ("home", "kpi_rev", "2026-06", value), ("home", "kpi_lead", "2026-06", 5))
    with pytest.raises(WorkbookError, match=message):
        plan_import(made.workbook)
    assert made.csv.read_bytes() == before


def test_changed_formulas_and_labels_are_reported_not_imported(made: Made) -> None:
    book = openpyxl.load_workbook(made.workbook)
    home(book, "kpi_rev").value = 1650
    home(book, "kpi_lead").value = "=2+3"
    home(book, "kpi_otif", D_SCORE).value = 0.99
    home(book, "kpi_margin", D_TARGET).value = 0.5
    book["Summary"]["B7"].value = "=AVERAGE(E14:E16)"
    book["Calc"]["D3"].value = "=42"
    book.save(made.workbook)
    plan = plan_import(made.workbook)
    assert [(c.id, c.new) for c in plan.changes] == [("kpi_rev", 1650.0)]
    text = "\n".join(plan.not_imported)
    assert "a formula (=2+3) was typed where the actual of kpi_lead for 2026-06 goes" in text
    assert "replaced by 0.99" in text
    assert "0.33 changed to 0.5" in text
    assert "Summary!B7: formula changed" in text
    assert "Calc!D3: '=42' added" in text
    assert len(plan.not_imported) == 5


@pytest.mark.parametrize("damage", ["rename", "delete"])
def test_a_renamed_or_deleted_sheet_is_refused(made: Made, damage: str) -> None:
    book = openpyxl.load_workbook(made.workbook)
    if damage == "rename":
        book["People"].title = "Team"
    else:
        del book["Signals"]
    book.save(made.workbook)
    before = made.csv.read_bytes()
    with pytest.raises(WorkbookError, match="renamed or deleted"):
        plan_import(made.workbook)
    assert made.csv.read_bytes() == before


@pytest.mark.parametrize(("sheet", "rows", "columns"), [("People", 5, 0), ("Trends", 0, 6)])
def test_moved_rows_or_columns_are_refused(made: Made, sheet: str, rows: int, columns: int) -> None:
    book = openpyxl.load_workbook(made.workbook)
    if rows:
        book[sheet].insert_rows(rows)
    else:
        book[sheet].insert_cols(columns)
    book.save(made.workbook)
    with pytest.raises(WorkbookError, match="inserted, deleted or moved"):
        plan_import(made.workbook)


def test_a_changed_scorecard_is_refused_unless_forced(made: Made) -> None:
    edited(made, ("home", "kpi_rev", "2026-06", 1650))
    made.scorecard.write_text(made.scorecard.read_text().replace("target: 1500", "target: 1600"))
    with pytest.raises(WorkbookError, match="changed since this workbook was made"):
        plan_import(made.workbook)
    plan = plan_import(made.workbook, force=True)
    assert [(c.id, c.new) for c in plan.changes] == [("kpi_rev", 1650.0)]
    assert "not compared" in plan.notes[0]


def test_comments_and_layout_of_the_yaml_do_not_count_as_a_change(made: Made) -> None:
    made.scorecard.write_text("# reviewed in the QBR\n" + made.scorecard.read_text().replace("\n\n", "\n"))
    assert plan_import(made.workbook).changes == []


def test_a_workbook_that_is_not_ours_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(WorkbookError, match="not a kpicascade workbook"):
        plan_import(path)


def test_a_damaged_hidden_sheet_is_refused(made: Made) -> None:
    book = openpyxl.load_workbook(made.workbook)
    book["_kpicascade"]["B1"].value = "something else"
    book.save(made.workbook)
    with pytest.raises(WorkbookError, match="hidden sheet _kpicascade was changed"):
        plan_import(made.workbook)


def test_the_scorecard_is_found_from_the_workbook_or_given(made: Made, tmp_path: Path) -> None:
    moved = tmp_path / "elsewhere" / "coverage.xlsx"
    moved.parent.mkdir()
    shutil.move(made.workbook, moved)
    with pytest.raises(WorkbookError, match="pass --scorecard"):
        plan_import(moved)
    assert plan_import(moved, made.scorecard).scorecard == made.scorecard


def test_a_workbook_of_another_account_is_refused(made: Made, example_path: Path) -> None:
    with pytest.raises(WorkbookError, match="made for account coverage"):
        plan_import(made.workbook, example_path)


def _with_inline_row(folder: Path) -> Made:
    folder.mkdir()
    for part in CARDS.glob("coverage.*"):
        shutil.copy(part, folder / part.name)
    scorecard = folder / "coverage.yaml"
    scorecard.write_text(
        scorecard.read_text().replace(
            "  files: [coverage.actuals.csv]",
            "  files: [coverage.actuals.csv]\n  rows: [{id: kpi_ttf, period: 2026-06, value: 45}]",
        )
    )
    target = folder / "coverage.xlsx"
    save(render(kpicascade.load(scorecard).score()), target, scorecard)
    return Made(scorecard, folder / "coverage.actuals.csv", target)


def test_an_actual_kept_inline_in_the_yaml_is_not_overwritten(tmp_path: Path) -> None:
    made = _with_inline_row(tmp_path / "inline")
    edited(made, ("home", "kpi_ttf", "2026-06", 40))
    before = made.csv.read_bytes()
    with pytest.raises(WorkbookError, match=r"comes from .*coverage\.yaml:\d+.*edit it there"):
        plan_import(made.workbook)
    assert made.csv.read_bytes() == before


def test_new_actuals_are_checked_like_any_other(made: Made, monkeypatch: pytest.MonkeyPatch) -> None:
    # the plan's rows go through actuals.check_rows: a row it rejects stops the import
    from kpicascade.roundtrip import importer as roundtrip

    edited(made, ("home", "kpi_rev", "2026-06", 1650))
    monkeypatch.setattr(roundtrip, "number_text", lambda value: "not-a-number")
    with pytest.raises(ScorecardError, match="value 'not-a-number' is not a number"):
        plan_import(made.workbook)


def _as_excel_saves_it(made: Made) -> str:
    """Rewrite the actuals CSV as Excel saves one: a BOM, CRLF, and a note column with line breaks in cells."""
    lines = made.csv.read_text().splitlines()
    rows = [lines[0] + ",note"]
    for i, line in enumerate(lines[1:]):
        note = '"checked by Ana\nsource: ERP, ""May"" close"' if i % 3 == 0 else ("plain" if i % 3 == 1 else "")
        rows.append(f"{line},{note}")
    text = "\ufeff" + "\r\n".join(rows) + "\r\n"
    made.csv.write_bytes(text.encode("utf-8"))
    return text


def test_an_excel_saved_csv_round_trips_byte_for_byte_but_the_edited_values(made: Made) -> None:
    text = _as_excel_saves_it(made)
    edited(made, ("home", "kpi_rev", "2026-06", 1650), ("Trends", "kpi_margin", "2026-02", 0.312))
    plan = plan_import(made.workbook)
    assert sorted((c.id, c.new) for c in plan.changes) == [("kpi_margin", 0.312), ("kpi_rev", 1650.0)]
    apply(plan)
    expected = text.replace("\r\nkpi_rev,2026-06,1600,", "\r\nkpi_rev,2026-06,1650,").replace(
        "\r\nkpi_margin,2026-02,0.31,", "\r\nkpi_margin,2026-02,0.312,"
    )
    assert expected != text
    assert made.csv.read_bytes() == expected.encode("utf-8")
    card = kpicascade.load(made.scorecard)
    assert card.measurements.series("kpi_rev")[Period.parse("2026-06")] == 1650
    assert card.measurements.series("kpi_margin")[Period.parse("2026-02")] == 0.312
    assert len(card.measurements) == len(kpicascade.load(CARDS / "coverage.yaml").measurements)


def test_a_symlinked_actuals_csv_is_updated_where_it_lives(made: Made, tmp_path: Path) -> None:
    shared = tmp_path / "shared" / "coverage.actuals.csv"
    shared.parent.mkdir()
    shutil.move(made.csv, shared)
    made.csv.symlink_to(shared)
    edited(made, ("home", "kpi_rev", "2026-06", 1650))
    apply(plan_import(made.workbook))
    assert made.csv.is_symlink()
    assert "kpi_rev,2026-06,1650\n" in shared.read_text()
    assert [p.name for p in shared.parent.iterdir()] == ["coverage.actuals.csv"]


def test_a_file_that_does_not_read_back_as_planned_is_not_renamed(made: Made) -> None:
    edited(made, ("home", "kpi_rev", "2026-06", 1650))
    plan = plan_import(made.workbook)
    before = made.csv.read_bytes()
    plan.intended[0] = ["kpi_rev", "2026-01", "1"]  # what the write is compared with
    with pytest.raises(WorkbookError, match="did not read back as intended; nothing was written"):
        apply(plan)
    assert made.csv.read_bytes() == before
    assert [p.name for p in made.csv.parent.iterdir() if p.name.startswith(".")] == []


def test_a_workbook_with_a_peers_sheet_imports_its_edits(made: Made) -> None:
    # a portfolio build's workbook: the same scorecard, with the account's standings among its peers
    save(render(kpicascade.load(made.scorecard).score(), peers=PEERS), made.workbook, made.scorecard)
    assert "Peers" in openpyxl.load_workbook(made.workbook).sheetnames
    assert plan_import(made.workbook).not_imported == []
    edited(made, ("home", "kpi_rev", "2026-06", 1650), ("Trends", "kpi_margin", "2026-02", 0.312))
    plan = plan_import(made.workbook)
    assert sorted((c.id, c.period, c.new) for c in plan.changes) == [
        ("kpi_margin", "2026-02", 0.312),
        ("kpi_rev", "2026-06", 1650.0),
    ]
    assert plan.not_imported == []
    apply(plan)
    assert "kpi_rev,2026-06,1650" in made.csv.read_text().splitlines()
