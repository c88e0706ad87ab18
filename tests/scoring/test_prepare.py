"""Laying a scorecard out for the engine, hand-computed: score bounds of linear and clamped progress."""

from __future__ import annotations

from typing import Any

import pytest

from tests.scoring.cards import kpi, link, make_card, objective

# OTIF from baseline 0.90 to target 0.95; each row: scoring settings, metric settings, actual, score by hand.
BOUNDS: list[tuple[str, dict[str, Any], dict[str, Any], float, float]] = [
    ("inside the bounds", {}, {}, 0.93, (0.93 - 0.90) / 0.05),
    ("0.41 typed for 0.941 floors at 0", {}, {}, 0.41, 0.0),
    ("beyond the target caps at 1.2", {}, {}, 1.0, 1.2),
    ("the scorecard's cap", {"cap": 1.1}, {}, 1.0, 1.1),
    ("the metric's cap wins over the scorecard's", {"cap": 1.1}, {"cap": 1.5}, 1.0, 1.5),
    ("a floor below zero", {"floor": -0.5}, {}, 0.41, -0.5),
    ("unbounded when the scorecard asks", {"unbounded": True}, {}, 0.41, (0.41 - 0.90) / 0.05),
    ("unbounded when the metric asks", {}, {"unbounded": True}, 1.0, (1.0 - 0.90) / 0.05),
    ("clamped floors at 0 whatever the floor", {"floor": -0.5}, {"method": "clamped"}, 0.41, 0.0),
    ("clamped caps at the scorecard's cap", {"cap": 1.3}, {"method": "clamped"}, 1.0, 1.3),
]


@pytest.mark.parametrize(("case", "scoring", "metric", "actual", "expected"), BOUNDS, ids=[b[0] for b in BOUNDS])
def test_score_bounds(
    case: str, scoring: dict[str, Any], metric: dict[str, Any], actual: float, expected: float
) -> None:
    card = make_card([kpi("otif", 0.90, 0.95, **metric)], [], {"otif": [actual]}, scoring=scoring)
    assert card.score("2025-Q1").node("otif").score == pytest.approx(expected)


def test_one_typo_no_longer_sinks_the_account() -> None:
    # three KPIs at 0.93 (score 0.6) and OTIF typed 0.41: unbounded, OTIF alone is -9.8 and drags the objective down
    kpis = ["otif", "fill", "lead"]
    card = make_card(
        [objective("top"), *[kpi(k, 0.90, 0.95) for k in kpis]],
        [link(k, "top") for k in kpis],
        {"otif": [0.41], "fill": [0.93], "lead": [0.93]},
    )
    assert card.score("2025-Q1").node("top").score == pytest.approx((0 + 0.6 + 0.6) / 3)
    unbounded = make_card(
        [objective("top"), *[kpi(k, 0.90, 0.95) for k in kpis]],
        [link(k, "top") for k in kpis],
        {"otif": [0.41], "fill": [0.93], "lead": [0.93]},
        scoring={"unbounded": True},
    )
    assert unbounded.score("2025-Q1").node("top").score == pytest.approx((-9.8 + 0.6 + 0.6) / 3)
