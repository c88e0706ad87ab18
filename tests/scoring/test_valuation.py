"""The three value figures: total improvement, attributed to the vendor and evidenced by usage data, each with ROI."""

from __future__ import annotations

import math
from typing import Any

import pytest

from kpicascade.drivers import Correlation, Findings, Importance, LinkFinding, Weight
from kpicascade.model import Scorecard, Signal, SignalLink
from kpicascade.scoring.valuation import link_evidence
from tests.scoring.cards import kpi, make_card, objective


def _monthly(nodes: list[dict[str, Any]], actuals: dict[str, list[float]], **extra: Any) -> Scorecard:
    months = max(len(v) for v in actuals.values())
    end = f"{2025 + (months - 1) // 12}-{(months - 1) % 12 + 1:02d}"
    return make_card(nodes, [], actuals, calendar="month", start="2025-01", end=end, **extra)


def _signal(card: Scorecard, node: str, sign: str = "+") -> Scorecard:
    card.signals.append(Signal(id="sig", name="Weekly active planners", unit="users"))
    card.links.signals.append(SignalLink.model_validate({"signal": "sig", "node": node, "sign": sign, "lag": 0}))
    return card


# Orders a month, a flow: 110, 130, 110, ... against a baseline of 100, each order worth 50 a year counted.
# By month: level 120, 20 more orders a month = 240 a year = 12,000. By quarter the same months sum to
# 350, 370, 350, 370: level 360 against 3 x 100, 60 more a quarter = 240 a year = 12,000 again.
ORDERS = [110.0, 130.0] * 6


def test_a_flow_is_worth_the_same_by_month_and_by_quarter() -> None:
    card = _monthly([kpi("orders", 100, 200, aggregation="sum", value_per_unit=50)], {"orders": ORDERS})
    by_month = card.score(period="2025-12").valuation.total
    by_quarter = card.score(period="2025-Q4", grain="quarter").valuation.total
    assert by_month.amount == by_quarter.amount == pytest.approx(12_000)
    # the range too: 11 changes of 20, sigma = sqrt(11 * 400 / 22); t(10) = 2.228; 12 orders a month a year at 50
    half = 2.228 * math.sqrt(200) / math.sqrt(12) * 12 * 50
    assert (by_month.low, by_month.high) == pytest.approx((12_000 - half, 12_000 + half))
    assert (by_quarter.low, by_quarter.high) == (by_month.low, by_month.high)


def test_a_quarterly_scorecard_of_the_same_data_gives_the_same_value() -> None:
    quarters = [sum(ORDERS[q * 3 : q * 3 + 3]) for q in range(4)]
    assert quarters == [350, 370, 350, 370]
    card = make_card(
        [kpi("orders", 300, 600, aggregation="sum", value_per_unit=50)], [], {"orders": quarters}, calendar="quarter"
    )
    assert card.score(period="2025-Q4").valuation.total.amount == pytest.approx(12_000)


def test_a_level_metric_is_worth_the_same_by_month_and_by_quarter() -> None:
    # on-time in full 0.93, 0.91, ... against 0.90 at 1,000,000 a point of 1.0 a year: level 0.92, 20,000
    card = _monthly([kpi("otif", 0.9, 0.95, aggregation="mean", value_per_unit=1_000_000)], {"otif": [0.93, 0.91] * 6})
    assert card.score(period="2025-12").valuation.total.amount == pytest.approx(20_000)
    assert card.score(period="2025-Q4", grain="quarter").valuation.total.amount == pytest.approx(20_000)


def test_a_partial_quarter_ends_where_the_months_do() -> None:
    card = _monthly([kpi("orders", 100, 200, aggregation="sum", value_per_unit=50)], {"orders": ORDERS[:11]})
    assert card.score(period="2025-Q4", grain="quarter").valuation.total == card.score(period="2025-11").valuation.total


# Flat noise: every KPI wobbles around its baseline; the only usage signal has four values (too few to judge).
FLAT = {
    "otif": [0.91, 0.89, 0.905, 0.895, 0.9, 0.9, 0.91, 0.89, 0.902, 0.898, 0.9, 0.9],
    "lead": [10.5, 9.5, 10.2, 9.8, 10.0, 10.0, 10.4, 9.6, 10.1, 9.9, 10.0, 10.0],
    "sig": [40.0, 42.0, 39.0, 41.0],
}


def test_flat_noise_headlines_no_value_beyond_noise_and_no_roi() -> None:
    nodes = [
        kpi("otif", 0.9, 0.95, value_per_unit=1_000_000),
        kpi("lead", 10, 8, value_per_unit=50_000) | {"attribution": {"share": 0.4, "basis": "CFO agreed 40%"}},
    ]
    card = _signal(_monthly(nodes, FLAT, annual_fee=100_000), "otif")
    v = card.score(period="2025-12").valuation
    # otif: the mean of the twelve is 0.9 exactly, so nothing; lead: mean 10.0, nothing either
    assert [n.rate.state for n in v.nodes] == ["within noise", "within noise"]
    assert v.total.amount == 0.0
    assert v.total.nodes == 0
    assert v.attributed.roi is None
    assert v.evidenced.roi is None
    assert v.headline.startswith("No improvement beyond noise")
    assert "%" not in v.headline
    assert [e.verdict for e in v.nodes[0].links] == ["too few periods"]


def test_attributed_value_and_its_return() -> None:
    # three reports without noise, quarterly: otif 0.85 against 0.80 at 1,000,000 = 50,000 (half agreed: 25,000);
    # lead time 16 against 20 days at 5,000 a day = 20,000 (none agreed). Fee 50,000.
    otif = kpi("otif", 0.8, 0.9, value_per_unit=1_000_000) | {"attribution": {"share": 0.5, "basis": "CFO: half"}}
    nodes = [objective("top"), otif, kpi("lead", 20, 10, value_per_unit=5000)]
    links = [{"from": "otif", "to": "top"}, {"from": "lead", "to": "top"}]
    card = make_card(nodes, links, {"otif": [0.85] * 3, "lead": [16] * 3}, annual_fee=50_000)
    result = card.score(period="2025-Q3")
    v = result.valuation
    assert v.total.amount == pytest.approx(70_000)
    assert v.total.roi is None  # never on the total
    assert v.attributed.amount == pytest.approx(25_000)
    assert v.attributed.roi == pytest.approx((25_000 - 50_000) / 50_000)
    assert result.roi == v.attributed.roi
    assert result.node("top").value_rolled_up == pytest.approx(70_000)
    assert result.node("otif").value_attributed == pytest.approx(25_000)
    assert result.node("lead").value_attributed is None
    assert v.evidenced.amount is None
    assert v.evidenced.roi is None
    assert "Attributed to Vendor: EUR 25,000 a year" in v.headline


def test_without_attribution_or_evidence_the_headline_says_so_in_words() -> None:
    card = make_card([kpi("otif", 0.8, 0.9, value_per_unit=1_000_000)], [], {"otif": [0.85] * 3}, annual_fee=50_000)
    v = card.score(period="2025-Q3").valuation
    assert v.attributed.roi is None
    assert v.evidenced.roi is None
    assert "%" not in v.headline
    assert "the customer has agreed no share of the improvement" in v.headline
    assert v.headline.endswith("No return on the fee is claimed.")


# A planted usage effect: usage steps from about 100 to about 140 a month (the same wobble each year, summing
# to zero), on-time in full follows at 0.05 points per user with +-0.05 of its own noise. The last twelve
# months average 90 + 0.05 x 40 = 92 points against a baseline of 90: 2 points at 100,000 = 200,000 a year.
WOBBLE = [5, -3, 8, -6, 2, -4, 7, -5, 3, -2, -1, -4]
USAGE = [100.0 + w for w in WOBBLE] + [140.0 + w for w in WOBBLE]
DRIVEN = [90 + 0.05 * (u - 100) + e for u, e in zip(USAGE, [0.05, -0.05] * 12, strict=True)]


def test_a_planted_usage_effect_is_evidenced_with_a_range_that_holds_it() -> None:
    assert sum(WOBBLE) == 0
    card = _signal(_monthly([kpi("otif", 90, 95, value_per_unit=100_000)], {"otif": DRIVEN, "sig": USAGE}), "otif")
    v = card.score(period="2026-12").valuation
    assert v.total.amount == pytest.approx(200_000)
    assert [e.verdict for e in v.nodes[0].links] == ["confirmed"]
    assert v.evidenced.low is not None
    assert v.evidenced.high is not None
    assert v.evidenced.low <= 200_000 <= v.evidenced.high
    assert v.evidenced.amount is not None
    assert v.total.amount is not None
    assert v.evidenced.amount <= v.total.amount


def _finding(r: float, low: float, high: float, verdict: str = "confirmed") -> LinkFinding:
    return LinkFinding(
        signal="sig",
        node="otif",
        sign="+",
        lag=0,
        scope="account",
        accounts=("test",),
        at_lag=Correlation(n=20, r=r, low=low, high=high, p=0.01),
        best_lag=0,
        best=None,
        verdict=verdict,  # type: ignore[arg-type]
        reason="",
    )


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        # one confirmed signal: its r^2 and the interval's ends squared: 0.36 (0.09 to 0.64)
        (Findings(links=[_finding(0.6, 0.3, 0.8)]), (0.36, 0.09, 0.64)),
        # a negative link counts its magnitude: r -0.5 (-0.7 to -0.2): 0.25 (0.04 to 0.49)
        (Findings(links=[_finding(-0.5, -0.7, -0.2)]), (0.25, 0.04, 0.49)),
        # one of several drivers: its relative weight 0.2, scaled by the interval: 0.2 x (0.2/0.5)^2, 0.2 x (0.7/0.5)^2
        (
            Findings(
                links=[_finding(0.5, 0.2, 0.7)],
                importance=[
                    Importance(
                        node="otif",
                        scope="account",
                        accounts=("test",),
                        n=20,
                        r2=0.3,
                        weights=(
                            Weight(
                                driver="sig",
                                lag=0,
                                weight=0.2,
                                share=0.2 / 0.3,
                                shapley=0.2,
                                beta=0.4,
                                correlation=Correlation(n=20, r=0.5),
                            ),
                        ),
                    )
                ],
            ),
            (0.2, 0.2 * 0.16, 0.2 * 1.96),
        ),
        (Findings(links=[_finding(0.2, -0.2, 0.5, "no sign of an effect yet")]), (0.0, 0.0, 0.0)),
        (None, (0.0, 0.0, 0.0)),
    ],
)
def test_a_confirmed_link_earns_its_share_of_variance(findings: Findings | None, expected: tuple[float, ...]) -> None:
    card = _signal(_monthly([kpi("otif", 0.9, 0.95, value_per_unit=1)], {"otif": [0.9] * 3}), "otif")
    (link,) = link_evidence(card, "otif", findings)
    assert (link.share, link.share_low, link.share_high) == pytest.approx(expected)
