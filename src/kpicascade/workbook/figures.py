"""Figures the workbook shows as they were at build time: trend arrows and money formats."""

from __future__ import annotations

import math

from kpicascade.scoring import Result
from kpicascade.scoring.result import FLAT
from kpicascade.scoring.timeseries import slope


def arrows(result: Result) -> list[str]:
    """Return each node's trend at the viewed period as up, down or flat, as the engine reports it."""
    trends = slope(result.score_matrix, result.t, result.card.scoring.trend_window)
    out = []
    for trend in trends:
        value = float(trend)
        out.append("flat" if math.isnan(value) or abs(value) < FLAT else ("up" if value > 0 else "down"))
    return out
