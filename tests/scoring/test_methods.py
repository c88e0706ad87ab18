"""Each scoring method, hand-computed, for every direction."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kpicascade.scoring import methods


def one(x: float) -> np.ndarray:
    return np.array([[x]], dtype=np.float64)


@pytest.mark.parametrize(
    ("actual", "baseline", "target", "expected"),
    [
        (50, 0, 100, 0.5),  # increase, halfway
        (100, 0, 100, 1.0),  # target met
        (150, 0, 100, 1.5),  # linear is not capped
        (-10, 0, 100, -0.1),  # worse than baseline goes negative
        (15, 20, 10, 0.5),  # decrease: lead time 20 -> 10 days, now 15
        (8, 20, 10, 1.2),  # decrease, beyond target
        (25, 20, 10, -0.5),  # decrease, worse than baseline
    ],
)
def test_linear(actual: float, baseline: float, target: float, expected: float) -> None:
    assert methods.linear(one(actual), one(baseline), one(target))[0, 0] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("actual", "baseline", "target", "cap", "expected"),
    [
        (50, 0, 100, 1.2, 0.5),
        (150, 0, 100, 1.2, 1.2),  # stretch capped
        (110, 0, 100, 1.2, 1.1),
        (-10, 0, 100, 1.2, 0.0),  # floored at zero
        (5, 20, 10, 1.5, 1.5),  # decrease, capped
        (30, 20, 10, 1.5, 0.0),
    ],
)
def test_clamped(actual: float, baseline: float, target: float, cap: float, expected: float) -> None:
    assert methods.clamped(one(actual), one(baseline), one(target), one(cap))[0, 0] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("actual", "expected"),
    [(30, 1.0), (40, 1.0), (50, 1.0), (55, 0.5), (60, 0.0), (70, 0.0), (25, 0.5), (20, 0.0), (10, 0.0)],
)
def test_band_low_30_high_50_tolerance_10(actual: float, expected: float) -> None:
    assert methods.band(one(actual), one(30), one(50), one(10))[0, 0] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("actual", "target", "direction", "expected"),
    [
        (100, 100, 1, 1.0),
        (99, 100, 1, 0.0),
        (9, 10, -1, 1.0),
        (11, 10, -1, 0.0),
        (40, math.nan, 0, 1.0),
        (60, math.nan, 0, 0.0),
    ],
)
def test_binary(actual: float, target: float, direction: int, expected: float) -> None:
    got = methods.met(one(actual), one(target), one(direction), one(30), one(50))
    assert got[0, 0] == expected


RULES: list[tuple[float | None, float | None, float]] = [(0.95, None, 1.0), (0.9, 0.95, 0.7), (0.8, 0.9, 0.4)]


@pytest.mark.parametrize(("actual", "expected"), [(0.97, 1.0), (0.95, 1.0), (0.92, 0.7), (0.85, 0.4), (0.5, 0.0)])
def test_thresholds_first_match_wins(actual: float, expected: float) -> None:
    assert methods.thresholds(one(actual), RULES)[0, 0] == expected


def test_thresholds_order_matters() -> None:
    overlapping: list[tuple[float | None, float | None, float]] = [(0.5, None, 0.3), (0.9, None, 1.0)]
    assert methods.thresholds(one(0.95), overlapping)[0, 0] == 0.3


@pytest.mark.parametrize("method", ["linear", "clamped", "band", "binary", "thresholds"])
def test_missing_actual_scores_nothing(method: str) -> None:
    nan = one(math.nan)
    got = {
        "linear": lambda: methods.linear(nan, one(0), one(1)),
        "clamped": lambda: methods.clamped(nan, one(0), one(1), one(1.2)),
        "band": lambda: methods.band(nan, one(0), one(1), one(1)),
        "binary": lambda: methods.met(nan, one(1), one(1), one(0), one(1)),
        "thresholds": lambda: methods.thresholds(nan, RULES),
    }[method]()
    assert math.isnan(got[0, 0])
