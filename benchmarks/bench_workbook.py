"""Benchmark the Excel workbook against a plain openpyxl write-only dump of the same cells.

Two workbooks are measured: the formatted, formula-driven scorecard workbook of a synthetic
500-node scorecard with 24 monthly periods, and the portfolio summary of 1,000 accounts (made from
their summary records, as a build makes it). Each is timed as kpicascade writes it (openpyxl's own
writer, which uses lxml), beside the naive floor: the same cell values
(formulas as text) appended to a plain openpyxl write-only workbook with no styles, charts or
validation, in the same run. Peak memory is measured in a second pass under tracemalloc, which slows Python down and
so is kept out of the timings; the portfolio's is also measured at four times the accounts, where a
streamed workbook must stay flat.

Run: python benchmarks/bench_workbook.py [--nodes 500] [--periods 24] [--accounts 1000]
Targets: the 500-node workbook in under 2 s, within 3x of the plain dump.
"""

from __future__ import annotations

import argparse
import copy
import io
import random
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from kpicascade.measurements import Measurement, Measurements
from kpicascade.model import Contributes, Department, Horizon, Links, Metric, Node, Scorecard, Signal, SignalLink
from kpicascade.periods import Period, period_range
from kpicascade.portfolio.account_summary import summarise
from kpicascade.portfolio.xlsx import portfolio
from kpicascade.scoring import Result
from kpicascade.workbook import render, save

PERSPECTIVES = ["financial", "customer", "internal_process", "learning_growth"]
UNITS = ["percent", "currency", "days", "count", "points"]


def _metric(rng: random.Random, kind: str) -> Metric:
    unit = rng.choice(UNITS)
    baseline = rng.uniform(0.2, 0.6) if unit == "percent" else rng.uniform(10, 1000)
    direction = rng.choice(["increase", "increase", "decrease"])
    target = baseline * (1.3 if direction == "increase" else 0.7)
    method = rng.choice(["linear", "linear", "clamped", "binary"]) if kind != "kpi" else "linear"
    return Metric(
        unit=unit,
        direction=direction,
        baseline=round(baseline, 3),
        target=round(target, 3),
        method=method,
        value_per_unit=rng.choice([None, None, 1000.0]),
    )


def synthetic(size: int, periods: int, seed: int = 7, account: str = "synthetic") -> Scorecard:
    """Return a scorecard of size nodes in 8 departments, monthly over periods months, with actuals."""
    rng = random.Random(seed)
    counts = {"objective": max(2, size // 50), "kpi": max(4, size // 8), "kpm": max(8, size * 3 // 10)}
    counts["mbo"] = max(0, size - sum(counts.values()))
    departments = [Department(id=f"d{k}", name=f"Department {k}", owner=f"Head of {k}") for k in range(8)]
    nodes: list[Node] = []
    links: list[Contributes] = []
    previous: list[str] = []
    for kind, count in counts.items():
        layer = []
        for _ in range(count):
            i = len(nodes)
            nodes.append(
                Node(
                    id=f"{kind}_{i}",
                    name=f"{kind.upper()} {i}: a synthetic {kind}",
                    kind=kind,  # type: ignore[arg-type]
                    perspective=PERSPECTIVES[i % 4],
                    department=f"d{i % 8}",
                    owner=f"Owner {i}",
                    metric=_metric(rng, kind) if kind != "objective" else None,
                    rollup=rng.choice(["mean", "mean", "min", "worst"]) if kind != "mbo" else "mean",
                    missing=rng.choice([None, None, "zero", "carry"]),  # type: ignore[arg-type]
                )
            )
            layer.append(nodes[-1].id)
            if previous:
                links.append(
                    Contributes.model_validate(
                        {"from": nodes[-1].id, "to": rng.choice(previous), "weight": rng.choice([1, 2, 3])}
                    )
                )
        previous = layer
    signals = [Signal(id=f"sig_{k}", name=f"Signal {k}") for k in range(10)]
    signal_links = [
        SignalLink(signal=f"sig_{k}", node=rng.choice([n.id for n in nodes if n.kind == "kpi"]), lag=1)
        for k in range(10)
    ]
    start = Period.parse("2025-01")
    months = period_range(start, start + (periods - 1))
    card = Scorecard(
        account=f"Account {account}",
        account_id=account,
        vendor="Vendor",
        currency="EUR",
        calendar="month",
        horizon=Horizon(start=str(months[0]), end=str(months[-1])),
        annual_fee=100000,
        departments=departments,
        nodes=nodes,
        signals=signals,
        links=Links(contributes=links, signals=signal_links),
    )
    rows = []
    for node in nodes:
        if node.metric is None:
            continue
        baseline = node.metric.baseline or 1.0
        for month in months:
            if rng.random() < 0.9:
                rows.append(Measurement(node.id, month, baseline * rng.uniform(0.8, 1.4)))
    rows += [Measurement(s.id, m, rng.uniform(10, 500)) for s in signals for m in months]
    card.set_measurements(Measurements(rows))
    return card


def cells_of(wb: Workbook) -> list[tuple[str, list[list[Any]]]]:
    """Return every sheet's cell values, row by row, formulas as their text."""
    if wb.write_only:  # a streamed workbook can only be read back from its file
        wb = load_workbook(io.BytesIO(saved(wb)))
    return [(ws.title, [list(row) for row in ws.iter_rows(values_only=True)]) for ws in wb.worksheets]


def plain_dump(cells: list[tuple[str, list[list[Any]]]]) -> bytes:
    """Write the cells to a write-only workbook with nothing else: the floor for any workbook of them."""
    wb = Workbook(write_only=True)
    for title, rows in cells:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def saved(wb: Workbook) -> bytes:
    """Return the workbook as the bytes of an .xlsx file, written as workbook.save writes it."""
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def measure(work: Callable[[], object], repeat: int = 3) -> tuple[float, float]:
    """Return (best time in seconds over repeat runs, peak traced memory in MB of one more run)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak / 2**20


def compare(label: str, build: Callable[[], Workbook]) -> tuple[float, float]:
    """Print the formatted workbook's time and memory beside the plain dump of its cells; return time and ratio."""
    cells = cells_of(build())
    count = sum(value is not None for _title, rows in cells for row in rows for value in row)
    ours, ours_peak = measure(lambda: saved(build()))
    floor, floor_peak = measure(lambda: plain_dump(cells))
    print(f"{label}: {count:,} cells")
    print(f"  formatted workbook (render + save): {ours:6.2f} s  peak {ours_peak:7.1f} MB")
    print(f"  plain write-only dump, same cells:  {floor:6.2f} s  peak {floor_peak:7.1f} MB  (openpyxl's writer)")
    print(f"  ratio: {ours / floor:.2f}x time, {ours_peak / floor_peak:.2f}x memory")
    return ours, ours / floor


def main() -> None:
    """Run both benchmarks and check the targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=500)
    parser.add_argument("--periods", type=int, default=24)
    parser.add_argument("--accounts", type=int, default=1000)
    args = parser.parse_args()
    card = synthetic(args.nodes, args.periods)
    result = card.score()
    start = time.perf_counter()
    render(result)
    print(
        f"scored {len(card.nodes)} nodes x {len(result.periods)} periods; one render without saving "
        f"{time.perf_counter() - start:.2f} s"
    )
    best, ratio = compare(f"scorecard workbook, {args.nodes} nodes x {args.periods} periods", lambda: render(result))
    start = time.perf_counter()
    results: list[Result] = [synthetic(30, 8, seed=k, account=f"acct-{k:04d}").score() for k in range(args.accounts)]
    print(
        f"scored {args.accounts} synthetic accounts of 30 nodes in {time.perf_counter() - start:.1f} s "
        "(not part of the figures below)"
    )
    records = [summarise(r) for r in results]
    compare(f"portfolio summary, {args.accounts} accounts", lambda: portfolio(records))
    grown = [dict(copy.deepcopy(r), account_id=f"{r['account_id']}-{k}") for k in range(4) for r in records]
    with tempfile.TemporaryDirectory() as tmp:  # to a file, as a build writes it: a buffer would hold the output
        target = Path(tmp) / "portfolio.xlsx"
        _, peak = measure(lambda: save(portfolio(records), target), repeat=1)
        size = target.stat().st_size / 2**20
        _, grown_peak = measure(lambda: save(portfolio(grown), target), repeat=1)
        grown_size = target.stat().st_size / 2**20
    print(
        f"  memory as the portfolio grows: {len(records):,} accounts {peak:.1f} MB ({size:.1f} MB file), "
        f"{len(grown):,} accounts {grown_peak:.1f} MB ({grown_size:.1f} MB file)"
    )
    verdict = "met" if best < 2.0 and ratio <= 3.0 else "NOT met"
    print(f"targets (500-node workbook under 2 s, within 3x of the plain dump): {verdict}")


if __name__ == "__main__":
    main()
