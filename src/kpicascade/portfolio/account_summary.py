"""The small record of one account that the portfolio summary is made from, so no account's result is held."""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import Any

from kpicascade.portfolio.stamps import SUMMARY_FORMAT
from kpicascade.scoring import Result
from kpicascade.scoring.chain import customer_rows
from kpicascade.scoring.engine import RED
from kpicascade.scoring.peers import benchmark_values
from kpicascade.scoring.valuation import Figure, summary
from kpicascade.workbook.build_figures import arrows, objective_figures


def _number(x: Any) -> float | None:
    value = float(x)
    return None if math.isnan(value) else value


def red_kpis(result: Result, trend: list[str] | None = None) -> list[dict[str, Any]]:
    """Return the account's KPIs whose status is red at the viewed period, with owner, actual and target."""
    card, arrays, t = result.card, result.arrays, result.t
    trend = trend if trend is not None else arrows(result)
    names = {p.id: p.name for p in card.perspectives}
    out = []
    for i, node in enumerate(card.nodes):
        if node.kind != "kpi" or int(result.status_matrix[i, t]) != RED:
            continue
        out.append(
            {
                "id": node.id,
                "name": node.name,
                "perspective": names.get(node.perspective, node.perspective),
                "owner": card.owner_of(node),
                "actual": _number(arrays.actual[i, t]),
                "target": _number(arrays.target[i, t]),
                "unit": node.metric.unit if node.metric else None,
                "score": _number(result.score_matrix[i, t]),
                "trend": trend[i],
            }
        )
    return out


def _counted(figure: Figure) -> float | None:
    """Return a figure's amount when some measure beyond noise stands behind it, else None."""
    return figure.amount if figure.amount is not None and figure.nodes else None


def summarise(result: Result) -> dict[str, Any]:
    """Return the little the portfolio summary needs of an account, as plain data that JSON and pickle carry."""
    card = result.card
    trend = arrows(result)
    objectives = objective_figures(result, trend)
    valued = result.valuation
    return {
        "format": SUMMARY_FORMAT,
        "account": card.account,
        "account_id": card.account_id,
        "period": str(result.period),
        "currency": card.currency,
        "score": result.overall_score,
        "status": result.overall_status,
        # the total improvement (whoever caused it), the parts attributed and evidenced, and the returns on the
        # fee of those two (never of the total); None where there is no agreed share or no confirmed link
        "value_realised": result.value_realised,
        "value_attributed": _counted(valued.attributed),
        "value_evidenced": _counted(valued.evidenced),
        "annual_fee": card.annual_fee,
        "roi": result.roi,
        "roi_evidenced": valued.evidenced.roi,
        "value_summary": summary(valued),
        "objectives": [asdict(f) for f in objectives],
        "red_kpis": red_kpis(result, trend),
        "tags": dict(card.tags),
        "benchmarks": benchmark_values(result),
        "customers": [
            {
                "account": c.account,
                "account_id": c.account_id,
                "objective": c.objective,
                "name": c.name,
                "status": c.status,
            }
            for c in customer_rows(result)
        ],
    }
