"""The Peers sheet: the account's standings among customers like it, figures in their units, the top marked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

import kpicascade
from kpicascade.workbook import render, save
from kpicascade.workbook.peers_sheet import COLUMNS, HEADER


def _standing(name: str, cohort: str, **figures: Any) -> dict[str, Any]:
    return {"key": "supply.otif", "name": name, "unit": "percent", "direction": "increase", "perspective": "customer",
            "cohort": cohort, "size": 6, "value": 0.97, "percentile": 100 * 5.5 / 6, "quartile": "top quartile",
            "median": 0.895, "lower_quartile": 0.865, "upper_quartile": 0.925} | figures  # fmt: skip


PEERS = [
    # given out of order: the sheet lists KPI by KPI, all customers first, as the report does
    _standing("On time in full", "industry: manufacturing", size=5, percentile=90.0, median=0.91,
              lower_quartile=0.86, upper_quartile=0.93),
    _standing("On time in full", "all customers"),
    # attrition: lower is better, so the better quarter's edge (0.112) is upper_quartile; the sheet runs low to high
    _standing("Voluntary attrition", "all customers", value=0.164, percentile=12.5, quartile="bottom quartile",
              median=0.13, lower_quartile=0.164, upper_quartile=0.112),
    _standing('=HYPERLINK("http://x","y")', "region: =1+1", unit="days", value=42.0, percentile=100 * 0.5 / 6,
              quartile="bottom quartile", median=30.0, lower_quartile=25.0, upper_quartile=36.0),
    _standing("Revenue", "all customers", unit="currency", value=1_250_000.0, percentile=50.0,
              quartile="second quartile", median=1_000_000.0, lower_quartile=800_000.0, upper_quartile=1_400_000.0),
]  # fmt: skip


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory) -> Worksheet:
    """The Peers sheet of the coverage scorecard's workbook (account "=SUM(1,2)", in USD), saved and read back."""
    card = Path(__file__).resolve().parent / "cards" / "coverage.yaml"
    path = tmp_path_factory.mktemp("peers") / "coverage.xlsx"
    save(render(kpicascade.load(card).score(), peers=PEERS), path, card)
    return openpyxl.load_workbook(path)["Peers"]


def _rows(ws: Worksheet) -> list[list[object]]:
    return [[c.value for c in row] for row in ws.iter_rows(min_row=HEADER + 1, max_col=len(COLUMNS))]


def test_each_kpi_and_cohort_is_a_row_with_the_percentile_shown_whole(sheet: Worksheet) -> None:
    assert [c.value for c in sheet[HEADER]] == list(COLUMNS)
    # 100 x 5.5 / 6 = 91.67 is the 92nd; 12.5 rounds half up to 13; 100 x 0.5 / 6 = 8.33 is the 8th
    assert _rows(sheet) == [
        ['=HYPERLINK("http://x","y")', "region: =1+1", 6, 42.0, 8, "bottom quartile", 30.0, 25.0, 36.0],
        ["On time in full", "all customers", 6, 0.97, 92, "top quartile", 0.895, 0.865, 0.925],
        ["On time in full", "industry: manufacturing", 5, 0.97, 90, "top quartile", 0.91, 0.86, 0.93],
        ["Revenue", "all customers", 6, 1_250_000.0, 50, "second quartile", 1_000_000.0, 800_000.0, 1_400_000.0],
        ["Voluntary attrition", "all customers", 6, 0.164, 13, "bottom quartile", 0.13, 0.112, 0.164],
    ]  # fmt: skip


def test_figures_take_their_unit_s_number_format(sheet: Worksheet) -> None:
    formats = {row[0].value: [c.number_format for c in row[2:]] for row in sheet.iter_rows(min_row=HEADER + 1)}
    assert formats["On time in full"][:3] == ["0", "0.0%", "0"]
    assert {formats["On time in full"][k] for k in (4, 5, 6)} == {"0.0%"}
    assert formats["Revenue"][1] == '"$"#,##0'
    assert formats['=HYPERLINK("http://x","y")'][1] == '0.0 "days"'


def test_top_quartile_rows_are_bold_and_shaded_and_say_so(sheet: Worksheet) -> None:
    for row in sheet.iter_rows(min_row=HEADER + 1, max_col=len(COLUMNS)):
        top = row[5].value == "top quartile"
        assert all(bool(c.font.bold) is top for c in row), row[0].value
        assert all((c.fill.fgColor.rgb == "00EEF7EE") is top for c in row), row[0].value


def test_scorecard_text_stays_text(sheet: Worksheet) -> None:
    name, cohort = (sheet.cell(row=HEADER + 1, column=k) for k in (1, 2))
    assert name.data_type == cohort.data_type == "s"
    assert name.quotePrefix  # retyped in Excel, it stays text too
    assert sheet.cell(row=1, column=1).value == "Customers like you: where =SUM(1,2) stands"
    assert sheet.cell(row=1, column=1).data_type == "s"


def test_the_subtitle_explains_percentiles_and_hidden_cohorts_across_the_page(sheet: Worksheet) -> None:
    words = str(sheet.cell(row=2, column=1).value)
    assert "share of the cohort the account does better than" in words
    assert "smaller than the minimum size are never shown" in words
    assert "A2:I2" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.row_dimensions[2].height >= 30  # wrapped, not one line running off the page
    assert (sheet.page_setup.fitToWidth, sheet.sheet_properties.pageSetUpPr.fitToPage) == (1, True)
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$4"


def test_no_standings_no_sheet(coverage_path: Path) -> None:
    assert "Peers" not in render(kpicascade.load(coverage_path).score()).sheetnames
    assert "Peers" not in render(kpicascade.load(coverage_path).score(), peers=[]).sheetnames


def test_the_sheet_follows_the_scenarios_and_drivers(coverage_path: Path) -> None:
    names = render(kpicascade.load(coverage_path).score(), findings=[{"signal": "s"}], peers=PEERS).sheetnames
    assert names.index("Peers") == names.index("Drivers") + 1


def test_a_department_named_peers_keeps_its_own_sheet(tmp_path: Path, coverage_path: Path) -> None:
    text = coverage_path.read_text(encoding="utf-8").replace("name: \"=cmd|' /C calc'!A0\"", "name: Peers", 1)
    card = tmp_path / "coverage.yaml"
    card.write_text(text, encoding="utf-8")
    for part in coverage_path.parent.glob("coverage.*"):
        if part.suffix != ".yaml":
            (tmp_path / part.name).write_bytes(part.read_bytes())
    for peers in ([], PEERS):  # the department's sheet is named alike with standings or without
        names = render(kpicascade.load(card).score(), peers=peers).sheetnames
        assert "Peers (2)" in names
    assert render(kpicascade.load(card).score(), peers=PEERS)["Peers"].cell(row=HEADER, column=1).value == "KPI"
