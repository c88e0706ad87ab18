"""A small, valid scorecard as YAML text, and a way to change it and know where the change landed.

A case changes the text by replacements; the marker « in a replacement stands just before the spot a
problem should name, so the expected line and column are read from the case, not from the loader.
"""

from __future__ import annotations

from pathlib import Path

from kpicascade.problems import Location

MARK = "«"

BASE = """\
account: Fjord Foods ASA
account_id: fjord-foods
vendor: Lattice Systems
currency: NOK
calendar: quarter
horizon: {start: 2025-Q1, end: 2026-Q4}
annual_fee: 900000
departments:
  - {id: exec, name: Executive board, owner: "Ingrid Solberg, CEO"}
  - {id: supply, name: Supply chain, owner: "Lars Berg, VP Supply Chain"}
  - {id: cx, name: Customer experience, owner: "Mia Dahl, Head of CX"}
nodes:
  - id: obj_reliable
    name: Be the most reliable supplier of chilled foods in Norway
    kind: objective
    level: strategic
    perspective: customer
    department: exec
  - id: kpi_otif
    name: On time in full
    kind: kpi
    perspective: customer
    department: supply
    timing: lagging
    metric:
      unit: percent
      direction: increase
      baseline: 0.82
      target: {2025-Q4: 0.9, 2026-Q4: 0.95}
      value_per_unit: 4000000
  - id: kpi_nps
    name: Net promoter score
    kind: kpi
    perspective: customer
    department: cx
    tags: [moment_of_truth]
    metric: {unit: points, direction: increase, baseline: 12, target: 30}
  - id: kpm_expedited
    name: Share of expedited shipments
    kind: kpm
    perspective: internal_process
    department: supply
    tags: [showstopper]
    showstopper: {description: Trucks booked by phone at night, hours: 40, effort: high}
    metric: {unit: percent, direction: decrease, baseline: 0.12, target: 0.05}
  - id: mbo_vp_supply
    name: "VP Supply Chain: expedited shipments under 5%"
    kind: mbo
    perspective: internal_process
    department: supply
    owner: "Lars Berg, VP Supply Chain"
    metric: {unit: percent, direction: decrease, baseline: 0.12, target: 0.05}
signals:
  - {id: sig_auto_orders, name: Automated replenishment orders, unit: orders}
  - {id: sig_planners, name: Weekly active planners, unit: users}
links:
  contributes:
    - {from: kpi_otif, to: obj_reliable, weight: 2}
    - {from: kpi_nps, to: obj_reliable, weight: 1}
    - {from: kpm_expedited, to: kpi_otif}
    - {from: mbo_vp_supply, to: kpm_expedited}
  drives:
    - {from: kpi_otif, to: kpi_nps, note: reliable deliveries make promoters}
  signals:
    - {signal: sig_auto_orders, node: kpm_expedited, sign: "-", lag: 1}
    - {signal: sig_planners, node: kpi_nps, sign: "+", lag: 2}
actuals:
  rows:
    - {id: kpi_otif, period: 2025-Q1, value: 0.83}
    - {id: sig_planners, period: 2025-Q1, value: 14}
"""


def change(text: str, replacements: list[tuple[str, str]]) -> str:
    """Return text with each (old, new) replaced once; fail loudly when old is not there."""
    for old, new in replacements:
        if old not in text:
            raise AssertionError(f"{old!r} is not in the scorecard text")
        text = text.replace(old, new, 1)
    return text


def marked(text: str, file: str) -> tuple[str, Location | None]:
    """Return text without the marker, and the location the marker stood at."""
    at = text.find(MARK)
    if at < 0:
        return text, None
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return text.replace(MARK, "", 1), Location(file, line, column)


def write_card(
    folder: Path, replacements: list[tuple[str, str]], name: str = "card.yaml"
) -> tuple[Path, Location | None]:
    """Write the base scorecard, changed, to folder; return its path and the marked location."""
    path = folder / name
    text, where = marked(change(BASE, replacements), str(path))
    path.write_text(text, encoding="utf-8")
    return path, where
