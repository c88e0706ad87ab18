"""Figures the workbook shows as they were at build time: trend arrows, and objectives' figures for a portfolio."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from kpicascade.scoring import Result
from kpicascade.scoring.engine import STATUS_NAMES
from kpicascade.scoring.result import FLAT
from kpicascade.scoring.timeseries import slope


def _reported_scores(result: Result) -> np.ndarray:
    """Return the score matrix without held values: a held month is no new data point for a trend."""
    return np.where(result.arrays.held, np.nan, result.score_matrix)


def _arrow(value: float) -> str:
    return "flat" if math.isnan(value) or abs(value) < FLAT else ("up" if value > 0 else "down")


def arrows(result: Result) -> list[str]:
    """Return each node's trend at the viewed period as up, down or flat, as the engine reports it."""
    trends = slope(_reported_scores(result), result.t, result.card.scoring.trend_window)
    return [_arrow(float(trend)) for trend in trends]


@dataclass(frozen=True)
class TrendTerms:
    """A node's trend at the viewed period as a line in its score there: slope = intercept + rate x score.

    Least squares is linear in each y; only the viewed period's score is live in the workbook, so the slope
    through it and the earlier reported scores of the window is a straight line in it. earlier is the arrow
    when the viewed period has no report of its own (the window then holds earlier points only).
    """

    intercept: float
    rate: float
    earlier: str


def trend_terms(result: Result) -> list[TrendTerms]:
    """Return each node's trend terms at the viewed period, from the engine's earlier reported scores."""
    scores, t, size = _reported_scores(result), result.t, result.card.scoring.trend_window
    before = slope(scores[:, :t], t - 1, size) if t > 0 else np.full(len(scores), np.nan)
    out = []
    for row, earlier in zip(scores, before, strict=True):
        xs = [x for x in range(t) if not math.isnan(row[x])][-(size - 1) :] if size > 1 else []
        points = [(float(x), float(row[x])) for x in xs]
        intercept = rate = 0.0  # one point alone has no slope: flat, as the engine
        if points:
            x_mean = (sum(x for x, _ in points) + t) / (len(points) + 1)
            sxx = sum((x - x_mean) ** 2 for x, _ in points) + (t - x_mean) ** 2
            intercept = sum((x - x_mean) * y for x, y in points) / sxx
            rate = (t - x_mean) / sxx
        # 15 significant digits, as spreadsheet programs keep numbers: a workbook LibreOffice saves again then
        # has the very formulas it was given (the import compares them), and the arrow moves by 1e-15 at most
        out.append(TrendTerms(float(f"{intercept:.15g}"), float(f"{rate:.15g}"), _arrow(float(earlier))))
    return out


@dataclass(frozen=True)
class ObjectiveFigures:
    """One objective of one account at the viewed period."""

    perspective: str
    name: str
    id: str
    owner: str | None
    score: float | None
    status: str
    trend: str
    value_realised: float | None


def _number(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


def objective_figures(result: Result, trend: list[str] | None = None) -> list[ObjectiveFigures]:
    """Return the figures of an account's objectives (or its top nodes when it has no objectives)."""
    card, t = result.card, result.t
    fed = {link.from_ for link in card.links.contributes}
    listed = [n for n in card.nodes if n.kind == "objective"] or [n for n in card.nodes if n.id not in fed]
    names = {p.id: p.name for p in card.perspectives}
    trend = trend if trend is not None else arrows(result)
    out = []
    for node in listed:
        i = result.index[node.id]
        out.append(
            ObjectiveFigures(
                names.get(node.perspective, node.perspective),
                node.name,
                node.id,
                card.owner_of(node),
                _number(result.score_matrix[i, t]),
                STATUS_NAMES[int(result.status_matrix[i, t])],
                trend[i],
                result.value_rolled_up(node.id),
            )
        )
    return out
