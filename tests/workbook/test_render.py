"""The rendered workbook, read back with openpyxl: sheets, formulas, formats, charts and safe text."""

from __future__ import annotations

import io
import math
import re
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.formula import Tokenizer

import kpicascade
from kpicascade.model import Scorecard
from kpicascade.workbook import render, save
from kpicascade.workbook.placement import (
    D_ACTUAL,
    D_DATA,
    D_ID,
    D_STATUS,
    DEPT_HEADER,
    N_NOTE,
    NOTES_HEADER,
    P_DUE,
    P_STATUS,
    PLAN_HEADER,
    SERIES_HEADER,
    layout,
)
from tests.conftest import EXAMPLES, ROOT
from tests.rendered import folded, pages, to_pdf
from tests.workbook import libreoffice

NASTY = ['=HYPERLINK("http://x","click")', "+1", "-2", "@SUM(A1)"]
#: The coverage card's sales department is named "=cmd|' /C calc'!A0"; "/" cannot be in a sheet title.
SALES = "=cmd|' C calc'!A0"


def reread(wb: Workbook) -> Workbook:
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return openpyxl.load_workbook(buffer)


@pytest.fixture
def coverage(coverage_path: Path) -> Scorecard:
    return kpicascade.load(coverage_path)


@pytest.fixture
def book(coverage: Scorecard) -> Workbook:
    return reread(render(coverage.score()))


def test_sheets_in_order_with_the_machinery_hidden(book: Workbook) -> None:
    assert book.sheetnames == [
        "Summary",
        SALES,
        "Operations Plant Warehouse EU",
        "People",
        "Other",
        "Value",
        "Trends",
        "Signals",
        "Notes",
        "Definitions",
        "Calc",
        "Links",
        "_kpicascade",
    ]
    hidden = {ws.title for ws in book.worksheets if ws.sheet_state != "visible"}
    assert hidden == {"Calc", "Links", "_kpicascade"}
    assert book.calculation.fullCalcOnLoad


def test_department_named_like_a_formula_keeps_its_name_as_text(coverage: Scorecard, book: Workbook) -> None:
    # a sheet title is never evaluated; the heading cell holds the full name as text
    heading = book[SALES]["A1"]
    assert heading.value == coverage.departments[0].name
    assert heading.data_type == "s"


@pytest.mark.parametrize("name", NASTY)
def test_text_that_looks_like_a_formula_stays_text(book: Workbook, name: str) -> None:
    found = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == name]
    assert found, name
    assert all(c.data_type == "s" for c in found)


def test_the_quote_prefix_marks_exactly_the_text_a_retype_would_turn_into_a_formula(book: Workbook) -> None:
    # styles are stamped from one cell onto many: the prefix is each cell's own, never the stamp's
    texts = [
        c
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.data_type == "s"
    ]
    risky = {c for c in texts if c.value.startswith(("=", "+", "-", "@"))}
    assert len(risky) > 20
    assert {c for c in texts if c.quotePrefix} == risky


def test_every_formula_tokenizes_and_points_at_existing_sheets(book: Workbook) -> None:
    checked = 0
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                for token in Tokenizer(cell.value).items:
                    if token.type == "OPERAND" and token.subtype == "RANGE" and "!" in token.value:
                        sheet = token.value.rsplit("!", 1)[0].strip("'").replace("''", "'")
                        assert sheet in book.sheetnames, (cell.coordinate, token.value)
                checked += 1
    assert checked > 300


def test_actual_cells_hold_the_actuals_with_number_validation(coverage: Scorecard, book: Workbook) -> None:
    result = coverage.score()
    lay = layout(result)
    for node, (title, row) in lay.home.items():
        ws = book[title]
        assert ws.cell(row=row, column=D_ID).value == result.arrays.ids[node]
        expected = result.arrays.actual[node, result.t]
        value = ws.cell(row=row, column=D_ACTUAL).value
        assert (value is None and math.isnan(expected)) or value == expected
        rules = [
            dv for dv in ws.data_validations.dataValidation if ws.cell(row=row, column=D_ACTUAL).coordinate in dv.sqref
        ]
        assert [dv.type for dv in rules] == ["decimal"]


def test_department_sheet_is_set_up_for_reading_and_printing(book: Workbook) -> None:
    ws = book[SALES]
    assert ws.freeze_panes == f"B{DEPT_HEADER + 1}"
    assert ws.auto_filter.ref.startswith(f"A{DEPT_HEADER}:M")  # through the Data column
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"$1:${DEPT_HEADER}"
    status_ranges = [str(r.sqref) for r in ws.conditional_formatting]
    assert any(f"{openpyxl.utils.get_column_letter(D_STATUS)}{DEPT_HEADER + 1}" in r for r in status_ranges)
    assert ws.column_dimensions["A"].width >= 24


def test_cascade_shows_as_indentation_and_grouped_rows(book: Workbook) -> None:
    ws = book[SALES]
    rows = {ws.cell(row=r, column=D_ID).value: r for r in range(DEPT_HEADER + 1, ws.max_row + 1)}
    # kpi_rev <- kpm_win <- mbo_ae, all in Sales
    assert ws.row_dimensions[rows["kpm_win"]].outline_level == 1
    assert ws.row_dimensions[rows["mbo_ae"]].outline_level == 2
    indent = {ident: ws.cell(row=row, column=1).alignment.indent for ident, row in rows.items()}
    assert indent["mbo_ae"] > indent["kpm_win"] > indent["kpi_rev"]
    assert rows["kpi_rev"] < rows["kpm_win"] < rows["mbo_ae"]


@pytest.mark.parametrize(
    ("node", "number_format"),
    [
        ("kpi_rev", '"$"#,##0'),  # revenue in the thousands: whole dollars
        ("kpi_margin", "0.0%"),
        ("kpi_lead", '0.0 "days"'),
        ("kpi_orders", "#,##0"),
    ],
)
def test_number_formats_follow_the_unit(book: Workbook, node: str, number_format: str) -> None:
    cells = [
        ws.cell(row=r, column=D_ACTUAL)
        for ws in book.worksheets[1:5]
        for r in range(DEPT_HEADER + 1, ws.max_row + 1)
        if ws.cell(row=r, column=D_ID).value == node
    ]
    assert [c.number_format for c in cells] == [number_format]


def test_charts_bar_on_summary_and_a_line_per_kpi_on_trends(coverage: Scorecard, book: Workbook) -> None:
    # openpyxl does not read charts back, so count them on the rendered workbook
    wb = render(coverage.score())
    kpis = [n for n in coverage.nodes if n.kind == "kpi"]
    assert [type(c).__name__ for c in wb["Summary"]._charts] == ["BarChart"]
    assert [type(c).__name__ for c in wb["Trends"]._charts] == ["LineChart"] * len(kpis)


def test_summary_lists_objectives_by_perspective(book: Workbook) -> None:
    ws = book["Summary"]
    assert ws["A7"].value == "Overall score"
    assert str(ws["B7"].value).startswith("=")
    names = [ws.cell(row=r, column=2).value for r in range(14, 17)]
    assert names == NASTY[:3]
    assert [ws.cell(row=r, column=1).value for r in range(14, 17)] == [
        "Financial",
        "Internal process",
        "Learning & growth",
    ]


def test_definitions_write_out_every_metric(coverage: Scorecard, book: Workbook) -> None:
    ws = book["Definitions"]
    rows = {ws.cell(row=r, column=2).value: r for r in range(4, ws.max_row + 1)}
    assert set(rows) == {n.id for n in coverage.nodes}
    rules = "[50, ) scores 1; [30, 50) scores 0.8; [0, 30) scores 0.4; otherwise 0"
    assert ws.cell(row=rows["kpi_nps"], column=10).value == rules
    # time-phased targets in the unit people read (31.0%, not 0.31 or 1.44e+07)
    assert ws.cell(row=rows["kpi_margin"], column=12).value == "2026-01: 31.0%; 2026-04: 33.0%; 2026-07: 35.0%"


def test_every_example_renders(example: Scorecard) -> None:
    book = reread(render(example.score()))
    assert "Summary" in book.sheetnames
    assert "_kpicascade" in book.sheetnames


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Each example's workbook as LibreOffice prints it to PDF (recalculated on load): the text of each page."""
    folder = tmp_path_factory.mktemp("printed")
    paths = []
    for example in EXAMPLES:
        path = folder / f"{example.stem}.xlsx"
        save(render(kpicascade.load(example).score()), path, example)
        paths.append(path)
    profile = libreoffice.profile(folder / "profile")
    return {pdf.stem: pages(pdf) for pdf in to_pdf(paths, profile, folder / "pdf")}


@pytest.mark.libreoffice
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_printed_workbook_reads_whole(printed: dict[str, list[str]], example: Path) -> None:
    texts = printed[example.stem]
    whole = " ".join(texts)
    card = kpicascade.load(example)
    assert "###" not in whole  # a number too wide for its column
    assert not re.search(r"\de[+-]\d\d", whole)  # 1.44e+07 spilling from a cell
    for node in card.nodes:
        if node.kind == "objective":
            assert folded(node.name) in whole, node.name
    # the Summary is one page: its chart's title on page one, the first department's sheet on page two
    assert texts[0].startswith(f"Balanced scorecard: {folded(card.account)}")
    assert "Objective scores" in texts[0]
    assert "Moments of truth" in texts[0] or not any(n.moment_of_truth for n in card.nodes)
    sheets = len(render(card.score()).sheetnames) - 3  # Calc, Links and _kpicascade are hidden
    assert sheets <= len(texts) <= 3 * sheets


def test_by_quarter_partial_periods_are_marked_in_trends_and_department_sheets(coverage: Scorecard) -> None:
    # OTIF, win rate and attrition report to May while the rest reach June: by quarter, Q2 has three metrics
    # still to report; attrition also misses March, so its Q1 rests on January and February
    wb = reread(render(coverage.score("2026-Q2", grain="quarter")))
    trends = wb["Trends"]
    header = [c.value for c in trends[SERIES_HEADER]]
    column = {period: header.index(period) + 1 for period in ("2026-Q1", "2026-Q2")}
    assert trends.cell(row=SERIES_HEADER - 1, column=column["2026-Q2"]).value == "3 still to report"
    assert trends.cell(row=SERIES_HEADER - 1, column=column["2026-Q1"]).value is None
    row = next(r for r in range(SERIES_HEADER + 1, trends.max_row + 1) if trends.cell(r, 2).value == "kpi_attrition")
    for period in ("2026-Q1", "2026-Q2"):
        comment = trends.cell(row=row, column=column[period]).comment
        assert comment is not None
        assert comment.text == "2 of 3 months"
    assert "sum, mean, last, min or max" in trends["A2"].value
    ops = wb["Operations Plant Warehouse EU"]
    otif = next(r for r in range(DEPT_HEADER + 1, ops.max_row + 1) if ops.cell(r, D_ID).value == "kpi_otif")
    assert ops.cell(row=DEPT_HEADER, column=D_DATA).value == "Data"
    assert ops.cell(row=otif, column=D_DATA).value == "2 of 3 months"


def test_each_editable_column_is_validated_as_one_range_over_every_row() -> None:
    # one range per column, not one per cell: openpyxl compares each added cell with every range before it
    card = kpicascade.load(ROOT / "scorecards" / "northwind-components.yaml")
    book = reread(render(card.score()))
    notes, plan = book["Notes"], book["Plan"]
    note_rows, plan_rows = notes.max_row - NOTES_HEADER, len(card.plan)
    assert note_rows == len(card.nodes)
    assert [str(dv.sqref) for dv in notes.data_validations.dataValidation] == [f"G5:G{NOTES_HEADER + note_rows}"]
    assert sorted(str(dv.sqref) for dv in plan.data_validations.dataValidation) == [
        f"H5:H{PLAN_HEADER + plan_rows}",
        f"I5:I{PLAN_HEADER + plan_rows}",
    ]
    assert (N_NOTE, P_DUE, P_STATUS) == (7, 8, 9)  # G, H and I above


def test_notes_and_plan_rows_read_from_the_top_where_their_wrapped_texts_start() -> None:
    card = kpicascade.load(ROOT / "scorecards" / "northwind-components.yaml")
    book = reread(render(card.score()))
    notes, plan = book["Notes"], book["Plan"]
    for row in range(NOTES_HEADER + 1, notes.max_row + 1):
        for column in range(1, 9):  # id to author: beside a two-line name, an id at the bottom reads as the next row's
            cell = notes.cell(row=row, column=column)
            if cell.value is not None or column >= N_NOTE:  # an objective has no actual or target: no cell
                assert cell.alignment.vertical == "top", cell.coordinate
    for row in range(PLAN_HEADER + 1, PLAN_HEADER + len(card.plan) + 1):
        assert [plan.cell(row=row, column=c).alignment.vertical for c in (P_DUE, P_STATUS)] == ["top", "top"]
