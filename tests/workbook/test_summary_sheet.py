"""The Summary sheet: one landscape page with the objectives, moments of truth, showstoppers and the chart below."""

from __future__ import annotations

import pytest
from openpyxl.drawing.spreadsheet_drawing import TwoCellAnchor
from openpyxl.worksheet.worksheet import Worksheet

import kpicascade
from kpicascade.workbook import render
from kpicascade.workbook.summary_sheet import COLUMNS, HEADER, S_ID, S_OBJECTIVE, S_PERSPECTIVE
from tests.conftest import ROOT

BRIGHTLOOP = ROOT / "scorecards" / "brightloop-software.yaml"


@pytest.fixture(scope="module")
def summary() -> Worksheet:
    ws = render(kpicascade.load(BRIGHTLOOP).score())["Summary"]
    assert isinstance(ws, Worksheet)
    return ws


def _rows(ws: Worksheet, column: int) -> list[object]:
    return [ws.cell(row=r, column=column).value for r in range(HEADER, ws.max_row + 1)]


def test_moments_of_truth_and_showstoppers_follow_the_objectives(summary: Worksheet) -> None:
    ids = _rows(summary, S_ID)
    labels = _rows(summary, S_PERSPECTIVE)
    # tagged moment_of_truth in brightloop-software.yaml, in the cascade's order; one showstopper
    assert labels.index("Moments of truth") < ids.index("mbo_se_poc") < ids.index("kpi_logo_churn")
    assert ids.index("kpi_logo_churn") < ids.index("kpm_time_to_first_value") < labels.index("Showstoppers")
    assert labels.index("Showstoppers") < ids.index("kpm_activity_capture")
    stop = str(summary.cell(row=HEADER + ids.index("kpm_activity_capture"), column=S_OBJECTIVE).value)
    assert stop.startswith("Sales activities captured in the CRM\nBrightloop's Microsoft 365 tenant")
    assert stop.endswith(": 120 hours, USD 18,000, medium effort")


def test_chart_sits_below_everything_as_wide_as_the_table(summary: Worksheet) -> None:
    (chart,) = summary._charts
    assert isinstance(chart.anchor, TwoCellAnchor)
    last_row = HEADER + max(k for k, v in enumerate(_rows(summary, S_ID)) if v)
    assert chart.anchor._from.row + 1 > last_row
    assert (chart.anchor._from.col, chart.anchor.to.col) == (0, len(COLUMNS))
    # 5 objectives: 5 + 2 x 5 = 15 rows tall
    assert chart.anchor.to.row - (chart.anchor._from.row + 1) == 15


def test_prints_on_one_landscape_page(summary: Worksheet) -> None:
    setup = summary.page_setup
    assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 1)


def test_wrapped_names_get_rows_tall_enough(summary: Worksheet) -> None:
    ids = _rows(summary, S_ID)
    row = HEADER + ids.index("kpm_activity_capture")
    # name line + a 201-character cost text in a 44-character column (42 usable): at least 6 lines of 15 points
    assert summary.row_dimensions[row].height >= 15 * 6


def test_the_value_in_words_wraps_across_the_table_instead_of_widening_the_page(summary: Worksheet) -> None:
    merged = {str(r) for r in summary.merged_cells.ranges}
    last = chr(ord("A") + len(COLUMNS) - 1)
    assert {f"A2:{last}2", f"A{HEADER - 1}:{last}{HEADER - 1}"} <= merged
    words = summary.cell(row=HEADER - 1, column=1)
    assert words.alignment.wrap_text
    assert str(words.value).startswith(("Improvement worth", "No improvement", "No value"))
    # the headline runs to more than one line of the table's width, so its row is taller than one line
    assert summary.row_dimensions[HEADER - 1].height >= 30
