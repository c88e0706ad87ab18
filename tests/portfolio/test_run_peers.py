"""Peer benchmarks in a portfolio build: percentiles recomputed by hand, small cohorts hidden, shown everywhere."""

from __future__ import annotations

import datetime
import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from lxml import html  # type: ignore[import-untyped]
from pptx import Presentation

from kpicascade.portfolio import BuildReport, build
from kpicascade.portfolio.account import PEERS, Task, build_account, unchanged
from kpicascade.portfolio.xlsx import HEADER
from kpicascade.scoring.peers import Standing
from kpicascade.skeleton import compose
from kpicascade.workbook.peers_sheet import HEADER as PEERS_HEADER

# Latest OTIF of six accounts: five manufacturers and one hospital group (a cohort of one, never shown).
OTIF = {
    "alpha": ("manufacturing", 0.81),
    "bravo": ("manufacturing", 0.86),
    "charlie": ("manufacturing", 0.91),
    "delta": ("manufacturing", 0.93),
    "echo": ("manufacturing", 0.97),
    "foxtrot": ("healthcare", 0.88),
}


def _by_hand(values: dict[str, float], account: str) -> float:
    """Return 100 x (accounts worse + half of those equal, itself included) / accounts, counted one by one."""
    mine = values[account]
    worse = sum(1 for v in values.values() if v < mine)
    equal = sum(1 for v in values.values() if v == mine)
    return 100 * (worse + 0.5 * equal) / len(values)


def _write(folder: Path, otif: dict[str, tuple[str, float]]) -> None:
    folder.mkdir(exist_ok=True)
    for name, (industry, value) in otif.items():
        text = compose(
            ["supply.otif"],
            name,
            today=datetime.date(2025, 1, 1),
            tags={"industry": industry},
            targets={"supply.otif": (0.8, 0.95)},
        )
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
        rows = f"id,period,value\nsupply_otif,2025-Q1,0.8\nsupply_otif,2025-Q2,{value}\n"
        (folder / f"{name}.actuals.csv").write_text(rows, encoding="utf-8")
        (folder / f"{name}.notes.csv").write_text("node,period,text,author\n", encoding="utf-8")


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    """A portfolio of the six accounts, built once into an empty folder, and what the build said it did."""
    root = tmp_path_factory.mktemp("peers")
    _write(root / "cards", OTIF)
    report = build([root / "cards"], root / "out", jobs=1)
    assert not report.failed, report.failed
    return root, report


@pytest.fixture(scope="module")
def built(first: tuple[Path, BuildReport]) -> Path:
    """The folder of the six accounts' scorecards (cards) and their first build (out)."""
    return first[0]


def _standings(out: Path, account: str) -> dict[str, float]:
    rows = json.loads((out / account / "peers.json").read_text())
    return {r["cohort"]: r["percentile"] for r in rows}


@pytest.mark.slow
@pytest.mark.parametrize("account", sorted(OTIF))
def test_each_account_s_percentiles_are_those_counted_by_hand(built: Path, account: str) -> None:
    everyone = {a: v for a, (_, v) in OTIF.items()}
    makers = {a: v for a, (i, v) in OTIF.items() if i == "manufacturing"}
    expected = {"all customers": _by_hand(everyone, account)}
    if account in makers:
        expected["industry: manufacturing"] = _by_hand(makers, account)
    assert _standings(built / "out", account) == pytest.approx(expected)


@pytest.mark.slow
def test_the_report_shows_customers_like_you(built: Path) -> None:
    page = html.fromstring((built / "out" / "echo" / "report.html").read_bytes())
    rows = [
        [td.text_content().strip() for td in tr.findall("td")] for tr in page.xpath("//section[@id='peers']//tbody/tr")
    ]
    # echo (0.97) is best of six: 100 x 5.5 / 6 = 91.7, shown 92nd; best of five makers: 100 x 4.5 / 5 = 90th;
    # the six sorted are 0.81 0.86 0.88 0.91 0.93 0.97: median (0.88 + 0.91) / 2 = 0.895; quartiles at positions
    # 1.25 and 3.75 of 0..5: 0.86 + 0.25 x 0.02 = 0.865 and 0.91 + 0.75 x 0.02 = 0.925. The five makers'
    # quartiles sit at positions 1 and 3: 0.86 and 0.93, their median 0.91
    assert rows == [
        [
            "On time in full (OTIF / DIFOT)",
            "all customers",
            "6",
            "97.0%",
            "92nd",
            "top quartile",
            "89.5%",
            "86.5% to 92.5%",
        ],
        ["", "industry: manufacturing", "5", "97.0%", "90th", "top quartile", "91.0%", "86.0% to 93.0%"],
    ]  # fmt: skip  (the KPI is named on its first row only)


@pytest.mark.slow
def test_the_index_draws_the_heat_map_by_catalogue_kpi(built: Path) -> None:
    page = html.fromstring((built / "out" / "index.html").read_bytes())
    [kpi, perspective] = page.xpath("//section[contains(@class, 'heat')]//table")
    assert [th.text_content() for th in kpi.xpath("thead//th")] == ["Account", "On time in full (OTIF / DIFOT)"]
    cells = {tr.xpath("td/a")[0].text_content(): tr.xpath("td[2]")[0].text_content() for tr in kpi.xpath("tbody/tr")}
    everyone = {a: v for a, (_, v) in OTIF.items()}
    assert cells == {a.title(): f"{_by_hand(everyone, a):.0f}" for a in OTIF}
    assert [th.text_content() for th in perspective.xpath("thead//th")] == ["Account", "Customer"]


def _written(report: BuildReport) -> dict[str, Counter[str]]:
    """Return how many times the build wrote each file of each account (by folder name and file name)."""
    return {Path(o.folder).name: Counter(Path(p).name for p in o.written) for o in report.outcomes}


def test_a_cohort_under_the_minimum_shows_nothing_anywhere(tmp_path: Path) -> None:
    _write(tmp_path / "cards", dict(list(OTIF.items())[:3]))
    report = build([tmp_path / "cards"], tmp_path / "out", jobs=1, min_cohort=5)
    assert not report.failed
    assert list((tmp_path / "out").glob("*/peers.json")) == []
    assert 'id="peers"' not in (tmp_path / "out" / "alpha" / "report.html").read_text()
    assert 'id="benchmarks"' not in (tmp_path / "out" / "index.html").read_text()
    assert "Peers" not in openpyxl.load_workbook(tmp_path / "out" / "alpha" / "scorecard.xlsx").sheetnames
    # held back for standings that never came, the outputs are still written, once
    for account, files in _written(report).items():
        assert [files[n] for n in ("report.html", "deck.pptx", "scorecard.xlsx")] == [1, 1, 1], account


@pytest.mark.slow
def test_a_first_build_writes_each_output_that_shows_standings_once(first: tuple[Path, BuildReport]) -> None:
    root, report = first
    written = _written(report)
    assert sorted(written) == sorted(OTIF)
    for account, files in written.items():
        assert [files[n] for n in ("report.html", "deck.pptx", "scorecard.xlsx", "scores.json")] == [1, 1, 1, 1], (
            account
        )
        assert all(o.held == [] for o in report.outcomes)  # nothing is left held back after the build
    # and each was written with the standings: the report's section, the workbook's sheet
    assert 'id="peers"' in (root / "out" / "alpha" / "report.html").read_text()
    assert "Peers" in openpyxl.load_workbook(root / "out" / "alpha" / "scorecard.xlsx").sheetnames


@pytest.mark.slow
def test_a_rebuild_with_nothing_changed_loads_and_touches_nothing(
    first: tuple[Path, BuildReport], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = first[0] / "out"
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}

    def no_load(*args: object, **kwargs: object) -> None:
        raise AssertionError("a no-op rebuild loaded a scorecard")

    monkeypatch.setattr("kpicascade.loader.load", no_load)
    again = build([first[0] / "cards"], out, jobs=1)
    assert again.count("unchanged") == len(OTIF)
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()} == before


def _peer_sheet(workbook: Path) -> dict[str, tuple[int, str]]:
    """Return the Peers sheet's percentile and quartile by cohort (the sheet holds one KPI here)."""
    ws = openpyxl.load_workbook(workbook)["Peers"]
    return {str(row[1]): (int(row[4]), str(row[5])) for row in ws.iter_rows(min_row=PEERS_HEADER + 1, values_only=True)}


@pytest.mark.slow
def test_the_workbook_shows_each_account_s_percentiles(built: Path) -> None:
    # the six sorted: alpha 0.81, bravo 0.86, foxtrot 0.88, charlie 0.91, delta 0.93, echo 0.97; among all six the
    # k-th from the bottom stands at 100 x (k - 0.5) / 6: 8.33, 25, 41.67, 58.33, 75, 91.67, shown whole (half up);
    # among the five makers at 100 x (k - 0.5) / 5: 10, 30, 50, 70, 90. 75 is the top quartile's edge, 70 is not
    everyone = {"alpha": 8, "bravo": 25, "foxtrot": 42, "charlie": 58, "delta": 75, "echo": 92}
    makers = {"alpha": 10, "bravo": 30, "charlie": 50, "delta": 70, "echo": 90}
    quartile = {8: "bottom", 10: "bottom", 25: "third", 30: "third", 42: "third", 50: "second", 58: "second",
                70: "second", 75: "top", 90: "top", 92: "top"}  # fmt: skip
    for account in OTIF:
        expected = {"all customers": everyone[account]}
        if account in makers:
            expected["industry: manufacturing"] = makers[account]
        shown = _peer_sheet(built / "out" / account / "scorecard.xlsx")
        assert shown == {c: (p, f"{quartile[p]} quartile") for c, p in expected.items()}, account


@pytest.mark.slow
def test_a_changed_value_rebuilds_the_accounts_whose_standing_moved(tmp_path: Path) -> None:
    _write(tmp_path / "cards", OTIF)
    out = tmp_path / "out"
    build([tmp_path / "cards"], out, jobs=1)
    again = build([tmp_path / "cards"], out, jobs=1)
    assert again.count("unchanged") == len(OTIF)  # standings as before: nothing is rebuilt
    # alpha climbs from worst (0.81) to best (0.99): every account's standing moves, so each is rebuilt
    _write(tmp_path / "cards", {**OTIF, "alpha": ("manufacturing", 0.99)})
    moved = build([tmp_path / "cards"], out, jobs=1)
    assert moved.count("built") == len(OTIF)
    assert _standings(out, "alpha")["all customers"] == pytest.approx(100 * 5.5 / 6)


@pytest.mark.slow
def test_the_portfolio_workbook_lists_every_standing(built: Path) -> None:
    sheet = openpyxl.load_workbook(built / "out" / "portfolio.xlsx")["Benchmarks"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=HEADER + 1)]
    assert len(rows) == 6 + 5  # every account among all customers, the five makers among themselves too
    echo = {row[4]: row[8] for row in rows if row[1] == "echo"}
    assert echo == pytest.approx({"all customers": 100 * 5.5 / 6, "industry: manufacturing": 100 * 4.5 / 5})


def _peer_table(deck: Path) -> list[list[str]]:
    slides = [
        s for s in Presentation(str(deck)).slides
        if any(sh.has_text_frame and sh.text_frame.text == "Customers like you" for sh in s.shapes)
    ]  # fmt: skip
    return [[c.text for c in row.cells] for s in slides for sh in s.shapes if sh.has_table for row in sh.table.rows]


@pytest.mark.slow
def test_the_deck_has_a_customers_like_you_slide(built: Path) -> None:
    # one row per KPI, among all customers: echo best of six (92nd), foxtrot 100 x (2 + 0.5) / 6 = 41.7 (42nd)
    assert [row[:4] for row in _peer_table(built / "out" / "echo" / "deck.pptx")[1:]] == [
        ["On time in full (OTIF / DIFOT)", "6", "97.0%", "92nd"]
    ]
    assert [row[:4] for row in _peer_table(built / "out" / "foxtrot" / "deck.pptx")[1:]] == [
        ["On time in full (OTIF / DIFOT)", "6", "88.0%", "42nd"]
    ]


def test_an_account_holds_back_what_shows_standings_until_it_has_some(tmp_path: Path) -> None:
    _write(tmp_path / "cards", {"alpha": OTIF["alpha"]})
    folder = tmp_path / "out" / "alpha"
    folder.mkdir(parents=True)
    task = Task(tmp_path / "cards" / "alpha.yaml", folder, "templates", "tool")
    shows = {"scorecard.xlsx", "report.html", "deck.pptx"}
    first = build_account(replace(task, hold_peer_outputs=True))
    assert first.held == ["workbook", "report", "deck"]
    assert not shows & {Path(p).name for p in first.written}
    assert unchanged(task) is None  # what was held back is not up to date
    second = build_account(task)
    assert {Path(p).name for p in second.written} == shows
    assert unchanged(task) is not None
    # standings arrive: the outputs that show them, and only those, are written again, even by a task holding back
    standing = Standing("supply.otif", "OTIF", "percent", "increase", "customer", "all customers", 5, 0.81, 10.0,
                        "bottom quartile", 0.9, 0.85, 0.95)  # fmt: skip
    (folder / PEERS).write_text(json.dumps([standing.as_dict()]), encoding="utf-8")
    assert unchanged(task) is None
    third = build_account(replace(task, hold_peer_outputs=True))
    assert (third.held, {Path(p).name for p in third.written}) == ([], shows)
    assert _peer_sheet(folder / "scorecard.xlsx") == {"all customers": (10, "bottom quartile")}
