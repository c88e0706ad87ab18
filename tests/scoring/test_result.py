"""Figures over time, value realised, attribution and the result's views, hand-computed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import kpicascade
from kpicascade import PeriodError
from kpicascade.measurements import Measurement, Measurements
from kpicascade.periods import Period
from kpicascade.resources import example_scorecards
from kpicascade.scoring import score
from kpicascade.starter import new_scorecard
from tests.scoring.cards import kpi, link, make_card, objective


def test_default_period_is_latest_with_data() -> None:
    card = make_card([kpi("a")], [], {"a": [10, 20, None, None]})
    assert str(card.score().period) == "2025-Q2"


# Monthly scorecards scored by quarter, with July and August in and September to come: like with like.
# (case, metric, horizon start, monthly actuals from the start, quarter viewed, expected score by hand)
PARTIAL = [
    (
        "sum: two months of actual against two months of target",
        {"baseline": 100, "target": 120, "aggregation": "sum"},
        "2026-01",
        [None] * 6 + [110, 110],
        "2026-Q3",
        (220 - 200) / (240 - 200),
    ),
    (
        "sum, decrease: two months of spend against two months of target",
        {"baseline": 100, "target": 80, "aggregation": "sum", "direction": "decrease"},
        "2026-01",
        [None] * 6 + [85, 85],
        "2026-Q3",
        (170 - 200) / (160 - 200),
    ),
    (
        "a horizon from February: baseline and target over February and March",
        {"baseline": 100, "target": 120, "aggregation": "sum"},
        "2026-02",
        [110, 110],
        "2026-Q1",
        (220 - 200) / (240 - 200),
    ),
    (
        "last: the target in force in August, not September's",
        {"baseline": 0.8, "target": {"2026-01": 0.9, "2026-09": 0.95}, "aggregation": "last"},
        "2026-01",
        [None] * 6 + [0.88, 0.89],
        "2026-Q3",
        (0.89 - 0.8) / (0.9 - 0.8),
    ),
]


@pytest.mark.parametrize(
    ("case", "metric", "start", "actuals", "quarter", "expected"), PARTIAL, ids=[p[0] for p in PARTIAL]
)
def test_a_partial_quarter_compares_like_with_like(
    case: str, metric: dict[str, Any], start: str, actuals: list[float | None], quarter: str, expected: float
) -> None:
    baseline, target = metric.pop("baseline"), metric.pop("target")
    card = make_card(
        [kpi("a", baseline, target, **metric)], [], {"a": actuals}, calendar="month", start=start, end="2026-12"
    )
    result = card.score(period=quarter, grain="quarter")
    assert result.node("a").score == pytest.approx(expected)
    assert result.partial
    assert result.period_label == f"{quarter} (to date: 2 of 3 months)"
    assert result.to_dict()["period_partial"] is True


def test_the_review_period_is_the_latest_complete_one() -> None:
    card = make_card(
        [kpi("a", 100, 120, aggregation="sum")],
        [],
        {"a": [None, None, None, 100, 105, 110, 115, 120]},  # April to August
        calendar="month",
        start="2026-01",
        end="2026-12",
    )
    by_quarter = card.score(grain="quarter")
    assert str(by_quarter.period) == "2026-Q2"  # Q3 has two of its months: partial, viewed on request
    assert not by_quarter.partial
    assert by_quarter.node("a").score == pytest.approx((315 - 300) / (360 - 300))
    assert str(card.score().period) == "2026-08"  # by month, the latest month with data is complete


def test_a_quarterly_scorecard_with_monthly_actuals_prorates_a_partial_quarter() -> None:
    card = make_card([kpi("a", 300, 360, aggregation="sum")], [], {}, start="2026-Q1", end="2026-Q4")
    rows = [Measurement("a", Period.parse(m), 110.0) for m in ("2026-07", "2026-08")]
    card.set_measurements(Measurements(rows))
    result = card.score("2026-Q3")
    assert result.partial
    assert result.node("a").score == pytest.approx((220 - 200) / (240 - 200))


def test_a_quarterly_survey_on_a_monthly_scorecard_holds_its_value_and_trends_on_its_reports() -> None:
    # NPS surveyed in January, April and July (baseline 10, target 40); other KPIs report monthly to August
    nps = kpi("nps", 10, 40, frequency="quarter")
    card = make_card(
        [nps, kpi("otif")],
        [],
        {"nps": [22, None, None, 31, None, None, 37, None], "otif": [1] * 8},
        calendar="month",
        start="2026-01",
        end="2026-12",
    )
    result = card.score("2026-08")
    assert result.series("nps", "actual")[:9] == [22, 22, 22, 31, 31, 31, 37, 37, None]
    node = result.node("nps")
    assert node.held
    assert node.actual == 37
    assert node.score == pytest.approx((37 - 10) / 30)
    assert result.at("2026-07").node("nps").held is False
    # trend over the three reports (months 0, 3, 6): slope of scores 0.4, 0.7, 0.9 per month
    xs, ys = [0, 3, 6], [(22 - 10) / 30, (31 - 10) / 30, (37 - 10) / 30]
    mx, my = sum(xs) / 3, sum(ys) / 3
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    assert node.trend == pytest.approx(slope)
    assert node.periods_measured == 3  # hit rate over the reports only


def test_the_trend_uses_the_last_periods_with_data() -> None:
    # a window of 4: the four quarters with data, not the last four calendar quarters
    card = make_card([kpi("a", 0, 100)], [], {"a": [10, 20, 30, None, None, 40]}, end="2026-Q2")
    node = card.score("2026-Q2").node("a")
    xs, ys = [0, 1, 2, 5], [0.1, 0.2, 0.3, 0.4]
    mx, my = sum(xs) / 4, sum(ys) / 4
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    assert node.trend == pytest.approx(slope)


def test_period_outside_horizon_is_an_error() -> None:
    card = make_card([kpi("a")], [], {"a": [10]})
    with pytest.raises(PeriodError, match="outside the horizon"):
        card.score(period="2030-Q1")


def test_change_trend_forecast_and_pace() -> None:
    card = make_card([kpi("a", 0, 100)], [], {"a": [10, 20, 30, 40]}, start="2025-Q1", end="2026-Q2")
    node = card.score(period="2025-Q4").node("a")
    assert node.change == pytest.approx(0.1)
    assert node.actual_change == pytest.approx(10)
    assert node.trend == pytest.approx(0.1)
    assert node.trend_arrow == "up"
    assert node.forecast == pytest.approx(60)  # 10 a quarter, two quarters to the horizon's end
    assert node.on_pace is False


def test_decrease_metric_on_pace() -> None:
    card = make_card([kpi("lead", 20, 10)], [], {"lead": [19, 17, 15, 13]}, end="2026-Q1")
    node = card.score(period="2025-Q4").node("lead")
    assert node.forecast == pytest.approx(11)
    assert node.on_pace is False
    assert node.trend_arrow == "up"  # the score improves while the lead time falls


def test_hit_rate_counts_measured_periods_only() -> None:
    card = make_card([kpi("a", 0, 100)], [], {"a": [100, 90, None, 120]})
    node = card.score(period="2025-Q4").node("a")
    assert node.hit_rate == pytest.approx(2 / 3)
    assert node.periods_measured == 3


def test_a_metric_without_a_target_has_no_hit_rate() -> None:
    rules = [{"min": 40, "score": 1.0}, {"max": 40, "score": 0.5}]
    node = {
        "id": "nps",
        "name": "NPS",
        "kind": "kpi",
        "metric": {"unit": "points", "method": "thresholds", "rules": rules},
    }
    card = make_card([node], [], {"nps": [30, 45]})
    figures = card.score("2025-Q2").node("nps")
    assert figures.score == 1.0
    assert figures.hit_rate is None  # not 0%: there is no target to hit


def test_time_phased_target_holds_until_the_next() -> None:
    card = make_card([kpi("a", 0, {"2025-Q1": 50, "2025-Q3": 100})], [], {"a": [50, 50, 50, 50]})
    result = card.score()
    assert result.series("a", "target") == [50, 50, 100, 100]
    assert result.series("a", "score") == [1.0, 1.0, 0.5, 0.5]


@pytest.mark.parametrize(
    ("aggregation", "expected"), [("sum", 60), ("mean", 20), ("last", 30), ("min", 10), ("max", 30)]
)
def test_monthly_series_scored_by_quarter(aggregation: str, expected: float) -> None:
    card = make_card(
        [kpi("a", 0, 100, aggregation=aggregation)],
        [],
        {"a": [10, 20, 30]},
        calendar="month",
        start="2025-01",
        end="2025-06",
    )
    result = card.score(period="2025-Q1", grain="quarter")
    assert result.node("a").actual == pytest.approx(expected)


def test_summed_quarter_scales_monthly_baseline_and_target() -> None:
    card = make_card(
        [kpi("a", 10, 20, aggregation="sum")], [], {"a": [15, 15, 15]}, calendar="month", start="2025-01", end="2025-03"
    )
    node = card.score(period="2025-Q1", grain="quarter").node("a")
    assert node.baseline == 30
    assert node.target == 60
    assert node.score == pytest.approx(0.5)


def test_value_realised_and_roi() -> None:
    # three quarters without noise: otif 0.85 against 0.80 at 1,000,000 a point of 1.0 = 50,000 a year;
    # lead time 16 days against 20 at 5,000 a day = 20,000; no share is agreed, so there is no return on the fee
    otif = kpi("otif", 0.8, 0.9, value_per_unit=1_000_000)
    nodes = [objective("top"), otif, kpi("lead", 20, 10, value_per_unit=5000)]
    card = make_card(
        nodes, [link("otif", "top"), link("lead", "top")], {"otif": [0.85] * 3, "lead": [16] * 3}, annual_fee=50_000
    )
    result = card.score(period="2025-Q3")
    assert result.node("otif").value_realised == pytest.approx(50_000)
    assert result.node("lead").value_realised == pytest.approx(20_000)
    assert result.node("top").value_rolled_up == pytest.approx(70_000)
    assert result.value_realised == pytest.approx(70_000)
    assert result.roi is None


def test_value_of_a_child_feeding_two_parents_counts_once_for_the_account() -> None:
    nodes = [objective("p1"), objective("p2"), kpi("k", 0, 10, value_per_unit=100)]
    card = make_card(nodes, [link("k", "p1"), link("k", "p2")], {"k": [5] * 3})
    result = card.score(period="2025-Q3")
    assert result.node("p1").value_rolled_up == result.node("p2").value_rolled_up == pytest.approx(500)
    assert result.value_realised == pytest.approx(500)


@pytest.mark.parametrize("policy", ["skip", "zero", "carry"])
@pytest.mark.parametrize("rollup", ["mean", "min", "worst"])
def test_attribution_sums_to_the_change(policy: str, rollup: str) -> None:
    nodes = [objective("top", missing=policy, rollup=rollup), kpi("a"), kpi("b"), kpi("c")]
    links = [link("a", "top", 2), link("b", "top", 1), link("c", "top", 1)]
    card = make_card(nodes, links, {"a": [50, 70], "b": [40, None], "c": [90, 60]})
    result = card.score(period="2025-Q2")
    parts = result.attribution("top", "2025-Q1")
    now, before = result.node("top").score, result.at("2025-Q1").node("top").score
    assert now is not None
    assert before is not None
    change = now - before
    assert sum(p.contribution for p in parts) == pytest.approx(change)


# A blend node (own 25%, children 75%) over one child; (own, child) actuals in Q1 and Q2, and each part's
# contribution worked out by hand: the parts always add up to the change.
BLEND = [
    ("both sides present", [20, 40], [50, 100], {"top": 0.25 * 0.2, "a": 0.75 * 1.0 - 0.75 * 0.5}),
    ("own missing before: children alone, then blended", [None, 20], [50, 100], {"top": 0.25 * 0.2, "a": 0.25}),
    ("children missing after: own alone", [20, 60], [50, None], {"top": 0.6 - 0.25 * 0.2, "a": -0.75 * 0.5}),
]


@pytest.mark.parametrize(("case", "own", "child", "expected"), BLEND, ids=[b[0] for b in BLEND])
def test_attribution_of_a_blend_sums_to_the_change(
    case: str, own: list[float | None], child: list[float | None], expected: dict[str, float]
) -> None:
    card = make_card(
        [kpi("top", combine="blend", blend=0.25), kpi("a", kind="kpm")],
        [link("a", "top")],
        {"top": own, "a": child},
    )
    result = card.score("2025-Q2")
    parts = {p.id: p.contribution for p in result.attribution("top", "2025-Q1")}
    assert parts == pytest.approx(expected)
    now, before = result.node("top").score, result.at("2025-Q1").node("top").score
    assert now is not None
    assert before is not None
    assert sum(parts.values()) == pytest.approx(now - before)


def test_no_attribution_into_a_period_without_a_score_and_it_says_why() -> None:
    card = make_card([objective("top"), kpi("a"), kpi("b")], [link("a", "top")], {"a": [50, None], "b": [1, 1]})
    result = card.score("2025-Q2")
    assert result.attribution("top", "2025-Q1") == []
    assert (
        result.why_no_attribution("top", "2025-Q1") == "top has no score in 2025-Q2, so there is no change to explain"
    )
    assert result.at("2025-Q1").why_no_attribution("top", "2025-Q1") is None


def test_attribution_names_the_child_that_moved() -> None:
    card = make_card(
        [objective("top"), kpi("a"), kpi("b")], [link("a", "top"), link("b", "top")], {"a": [50, 50], "b": [50, 90]}
    )
    parts = card.score(period="2025-Q2").attribution("top", "2025-Q1")
    assert parts[0].id == "b"
    assert parts[0].contribution == pytest.approx(0.2)


def test_to_dict_is_json() -> None:
    card = make_card([objective("top"), kpi("a")], [link("a", "top")], {"a": [50]})
    data = json.loads(json.dumps(score(card).to_dict()))
    assert {n["id"] for n in data["nodes"]} == {"top", "a"}
    assert data["overall_score"] == pytest.approx(0.5)


def test_examples_score_red_amber_and_green(example) -> None:  # type: ignore[no-untyped-def]
    statuses = {n.status for n in example.score().nodes()}
    assert {"red", "amber", "green"} <= statuses


def test_every_change_in_the_examples_is_split_exactly(example) -> None:  # type: ignore[no-untyped-def]
    # every node, every pair of consecutive periods, by month and by quarter where the calendar allows
    for grain in {example.calendar, "quarter"}:
        result = example.score(grain=grain)
        periods = result.periods
        for node in example.nodes:
            series = result.series(node.id)
            for t in range(1, len(periods)):
                parts = result.attribution(node.id, periods[t - 1], periods[t])
                before, after = series[t - 1], series[t]
                if before is None or after is None:
                    assert parts == []
                    assert result.why_no_attribution(node.id, periods[t - 1], periods[t])
                else:
                    assert sum(p.contribution for p in parts) == pytest.approx(after - before, abs=1e-9)


@pytest.mark.parametrize("example", sorted(example_scorecards()))
def test_a_new_scorecard_without_actuals_has_no_score_and_no_roi(tmp_path: Path, example: str) -> None:
    # every objective of a freshly initialised scorecard, whatever its missing policy, has no child with data
    written = new_scorecard("acme", example, tmp_path)
    result = kpicascade.load(written[0]).score()
    assert result.overall_score is None
    assert result.overall_status == "no data"
    assert result.roi is None
    assert {n.status for n in result.nodes()} == {"no data"}


# A monthly metric with actuals 1..8 from January to August, viewed by quarter: each quarter row in JSON is
# the metric's months aggregated as the engine does. (aggregation, Q1, Q2, Q3 (July and August only))
QUARTER_ROWS = [
    ("sum", 1 + 2 + 3, 4 + 5 + 6, 7 + 8),
    ("mean", (1 + 2 + 3) / 3, (4 + 5 + 6) / 3, (7 + 8) / 2),
    ("last", 3, 6, 8),
    ("min", 1, 4, 7),
    ("max", 3, 6, 8),
]


@pytest.mark.parametrize(("aggregation", "q1", "q2", "q3"), QUARTER_ROWS, ids=[r[0] for r in QUARTER_ROWS])
def test_json_has_quarter_rows_of_each_metrics_aggregation(aggregation: str, q1: float, q2: float, q3: float) -> None:
    card = make_card(
        [kpi("a", 0, 100, aggregation=aggregation)],
        [],
        {"a": [1, 2, 3, 4, 5, 6, 7, 8]},
        calendar="month",
        start="2026-01",
        end="2026-12",
    )
    data = json.loads(json.dumps(card.score(grain="quarter").to_dict()))
    assert data["periods"] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    history = data["nodes"][0]["history"]
    assert history["actual"] == pytest.approx([q1, q2, q3, None])
    assert history["months"] == [3, 3, 2, 0]
    assert history["partial"] == [False, False, True, False]
    assert history["status"][3] == "no data"
