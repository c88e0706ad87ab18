"""Figures for people: a shown score never contradicts its status, money keeps its cents, ranges read as ranges."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpicascade.format import number, score, span
from kpicascade.scoring.engine import STATUS_NAMES, status_of

SCORES = [
    ("amber 0.8977 is not shown as 90%", 0.8977, "89.8%"),
    ("0.8734 rounds as usual", 0.8734, "87%"),
    ("exactly green", 0.9, "90%"),
    ("a hair under green: rounded down toward the threshold", 0.89996, "89.9%"),
    ("just over amber rounds up safely", 0.7049, "70%"),
    ("a hair under amber", 0.69996, "69.9%"),
    ("two digits are enough", 0.89951, "89.95%"),
    ("no score", None, "\u2013"),
    ("no progress at all (0 / -35) is 0%, not -0%", 0 / -35, "0%"),
    ("a sliver below zero that rounds away", -0.000004, "0%"),
]


@pytest.mark.parametrize(("case", "value", "shown"), SCORES, ids=[c[0] for c in SCORES])
def test_score_is_rounded_without_crossing_a_threshold(case: str, value: float | None, shown: str) -> None:
    assert score(value, (0.9, 0.7)) == shown


@given(st.floats(-1, 2, allow_nan=False), st.integers(5, 100), st.integers(0, 30))
def test_the_shown_score_has_the_status_of_the_score(value: float, green_percent: int, gap: int) -> None:
    # thresholds are whole percentages, as scorecards write them (0.9, 0.75)
    green, amber = green_percent / 100, (green_percent - min(gap, green_percent)) / 100
    shown = float(score(value, (green, amber)).rstrip("%")) / 100
    statuses = status_of(np.array([[value], [shown]]), np.array([green, green]), np.array([amber, amber]))
    assert STATUS_NAMES[statuses[0, 0]] == STATUS_NAMES[statuses[1, 0]]


NUMBERS = [
    ("a cost per case keeps its cents", 0.84, "currency", "0.84"),
    ("a few dollars", 9.4, "currency", "9.40"),
    ("large money rounds to units", 1234567.8, "currency", "1,234,568"),
    ("a fraction in percent", 0.912, "percent", "91.2%"),
    ("a change of minus nothing", -0.00001, "percent", "0.0%"),
]


@pytest.mark.parametrize(("case", "value", "unit", "shown"), NUMBERS, ids=[c[0] for c in NUMBERS])
def test_number_keeps_significant_digits(case: str, value: float, unit: str, shown: str) -> None:
    assert number(value, unit) == shown


@pytest.mark.parametrize(
    ("low", "high", "unit", "shown"),
    [(0.58, 0.66, "percent", "58.0% to 66.0%"), (40, None, None, "40 or more"), (None, 20, None, "under 20")],
)
def test_a_range_target(low: float | None, high: float | None, unit: str | None, shown: str) -> None:
    assert span(low, high, unit) == shown
