"""Scoring methods: turn a node's actual into a score where 1.0 means the target is met.

Every function works on whole arrays: rows are nodes, columns are periods.
The formulas are written out in docs/scoring.md.
"""

from __future__ import annotations

import numpy as np

from kpicascade.scoring.engine import Floats

LINEAR, CLAMPED, BAND, THRESHOLDS, BINARY = 0, 1, 2, 3, 4
METHOD = {"linear": LINEAR, "clamped": CLAMPED, "band": BAND, "thresholds": THRESHOLDS, "binary": BINARY}
INCREASE, DECREASE, INBAND = 1, -1, 0
DIRECTION = {"increase": INCREASE, "decrease": DECREASE, "band": INBAND}


def linear(actual: Floats, baseline: Floats, target: Floats) -> Floats:
    """Return progress from baseline (0) to target (1); the sign of target - baseline gives the direction."""
    result = np.subtract(actual, baseline)
    with np.errstate(invalid="ignore", divide="ignore"):
        np.divide(result, target - baseline, out=result)
    return result


def clamped(actual: Floats, baseline: Floats, target: Floats, cap: Floats) -> Floats:
    """Return linear progress held between 0 and the stretch cap."""
    return np.clip(linear(actual, baseline, target), 0.0, cap)


def bounded(score: Floats, floor: float, cap: float) -> Floats:
    """Return scores held between floor and cap (NaN for no bound); a missing score stays missing."""
    held = score
    if not np.isnan(floor):
        held = np.where(held < floor, floor, held)
    if not np.isnan(cap):
        held = np.where(held > cap, cap, held)
    return np.asarray(held, dtype=np.float64)


def band(actual: Floats, low: Floats, high: Floats, tolerance: Floats) -> Floats:
    """Return 1 inside [low, high], falling linearly to 0 at tolerance outside it."""
    outside = np.maximum(low - actual, 0.0) + np.maximum(actual - high, 0.0)
    with np.errstate(invalid="ignore"):
        result = np.clip(1.0 - outside / tolerance, 0.0, 1.0)
    return np.asarray(result, dtype=np.float64)


def met(actual: Floats, target: Floats, direction: Floats, low: Floats, high: Floats) -> Floats:
    """Return 1.0 where the target is met (at or beyond it in the metric's direction), else 0.0."""
    beyond = np.where(direction > 0, actual >= target, actual <= target)
    inside = (actual >= low) & (actual <= high)
    result = np.where(direction == 0, inside, beyond).astype(np.float64)
    return np.where(np.isnan(actual), np.nan, result)


def thresholds(actual: Floats, rules: list[tuple[float | None, float | None, float]]) -> Floats:
    """Return the score of the first rule whose [min, max) holds the actual, 0 when none does."""
    score = np.zeros_like(actual)
    decided = np.zeros(actual.shape, dtype=bool)
    for low, high, value in rules:
        hit = ~decided
        if low is not None:
            hit &= actual >= low
        if high is not None:
            hit &= actual < high
        score[hit] = value
        decided |= hit
    return np.where(np.isnan(actual), np.nan, score)
