"""What the report shows, as data: moments of truth, objectives by perspective, why they moved, value, signals."""

from __future__ import annotations

from dataclasses import replace

import pytest
from markupsafe import Markup

from kpicascade.diagram import palette
from kpicascade.model import Attribution
from kpicascade.report.context import Builder, Report
from kpicascade.report.sections import build
from tests.diagram.cards import account


@pytest.fixture
def report() -> Report:
    """The small account's report data at 2025-Q4."""
    return build(account().score())


def test_header_figures(report: Report) -> None:
    assert (report.account, report.period, report.previous) == ("Acme Analytics", "2025-Q4", "2025-Q3")
    assert (report.overall, report.overall_badge) == ("77%", "▲ AT RISK")
    assert report.annual_fee == "EUR 50,000"
    assert report.counts == {"green": 1, "amber": 2, "red": 3, "no data": 1}


def test_moments_of_truth(report: Report) -> None:
    assert [row.name for row in report.moments] == ["Logo churn"]
    assert report.moments[0].badge == "✖ OFF TRACK"


def test_objectives_by_perspective_top_first(report: Report) -> None:
    shown = [(p.name, [o.row.name for o in p.objectives]) for p in report.perspectives]
    assert shown == [("Financial", ["Grow recurring revenue 15%"]), ("Customer", ["Keep every customer we win"])]
    keep = report.perspectives[1].objectives[0]
    assert [row.name for row in keep.contributors] == ["Logo churn", "Net Promoter Score"]


def test_rows_are_formatted(report: Report) -> None:
    arr = next(r for r in report.perspectives[0].objectives[0].contributors if r.id == "kpi_arr")
    assert (arr.name, arr.actual, arr.target, arr.progress, arr.progress_width) == (
        "ARR growth",
        "14.5%",
        "15.0%",
        "95%",
        95,
    )
    assert arr.definition == "ARR now / ARR a year ago - 1"
    # the trailing year's mean (0.06 + 0.09 + 0.12 + 0.145) / 4 = 0.10375 against 0.05, at 1,000,000 a year
    assert arr.value == "EUR 53,750"
    assert 'class="spark"' in arr.spark


def test_why_it_moved_names_the_largest_contributions(report: Report) -> None:
    grow = report.perspectives[0].objectives[0]
    assert [r.name for r in grow.reasons] == ["ARR growth", "Keep every customer we win"]
    assert grow.reasons[0].text.startswith("score +")  # a change of score, not of a metric
    assert all(abs(a.points) >= abs(b.points) for a, b in zip(grow.reasons, grow.reasons[1:], strict=False))


def test_showstoppers_cost_time_money_effort(report: Report) -> None:
    (stop,) = report.showstoppers
    assert (stop.row.name, stop.hours, stop.money, stop.effort) == (
        "Time to first value",
        "40 hours",
        "EUR 5,000",
        "medium",
    )


def test_signals_and_what_they_drive(report: Report) -> None:
    wau = report.signals[0]
    assert (wau.name, wau.latest, wau.change) == ("Weekly active users", "170 users", "+13%")
    assert [(d.name, d.sign, d.lag, d.badge) for d in wau.drives] == [("Logo churn", palette.MINUS, 1, "✖ OFF TRACK")]


# ARR growth, by quarter: 0.06, 0.09, 0.12, 0.145 against 0.05 at 1,000,000 a year. Level 0.10375, so 53,750;
# changes 0.03, 0.03, 0.025: sigma^2 = 0.002425 / 6, standard error sigma / 2 = 0.010052; t(2) = 4.303, so
# +-43,254: 10,496 to 97,004. Shown to the thousand: the range is 86,508 wide, a twentieth of it 4,325.
def test_value_lines_trace_each_measure(report: Report) -> None:
    (arr,) = report.value_lines
    assert (arr.name, arr.window, arr.level, arr.baseline) == (
        "ARR growth",
        "2025-Q1..2025-Q4, 4 reports",
        "10.4%",
        "5.0%",
    )
    assert (arr.value, arr.range, arr.state) == ("EUR 54,000", "10,000 to 97,000", "beyond noise")
    assert (arr.attributed, arr.evidenced) == ("none agreed", "no signal linked")


def test_without_agreed_share_or_evidence_no_return_is_printed(report: Report) -> None:
    total, attributed, evidenced = report.value_figures
    assert (total.amount, total.range) == ("EUR 54,000", "10,000 to 97,000")  # to the thousand, as above
    assert (attributed.amount, attributed.roi, attributed.note) == (
        "none",
        "",
        "the customer has agreed no share of the improvement",
    )
    assert (evidenced.amount, evidenced.roi) == ("none", "")
    assert report.roi == palette.DASH
    assert "%" not in report.value_headline


def test_an_agreed_share_gives_the_return_on_the_fee() -> None:
    card = account()
    card.node("kpi_arr").attribution = Attribution(share=0.5, basis="CFO agreed half in the Q3 review")
    report = build(card.score())
    attributed = report.value_figures[1]
    # 53,750 / 2 = 26,875 (5,248 to 48,502); (26,875 - 50,000) / 50,000 = -46%, (5,248 - 50,000) / 50,000 = -90%,
    # (48,502 - 50,000) / 50,000 = -3%. Shown to the thousand: the range is 43,254 wide, a twentieth of it 2,163.
    assert (attributed.amount, attributed.range, attributed.roi) == (
        "EUR 27,000",
        "5,000 to 49,000",
        "-46% (-90% to -3%)",
    )
    assert report.value_lines[0].basis == "CFO agreed half in the Q3 review"


def test_first_period_has_no_reasons() -> None:
    report = build(account().score(period="2025-Q1"))
    assert report.previous is None
    assert all(not o.reasons for p in report.perspectives for o in p.objectives)


def test_a_builder_without_sparklines_gives_the_same_rows_and_keeps_its_figures(report: Report) -> None:
    result = account().score()
    builder = Builder(result, sparks=False)
    lean = build(result, builder=builder)
    drawn = [o.row for p in report.perspectives for o in p.objectives]
    bare = [o.row for p in lean.perspectives for o in p.objectives]
    assert all(row.spark.startswith("<svg") for row in drawn)
    assert [row.spark for row in bare] == ["", ""]
    assert [replace(row, spark=Markup("")) for row in drawn] == bare
    assert set(builder.scores) == {n.id for n in result.card.nodes}  # what the report read, the caller can reuse


def test_without_the_outline_only_the_cascade_lines_are_left_out(report: Report) -> None:
    lean = build(account().score(), outline=False)
    assert [b.row.name for b in report.branches] == ["Grow recurring revenue 15%"]  # keeping customers feeds it
    assert lean.branches == []
    assert replace(lean, branches=report.branches) == report
