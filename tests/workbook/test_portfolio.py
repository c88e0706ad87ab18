"""The portfolio summary: one row per account, one per account and objective, figures as the engine's."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

import kpicascade
from kpicascade.scoring import Result
from kpicascade.workbook.figures import objective_figures
from kpicascade.workbook.portfolio import ACCOUNT_COLUMNS, HEADER, portfolio

ROOT = Path(__file__).resolve().parents[2]
CARDS = [*sorted((ROOT / "scorecards").glob("*.yaml")), ROOT / "tests" / "workbook" / "cards" / "coverage.yaml"]


@pytest.fixture(scope="module")
def results() -> list[Result]:
    return [kpicascade.load(path).score() for path in CARDS]


@pytest.fixture(scope="module")
def book(results: list[Result]) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    portfolio(results).save(buffer)
    buffer.seek(0)
    return openpyxl.load_workbook(buffer)


def test_one_row_per_account_with_the_engines_figures(results: list[Result], book: openpyxl.Workbook) -> None:
    ws = book["Accounts"]
    for k, result in enumerate(results):
        row = HEADER + 1 + k
        assert ws.cell(row=row, column=2).value == result.card.account_id
        assert ws.cell(row=row, column=4).value == pytest.approx(result.overall_score)
        assert ws.cell(row=row, column=5).value == result.overall_status
        assert ws.cell(row=row, column=6).value == pytest.approx(result.value_realised)
        objectives = [n for n in result.nodes() if n.kind == "objective"]
        assert ws.cell(row=row, column=9).value == len(objectives)
        assert ws.cell(row=row, column=10).value == sum(n.status == "green" for n in objectives)


def test_objectives_match_the_engines_node_figures(results: list[Result], book: openpyxl.Workbook) -> None:
    ws = book["Objectives"]
    rows = {(ws.cell(row=r, column=2).value, ws.cell(row=r, column=5).value): r
            for r in range(HEADER + 1, ws.max_row + 1)}
    for result in results:
        for node in result.nodes():
            if node.kind != "objective":
                continue
            row = rows[(result.card.account_id, node.id)]
            assert ws.cell(row=row, column=7).value == pytest.approx(node.score)
            assert ws.cell(row=row, column=8).value == node.status
            assert ws.cell(row=row, column=10).value == pytest.approx(node.value_rolled_up)


def test_perspective_columns_hold_the_mean_objective_score(results: list[Result], book: openpyxl.Workbook) -> None:
    ws = book["Accounts"]
    titles = [ws.cell(row=HEADER, column=c).value for c in range(len(ACCOUNT_COLUMNS) + 1, ws.max_column + 1)]
    assert "Financial" in titles
    column = len(ACCOUNT_COLUMNS) + 1 + titles.index("Financial")
    for k, result in enumerate(results):
        scores = [f.score for f in objective_figures(result) if f.perspective == "Financial" and f.score is not None]
        expected = sum(scores) / len(scores) if scores else None
        assert ws.cell(row=HEADER + 1 + k, column=column).value == pytest.approx(expected)


def test_names_that_look_like_formulas_stay_text(book: openpyxl.Workbook) -> None:
    cells = [c for row in book["Objectives"].iter_rows() for c in row if c.value == '=HYPERLINK("http://x","click")']
    assert cells
    assert all(c.data_type == "s" for c in cells)


def test_tables_are_frozen_and_filtered(book: openpyxl.Workbook) -> None:
    for ws in book.worksheets:
        assert ws.freeze_panes == f"B{HEADER + 1}"
        assert ws.auto_filter.ref.startswith(f"A{HEADER}:")


def test_an_empty_portfolio_is_still_a_workbook() -> None:
    wb = portfolio([])
    assert wb.sheetnames == ["Accounts", "Objectives"]
