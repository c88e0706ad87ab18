"""Figures over time, on whole arrays: change, trend, forecast, hit rate and attribution."""

from __future__ import annotations

import numpy as np

from kpicascade.scoring.engine import Floats


def window(values: Floats, end: int, size: int) -> tuple[Floats, Floats]:
    """Return, per row, the last size values with data up to end (included), others NaN, and the period numbers.

    Periods without data do not use up the window: a KPI surveyed each quarter on a monthly scorecard
    gets its trend from its last four surveys, not from the last four months.
    """
    upto = values[:, : end + 1]
    present = ~np.isnan(upto)
    from_end = np.cumsum(present[:, ::-1], axis=1)[:, ::-1]  # how many values with data from here to end
    kept = np.where(present & (from_end <= size), upto, np.nan)
    return kept, np.arange(0, end + 1, dtype=np.float64)


def slope(values: Floats, end: int, size: int) -> Floats:
    """Return each row's least-squares slope per period over the window, NaN with fewer than 2 points."""
    y, x = window(values, end, size)
    mask = ~np.isnan(y)
    n = mask.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        x_mean = np.where(mask, x, 0).sum(axis=1) / n
        y_mean = np.where(mask, y, 0).sum(axis=1) / n
        dx = np.where(mask, x - x_mean[:, None], 0)
        dy = np.where(mask, y - y_mean[:, None], 0)
        result = (dx * dy).sum(axis=1) / (dx * dx).sum(axis=1)
    return np.where(n >= 2, result, np.nan)


def forecast(values: Floats, end: int, size: int, horizon_end: int) -> Floats:
    """Return each row's value at horizon_end at the pace of the window's trend line."""
    y, x = window(values, end, size)
    mask = ~np.isnan(y)
    n = mask.sum(axis=1)
    rate = slope(values, end, size)
    with np.errstate(invalid="ignore", divide="ignore"):
        x_mean = np.where(mask, x, 0).sum(axis=1) / n
        y_mean = np.where(mask, y, 0).sum(axis=1) / n
    return np.where(n >= 2, y_mean + rate * (horizon_end - x_mean), np.nan)


def change(values: Floats, end: int) -> Floats:
    """Return each row's change from the period before end to end."""
    if end == 0:
        return np.full(values.shape[0], np.nan)
    return values[:, end] - values[:, end - 1]


def hit_rate(met: Floats, end: int) -> tuple[Floats, Floats]:
    """Return (share of measured periods up to end where the target was met, number measured)."""
    upto = met[:, : end + 1]
    measured = (~np.isnan(upto)).sum(axis=1).astype(np.float64)
    hits = np.nansum(upto, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(measured > 0, hits / measured, np.nan), measured
