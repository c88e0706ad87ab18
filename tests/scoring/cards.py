"""Build small scorecards in code for scoring tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kpicascade.measurements import Measurement, Measurements
from kpicascade.model import Scorecard
from kpicascade.periods import Period


def make_card(
    nodes: list[dict[str, Any]],
    links: list[dict[str, Any]],
    actuals: Mapping[str, Sequence[float | None]],
    *,
    calendar: str = "quarter",
    start: str = "2025-Q1",
    end: str = "2025-Q4",
    **extra: Any,
) -> Scorecard:
    """Return a scorecard of the given nodes and contributes links, with actuals per period from start."""
    for node in nodes:
        node.setdefault("perspective", "financial")
        node.setdefault("owner", "Owner")
    card = Scorecard.model_validate(
        {
            "account": "Test",
            "account_id": "test",
            "vendor": "Vendor",
            "currency": "EUR",
            "calendar": calendar,
            "horizon": {"start": start, "end": end},
            "nodes": nodes,
            "links": {"contributes": links},
            **extra,
        }
    )
    first = Period.parse(start)
    rows = [
        Measurement(ident, first + j, float(v))
        for ident, values in actuals.items()
        for j, v in enumerate(values)
        if v is not None
    ]
    card.set_measurements(Measurements(rows))
    return card


def kpi(ident: str, baseline: float = 0.0, target: float | dict[str, float] = 100.0, **metric: Any) -> dict[str, Any]:
    """Return a measured KPI node."""
    node: dict[str, Any] = {"id": ident, "name": ident.title(), "kind": metric.pop("kind", "kpi")}
    for key in ("rollup", "missing", "combine", "blend"):
        if key in metric:
            node[key] = metric.pop(key)
    if isinstance(target, int | float) and target < baseline:
        metric.setdefault("direction", "decrease")
    node["metric"] = {"unit": "count", "baseline": baseline, "target": target, **metric}
    return node


def objective(ident: str, **settings: Any) -> dict[str, Any]:
    """Return an unmeasured objective node."""
    return {"id": ident, "name": ident.title(), "kind": "objective", **settings}


def link(child: str, parent: str, weight: float = 1.0, **extra: Any) -> dict[str, Any]:
    """Return a contributes link child -> parent."""
    return {"from": child, "to": parent, "weight": weight, **extra}
