"""The portfolio summary workbook, made from summary records and read back with openpyxl: figures as the engine's."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import kpicascade
from kpicascade.portfolio.account_summary import summarise
from kpicascade.portfolio.xlsx import (
    ACCOUNT_COLUMNS,
    GLYPHS,
    HEADER,
    HEAT_COLUMNS,
    MAX_HEAT_COLUMNS,
    heat_columns,
    portfolio,
)
from kpicascade.scoring import Result
from kpicascade.scoring.valuation import summary
from kpicascade.workbook.styles import ARROWS, STATUS_COLOURS

ROOT = Path(__file__).resolve().parents[2]
CARDS = [*sorted((ROOT / "scorecards").glob("*.yaml")), ROOT / "tests" / "workbook" / "cards" / "coverage.yaml"]
SHEETS = ["Accounts", "Heat map", "Objectives", "Value", "Red KPIs"]
FIRST = HEADER + 1


@pytest.fixture(scope="module")
def results() -> list[Result]:
    return [kpicascade.load(path).score() for path in CARDS]


def read_back(records: list[dict[str, Any]]) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    portfolio(records).save(buffer)
    buffer.seek(0)
    return openpyxl.load_workbook(buffer)


@pytest.fixture(scope="module")
def book(results: list[Result]) -> openpyxl.Workbook:
    return read_back([summarise(r) for r in results])


def rows_of(ws: Any) -> list[dict[str, Any]]:
    """Return a sheet's table as dicts by header title, keeping the cells."""
    titles = [c.value for c in ws[HEADER]]
    return [dict(zip(titles, row, strict=False)) for row in ws.iter_rows(min_row=FIRST)]


def objectives_of(result: Result) -> list[Any]:
    nodes = result.nodes()
    return [n for n in nodes if n.kind == "objective"] or [
        n for n in nodes if not any(link.from_ == n.id for link in result.card.links.contributes)
    ]


def test_the_sheets_in_order(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == SHEETS


def test_one_account_row_with_the_engines_figures(results: list[Result], book: openpyxl.Workbook) -> None:
    rows = rows_of(book["Accounts"])
    assert len(rows) == len(results)
    for row, result in zip(rows, results, strict=True):
        objectives = objectives_of(result)
        expected = {
            "Account ID": result.card.account_id,
            "Period": str(result.period),
            "Status": result.overall_status,
            "Objectives": len(objectives),
            "Green": sum(n.status == "green" for n in objectives),
            "Amber": sum(n.status == "amber" for n in objectives),
            "Red": sum(n.status == "red" for n in objectives),
            "No data": sum(n.status == "no data" for n in objectives),
            "Red KPIs": sum(n.kind == "kpi" and n.status == "red" for n in result.nodes()),
        }
        assert {key: row[key].value for key in expected} == expected
        assert row["Overall score"].value == pytest.approx(result.overall_score)
        assert row["Total improvement value"].value == pytest.approx(result.value_realised)
        assert row["Return on fee (attributed)"].value == pytest.approx(result.roi)
        assert row["Return on fee (evidenced)"].value == pytest.approx(result.valuation.evidenced.roi)


def test_perspective_columns_hold_the_mean_objective_score(results: list[Result], book: openpyxl.Workbook) -> None:
    ws = book["Accounts"]
    titles = [c.value for c in ws[HEADER]][len(ACCOUNT_COLUMNS) :]
    assert "Financial" in titles
    names = {p.id: p.name for p in results[0].card.perspectives}
    for row, result in zip(rows_of(ws), results, strict=True):
        scores = [
            n.score for n in objectives_of(result) if names.get(n.perspective) == "Financial" and n.score is not None
        ]
        assert row["Financial"].value == pytest.approx(sum(scores) / len(scores) if scores else None)


def test_the_heat_map_shows_each_objectives_score_with_glyph_and_colour(
    results: list[Result], book: openpyxl.Workbook
) -> None:
    ws = book["Heat map"]
    columns = {
        ident: len(HEAT_COLUMNS) + k for k, (ident, _) in enumerate(heat_columns([summarise(r) for r in results]))
    }
    checked = 0
    for k, result in enumerate(results):
        row = FIRST + k
        assert ws.cell(row=row, column=2).value == result.card.account_id
        for node in objectives_of(result):
            cell = ws.cell(row=row, column=columns[node.id] + 1)
            glyph, fill = GLYPHS[node.status], STATUS_COLOURS[node.status][0]
            if node.score is None:
                assert cell.value == f"{glyph} {node.status}"
            else:
                assert cell.value == pytest.approx(node.score)
                assert cell.number_format == f'"{glyph} "0%'
            assert cell.fill.fgColor.rgb.endswith(fill)
            checked += 1
        others = set(columns) - {n.id for n in objectives_of(result)}
        assert all(ws.cell(row=row, column=columns[i] + 1).value is None for i in others)
    assert checked == sum(len(objectives_of(r)) for r in results)


def test_objectives_match_the_engines_node_figures(results: list[Result], book: openpyxl.Workbook) -> None:
    rows = {(r["Account ID"].value, r["ID"].value): r for r in rows_of(book["Objectives"])}
    assert len(rows) == sum(len(objectives_of(r)) for r in results)
    for result in results:
        for node in objectives_of(result):
            row = rows[(result.card.account_id, node.id)]
            assert row["Score"].value == pytest.approx(node.score)
            assert (row["Status"].value, row["Trend"].value, row["Owner"].value) == (
                node.status,
                ARROWS[node.trend_arrow],
                node.owner,
            )
            assert row["Improvement value beneath"].value == pytest.approx(node.value_rolled_up)


def test_value_lists_the_best_attributed_return_first(results: list[Result], book: openpyxl.Workbook) -> None:
    rows = rows_of(book["Value"])
    by_id = {r.card.account_id: r for r in results}
    assert sorted(r["Account ID"].value for r in rows) == sorted(by_id)
    returns = [r["Return on fee (attributed)"].value for r in rows]
    assert [x for x in returns if x is not None] == sorted((x for x in returns if x is not None), reverse=True)
    for row in rows:
        result = by_id[row["Account ID"].value]
        assert row["Total improvement value"].value == pytest.approx(result.value_realised)
        assert row["Return on fee (attributed)"].value == pytest.approx(result.roi)
        evidenced = result.valuation.evidenced
        assert row["Evidenced value"].value == (pytest.approx(evidenced.amount) if evidenced.nodes else None)
        assert row["Currency"].value == result.card.currency
        assert row["In words"].value == summary(result.valuation)


def test_red_kpis_are_the_engines_with_owner_actual_and_target(results: list[Result], book: openpyxl.Workbook) -> None:
    rows = {(r["Account ID"].value, r["ID"].value): r for r in rows_of(book["Red KPIs"])}
    expected = {
        (r.card.account_id, n.id): n for r in results for n in r.nodes() if n.kind == "kpi" and n.status == "red"
    }
    assert set(rows) == set(expected)
    assert expected
    for key, node in expected.items():
        row = rows[key]
        assert (row["KPI"].value, row["Owner"].value, row["Unit"].value) == (node.name, node.owner, node.unit)
        assert row["Actual"].value == pytest.approx(node.actual)
        assert row["Target"].value == pytest.approx(node.target)
        assert row["Score"].value == pytest.approx(node.score)
        assert row["Score"].number_format == f'"{GLYPHS["red"]} "0%'


def test_text_that_looks_like_a_formula_stays_text(book: openpyxl.Workbook) -> None:
    risky = [
        c
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))
    ]
    assert {c.parent.title for c in risky} >= {"Heat map", "Objectives"}
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)


@pytest.mark.parametrize("sheet", SHEETS)
def test_tables_are_frozen_filtered_and_printable(book: openpyxl.Workbook, sheet: str) -> None:
    ws = book[sheet]
    assert ws.freeze_panes == f"B{FIRST}"
    assert ws.auto_filter.ref == f"A{HEADER}:{ws.cell(row=1, column=ws.max_column).column_letter}{ws.max_row}"
    assert ws.print_title_rows == f"$1:${HEADER}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage


def test_an_empty_portfolio_is_still_a_workbook() -> None:
    wb = read_back([])
    assert wb.sheetnames == SHEETS
    assert wb["Accounts"]["A1"].value == "Portfolio: 0 accounts"


def _account(ident: str, objectives: list[tuple[str, str, str]]) -> dict[str, Any]:
    return {
        "account": ident,
        "account_id": ident,
        "period": "2026-01",
        "currency": "EUR",
        "score": 0.5,
        "status": "red",
        "value_realised": 0.0,
        "value_attributed": None,
        "value_evidenced": None,
        "annual_fee": None,
        "roi": None,
        "roi_evidenced": None,
        "value_summary": "no improvement beyond noise, no return claimed",
        "red_kpis": [],
        "objectives": [
            {
                "id": i,
                "name": name,
                "perspective": perspective,
                "owner": None,
                "score": None,
                "status": "no data",
                "trend": "flat",
                "value_realised": None,
            }
            for i, name, perspective in objectives
        ],
    }


@pytest.mark.parametrize(
    ("accounts", "expected"),
    [
        # shared objectives first within a perspective; perspectives in the order first met
        (
            [
                _account("a", [("x", "X", "Customer"), ("r", "Revenue", "Financial")]),
                _account("b", [("r", "Revenue", "Financial"), ("y", "Y", "Customer"), ("y2", "Y2", "Customer")]),
                _account("c", [("y", "Y", "Customer")]),
            ],
            [("y", "Y"), ("x", "X"), ("y2", "Y2"), ("r", "Revenue")],
        ),
        # two objectives with one name are told apart by their ids
        (
            [_account("a", [("g1", "Grow", "Financial")]), _account("b", [("g2", "Grow", "Financial")])],
            [("g1", "Grow (g1)"), ("g2", "Grow (g2)")],
        ),
        ([], []),
    ],
)
def test_heat_map_columns(accounts: list[dict[str, Any]], expected: list[tuple[str, str]]) -> None:
    assert heat_columns(accounts) == expected


def test_the_least_shared_objectives_are_left_off_the_heat_map_and_said_so() -> None:
    many = [
        _account(f"a{k}", [(f"o{k}", f"Objective {k}", "Financial"), ("shared", "Shared", "Financial")])
        for k in range(MAX_HEAT_COLUMNS + 5)
    ]
    wb = read_back(many)
    ws = wb["Heat map"]
    assert ws.max_column == len(HEAT_COLUMNS) + MAX_HEAT_COLUMNS
    assert ws.cell(row=HEADER, column=len(HEAT_COLUMNS) + 1).value == "Shared"
    assert "The 6 least shared objectives" in ws["A2"].value
    assert ws.cell(row=FIRST, column=len(HEAT_COLUMNS) + 1).value == "○ no data"
    assert wb["Objectives"].max_row == HEADER + 2 * len(many)
