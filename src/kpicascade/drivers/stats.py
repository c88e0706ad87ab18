"""Statistics for driver analysis: correlation with a Fisher-z interval, and the share of R² each driver explains.

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


def fisher(r: float, n: int, lost: int = 0, level: float = 0.95) -> tuple[float | None, float | None, float | None]:
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


def correlation(x: Floats, y: Floats, lost: int = 0) -> Correlation:
    """Return the correlation of x and y with its interval; lost counts fitted means (a panel's accounts)."""
    r = pearson(x, y)
    if r is None:
        return Correlation(len(x))
    low, high, p = fisher(r, len(x), lost)
    return Correlation(len(x), r, low, high, p)


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
