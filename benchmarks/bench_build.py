"""Benchmark a portfolio build: 1,000 accounts of ~150 nodes and 12 monthly periods.

Prints the full build time, the no-op rebuild time (nothing changed: no file may be touched),
the time of one account rebuilt after its actuals changed, and the peak memory of the build
process and its workers, beside the naive way (each account built in turn by a fresh
`kpicascade` process per output) measured on a sample in the same run. First, the processor
time of each step of one account's build (median over a sample, in one process set up as a build
worker is), so that a slow build shows where its time goes; processor time, because a machine
shared with other jobs stretches the wall clock.

The no-op is timed --noop-runs times through the command line (wall and processor seconds of the whole
command, Python's start and imports included, with bytecode caches as a user has them), beside the same
command with every renderer imported first, as the build command did before it imported them only for an
account to build. With --site DIR the portfolio and its build are kept in DIR and reused when already there:
`--site DIR --noop-only` times the no-op of 1,000 accounts again without building them again (about 10
minutes on this machine), after a first run that builds them.

Usage: python benchmarks/bench_build.py [--accounts N] [--naive-sample K] [--steps-sample S]
                                        [--site DIR] [--noop-only] [--noop-runs R]
"""

from __future__ import annotations

import argparse
import csv
import os
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


#: The environment of the timed commands: bytecode caches written and read, as on a user's machine.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
#: The command line with every renderer imported first, as `build` did before it imported them only when needed.
EAGER = (
    "import sys; import kpicascade.portfolio.outputs, kpicascade.workbook, kpicascade.diagram, kpicascade.report, "
    "kpicascade.portfolio.xlsx, kpicascade.portfolio.index, kpicascade.loader; "
    "from kpicascade.cli import main; sys.argv[0] = 'kpicascade'; main()"
)


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _timed(command: list[str]) -> tuple[float, float]:
    start = time.perf_counter()
    subprocess.run(command, check=False, capture_output=True, env=ENV)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak


def noops(commands: dict[str, list[str]], runs: int) -> dict[str, list[tuple[float, float]]]:
    """Return the wall and processor seconds of each command, run alternately runs times."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            start, cpu = time.perf_counter(), _cpu()
            subprocess.run(command, check=False, capture_output=True, env=ENV)
            times[name].append((time.perf_counter() - start, _cpu() - cpu))
    return times


def _figures(runs: list[tuple[float, float]]) -> str:
    walls, cpus = [w for w, _ in runs], [c for _, c in runs]
    return (
        f"wall best {min(walls):5.2f} s, median {statistics.median(walls):5.2f} s; "
        f"processor best {min(cpus):5.2f} s, median {statistics.median(cpus):5.2f} s"
    )


def _snapshot(out: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--naive-sample", type=int, default=5)
    parser.add_argument("--steps-sample", type=int, default=20)
    parser.add_argument("--site", type=Path, help="keep the portfolio and its build here, and reuse them")
    parser.add_argument("--noop-only", action="store_true", help="time the no-op rebuild only")
    parser.add_argument("--noop-runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        return run(args, args.site or Path(tmp))


def run(args: argparse.Namespace, folder: Path) -> int:
    """Run the benchmark on the portfolio in folder (made and built there unless already), and print its figures."""
    exe = [sys.executable, "-m", "kpicascade"]
    cards, out = folder / "cards", folder / "out"
    build = [*exe, "build", str(cards), "-o", str(out), "--no-pdf"]  # without the printed reports (bench_pdf.py)
    reused = (out / ".kpicascade-portfolio.json").is_file()
    if not reused:
        write_portfolio(cards, args.accounts)
    accounts = len(list(cards.glob("*.yaml")))
    print(f"portfolio: {accounts} accounts of {sum(SHAPE.values())} nodes, {len(MONTHS)} periods in {folder}")
    if not args.noop_only:
        sample = min(args.steps_sample, accounts)
        with tempfile.TemporaryDirectory() as scratch:
            per_step = steps(cards, Path(scratch), sample)
        print(f"one account, processor time (median of {sample}; the target is about 0.6 s in all):")
        for name, seconds in per_step.items():
            print(f"  {name:22s} {seconds:6.3f} s")
    if reused:
        print("full build            (reused: built before)")
    else:
        full, peak = _timed(build)
        print(f"full build            {full:8.1f} s   (target < 300 s)   peak memory of a process {peak:6.0f} MB")
    eager = [sys.executable, "-c", EAGER, *build[3:]]
    for command in (build, eager):  # a warm-up: bytecode caches, and whatever a reused site still needs
        subprocess.run(command, check=False, capture_output=True, env=ENV)
    before = _snapshot(out)
    times = noops({"no-op": build, "no-op, renderers imported first": eager}, args.noop_runs)
    touched = sum(1 for path, mtime in _snapshot(out).items() if before.get(path) != mtime)
    print(f"no-op rebuild, {args.noop_runs} runs through the command line (target < 0.5 s at 1,000 accounts):")
    for name, runs in times.items():
        print(f"  {name:32s} {_figures(runs)}")
    print(f"  files touched: {touched}")
    if args.noop_only:
        return 0 if touched == 0 else 1
    actuals = cards / "account-0000.actuals.csv"
    actuals.write_text(actuals.read_text().replace(",2025-12,", ",2025-12,1", 1))
    one, _ = _timed(build)
    print(f"one account changed   {one:8.2f} s")
    naive_dir = folder / "naive"
    naive_dir.mkdir(exist_ok=True)
    start = time.perf_counter()
    for i in range(args.naive_sample):
        card = cards / f"account-{i:04d}.yaml"
        for command in (
            ["score", str(card), "--format", "json"],
            ["workbook", str(card), "-o", str(naive_dir / f"{i}.xlsx")],
            ["diagram", str(card), "-o", str(naive_dir / f"{i}.svg")],
            ["report", str(card), "-o", str(naive_dir / f"{i}.html")],
        ):
            subprocess.run([*exe, *command], check=False, capture_output=True, env=ENV)
    naive = (time.perf_counter() - start) / max(args.naive_sample, 1) * accounts
    full_text = f" ({naive / full:.1f}x the build)" if not reused else ""
    print(
        f"naive, one process per output, one at a time: {naive:8.1f} s estimated from {args.naive_sample} "
        f"accounts{full_text}"
    )
    return 0 if touched == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
