"""Run rates: the trailing year's level against the baseline, a yearly value, and its range from the series' noise."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kpicascade.scoring.value import noise, roi, run_rate, t95

NAN = math.nan


@pytest.mark.parametrize(("df", "expected"), [(1, 12.706), (10, 2.228), (30, 2.042), (1000, 1.962)])
def test_t_quantiles(df: int, expected: float) -> None:
    assert t95(df) == pytest.approx(expected, abs=1e-3)


@pytest.mark.parametrize(
    ("reports", "expected"),
    [
        # changes 2, -2, 2: sigma^2 = (4 + 4 + 4) / (2 * 3) = 2
        ([10, 12, 10, 12], (math.sqrt(2), 3)),
        # a gap is skipped: changes 2 and 4 between the reports there are: sigma^2 = (4 + 16) / (2 * 2) = 5
        ([10, 12, NAN, 16], (math.sqrt(5), 2)),
        # a steady trend of 1 a period: sigma^2 = 3 * 1 / 6 = 0.5, where the plain spread would say 1.67
        ([1, 2, 3, 4], (math.sqrt(0.5), 3)),
        ([10, 12], None),  # one change cannot measure noise
    ],
)
def test_noise_from_consecutive_changes(reports: list[float], expected: tuple[float, int] | None) -> None:
    found = noise(np.array(reports, dtype=float))
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert found[0] == pytest.approx(expected[0])
        assert found[1] == expected[1]


# 12 monthly reports 93, 91, 93, ... : level 92 against a baseline of 90; changes +-2, so sigma = sqrt(44 / 22)
# = sqrt(2), the level's standard error sqrt(2) / sqrt(12) = 0.40825, t(10 df) = 2.228, so the range is
# 2 points +- 2.228 * 0.40825 = +-0.90958 points; at 100,000 a point a year: 200,000 +- 90,958.
PLANTED = [93.0, 91.0] * 6
HALF = 2.228 * math.sqrt(2) / math.sqrt(12) * 100_000


def test_a_planted_improvement_is_valued_with_a_range_that_holds_it() -> None:
    rate = run_rate(np.array(PLANTED), 12, 90.0, 1.0, 100_000)
    assert rate.level == pytest.approx(92.0)
    assert rate.improvement == pytest.approx(2.0)
    assert rate.value == pytest.approx(200_000)
    assert (rate.low, rate.high) == pytest.approx((200_000 - HALF, 200_000 + HALF))
    assert rate.state == "beyond noise"
    assert rate.counted == pytest.approx((200_000, 200_000 - HALF, 200_000 + HALF))


def test_flat_noise_around_the_baseline_is_within_noise_and_counts_nothing() -> None:
    rate = run_rate(np.array([91.0, 89.0] * 6), 12, 90.0, 1.0, 100_000)
    assert rate.value == pytest.approx(0.0)
    assert (rate.low, rate.high) == pytest.approx((-HALF, HALF))
    assert rate.state == "within noise"
    assert rate.counted == (0.0, 0.0, 0.0)


def test_a_step_smaller_than_the_noise_is_within_noise() -> None:
    # level 90.5: 50,000 a year, inside +-90,958
    rate = run_rate(np.array([91.5, 89.5] * 6), 12, 90.0, 1.0, 100_000)
    assert rate.value == pytest.approx(50_000)
    assert rate.state == "within noise"


def test_a_decrease_metric_improves_when_it_falls() -> None:
    # lead time 8 days against 10, three reports without noise: 2 days better at 5,000 a day a year
    rate = run_rate(np.array([8.0, 8.0, 8.0]), 4, 10.0, -1.0, 5000)
    assert rate.value == pytest.approx(10_000)
    assert (rate.low, rate.high) == pytest.approx((10_000, 10_000))
    assert rate.state == "beyond noise"


def test_the_level_is_the_trailing_year_and_the_noise_the_whole_history() -> None:
    # 4 quarters a year: the level is the mean of the last four (100, 102, 100, 102 -> 101) against 90;
    # the noise comes from all seven changes of 2: sigma^2 = 7 * 4 / 14 = 2
    history = np.array([90, 92, 90, 100, 102, 100, 102, 100], dtype=float)[:-1]
    rate = run_rate(history, 4, 90.0, 1.0, 1000)
    assert rate.reports == 4
    assert rate.level == pytest.approx(101.0)
    changes = [2, -2, 10, 2, -2, 2]
    sigma = math.sqrt(sum(c * c for c in changes) / (2 * 6))
    assert rate.noise == pytest.approx(sigma)
    half = 2.571 * sigma / 2 * 1000  # t with 5 degrees of freedom, standard error sigma / sqrt(4)
    assert (rate.low, rate.high) == pytest.approx((11_000 - half, 11_000 + half))


@pytest.mark.parametrize(
    ("history", "state", "value"),
    [
        ([95.0, 95.0], "too few reports", 5000.0),
        ([NAN, NAN, NAN], "no reports", None),
    ],
)
def test_too_little_data_counts_nothing(history: list[float], state: str, value: float | None) -> None:
    rate = run_rate(np.array(history), 12, 90.0, 1.0, 1000)
    assert rate.state == state
    assert rate.value == (pytest.approx(value) if value is not None else None)
    assert rate.counted == (0.0, 0.0, 0.0)


@pytest.mark.parametrize(("value", "fee", "expected"), [(150.0, 100.0, 0.5), (50.0, 100.0, -0.5), (10.0, None, None)])
def test_roi(value: float, fee: float | None, expected: float | None) -> None:
    assert roi(value, fee) == expected
