"""Figures the workbook shows as they were at build time: trend arrows, and objectives' figures for a portfolio."""

from __future__ import annotations

import math
from dataclasses import dataclass

from kpicascade.scoring import Result
from kpicascade.scoring.engine import STATUS_NAMES
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
