"""Scorecards for the deck's tests, written as YAML so every figure is known by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kpicascade
from kpicascade.scoring import Result

HEAD = """\
account: Fjord Foods ASA
account_id: fjord-foods
vendor: Lattice Systems
currency: NOK
calendar: quarter
horizon: {start: 2026-Q1, end: 2026-Q4}
annual_fee: 900000
departments:
  - {id: supply, name: Supply chain, owner: "Lars Berg, VP Supply Chain"}
"""


def card(folder: Path, objective: str, measures: list[tuple[str, float]]) -> Result:
    """Write and score a card: one objective fed by measures, each (name, actual) on a 100 -> 200 scale."""
    lines = [HEAD, "nodes:\n"]
    lines.append(
        f"  - {{id: obj, name: {json.dumps(objective)}, kind: objective, perspective: customer, department: supply}}\n"
    )
    links, actuals = [], []
    for i, (name, actual) in enumerate(measures):
        lines.append(
            f"  - {{id: k{i}, name: {json.dumps(name)}, kind: kpi, perspective: customer, department: supply,"
            f" tags: [moment_of_truth], metric: {{unit: orders, baseline: 100, target: 200}}}}\n"
        )
        links.append(f"    - {{from: k{i}, to: obj}}\n")
        actuals.append(f"    - {{id: k{i}, period: 2026-Q2, value: {actual}}}\n")
    lines += ["links:\n  contributes:\n", *links, "actuals:\n  rows:\n", *actuals]
    path = folder / "card.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    return kpicascade.load(path).score(period="2026-Q2")


@pytest.fixture
def small(tmp_path: Path) -> Result:
    """One objective fed by two KPIs: 150 and 120 on 100 -> 200, so scores 0.5 and 0.2 and the objective 0.35."""
    return card(tmp_path, "Be the most reliable supplier", [("On time in full", 150), ("Orders shipped complete", 120)])
