"""Build synthetic scorecards of any size in code, for benchmarks: a real-looking cascade with actuals."""

from __future__ import annotations

import random

from kpicascade.measurements import Measurement, Measurements
from kpicascade.model import (
    Contributes,
    Department,
    Drives,
    Horizon,
    Links,
    Metric,
    Node,
    Scorecard,
    Signal,
    SignalLink,
)
from kpicascade.periods import Period, period_range

_PERSPECTIVES = ["financial", "customer", "internal_process", "learning_growth"]
_UNITS = ["percent", "currency", "days", "points", "count"]


def _metric(rng: random.Random) -> Metric:
    unit = rng.choice(_UNITS)
    baseline = rng.uniform(0.2, 0.6) if unit == "percent" else rng.uniform(10, 1000)
    direction = rng.choice(["increase", "increase", "decrease"])
    target = baseline * (1.3 if direction == "increase" else 0.7)
    return Metric(
        unit=unit,
        direction=direction,
        baseline=round(baseline, 3),
        target=round(target, 3),
        value_per_unit=rng.choice([None, 1000.0]),
        formula=f"synthetic measure in {unit}",
    )


def _node(i: int, kind: str, dept: int, rng: random.Random) -> Node:
    measured = kind != "objective" or rng.random() < 0.2
    return Node(
        id=f"{kind}_{i}",
        name=f"{kind.upper()} {i}: synthetic {kind} of department {dept}",
        kind=kind,
        perspective=_PERSPECTIVES[i % 4],
        department=f"dept_{dept}",
        owner=f"Owner {i}" if kind == "mbo" else None,
        tags=["moment_of_truth"] if i % 97 == 0 else [],
        metric=_metric(rng) if measured else None,
    )


def scorecard(size: int, seed: int = 7) -> Scorecard:
    """Return a scorecard of about size nodes (objectives, KPIs, KPMs, MBOs) with signals and 8 quarters of actuals."""
    rng = random.Random(seed)
    counts = {"objective": max(4, size // 40), "kpi": max(8, size // 8), "kpm": max(16, size * 3 // 10)}
    counts["mbo"] = max(0, size - sum(counts.values()))
    departments = max(4, size // 120)
    nodes: list[Node] = []
    links: list[Contributes] = []
    layers: list[list[str]] = []
    for kind, count in counts.items():
        layer = []
        for _ in range(count):
            node = _node(len(nodes), kind, rng.randrange(departments), rng)
            nodes.append(node)
            layer.append(node.id)
            if layers:
                parent = rng.choice(layers[-1])
                links.append(Contributes.model_validate({"from": node.id, "to": parent, "weight": rng.choice([1, 2])}))
        layers.append(layer)
    objectives = layers[0]
    drives = [
        Drives.model_validate({"from": objectives[i + 1], "to": objectives[i]})
        for i in range(0, len(objectives) - 1, 2)
    ]
    signals = [Signal(id=f"sig_{i}", name=f"Usage signal {i}") for i in range(max(2, size // 50))]
    signal_links = [SignalLink(signal=s.id, node=rng.choice(layers[1])) for s in signals]
    card = Scorecard(
        account=f"Synthetic account of {size} nodes",
        account_id=f"synthetic-{size}",
        vendor="Vendor",
        currency="EUR",
        calendar="quarter",
        horizon=Horizon(start="2025-Q1", end="2026-Q4"),
        annual_fee=100000,
        departments=[Department(id=f"dept_{d}", name=f"Department {d}", owner=f"Head {d}") for d in range(departments)],
        nodes=nodes,
        signals=signals,
        links=Links(contributes=links, drives=drives, signals=signal_links),
    )
    card.set_measurements(_actuals(card, rng))
    return card


def _actuals(card: Scorecard, rng: random.Random) -> Measurements:
    periods = period_range(Period.parse("2025-Q1"), Period.parse("2026-Q2"))
    rows = []
    for node in card.nodes:
        metric = node.metric
        if metric is None or metric.baseline is None or rng.random() < 0.1:
            continue
        goal = float(metric.target) if isinstance(metric.target, float) else metric.baseline
        for t, period in enumerate(periods):
            share = t / len(periods) * rng.uniform(0.3, 1.3)
            rows.append(Measurement(node.id, period, metric.baseline + (goal - metric.baseline) * share))
    for signal in card.signals:
        rows.extend(Measurement(signal.id, p, rng.uniform(100, 200) * (1 + t / 5)) for t, p in enumerate(periods))
    return Measurements(rows)
