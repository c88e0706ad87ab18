"""Benchmark a portfolio build: 1,000 accounts of ~150 nodes and 12 monthly periods.

Prints the full build time, the no-op rebuild time (nothing changed: no file may be touched),
the time of one account rebuilt after its actuals changed, and the peak memory of the build
process and its workers, beside the naive way (each account built in turn by a fresh
`kpicascade` process per output) measured on a sample in the same run. First, the processor
time of each step of one account's build (median over a sample, in one process set up as a build
worker is), so that a slow build shows where its time goes; processor time, because a machine
shared with other jobs stretches the wall clock.

Usage: python benchmarks/bench_build.py [--accounts N] [--naive-sample K] [--steps-sample S]
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

PERSPECTIVES = ["financial", "customer", "internal_process", "learning_growth"]
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]
SHAPE = {"objective": 5, "kpi": 25, "kpm": 50, "mbo": 70}
DEPARTMENTS = ["sales", "supply_chain", "support", "people"]


def _metric(rng: random.Random) -> dict[str, Any]:
    baseline = round(rng.uniform(20, 80), 2)
    up = rng.random() < 0.7
    target = round(baseline * (1.25 if up else 0.75), 2)
    return {
        "unit": rng.choice(["percent", "days", "count", "score"]),
        "direction": "increase" if up else "decrease",
        "baseline": baseline,
        "target": target,
        "formula": "synthetic measure",
        "value_per_unit": rng.choice([None, 500, 2000]),
    }


def scorecard(i: int) -> tuple[dict[str, Any], list[tuple[str, str, float]]]:
    """Return one synthetic account's scorecard and its actuals rows."""
    rng = random.Random(i)
    nodes, links, layers = [], [], []
    for kind, count in SHAPE.items():
        layer = []
        for k in range(count):
            ident = f"{kind}_{k}"
            node: dict[str, Any] = {
                "id": ident,
                "name": f"{kind.upper()} {k} of account {i}",
                "kind": kind,
                "perspective": PERSPECTIVES[k % 4],
                "department": DEPARTMENTS[k % 4],
                "owner": f"Owner {k}",
            }
            if kind == "objective":
                node["level"] = "strategic"
            else:
                node["metric"] = _metric(rng)
                node["combine"] = "children" if kind != "mbo" else None
                node = {k2: v for k2, v in node.items() if v is not None}
            nodes.append(node)
            layer.append(ident)
            if layers:
                links.append({"from": ident, "to": rng.choice(layers[-1]), "weight": rng.choice([1, 2, 3])})
        layers.append(layer)
    signals = [{"id": f"signal_{s}", "name": f"Usage signal {s}", "unit": "count"} for s in range(4)]
    signal_links = [{"signal": f"signal_{s}", "node": f"kpi_{s * 5}", "sign": "+", "lag": 1} for s in range(4)]
    card = {
        "account": f"Account {i:04d}",
        "account_id": f"account-{i:04d}",
        "vendor": "Flowplan",
        "currency": "EUR",
        "calendar": "month",
        "horizon": {"start": MONTHS[0], "end": MONTHS[-1]},
        "annual_fee": 120000,
        "departments": [{"id": d, "name": d.replace("_", " ").title(), "owner": f"Head of {d}"} for d in DEPARTMENTS],
        "nodes": nodes,
        "signals": signals,
        "links": {"contributes": links, "signals": signal_links},
        "actuals": {"files": [f"account-{i:04d}.actuals.csv"]},
    }
    rows = []
    for node in nodes:
        if "metric" not in node:
            continue
        m = node["metric"]
        for j, month in enumerate(MONTHS):
            if rng.random() < 0.05:
                continue
            progress = rng.uniform(-0.1, 1.2) * (j + 1) / len(MONTHS)
            rows.append((node["id"], month, round(m["baseline"] + (m["target"] - m["baseline"]) * progress, 3)))
    for s in signals:
        rows += [(s["id"], month, float(rng.randint(100, 1000))) for month in MONTHS]
    return card, rows


def write_portfolio(folder: Path, accounts: int) -> None:
    """Write the synthetic portfolio's scorecards and actuals into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(accounts):
        card, rows = scorecard(i)
        (folder / f"account-{i:04d}.yaml").write_text(yaml.safe_dump(card, sort_keys=False))
        with (folder / f"account-{i:04d}.actuals.csv").open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "period", "value"])
            writer.writerows(rows)


def steps(cards: Path, out: Path, sample: int) -> dict[str, float]:
    """Return the median processor seconds of each step of an account's build, over sample accounts."""
    from kpicascade import workbook
    from kpicascade.loader import load
    from kpicascade.portfolio.account import write_scores
    from kpicascade.portfolio.account_summary import summarise
    from kpicascade.portfolio.outputs import evidence, write_deck, write_diagrams, write_report
    from kpicascade.portfolio.run import start_worker

    start_worker()
    times: dict[str, list[float]] = {}

    def step(name: str, work: Callable[..., Any], *args: Any) -> Any:
        start = time.process_time()
        done = work(*args)
        times.setdefault(name, []).append(time.process_time() - start)
        return done

    for path in sorted(cards.glob("*.yaml"))[:sample]:
        folder = out / path.stem
        folder.mkdir(parents=True)
        begin = time.process_time()
        card = step("load", load, path)
        result = step("score", card.score)
        step("findings, scenarios", evidence, result)
        step("scores.json", write_scores, result, folder, path)
        wb = step("workbook render", workbook.render, result)
        step("workbook save", workbook.save, wb, folder / "scorecard.xlsx", path)
        step("diagrams (each view)", write_diagrams, result, folder, path)
        step("report", write_report, result, folder, path)
        step("deck", write_deck, result, folder, path)
        step("summary", summarise, result)
        times.setdefault("account", []).append(time.process_time() - begin)
    return {name: statistics.median(values) for name, values in times.items()}


def _timed(command: list[str]) -> tuple[float, float]:
    start = time.perf_counter()
    subprocess.run(command, check=False, capture_output=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak


def _snapshot(out: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--naive-sample", type=int, default=5)
    parser.add_argument("--steps-sample", type=int, default=20)
    args = parser.parse_args()
    exe = [sys.executable, "-m", "kpicascade"]
    with tempfile.TemporaryDirectory() as tmp:
        cards, out = Path(tmp) / "cards", Path(tmp) / "out"
        write_portfolio(cards, args.accounts)
        per_step = steps(cards, Path(tmp) / "steps", min(args.steps_sample, args.accounts))
        # without the printed reports (about 1.6 processor seconds each: benchmarks/bench_pdf.py)
        full, peak = _timed([*exe, "build", str(cards), "-o", str(out), "--no-pdf"])
        before = _snapshot(out)
        noop, _ = _timed([*exe, "build", str(cards), "-o", str(out), "--no-pdf"])
        touched = sum(1 for path, mtime in _snapshot(out).items() if before.get(path) != mtime)
        actuals = cards / "account-0000.actuals.csv"
        actuals.write_text(actuals.read_text().replace(",2025-12,", ",2025-12,1", 1))
        one, _ = _timed([*exe, "build", str(cards), "-o", str(out), "--no-pdf"])
        naive_dir = Path(tmp) / "naive"
        naive_dir.mkdir()
        start = time.perf_counter()
        for i in range(args.naive_sample):
            card = cards / f"account-{i:04d}.yaml"
            for command in (
                ["score", str(card), "--format", "json"],
                ["workbook", str(card), "-o", str(naive_dir / f"{i}.xlsx")],
                ["diagram", str(card), "-o", str(naive_dir / f"{i}.svg")],
                ["report", str(card), "-o", str(naive_dir / f"{i}.html")],
            ):
                subprocess.run([*exe, *command], check=False, capture_output=True)
        naive = (time.perf_counter() - start) / max(args.naive_sample, 1) * args.accounts
    print(f"portfolio: {args.accounts} accounts of {sum(SHAPE.values())} nodes, {len(MONTHS)} periods")
    sample = min(args.steps_sample, args.accounts)
    print(f"one account, processor time (median of {sample}; the target is about 0.6 s in all):")
    for name, seconds in per_step.items():
        print(f"  {name:22s} {seconds:6.3f} s")
    print(f"full build            {full:8.1f} s   (target < 300 s)   peak memory of a process {peak:6.0f} MB")
    print(f"no-op rebuild         {noop:8.2f} s   (target < 5 s); files touched: {touched}")
    print(f"one account changed   {one:8.2f} s")
    print(
        f"naive, one process per output, one at a time: {naive:8.1f} s estimated from {args.naive_sample} "
        f"accounts ({naive / full:.1f}x the build)"
    )
    return 0 if touched == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
