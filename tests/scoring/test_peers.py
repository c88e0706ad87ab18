"""Peer benchmarks: percentiles, quartiles, medians and spreads recomputed by hand, small cohorts hidden."""

from __future__ import annotations

from typing import Any

import pytest

from kpicascade.scoring.peers import ALL, standings


def _account(ident: str, value: float | None, *, industry: str = "manufacturing", **row: Any) -> dict[str, Any]:
    benchmarks = []
    if value is not None:
        benchmarks.append(
            {
                "key": row.get("key", "supply.otif"),
                "node": "kpi_otif",
                "name": "On time in full",
                "unit": row.get("unit", "percent"),
                "direction": row.get("direction", "increase"),
                "perspective": "customer",
                "value": value,
            }
        )
    return {"account_id": ident, "tags": {"industry": industry}, "benchmarks": benchmarks}


def _percentiles(found: dict[str, list[Any]], cohort: str = ALL) -> dict[str, float]:
    return {a: s.percentile for a, rows in found.items() for s in rows if s.cohort == cohort}


# (values by account, direction, percentile by account worked out as 100 x (worse + 0.5 x equal) / size)
CASES: list[tuple[dict[str, float], str, dict[str, float]]] = [
    (
        {"a": 0.80, "b": 0.85, "c": 0.90, "d": 0.95, "e": 0.99},
        "increase",
        # e beats 4 of 5: 100 x (4 + 0.5) / 5 = 90; a beats none: 100 x 0.5 / 5 = 10
        {"a": 10.0, "b": 30.0, "c": 50.0, "d": 70.0, "e": 90.0},
    ),
    (
        {"a": 0.80, "b": 0.85, "c": 0.90, "d": 0.95, "e": 0.99},
        "decrease",  # lower is better: a (0.80) is the best
        {"a": 90.0, "b": 70.0, "c": 50.0, "d": 30.0, "e": 10.0},
    ),
    (
        {"a": 1.0, "b": 2.0, "c": 2.0, "d": 3.0, "e": 4.0, "f": 4.0},
        "increase",
        # b and c tie: worse 1, equal 2 -> 100 x (1 + 1) / 6 = 33.33; e and f: worse 4, equal 2 -> 100 x 5 / 6
        {
            "a": 100 * 0.5 / 6,
            "b": 100 * 2 / 6,
            "c": 100 * 2 / 6,
            "d": 100 * 3.5 / 6,
            "e": 100 * 5 / 6,
            "f": 100 * 5 / 6,
        },
    ),
]


@pytest.mark.parametrize(("values", "direction", "expected"), CASES)
def test_percentiles_count_worse_accounts_and_half_the_ties(
    values: dict[str, float], direction: str, expected: dict[str, float]
) -> None:
    found = standings([_account(a, v, direction=direction) for a, v in values.items()])
    assert _percentiles(found) == pytest.approx(expected)


def test_quartile_median_and_spread_of_five() -> None:
    found = standings([_account(a, v) for a, v in zip("abcde", (0.80, 0.85, 0.90, 0.95, 0.99), strict=True)])
    e = next(s for s in found["e"] if s.cohort == ALL)
    b = next(s for s in found["b"] if s.cohort == ALL)
    # inclusive quartiles of 0.80, 0.85, 0.90, 0.95, 0.99: positions 1, 2, 3 of 0..4, so 0.85, 0.90, 0.95
    assert (e.size, e.lower_quartile, e.upper_quartile) == (5, 0.85, 0.95)
    assert e.median == pytest.approx(0.90)
    assert (e.quartile, b.quartile) == ("top quartile", "third quartile")  # 90 and 30


def test_for_a_decrease_metric_the_better_quarter_is_the_lower_one() -> None:
    found = standings(
        [_account(a, v, direction="decrease") for a, v in zip("abcde", (10, 20, 30, 40, 50), strict=True)]
    )
    a = next(s for s in found["a"] if s.cohort == ALL)
    assert (a.median, a.lower_quartile, a.upper_quartile, a.quartile) == (30, 40, 20, "top quartile")


def test_a_cohort_below_the_minimum_shows_nothing() -> None:
    accounts = [_account(a, 0.8 + i / 100) for i, a in enumerate("abcd")]
    assert standings(accounts) == {}  # four accounts, minimum five
    assert set(standings(accounts, min_size=4)) == set("abcd")


def test_cohorts_by_tag_stand_apart_and_small_ones_are_hidden() -> None:
    makers = [_account(f"m{i}", 0.80 + i / 100) for i in range(5)]
    clinics = [_account(f"h{i}", 0.90 + i / 100, industry="healthcare") for i in range(3)]
    found = standings([*makers, *clinics], tags=("industry",))
    cohorts = {s.cohort for rows in found.values() for s in rows}
    assert cohorts == {ALL, "industry: manufacturing"}  # three clinics are too few
    # among the 5 makers m4 (0.84) is best: 100 x 4.5 / 5 = 90; among all 8 it is fourth from the bottom:
    # worse 4 (m0..m3), so 100 x 4.5 / 8 = 56.25
    assert _percentiles(found, "industry: manufacturing")["m4"] == 90
    assert _percentiles(found)["m4"] == 56.25
    assert [s.cohort for s in found["h0"]] == [ALL]


def test_another_unit_or_key_is_not_compared() -> None:
    same = [_account(a, 0.8 + i / 100) for i, a in enumerate("abcde")]
    odd = _account("f", 92.0, unit="points")  # OTIF written in points: left out, not ranked as the best
    other = _account("g", 40, key="cx.nps", unit="points")
    found = standings([*same, odd, other])
    assert "f" not in found
    assert "g" not in found  # cx.nps has one account
    assert {s.size for rows in found.values() for s in rows} == {5}


def test_accounts_without_a_value_are_not_counted() -> None:
    accounts = [_account(a, 0.8 + i / 100) for i, a in enumerate("abcde")] + [_account("x", None)]
    found = standings(accounts)
    assert "x" not in found
    assert {s.size for rows in found.values() for s in rows} == {5}
