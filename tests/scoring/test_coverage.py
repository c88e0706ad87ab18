"""Completeness per metric: each metric's own months, partial roll-ups, and when the scorecard's period is complete."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.scoring.cards import kpi, link, make_card, objective

MONTHLY = {"calendar": "month", "start": "2026-01", "end": "2026-12"}


def _sum_kpi(ident: str, **extra: Any) -> dict[str, Any]:
    """Return a monthly sum metric: baseline 100 and target 120 a month (a quarter: 300 and 360)."""
    return kpi(ident, 100, extra.pop("target", 120), aggregation="sum", **extra)


def _rep(ident: str) -> dict[str, Any]:
    """Return one rep's monthly bookings: baseline 50 and target 60 a month."""
    return kpi(ident, 50, 60, aggregation="sum")


# Monthly scorecards viewed by quarter, actuals from January (None: no report that month).
# (case, nodes, links, actuals, quarter viewed, {node: (score, months, partial)}, complete, default review)
CASES = [
    (
        "a source a month behind: its quarter is partial, the scorecard's not complete",
        [objective("top"), _sum_kpi("a"), kpi("b", 0, 100, aggregation="last")],
        [link("a", "top"), link("b", "top")],
        {"a": [110] * 8, "b": [50] * 9},  # a to August, b to September
        "2026-Q3",
        {
            "a": ((220 - 2 * 100) / (2 * 120 - 2 * 100), 2, True),  # two months against two months
            "b": (50 / 100, 3, False),
            "top": (((220 - 200) / (240 - 200) + 0.5) / 2, None, True),  # partial through a
        },
        False,
        "2026-Q2",
    ),
    (
        "a quarterly survey covers the quarter its report is for",
        [objective("top"), kpi("nps", 10, 40, frequency="quarter"), kpi("b", 0, 100, aggregation="last")],
        [link("nps", "top"), link("b", "top")],
        {"nps": [22, None, None, 31, None, None, 37], "b": [50] * 9},
        "2026-Q3",
        {"nps": ((37 - 10) / (40 - 10), 3, False), "top": (((37 - 10) / 30 + 0.5) / 2, None, False)},
        True,
        "2026-Q3",
    ),
    (
        "a month missing between reports: scored on the months in, their own targets; not late",
        [
            kpi("a", 100, {"2026-01": 120, "2026-08": 130, "2026-09": 140}, aggregation="sum"),
            kpi("b", 0, 100, aggregation="last"),
        ],
        [],
        {"a": [110] * 7 + [None, 110], "b": [50] * 9},  # a misses August
        "2026-Q3",
        {"a": ((110 + 110 - 2 * 100) / (120 + 140 - 2 * 100), 2, True)},  # July's and September's targets
        True,
        "2026-Q3",
    ),
    (
        "a metric silent for longer than max_age (2 months) is missing, not late",
        [_sum_kpi("a"), kpi("b", 0, 100, aggregation="last")],
        [],
        {"a": [110, 110], "b": [50] * 6},  # a stops in February, the data reaches June
        "2026-Q1",
        {"a": ((220 - 200) / (240 - 200), 2, True), "b": (0.5, 3, False)},
        True,
        "2026-Q2",
    ),
    (
        "a sum whose children cover different months has no value: it is never a partial sum",
        [_sum_kpi("team", rollup="sum"), _rep("r1"), _rep("r2")],
        [link("r1", "team"), link("r2", "team")],
        {"r1": [60] * 9, "r2": [50] * 8},  # r2 a month behind
        "2026-Q3",
        {"team": (None, 2, True), "r1": ((3 * 60 - 3 * 50) / (3 * 60 - 3 * 50), 3, False)},
        False,
        "2026-Q2",
    ),
    (
        "a sum under carry: a rep a month behind counts with what it has, over the months any rep covers",
        [kpi("team", 40, 60, aggregation="sum", rollup="sum", missing="carry"), _rep("r1"), _rep("r2")],
        [link("r1", "team"), link("r2", "team")],
        {"r1": [30] * 9, "r2": [20] * 8},
        "2026-Q3",
        {"team": ((3 * 30 + 2 * 20 - 3 * 40) / (3 * 60 - 3 * 40), 3, True)},  # partial through r2
        False,
        "2026-Q2",
    ),
]


@pytest.mark.parametrize(
    ("case", "nodes", "links", "actuals", "quarter", "expected", "complete", "review"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_each_metric_is_complete_or_partial_on_its_own(
    case: str,
    nodes: list[dict[str, Any]],
    links: list[dict[str, Any]],
    actuals: dict[str, list[float | None]],
    quarter: str,
    expected: dict[str, tuple[float | None, int | None, bool]],
    complete: bool,
    review: str,
) -> None:
    card = make_card(nodes, links, actuals, **MONTHLY)
    result = card.score(quarter, grain="quarter")
    for ident, (score, months, partial) in expected.items():
        node = result.node(ident)
        assert node.score == (pytest.approx(score) if score is not None else None), ident
        assert (node.months, node.partial) == (months, partial), ident
    assert result.complete is complete
    assert str(card.score(grain="quarter").period) == review


def test_a_sum_of_whole_quarters_is_scored_like_with_like() -> None:
    card = make_card(
        [_sum_kpi("team", rollup="sum"), _rep("r1"), _rep("r2")],
        [link("r1", "team"), link("r2", "team")],
        {"r1": [60] * 9, "r2": [50] * 8},
        **MONTHLY,
    )
    team = card.score("2026-Q2", grain="quarter").node("team")
    # Q2: both reps report every month: 3 x 60 + 3 x 50 = 330 against the team's 300 -> 360 over three months
    assert team.actual == pytest.approx(330)
    assert team.score == pytest.approx((330 - 300) / (360 - 300))
    assert not team.partial


def test_every_output_reads_the_same_marks() -> None:
    card = make_card(
        [objective("top"), _sum_kpi("a"), kpi("b", 0, 100, aggregation="last")],
        [link("a", "top"), link("b", "top")],
        {"a": [110] * 8, "b": [50] * 9},
        **MONTHLY,
    )
    result = card.score("2026-Q3", grain="quarter")
    assert result.node("a").data_marks == ["2 of 3 months"]
    assert result.node("top").data_marks == ["partial: a child has part of the period"]
    assert result.node("b").data_marks == []
    assert result.period_label == "2026-Q3 (1 metric still to report: A)"
    data = json.loads(json.dumps(result.to_dict()))
    assert (data["period_complete"], data["period_behind"]) == (False, ["a"])
    assert data["periods_complete"] == [True, True, False, False]
    a = next(n for n in data["nodes"] if n["id"] == "a")
    assert (a["partial"], a["months"], a["period_months"]) == (True, 2, 3)


def test_by_month_a_late_metric_is_missing_not_partial() -> None:
    card = make_card(
        [objective("top"), _sum_kpi("a"), kpi("b", 0, 100, aggregation="last")],
        [link("a", "top"), link("b", "top")],
        {"a": [110] * 8, "b": [50] * 9},
        **MONTHLY,
    )
    result = card.score()
    assert str(result.period) == "2026-09"
    top = result.node("top")
    assert (top.partial, top.data_marks) == (False, ["1 of 2 reported"])
    assert result.complete
