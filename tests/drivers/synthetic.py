"""Synthetic portfolios with planted effects: scorecards whose actuals were made by a known model."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

import kpicascade
from kpicascade.model import Scorecard

CARD = """account: {name}
account_id: {account}
vendor: Lattice
currency: EUR
calendar: month
horizon: {{start: 2024-01, end: {end}}}
nodes:
  - {{id: obj, name: Objective, kind: objective, perspective: financial}}
  - id: kpi_otif
    name: OTIF
    kind: kpi
    perspective: customer
    owner: VP Supply Chain
    metric: {{unit: percent, baseline: 50, target: 90}}
  - id: kpm_expedited
    name: Expedited shipments
    kind: kpm
    perspective: internal_process
    owner: Logistics
    metric: {{unit: percent, direction: decrease, baseline: 12, target: 5}}
signals:
  - {{id: sig_drives, name: Automated orders}}
  - {{id: sig_noise, name: Report exports}}
  - {{id: sig_hurts, name: Manual overrides}}
links:
  contributes:
    - {{from: kpi_otif, to: obj}}
    - {{from: kpm_expedited, to: kpi_otif}}
  signals:
    - {{signal: sig_drives, node: kpi_otif, sign: "+", lag: 2}}
    - {{signal: sig_noise, node: kpi_otif, sign: "+", lag: 0}}
    - {{signal: sig_hurts, node: kpi_otif, sign: "{hurts_sign}", lag: 0}}
actuals:
  files: [{account}.actuals.csv]
{survey}"""


@dataclass
class Planted:
    """The effects planted in the node's changes: value of each signal's change, and the lag it acts at."""

    drives: float = 0.8
    hurts: float = -0.6
    noise: float = 1.0
    trend: float = 0.5
    drift: float = 1.0
    months: int = 24
    hurts_sign: str = "+"
    survey: str = ""
    seed: int = 3
    paths: list[Path] = field(default_factory=list)


def _walk(rng: np.random.Generator, n: int, drift: float) -> np.ndarray:
    return 50 + np.cumsum(drift + rng.normal(0, 1, n))


def write_portfolio(folder: Path, accounts: int, planted: Planted) -> list[Path]:
    """Write scorecards and actuals for accounts made by the planted model, and return the scorecard paths."""
    rng = np.random.default_rng(planted.seed)
    months = [f"{2024 + m // 12}-{m % 12 + 1:02d}" for m in range(planted.months)]
    paths = []
    for a in range(accounts):
        account = f"acct-{a:03d}"
        drives, noise, hurts = (_walk(rng, planted.months, planted.drift) for _ in range(3))
        kpi = np.zeros(planted.months)
        level = 40.0 + rng.normal(0, 5)
        for t in range(planted.months):
            lagged = drives[t - 2] - drives[t - 3] if t >= 3 else 0.0
            change = planted.trend + planted.drives * lagged + planted.hurts * (hurts[t] - hurts[t - 1] if t else 0)
            level += change + planted.noise * rng.normal()
            kpi[t] = level
        expedited = 10 - 0.1 * kpi + rng.normal(0, 0.5, planted.months)
        lines = ["id,period,value"]
        for ident, values in (
            ("sig_drives", drives),
            ("sig_noise", noise),
            ("sig_hurts", hurts),
            ("kpi_otif", kpi),
            ("kpm_expedited", expedited),
        ):
            lines += [f"{ident},{p},{float(v)!r}" for p, v in zip(months, values, strict=True)]
        (folder / f"{account}.actuals.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        path = folder / f"{account}.yaml"
        path.write_text(
            CARD.format(
                name=account.upper(),
                account=account,
                end=months[-1],
                hurts_sign=planted.hurts_sign,
                survey=planted.survey,
            ),
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def portfolio(folder: Path, accounts: int, planted: Planted | None = None) -> list[Scorecard]:
    """Return the loaded scorecards of a synthetic portfolio."""
    return [kpicascade.load(p) for p in write_portfolio(folder, accounts, planted or Planted())]
