"""Correlation with Fisher-z intervals, and the R² decompositions checked against a published example."""

from __future__ import annotations

import math
from itertools import permutations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpicascade.drivers.stats import (
    coefficients,
    correlation,
    correlations,
    detrend,
    fisher,
    inflation,
    lag1,
    pearson,
    r_squared,
    relative_weights,
    shapley,
    standardise,
    t_quantile,
)

#: mtcars (Henderson and Velleman 1981): mpg, cyl, disp, hp, gear for the 32 cars, in R's order.
MTCARS = """21 6 160 110 4|21 6 160 110 4|22.8 4 108 93 4|21.4 6 258 110 3|18.7 8 360 175 3|18.1 6 225 105 3
|14.3 8 360 245 3|24.4 4 146.7 62 4|22.8 4 140.8 95 4|19.2 6 167.6 123 4|17.8 6 167.6 123 4|16.4 8 275.8 180 3
|17.3 8 275.8 180 3|15.2 8 275.8 180 3|10.4 8 472 205 3|10.4 8 460 215 3|14.7 8 440 230 3|32.4 4 78.7 66 4
|30.4 4 75.7 52 4|33.9 4 71.1 65 4|21.5 4 120.1 97 3|15.5 8 318 150 3|15.2 8 304 150 3|13.3 8 350 245 3
|19.2 8 400 175 3|27.3 4 79 66 4|26 4 120.3 91 5|30.4 4 95.1 113 5|15.8 8 351 264 5|19.7 6 145 175 5
|15 8 301 335 5|21.4 4 121 109 4"""


def mtcars() -> np.ndarray:
    rows = [[float(v) for v in row.split()] for row in MTCARS.replace("\n", "").split("|")]
    data = np.array(rows)
    return np.column_stack([data[:, 1:], data[:, 0]])  # predictors cyl, disp, hp, gear; then mpg


def test_relative_weights_reproduce_the_published_mtcars_example() -> None:
    # rwa (martinctc/rwa, README): rwa(mtcars, outcome = "mpg", predictors = c("cyl", "disp", "hp", "gear"))
    rxx, rxy = correlations(mtcars())
    assert r_squared(rxx, rxy) == pytest.approx(0.7791896, abs=5e-8)
    assert relative_weights(rxx, rxy) == pytest.approx([0.2284797, 0.2221469, 0.2321744, 0.0963886], abs=5e-8)


def shapley_by_refitting(data: np.ndarray) -> np.ndarray:
    """Return each predictor's mean gain in R² over every order of entry, refitting least squares each time."""
    x, y = data[:, :-1], data[:, -1]
    p = x.shape[1]

    def fit(columns: tuple[int, ...]) -> float:
        design = np.column_stack([np.ones(len(y)), x[:, list(columns)]])
        residual = y - design @ np.linalg.lstsq(design, y, rcond=None)[0]
        return 1 - float(residual @ residual) / float(((y - y.mean()) ** 2).sum())

    gains = np.zeros(p)
    orders = list(permutations(range(p)))
    for order in orders:
        for i, j in enumerate(order):
            gains[j] += fit(tuple(sorted(order[: i + 1]))) - fit(tuple(sorted(order[:i])))
    return gains / len(orders)


def test_shapley_matches_refitting_every_order_and_is_close_to_johnson() -> None:
    data = mtcars()
    rxx, rxy = correlations(data)
    values = shapley(rxx, rxy)
    assert values == pytest.approx(shapley_by_refitting(data), abs=1e-10)
    assert values.sum() == pytest.approx(r_squared(rxx, rxy), abs=1e-12)
    assert np.abs(values - relative_weights(rxx, rxy)).max() < 0.03  # two methods, one story


@pytest.mark.parametrize(
    ("r", "n", "low", "high"),
    [  # worked by hand: tanh(atanh(r) -+ 1.96 / sqrt(n - 3))
        (0.5, 30, 0.1704, 0.7290),
        (0.0, 103, -0.1935, 0.1935),
        (-0.9, 10, -0.9764, -0.6239),
    ],
)
def test_fisher_interval(r: float, n: int, low: float, high: float) -> None:
    found_low, found_high, _ = fisher(r, n)
    assert (found_low, found_high) == pytest.approx((low, high), abs=1e-4)


@pytest.mark.parametrize(("n", "lost"), [(3, 0), (2, 0), (10, 7)])
def test_fisher_needs_degrees_of_freedom(n: int, lost: int) -> None:
    assert fisher(0.4, n, lost) == (None, None, None)


def test_series_that_do_not_vary_have_no_correlation() -> None:
    assert pearson(np.ones(5), np.arange(5.0)) is None
    assert correlation(np.ones(5), np.arange(5.0)).r is None
    assert standardise(np.full(4, 2.0)) is None


finite = st.floats(-1e3, 1e3, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), p=st.integers(2, 6), n=st.integers(12, 60))
def test_decompositions_sum_to_r_squared(seed: int, p: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, p)) @ rng.normal(size=(p, p))  # correlated predictors
    y = x @ rng.normal(size=p) + rng.normal(size=n) * rng.uniform(0.1, 3)
    rxx, rxy = correlations(np.column_stack([x, y]))
    r2 = r_squared(rxx, rxy)
    weights, values = relative_weights(rxx, rxy), shapley(rxx, rxy)
    # exact in arithmetic; in floating point the error grows with how nearly collinear the predictors are
    # (seed 137332865, p 4, n 13: condition number 1.2e9, relative weights off by 7e-9)
    tolerance = max(1e-9, float(np.linalg.cond(rxx)) * 1e-14)
    assert weights.sum() == pytest.approx(r2, abs=tolerance)
    assert values.sum() == pytest.approx(r2, abs=tolerance)
    assert (weights >= -1e-12).all()


@settings(max_examples=80, deadline=None)
@given(r=st.floats(-0.99, 0.99), n=st.integers(4, 5000))
def test_interval_holds_r_and_stays_within_minus_one_and_one(r: float, n: int) -> None:
    low, high, p = fisher(r, n)
    assert low is not None
    assert high is not None
    assert p is not None
    assert -1 <= low <= r <= high <= 1
    assert 0 <= p <= 1
    wider_low, wider_high, _ = fisher(r, max(4, n // 4))
    assert wider_low is not None
    assert wider_high is not None
    assert wider_high - wider_low >= high - low - 1e-12


@settings(max_examples=60, deadline=None)
@given(
    xs=st.lists(st.tuples(finite, finite), min_size=3, max_size=30),
    scale=st.floats(0.01, 100),
    shift=st.floats(-1e3, 1e3),
)
def test_correlation_ignores_units(xs: list[tuple[float, float]], scale: float, shift: float) -> None:
    x, y = np.array([a for a, _ in xs]), np.array([b for _, b in xs])
    r = pearson(x, y)
    moved = pearson(x * scale + shift, y)
    if r is None or moved is None:
        return
    assert math.isclose(r, moved, abs_tol=1e-6)


@pytest.mark.parametrize(
    ("values", "expected"),
    [  # mean removed; sum of lagged products / sum of squares, plus (1 + 4 rho) / n
        ([1.0, 2.0, 3.0, 2.0, 1.0, 2.0, 3.0, 2.0], 0 + (1 + 0) / 8),
        ([1.0, 3.0, 2.0, 4.0, 3.0, 5.0], -1 / 10 + (1 + 4 * -1 / 10) / 6),  # deviations -2 0 -1 1 0 2
        ([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 0.95),  # 8.75 / 17.5 + 3 / 6 = 1.0 is above the ceiling
        ([1.0, -1.0, 1.0, -1.0, 1.0, -1.0], -0.95),  # -5/6 - 14/36 is below the floor
        ([2.0, 2.0, 2.0], 0.0),
    ],
)
def test_lag1_is_bias_corrected_and_bounded(values: list[float], expected: float) -> None:
    assert lag1(np.array(values)) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("rx", "ry", "expected"),
    [
        (0.5, 0.5, (1 + 0.25) / (1 - 0.25)),
        (0.7, 0.7, (1 + 0.49) / (1 - 0.49)),
        (-0.5, 0.5, 1.0),  # never more pairs than there are
        (0.0, 0.9, 1.0),
    ],
)
def test_inflation_from_lag1_autocorrelations(
    rx: float, ry: float, expected: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = iter([rx, ry])
    monkeypatch.setattr("kpicascade.drivers.stats.lag1", lambda _: next(found))
    assert inflation(np.zeros(3), np.zeros(3)) == pytest.approx(expected)


def test_correlation_interval_from_effective_pairs() -> None:
    x = np.array([1.0, 2.0, 4.0, 3.0, 5.0, 7.0, 6.0, 8.0, 9.0, 12.0, 10.0, 11.0, 14.0, 13.0, 15.0])
    y = np.array([2.0, 1.0, 3.0, 5.0, 4.0, 6.0, 8.0, 7.0, 10.0, 9.0, 12.0, 11.0, 13.0, 15.0, 14.0])
    plain, inflated = correlation(x, y), correlation(x, y, lost=1, inflation=2.5)
    assert inflated.r == plain.r
    assert inflated.n_eff == pytest.approx(15 / 2.5)
    assert plain.r is not None
    low, high, _ = fisher(plain.r, 6.0, 1)  # 6 effective pairs: tanh(atanh(r) -+ 1.96 / sqrt(6 - 3 - 1))
    assert (inflated.low, inflated.high) == (low, high)
    z = math.atanh(plain.r)
    assert inflated.low == pytest.approx(math.tanh(z - 1.959964 / math.sqrt(2)), abs=1e-6)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1.0, 3.0, 5.0, 8.0], [0.2, -0.1, -0.4, 0.3]),  # slope 11.5 / 5 = 2.3 about the mean 4.25
        ([5.0, 5.0, 5.0], [0.0, 0.0, 0.0]),
        ([1.0, 2.0], [-0.5, 0.5]),  # two points: the mean only
    ],
)
def test_detrend(values: list[float], expected: list[float]) -> None:
    assert detrend(np.array(values)).tolist() == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("df", "table"),
    [(3, 3.1824), (4, 2.7764), (6, 2.4469), (10, 2.2281), (30, 2.0423), (120, 1.9799)],  # 0.975 quantiles
)
def test_t_quantile_matches_the_tables(df: int, table: float) -> None:
    assert t_quantile(0.975, df) == pytest.approx(table, abs=0.004 if df == 3 else 0.001)


def test_coefficients_need_degrees_of_freedom() -> None:
    data = np.array([[1.0, 2.0, 3.0], [2.0, 1.0, 5.0], [3.0, 4.0, 4.0], [4.0, 3.0, 6.0], [5.0, 5.0, 8.0]])
    assert coefficients(data) is None  # 5 - 2 - 1 = 2 degrees of freedom
    assert coefficients(np.column_stack([data[:, 0], data[:, 0], data[:, 2]])) is None  # the same question twice


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(8, 80), phi=st.floats(-0.9, 0.99))
def test_effective_pairs_never_exceed_pairs(seed: int, n: int, phi: float) -> None:
    rng = np.random.default_rng(seed)
    x, y = np.cumsum(rng.normal(size=n)), rng.normal(size=n)
    x[1:] += phi * x[:-1]
    c = correlation(detrend(x), detrend(y), lost=1, inflation=inflation(detrend(x), detrend(y)))
    assert -0.95 <= lag1(x) <= 0.95
    assert c.n_eff is not None
    assert 0 < c.n_eff <= n
    if c.low is not None and c.high is not None and c.r is not None:
        assert -1 <= c.low <= c.r <= c.high <= 1
