"""LibreOffice Calc, standing in for Excel, recomputes every formula and gets the engine's numbers.

Each workbook is opened in headless LibreOffice with recalculation on load forced, saved again,
and read back with openpyxl: every node's actual, own score, score and status in every period,
and the figures on the Summary and department sheets, must equal what the Python engine computed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook

import kpicascade
from kpicascade.diagram.palette import TREND_ARROWS
from kpicascade.measurements import Measurement, Measurements
from kpicascade.model import Scorecard
from kpicascade.periods import Period
from kpicascade.roundtrip import plan_import
from kpicascade.scoring import Result
from kpicascade.scoring.engine import STATUS_NAMES
from kpicascade.workbook import render, save
from kpicascade.workbook.placement import (
    ACTUAL,
    D_ACTUAL,
    D_DATA,
    D_ID,
    D_PROGRESS,
    D_SCORE,
    D_STATUS,
    D_TREND,
    OWN,
    SCORE,
    STATUS,
    Layout,
    layout,
)
from kpicascade.workbook.summary_sheet import HEADER, S_SCORE, S_STATUS, S_VALUE, objectives
from tests.rendered import pages, to_pdf
from tests.workbook import libreoffice
from tests.workbook.conftest import CARDS, make

pytestmark = pytest.mark.libreoffice

ROOT = Path(__file__).resolve().parents[2]
CASES = [*sorted((ROOT / "scorecards").glob("*.yaml")), CARDS / "coverage.yaml", CARDS / "rules.yaml"]
#: Other views of a scorecard: monthly scorecards scored by quarter, viewed at a partial quarter (rules: data to
#: May, a sum whose reps cover different months) and at a quarter three metrics are still to report (coverage:
#: OTIF, win rate and attrition stop in May, attrition also misses March).
VIEWS = {
    "rules-by-quarter": (CARDS / "rules.yaml", "2026-Q2", "quarter"),
    "coverage-by-quarter": (CARDS / "coverage.yaml", "2026-Q2", "quarter"),
}
ALL = [*(p.stem for p in CASES), *VIEWS]
NASTY = ['=HYPERLINK("http://x","click")', "+1", "-2", "@SUM(A1)"]


@dataclass
class Recalculated:
    """A scorecard, the engine's result, and its workbook as LibreOffice recomputed it."""

    card: Scorecard
    result: Result
    path: Path
    values: Workbook


def _same(found: object, expected: float | None) -> bool:
    if expected is None or math.isnan(expected):
        return found in (None, "", "#N/A")
    return isinstance(found, int | float) and abs(found - expected) <= 1e-9 * max(1.0, abs(expected))


def _recalculate_all(
    cards: dict[str, tuple[Scorecard, Result]],
    folder: Path,
    recalculate: Callable[[list[Path]], list[Path]],
    source: dict[str, Path],
) -> dict[str, Recalculated]:
    written = []
    for stem, (_card, result) in cards.items():
        target = folder / f"{stem}.xlsx"
        save(render(result), target, source[stem])
        written.append(target)
    converted = recalculate(written)
    return {
        stem: Recalculated(card, result, path, libreoffice.load(path, values=True))
        for (stem, (card, result)), path in zip(cards.items(), converted, strict=True)
    }


@pytest.fixture(scope="module")
def recalculated(
    recalculate: Callable[[list[Path]], list[Path]], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Recalculated]:
    cards = {}
    for path in CASES:
        card = kpicascade.load(path)
        cards[path.stem] = (card, card.score())
    sources = {p.stem: p for p in CASES}
    for name, (path, period, grain) in VIEWS.items():
        card = kpicascade.load(path)
        cards[name], sources[name] = (card, card.score(period, grain=grain)), path
    return _recalculate_all(cards, tmp_path_factory.mktemp("books"), recalculate, sources)


def mismatches(book: Workbook, result: Result) -> list[str]:
    """Return every Calc cell whose recomputed value differs from the engine's (all computed periods)."""
    lay = layout(result)
    calc = book["Calc"]
    arrays = result.arrays
    out = []
    for i, ident in enumerate(arrays.ids):
        row = lay.calc_row(i)
        for t in lay.periods_of(i):
            period = result.periods[t]
            figures = [(ACTUAL, arrays.actual[i, t]), (OWN, arrays.own[i, t]), (SCORE, result.score_matrix[i, t])]
            if t in lay.status_periods(i):
                figures.append((STATUS, result.status_matrix[i, t]))
            for block, expected in figures:
                found = calc.cell(row=row, column=lay.calc_column(block, t)).value
                if not _same(found, float(expected)):
                    out.append(f"{ident} {period} block {block}: LibreOffice {found!r}, engine {expected!r}")
    return out


def _department_rows(book: Workbook, lay: Layout) -> dict[str, tuple[str, int]]:
    rows = {}
    for sheet in lay.departments:
        for k, (node, _depth) in enumerate(sheet.rows):
            row = sheet.row_of(k)
            assert book[sheet.title].cell(row=row, column=D_ID).value == lay.result.arrays.ids[node]
            rows[lay.result.arrays.ids[node]] = (sheet.title, row)
    return rows


@pytest.mark.parametrize("case", ALL)
def test_every_node_in_every_period_equals_the_engine(recalculated: dict[str, Recalculated], case: str) -> None:
    found = recalculated[case]
    assert mismatches(found.values, found.result) == []


@pytest.mark.parametrize("case", ALL)
def test_department_sheets_show_the_engines_progress_score_and_status(
    recalculated: dict[str, Recalculated], case: str
) -> None:
    found = recalculated[case]
    lay = layout(found.result)
    for node in found.result.nodes():
        title, row = _department_rows(found.values, lay)[node.id]
        ws = found.values[title]
        assert _same(ws.cell(row=row, column=D_PROGRESS).value, node.progress), node.id
        assert _same(ws.cell(row=row, column=D_SCORE).value, node.score), node.id
        assert ws.cell(row=row, column=D_STATUS).value == node.status, node.id


@pytest.mark.parametrize("case", ALL)
def test_summary_shows_the_engines_overall_figures(recalculated: dict[str, Recalculated], case: str) -> None:
    found = recalculated[case]
    result, ws = found.result, found.values["Summary"]
    assert _same(ws["B7"].value, result.overall_score)
    assert ws["B8"].value == result.overall_status
    valued = result.valuation
    assert _same(ws["B9"].value, result.value_realised)
    for cell, figure in (("B10", valued.attributed), ("B11", valued.evidenced)):
        assert _same(ws[cell].value, figure.amount if figure.amount is not None else None), cell
    assert _same(ws["D9"].value, result.card.annual_fee)
    assert _same(ws["D10"].value, valued.attributed.roi)
    assert _same(ws["D11"].value, valued.evidenced.roi)
    for k, node in enumerate(objectives(layout(result))):
        figures = result.node(result.arrays.ids[node])
        row = HEADER + 1 + k
        assert _same(ws.cell(row=row, column=S_SCORE).value, figures.score), figures.id
        assert ws.cell(row=row, column=S_STATUS).value == figures.status, figures.id
        assert _same(ws.cell(row=row, column=S_VALUE).value, figures.value_rolled_up), figures.id


@pytest.mark.parametrize("case", ["coverage", "rules"])
def test_trends_rows_of_sum_nodes_show_the_engines_actual_in_every_period(
    recalculated: dict[str, Recalculated], case: str
) -> None:
    found = recalculated[case]
    lay, ws = layout(found.result), found.values["Trends"]
    assert lay.sum_parents
    for node in lay.sum_parents:
        for t in range(lay.period_count):
            shown = ws.cell(row=lay.trends_row[node], column=lay.series_column(t)).value
            expected = float(found.result.arrays.actual[node, t])
            assert _same(shown, expected), (found.result.arrays.ids[node], str(found.result.periods[t]), shown)


def test_text_that_looks_like_a_formula_stays_text_in_libreoffice(recalculated: dict[str, Recalculated]) -> None:
    book = libreoffice.load(recalculated["coverage"].path, values=False)
    cells = {c.value: c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value in NASTY}
    assert set(cells) == set(NASTY)
    assert all(c.data_type == "s" for c in cells.values())


def _with_actual(card: Scorecard, ident: str, period: Period, value: float) -> Scorecard:
    rows = [m for m in card.measurements if not (m.id == ident and m.period == period)]
    return card.with_measurements(Measurements([*rows, Measurement(ident, period, value)]))


def _edit(found: Recalculated, ident: str, value: float, folder: Path) -> Path:
    """Type a new actual into the node's cell for the viewed period, as someone in Excel would."""
    book = libreoffice.load(found.path, values=False)
    title, row = _department_rows(book, layout(found.result))[ident]
    book[title].cell(row=row, column=D_ACTUAL).value = value
    target = folder / found.path.name
    book.save(target)
    return target


@pytest.mark.parametrize(
    ("case", "ident", "parent"),
    [
        ("coverage", "kpi_rev", "obj_growth"),
        ("coverage", "kpm_web", "kpi_orders"),
        ("northwind-components", "kpi_otif", "obj_reliable_supplier"),
    ],
)
def test_an_edited_actual_moves_the_roll_up_as_the_engine_says(
    recalculated: dict[str, Recalculated],
    recalculate: Callable[[list[Path]], list[Path]],
    tmp_path: Path,
    case: str,
    ident: str,
    parent: str,
) -> None:
    found = recalculated[case]
    result = found.result
    i = result.index[ident]
    metric = found.card.node(ident).metric
    assert metric is not None
    assert metric.baseline is not None
    new_value = metric.baseline  # progress falls to zero
    assert not _same(new_value, float(result.arrays.actual[i, result.t]))
    edited = recalculate([_edit(found, ident, new_value, tmp_path)])[0]
    expected = _with_actual(found.card, ident, result.period, new_value).score(period=result.period)
    book = libreoffice.load(edited, values=True)
    assert mismatches(book, expected) == []
    before, after = result.node(parent).score, expected.node(parent).score
    assert before is not None
    assert after is not None
    assert after < before
    lay = layout(expected)
    title, row = _department_rows(book, lay)[parent]
    assert _same(book[title].cell(row=row, column=D_SCORE).value, after)
    assert (
        book[title].cell(row=row, column=D_STATUS).value
        == STATUS_NAMES[int(expected.status_matrix[expected.index[parent], expected.t])]
    )


def test_a_workbook_saved_by_libreoffice_imports_only_what_was_edited(
    recalculate: Callable[[list[Path]], list[Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the scorecard is found from the folder the import runs in
    made = make(tmp_path / "card")
    resaved = recalculate([made.workbook])[0]
    target = made.workbook.parent / "resaved.xlsx"
    resaved.replace(target)
    plan = plan_import(target)
    assert plan.changes == []
    assert plan.not_imported == []
    book = libreoffice.load(target, values=False)
    title = next(t for t in book.sheetnames if book[t]["A1"].value == "People")
    row = next(
        r for r in range(5, book[title].max_row + 1) if book[title].cell(row=r, column=D_ID).value == "kpi_attrition"
    )
    book[title].cell(row=row, column=D_ACTUAL).value = 0.16
    book.save(target)
    plan = plan_import(target)
    assert [(c.id, c.period, c.new) for c in plan.changes] == [("kpi_attrition", "2026-06", 0.16)]
    assert plan.not_imported == []


def _calc_value(found: Recalculated, ident: str, block: int, period: str) -> object:
    lay = layout(found.result)
    t = [str(p) for p in found.result.periods].index(period)
    row = lay.calc_row(found.result.index[ident])
    return found.values["Calc"].cell(row=row, column=lay.calc_column(block, t)).value


# Quarter figures LibreOffice computes from the by-quarter workbooks (the viewed quarter, and earlier ones where
# a carry needs them), by hand.
# (view, node, block, quarter, expected: None for no value)
BY_HAND = [
    # the reps report "last": Q1 is March's 90 each; the team sums four of them against 300 -> 400
    ("rules-by-quarter", "kpi_quota", ACTUAL, "2026-Q1", 4 * 90),
    ("rules-by-quarter", "kpi_quota", SCORE, "2026-Q1", (4 * 90 - 300) / (400 - 300)),
    # Q2: North, South and East cover April and May, Wisconsin April only: never a partial sum
    ("rules-by-quarter", "kpi_quota", ACTUAL, "2026-Q2", None),
    ("rules-by-quarter", "kpi_quota", SCORE, "2026-Q2", None),
    # under carry a key account a month behind counts with what it has: May's 100 and April's 90 ("last")
    ("rules-by-quarter", "kpi_quota_carry", ACTUAL, "2026-Q2", 100 + 90),
    # attrition (0.2 -> 0.1) reports to May while the rest reach June: Q2 rests on April and May, May's 0.15
    ("coverage-by-quarter", "kpi_attrition", OWN, "2026-Q2", (0.15 - 0.2) / (0.1 - 0.2)),
]


@pytest.mark.parametrize(("view", "ident", "block", "period", "expected"), BY_HAND)
def test_partial_quarters_recompute_as_computed_by_hand(
    recalculated: dict[str, Recalculated], view: str, ident: str, block: int, period: str, expected: float | None
) -> None:
    assert _same(_calc_value(recalculated[view], ident, block, period), expected)


@pytest.mark.parametrize("case", ALL)
def test_trend_arrows_and_data_notes_recompute_to_the_engines(recalculated: dict[str, Recalculated], case: str) -> None:
    found = recalculated[case]
    lay = layout(found.result)
    rows = _department_rows(found.values, lay)
    for node in found.result.nodes():
        title, row = rows[node.id]
        ws = found.values[title]
        assert ws.cell(row=row, column=D_TREND).value == TREND_ARROWS[node.trend_arrow], node.id
        assert (ws.cell(row=row, column=D_DATA).value or "") == "; ".join(node.data_marks), node.id


def _live_figures(book: Workbook) -> dict[str, tuple[object, ...]]:
    ws = book["Operations"]
    found = {}
    for row in range(5, 10):
        ident = ws.cell(row=row, column=D_ID).value
        found[str(ident)] = tuple(ws.cell(row=row, column=c).value for c in (D_SCORE, D_STATUS, D_TREND, D_DATA))
    return found


def test_typed_actuals_move_arrows_coverage_and_held_marks_as_computed_by_hand(
    recalculate: Callable[[list[Path]], list[Path]], tmp_path: Path
) -> None:
    made = make(tmp_path / "card", "live", period="2026-04")
    before = _live_figures(libreoffice.load(recalculate([made.workbook])[0], values=True))
    # fill rate 10, 20, 30, 40 against 0 -> 100: scores 0.1 .. 0.4 on a line, slope 0.1 a month: up
    assert before["kpi_fill"] == (0.4, "red", "↑", None)
    # 89.77 -> 0.8977, under the 0.9 green threshold: amber (shown 89.8%, checked on the printed page below)
    assert before["kpi_speed"][:2] == (pytest.approx(0.8977), "amber")
    # the February survey (70) holds for February to April; returns did not report in April
    assert before["kpi_survey"] == (0.7, "amber", "→", "held from the last report")
    # (0.4 + 0.8977 + 0.7) / 3 = 0.6659 from three of the four children
    assert before["obj_service"][0] == pytest.approx(0.6659)
    assert before["obj_service"][3] == "3 of 4 reported"

    book = libreoffice.load(made.workbook, values=False)
    ws = book["Operations"]
    typed = {"kpi_fill": 0.0, "kpi_late": 50.0, "kpi_survey": 60.0}
    for row in range(5, 10):
        ident = ws.cell(row=row, column=D_ID).value
        if ident in typed:
            ws.cell(row=row, column=D_ACTUAL).value = typed[str(ident)]
    book.save(made.workbook)
    edited = recalculate([made.workbook])[0]
    after = _live_figures(libreoffice.load(edited, values=True))
    # fill rate scores 0.1, 0.2, 0.3, 0: mean month 1.5, sum of squares 2.25 + 0.25 + 0.25 + 2.25 = 5,
    # slope (-1.5 x 0.1 - 0.5 x 0.2 + 0.5 x 0.3 + 1.5 x 0) / 5 = -0.02 a month: down
    assert after["kpi_fill"] == (0.0, "red", "↓", None)
    # the survey reported in April: no longer held; 0.6 is under amber (0.7): red; its reports 0.7 in February
    # and 0.6 in April (held March is no data point): slope (0.6 - 0.7) / (3 - 1) = -0.05 a month: down
    assert after["kpi_survey"] == (0.6, "red", "↓", None)
    # all four reported: (0 + 0.8977 + 0.5 + 0.6) / 4 = 0.499425
    assert after["obj_service"][0] == pytest.approx(0.499425)
    assert after["obj_service"][3] is None
    # the score under the threshold is printed with the digit that keeps it under: 89.8%, never 90%
    (pdf,) = to_pdf([edited], tmp_path / "profile-pdf", tmp_path / "pdf")
    (sheet,) = [text for text in pages(pdf) if text.startswith("Operations")]
    assert "Orders shipped same day" in sheet
    assert "89.8%" in sheet
    assert "90%" not in sheet
