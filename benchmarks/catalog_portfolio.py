"""Write a portfolio of accounts composed from the KPI catalogue, with eight quarters of actuals each.

The same arguments always write the same files (one seeded random generator per account), so the demo's
heat map and the benchmarks it shows are the same on every machine. Accounts come in three industries, three
sizes and three regions; each reports its industry's KPIs and the KPIs every industry shares (NPS, voluntary
attrition, gross margin), a few left out at random, so that cohorts differ in size as in a real portfolio.

    python benchmarks/catalog_portfolio.py out/catalog-portfolio            # 50 accounts
    python benchmarks/catalog_portfolio.py out/catalog-portfolio --accounts 200
    kpicascade build out/catalog-portfolio -o out/catalog-site
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from pathlib import Path

from kpicascade.catalog import catalog
from kpicascade.periods import Period, period_range
from kpicascade.skeleton import compose, node_id

SHARED = ["cx.nps", "hr.voluntary_attrition", "fin.gross_margin"]
INDUSTRIES = {
    "manufacturing": ["supply.otif", "supply.fill_rate", "supply.inventory_turns", "mfg.oee", "mfg.first_pass_yield"],
    "software": ["sw.net_revenue_retention", "sw.deployment_frequency", "sw.change_failure_rate", "sw.availability"],
    "healthcare": [
        "health.readmission_30d",
        "health.length_of_stay",
        "health.patient_experience",
        "health.denial_rate",
    ],
}
SIZES = ("small", "mid-market", "enterprise")
REGIONS = ("emea", "americas", "apac")
FIRST = ["Acme", "Borealis", "Cobalt", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Iris", "Juniper", "Kestrel"]
SECOND = {
    "manufacturing": ["Components", "Foods", "Castings"],
    "software": ["Systems", "Labs", "Cloud"],
    "healthcare": ["Health", "Clinics", "Care"],
}
#: The plan's first day: horizon 2025-Q1 to 2026-Q4, actuals 2025-Q1 to 2026-Q4 for every account.
START = datetime.date(2025, 1, 1)
QUARTERS = period_range(Period.parse("2025-Q1", "quarter"), Period.parse("2026-Q4", "quarter"))


def _entries(industry: str, rng: random.Random) -> list[str]:
    ids = INDUSTRIES[industry] + SHARED
    dropped = rng.sample(ids, k=rng.choice((0, 1, 1, 2)))
    return [i for i in ids if i not in dropped]


def _series(ident: str, rng: random.Random, size: str) -> tuple[list[float], tuple[float, float]]:
    """Return a KPI's value by quarter, and the account's baseline and target for it.

    Values are positions between the catalogue's typical poor (0) and good (1): a level that bigger accounts
    hold higher, a drift per quarter and noise; the baseline is where the account started, the target a
    quarter of the span from poor to good better.
    """
    typical = catalog().entry(ident).typical
    span = typical.good - typical.poor
    level = rng.uniform(0.0, 0.8) + {"small": -0.1, "mid-market": 0.0, "enterprise": 0.1}[size]
    drift = rng.uniform(0.0, 0.07)
    values = [round(typical.poor + span * (level + drift * t + rng.gauss(0, 0.03)), 4) for t in range(len(QUARTERS))]
    baseline = round(typical.poor + span * level, 4)
    return values, (baseline, round(baseline + span * 0.25, 4))


def write_account(folder: Path, index: int) -> Path:
    """Write account number index (its scorecard, actuals and empty notes) into folder; return the scorecard."""
    rng = random.Random(index)
    industry = list(INDUSTRIES)[index % len(INDUSTRIES)]
    size, region = SIZES[rng.randrange(3)], REGIONS[rng.randrange(3)]
    second = SECOND[industry][rng.randrange(3)]
    name = f"{FIRST[index % len(FIRST)]} {second} {index + 1:03d}"
    account_id = name.lower().replace(" ", "-")
    ids = _entries(industry, rng)
    series = {ident: _series(ident, rng, size) for ident in ids}
    tags = {"industry": industry, "size": size, "region": region}
    targets = {ident: plan for ident, (_, plan) in series.items()}
    text = compose(ids, account_id, account=name, vendor="Lattice Systems", today=START, tags=tags, targets=targets)
    rows = ["id,period,value"]
    for ident, (values, _) in series.items():
        rows += [f"{node_id(catalog().entry(ident))},{q},{v}" for q, v in zip(QUARTERS, values, strict=True)]
    path = folder / f"{account_id}.yaml"
    path.write_text(text, encoding="utf-8")
    (folder / f"{account_id}.actuals.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / f"{account_id}.notes.csv").write_text("node,period,text,author\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """Write the portfolio and print how long it took."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--accounts", type=int, default=50)
    args = parser.parse_args(argv)
    args.folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for index in range(args.accounts):
        write_account(args.folder, index)
    seconds = time.perf_counter() - started
    print(f"wrote {args.accounts} accounts to {args.folder} in {seconds:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
