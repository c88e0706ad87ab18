"""Statistics for driver analysis: correlation with a Fisher-z interval, and the share of R² each driver explains.

Periods of a KPI are not independent draws: a smooth series carries over much of each period into the next,
so twenty periods hold the information of fewer independent ones. The interval of a correlation between two
series is therefore computed from an effective number of pairs, n (1 - rho_x rho_y) / (1 + rho_x rho_y), where
rho is each series' lag-1 autocorrelation corrected for its small-sample bias (Bartlett 1935; Bayley and
Hammersley 1946;
the bias correction is Kendall's, about (1 + 4rho) / n). Both series are first detrended, so that two KPIs whose
growth merely accelerates together are not read as one driving the other.

Two decompositions of R² are computed from the correlation matrix alone, so that each checks the other:
Johnson's relative weights (Johnson 2000: regress the outcome on the orthogonal counterpart of the predictors,
then map the weights back) and the Shapley value of R², also called LMG (Lindeman, Merenda and Gold 1980):
each predictor's increase in R², averaged over every order of entering the predictors. Both sum to R².
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations
from statistics import NormalDist
from typing import Any

import numpy as np

Floats = np.ndarray[Any, np.dtype[np.float64]]

#: Above this many predictors the exact Shapley decomposition (2^p subsets) is not attempted.
MAX_SHAPLEY = 12


@dataclass(frozen=True)
class Correlation:
    """A correlation with its sample size, 95% confidence interval (Fisher z) and two-sided p-value."""

    n: int
    r: float | None = None
    low: float | None = None
    high: float | None = None
    p: float | None = None
    n_eff: float | None = None

    @property
    def excludes_zero(self) -> bool:
        """Return whether the interval lies wholly above or wholly below zero."""
        return self.low is not None and self.high is not None and (self.low > 0 or self.high < 0)


def pearson(x: Floats, y: Floats) -> float | None:
    """Return Pearson's r of two equally long series, or None when either does not vary."""
    if len(x) < 2:
        return None
    dx, dy = x - x.mean(), y - y.mean()
    sxx, syy = float(dx @ dx), float(dy @ dy)
    scale = max(float(np.abs(x).max()), float(np.abs(y).max()), 1.0)
    if sxx <= (1e-12 * scale) ** 2 * len(x) or syy <= (1e-12 * scale) ** 2 * len(y):
        return None
    return float(np.clip((dx @ dy) / math.sqrt(sxx * syy), -1.0, 1.0))


def fisher(r: float, n: float, lost: int = 0, level: float = 0.95) -> tuple[float | None, float | None, float | None]:
    """Return the confidence interval and p-value of r from n pairs, lost degrees of freedom already spent.

    >>> low, high, p = fisher(0.5, 30)
    >>> round(low, 3), round(high, 3), round(p, 4)
    (0.17, 0.729, 0.0043)
    """
    df = n - 3 - lost
    if df <= 0:
        return None, None, None
    z = math.atanh(min(max(r, -0.999999999), 0.999999999))
    se = 1 / math.sqrt(df)
    half = NormalDist().inv_cdf(0.5 + level / 2) * se
    p = 2 * (1 - NormalDist().cdf(abs(z) / se))
    return math.tanh(z - half), math.tanh(z + half), p


def correlation(x: Floats, y: Floats, lost: int = 0, inflation: float = 1.0) -> Correlation:
    """Return the correlation of x and y with its interval; lost counts fitted means (a panel's accounts).

    inflation (at least 1) is how many times the variance of r exceeds that of independent pairs: the interval
    is computed from n / inflation effective pairs.
    """
    r = pearson(x, y)
    if r is None:
        return Correlation(len(x))
    n_eff = len(x) / max(inflation, 1.0)
    low, high, p = fisher(r, n_eff, lost)
    return Correlation(len(x), r, low, high, p, n_eff)


def t_quantile(p: float, df: float) -> float:
    """Return Student's t quantile by the Cornish-Fisher expansion (Abramowitz and Stegun 26.7.5), df >= 3.

    Within 0.004 of the tables at 3 degrees of freedom, 0.001 from 4 (2.5706 for 0.975 at 5 reads 2.5703).

    >>> round(t_quantile(0.975, 5), 2), round(t_quantile(0.975, 30), 3)
    (2.57, 2.042)
    """
    z = NormalDist().inv_cdf(p)
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


def lag1(x: Floats) -> float:
    """Return the lag-1 autocorrelation of x, corrected for its small-sample bias, within -0.95 to +0.95.

    The estimate from n values is low by about (1 + 4rho) / n (Kendall 1954), a lot for 20 periods: a series with
    rho = 0.7 reads about 0.55. Added back, it keeps smooth series from passing for independent ones.

    >>> lag1(np.array([1.0, 2.0, 3.0, 2.0, 1.0, 2.0, 3.0, 2.0]))  # 0 estimated, + (1 + 0) / 8
    0.125
    """
    n = len(x)
    if n < 3:
        return 0.0
    d = x - x.mean()
    denominator = float(d @ d)
    if denominator <= 0:
        return 0.0
    rho = float(d[1:] @ d[:-1]) / denominator
    return min(max(rho + (1 + 4 * rho) / n, -0.95), 0.95)


def inflation(x: Floats, y: Floats) -> float:
    """Return how many times autocorrelation inflates the variance of r: (1 + rho_x rho_y) / (1 - rho_x rho_y), >= 1.

    For two independent AR(1) series the variance of r is about (1 + rho_x rho_y) / (n (1 - rho_x rho_y))
    (Bartlett 1935).
    Below 1 (one series alternating, the other smooth) it is taken as 1: never more pairs than there are.

    >>> inflation(np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, -1.0, 1.0, -1.0]))
    1.0
    """
    product = lag1(x) * lag1(y)
    return max((1 + product) / (1 - product), 1.0)


def detrend(x: Floats) -> Floats:
    """Return x less its straight-line trend over its positions (least squares); the residuals sum to 0.

    >>> [round(float(v), 9) for v in detrend(np.array([1.0, 3.0, 5.0, 8.0]))]  # slope 11.5 / 5 = 2.3
    [0.2, -0.1, -0.4, 0.3]
    """
    n = len(x)
    if n < 3:
        return np.asarray(x - x.mean(), dtype=np.float64) if n else x
    t = np.arange(n, dtype=np.float64) - (n - 1) / 2
    slope = float(t @ (x - x.mean())) / float(t @ t)
    return np.asarray(x - x.mean() - slope * t, dtype=np.float64)


def standardise(x: Floats) -> Floats | None:
    """Return x as z-scores (mean 0, standard deviation 1), or None when it does not vary."""
    if len(x) < 2:
        return None
    sd = float(x.std(ddof=1))
    if sd <= 1e-12 * max(float(np.abs(x).max()), 1.0):
        return None
    return np.asarray((x - x.mean()) / sd, dtype=np.float64)


def r_squared(rxx: Floats, rxy: Floats) -> float:
    """Return R² of the regression of y on x, from the predictors' correlation matrix and their correlations with y."""
    if len(rxy) == 0:
        return 0.0
    return float(rxy @ np.linalg.pinv(rxx) @ rxy)


def betas(rxx: Floats, rxy: Floats) -> Floats:
    """Return the standardised regression coefficients."""
    return np.asarray(np.linalg.pinv(rxx) @ rxy, dtype=np.float64)


def relative_weights(rxx: Floats, rxy: Floats) -> Floats:
    """Return Johnson's raw relative weights; they sum to R².

    The symmetric square root L of the predictors' correlation matrix correlates each predictor with its
    orthogonal counterpart; the outcome is regressed on the counterparts (beta = L⁻¹ rxy) and each predictor
    gets the squared loadings times the squared betas.
    """
    values, vectors = np.linalg.eigh(rxx)
    root = vectors @ np.diag(np.sqrt(np.clip(values, 0, None))) @ vectors.T
    beta = np.linalg.pinv(root) @ rxy
    return np.asarray((root**2) @ (beta**2), dtype=np.float64)


def shapley(rxx: Floats, rxy: Floats) -> Floats:
    """Return each predictor's Shapley value of R² (LMG): its gain in R², averaged over every entry order."""
    p = len(rxy)
    if p > MAX_SHAPLEY:
        raise ValueError(f"the exact Shapley decomposition takes 2^p subsets; {p} predictors is too many")
    fit: dict[tuple[int, ...], float] = {(): 0.0}
    for size in range(1, p + 1):
        for subset in combinations(range(p), size):
            idx = list(subset)
            fit[subset] = r_squared(rxx[np.ix_(idx, idx)], rxy[idx])
    values = np.zeros(p)
    for j in range(p):
        others = [k for k in range(p) if k != j]
        for size in range(p):
            weight = math.factorial(size) * math.factorial(p - size - 1) / math.factorial(p)
            for subset in combinations(others, size):
                values[j] += weight * (fit[tuple(sorted((*subset, j)))] - fit[subset])
    return values


def correlations(data: Floats) -> tuple[Floats, Floats]:
    """Return the predictors' correlation matrix and their correlations with y, from columns [x..., y]."""
    with np.errstate(invalid="ignore", divide="ignore"):  # a column that does not vary gives NaN, checked later
        matrix = np.atleast_2d(np.asarray(np.corrcoef(data, rowvar=False), dtype=np.float64))
    return matrix[:-1, :-1], matrix[:-1, -1]


def coefficients(data: Floats, level: float = 0.95) -> tuple[Floats, Floats, Floats] | None:
    """Return the standardised coefficients of y on x from columns [x..., y], with their lower and upper bounds.

    beta = Rxx⁻¹ rxy; its standard error sqrt((1 - R²) / (n - p - 1) (Rxx⁻¹)_jj); the bounds use Student's t with
    n - p - 1 degrees of freedom. None when there are fewer than 3 degrees of freedom or a column does not vary.
    """
    n, p = data.shape[0], data.shape[1] - 1
    df = n - p - 1
    if df < 3 or p == 0:
        return None
    rxx, rxy = correlations(data)
    if not (np.isfinite(rxx).all() and np.isfinite(rxy).all()) or np.linalg.matrix_rank(rxx) < p:
        return None
    inverse = np.linalg.inv(rxx)
    beta = inverse @ rxy
    r2 = float(rxy @ beta)
    se = np.sqrt(np.clip(np.diag(inverse), 0, None) * max(1 - r2, 0.0) / df)
    half = t_quantile(0.5 + level / 2, df) * se
    return np.asarray(beta, dtype=np.float64), np.asarray(beta - half), np.asarray(beta + half)


def weight_intervals(data: Floats, draws: int = 500, seed: int = 2026, level: float = 0.95) -> tuple[Floats, Floats]:
    """Return bootstrap bounds of Johnson's relative weights: rows resampled draws times, percentiles kept.

    The seed is fixed so that the same responses always print the same interval.
    """
    rng = np.random.default_rng(seed)
    n = data.shape[0]
    found = []
    for _ in range(draws):
        rxx, rxy = correlations(data[rng.integers(0, n, n)])
        if np.isfinite(rxx).all() and np.isfinite(rxy).all():
            found.append(relative_weights(rxx, rxy))
    if not found:
        nothing = np.full(data.shape[1] - 1, np.nan)
        return nothing, nothing
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(np.array(found), [tail, 100 - tail], axis=0)
    return np.asarray(low, dtype=np.float64), np.asarray(high, dtype=np.float64)
