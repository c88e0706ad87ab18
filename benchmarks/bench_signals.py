"""Benchmark: usage signals from 50 million events for 20,000 accounts over 24 months.

Generates the events as Parquet with DuckDB SQL, then computes the same signals through kpicascade (ibis on
DuckDB, checks on the events included) and through hand-written raw DuckDB SQL, each run in a fresh process
so that its peak memory (ru_maxrss) and processor time are its own, the two sides alternating for a few
rounds so that both see the same load on the machine. Prints every round's times, the ratios (the median
of paired rounds, and total processor time, which other work on the machine disturbs least), peak memory,
and checks that both sides got the same numbers.

    python benchmarks/bench_signals.py                           # full size: 50M events, about 0.5 GB of Parquet
    python benchmarks/bench_signals.py --events 2000000          # a quick run
    python benchmarks/bench_signals.py --data /tmp/bench-events  # keep the events and reuse them next time
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

MONTHS = 24
START = "2024-01-01"
PARTS = 10

SIGNALS = """signals:
  - id: sig_sessions
    name: Sessions
    events: {measure: count, event_types: [session.started]}
  - id: sig_planners
    name: Active planners
    events: {measure: distinct_users, event_types: [plan.opened, plan.published], where: {role: planner}}
  - id: sig_weekly_planners
    name: Weekly active planners
    events: {measure: distinct_users, window: week, event_types: [plan.opened, plan.published],
             where: {role: planner}}
  - id: sig_lines
    name: Order lines released
    events: {measure: sum, property: lines, event_types: [po.released]}
  - id: sig_auto_share
    name: Share of purchase orders released automatically
    events: {measure: ratio, event_types: [po.released], where: {release_mode: auto},
             denominator: {measure: count, event_types: [po.released]}}
  - id: sig_seats
    name: Seat utilisation
    events: {measure: ratio, event_types: [session.started], denominator_value: 60}
"""

CARD = (
    """account: Template
account_id: template
vendor: Lattice
currency: EUR
calendar: month
horizon: {start: 2024-01, end: 2025-12}
nodes:
  - {id: kpi, name: A KPI, kind: kpi, perspective: financial, owner: Someone,
     metric: {unit: count, baseline: 1, target: 2}}
links:
  signals:
"""
    + "".join(
        f"    - {{signal: {s}, node: kpi}}\n"
        for s in ("sig_sessions", "sig_planners", "sig_weekly_planners", "sig_lines", "sig_auto_share", "sig_seats")
    )
    + SIGNALS
)

#: The same signals, written by hand in DuckDB SQL the fastest way we found: counts and sums in one scan of
#: the events they need; each distinct count on its own over its filtered events (a FILTER clause on a
#: DISTINCT aggregate is several times slower in DuckDB); timestamps cast to plain UTC TIMESTAMP before they
#: are truncated (about 10% faster than truncating TIMESTAMPTZ through the ICU time-zone code).
RAW = {
    "counts": """
        SELECT account, date_trunc('month', CAST("timestamp" AS TIMESTAMP)) AS month,
               count(*) FILTER (WHERE event_type = 'session.started') AS sessions,
               sum(prop_lines) FILTER (WHERE event_type = 'po.released') AS lines,
               count(*) FILTER (WHERE event_type = 'po.released' AND prop_release_mode = 'auto') AS auto_pos,
               count(*) FILTER (WHERE event_type = 'po.released') AS pos
        FROM read_parquet('{events}') WHERE event_type IN ('session.started', 'po.released')
        GROUP BY ALL""",
    "planners": """
        SELECT account, date_trunc('month', CAST("timestamp" AS TIMESTAMP)) AS month,
               count(DISTINCT "user") AS planners
        FROM read_parquet('{events}')
        WHERE event_type IN ('plan.opened', 'plan.published') AND prop_role = 'planner'
        GROUP BY ALL""",
    "session_users": """
        SELECT account, date_trunc('month', CAST("timestamp" AS TIMESTAMP)) AS month,
               count(DISTINCT "user") AS session_users
        FROM read_parquet('{events}') WHERE event_type = 'session.started'
        GROUP BY ALL""",
    "weekly": """
        SELECT account, date_trunc('month', week) AS month, sum(planners) AS weekly_planners
        FROM (SELECT account, date_trunc('week', CAST("timestamp" AS TIMESTAMP)) AS week,
                     count(DISTINCT "user") AS planners
              FROM read_parquet('{events}')
              WHERE event_type IN ('plan.opened', 'plan.published') AND prop_role = 'planner'
              GROUP BY ALL)
        GROUP BY ALL""",
}

GENERATE = """
COPY (
  SELECT
    'acct-' || lpad(CAST(a AS VARCHAR), 5, '0') AS account,
    'u' || CAST(hash(i * 8 + 1) % 60 AS VARCHAR) AS "user",
    TIMESTAMPTZ '{start} 00:00:00+00' + to_seconds(CAST(hash(i * 8 + 2) % {seconds} AS BIGINT)) AS "timestamp",
    ['session.started', 'session.started', 'plan.opened', 'plan.published', 'po.released', 'po.released',
     'report.exported', 'forecast.run'][CAST(hash(i * 8 + 3) % 8 AS INTEGER) + 1] AS event_type,
    CASE WHEN hash(i * 8 + 4) % 3 = 0 THEN 'buyer' ELSE 'planner' END AS prop_role,
    CASE WHEN hash(i * 8 + 5) % 2 = 0 THEN 'auto' ELSE 'manual' END AS prop_release_mode,
    CAST(hash(i * 8 + 6) % 40 AS INTEGER) + 1 AS prop_lines
  FROM (SELECT i, CAST(hash(i * 8 + 0) % {accounts} AS INTEGER) AS a FROM range({first}, {last}) t(i))
) TO '{path}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)
"""


def generate(folder: Path, events: int, accounts: int, progress: Progress) -> Path:
    """Write events as PARTS Parquet files with DuckDB SQL and return the glob that reads them."""
    import duckdb

    folder.mkdir(parents=True, exist_ok=True)
    task = progress.add_task(f"generate {events:,} events", total=PARTS)
    seconds = 730 * 86400  # 2024-01-01 .. 2025-12-31
    with duckdb.connect() as db:
        for part in range(PARTS):
            first, last = events * part // PARTS, events * (part + 1) // PARTS
            path = folder / f"events-{part:02d}.parquet"
            db.execute(
                GENERATE.format(start=START, seconds=seconds, accounts=accounts, first=first, last=last, path=path)
            )
            progress.advance(task)
    return str(folder / "events-*.parquet")


def peak_mb() -> float:
    """Return this process's peak resident memory in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """Return the processor time this process has used, user and system, on every core."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def ours(events: str, accounts: int) -> dict[str, Any]:
    """Compute the signals through kpicascade for every account; return time, memory and totals."""
    import pyarrow.compute as pc

    import kpicascade
    from kpicascade.signals import compute_signals

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "template.yaml").write_text(CARD, encoding="utf-8")
        template = kpicascade.load(Path(tmp) / "template.yaml", read_measurements=False)
    cards = [template.model_copy(update={"account_id": f"acct-{a:05d}"}) for a in range(accounts)]
    start, cpu = time.perf_counter(), cpu_seconds()
    values = compute_signals(cards, events)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    table = values.table
    totals = {}
    for signal in ("sig_sessions", "sig_planners", "sig_lines", "sig_auto_share", "sig_seats", "sig_weekly_planners"):
        rows = table.filter(pc.equal(table.column("id"), signal))
        totals[signal] = pc.sum(rows.column("value")).as_py()
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak_mb(), "rows": table.num_rows, "totals": totals}


def mondays(year: int, month: int) -> int:
    """Return how many Mondays a month has."""
    first = date(year, month, 1)
    days = (date(year + month // 12, month % 12 + 1, 1) - first).days
    return sum((first + timedelta(d)).weekday() == 0 for d in range(days))


def raw(events: str) -> dict[str, Any]:
    """Compute the signals with hand-written DuckDB SQL; return time, memory and totals."""
    import duckdb
    import numpy as np

    start, cpu = time.perf_counter(), cpu_seconds()
    with duckdb.connect() as db:
        db.execute("SET TimeZone = 'UTC'")
        found = {name: db.sql(sql.format(events=events)).to_arrow_table() for name, sql in RAW.items()}
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu

    def column(name: str, col: str) -> Any:
        return found[name].column(col).to_numpy(zero_copy_only=False).astype(float)

    pos = column("counts", "pos")
    weeks = found["weekly"].column("month").to_pylist()
    divisor = np.array([mondays(w.year, w.month) for w in weeks], dtype=float)
    totals = {
        "sig_sessions": float(column("counts", "sessions").sum()),
        "sig_planners": float(column("planners", "planners").sum()),
        "sig_lines": float(np.nansum(column("counts", "lines"))),
        "sig_auto_share": float((column("counts", "auto_pos")[pos > 0] / pos[pos > 0]).sum()),
        "sig_seats": float(column("session_users", "session_users").sum() / 60),
        "sig_weekly_planners": float((column("weekly", "weekly_planners") / divisor).sum()),
    }
    rows = sum(t.num_rows for t in found.values())
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak_mb(), "rows": rows, "totals": totals}


def run_side(side: str, events: str, accounts: int, progress: Progress, round_: int) -> dict[str, Any]:
    """Run one side in a fresh Python process, showing a spinner, and return what it printed."""
    task = progress.add_task(f"{side}, round {round_}: computing", total=None)
    command = [sys.executable, __file__, "--side", side, "--glob", events, "--accounts", str(accounts)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    while process.poll() is None:
        progress.update(task)
        time.sleep(0.2)
    out = process.stdout.read() if process.stdout else ""
    if process.returncode != 0:
        raise SystemExit(f"{side} side failed with exit code {process.returncode}")
    result: dict[str, Any] = json.loads(out)
    progress.update(task, total=1, completed=1, description=f"{side}, round {round_}: {result['seconds']:.2f} s")
    return result


def report(runs: dict[str, list[dict[str, Any]]], events: int, accounts: int) -> Table:
    """Return every round as a table, with the ratios that decide: median of paired rounds, and processor time."""
    table = Table(
        title=f"Signals from {events:,} events, {accounts:,} accounts, {MONTHS} months: raw DuckDB SQL "
        "against ours (kpicascade)"
    )
    for column in ("round", "raw s", "ours s", "ratio", "raw CPU s", "ours CPU s", "CPU ratio", "raw MB", "ours MB"):
        table.add_column(column, justify="right")
    for i, (raw_run, ours_run) in enumerate(zip(runs["raw"], runs["ours"], strict=True), start=1):
        table.add_row(
            str(i),
            f"{raw_run['seconds']:.2f}",
            f"{ours_run['seconds']:.2f}",
            f"{ours_run['seconds'] / raw_run['seconds']:.2f}",
            f"{raw_run['cpu']:.1f}",
            f"{ours_run['cpu']:.1f}",
            f"{ours_run['cpu'] / raw_run['cpu']:.2f}",
            f"{raw_run['peak_mb']:.0f}",
            f"{ours_run['peak_mb']:.0f}",
        )
    return table


def verdict(runs: dict[str, list[dict[str, Any]]]) -> str:
    """Return the summary: median ratio of paired rounds, best times, total processor time, peak memory."""
    paired = statistics.median(o["seconds"] / r["seconds"] for r, o in zip(runs["raw"], runs["ours"], strict=True))
    best_raw, best_ours = (min(x["seconds"] for x in runs[side]) for side in ("raw", "ours"))
    cpu = sum(o["cpu"] for o in runs["ours"]) / sum(r["cpu"] for r in runs["raw"])
    peak = max(o["peak_mb"] for o in runs["ours"])
    return (
        f"kpicascade / raw DuckDB: median of paired rounds {paired:.2f}, best times {best_ours:.2f} s / "
        f"{best_raw:.2f} s = {best_ours / best_raw:.2f}, processor time {cpu:.2f} (target 1.3); "
        f"kpicascade's peak memory {peak:,.0f} MB (target under 3,072 MB)"
    )


def events_in(folder: Path | None, events: int, accounts: int, progress: Progress, stack: contextlib.ExitStack) -> str:
    """Return the glob of the events: generated in a temporary folder, or kept in and reused from folder."""
    if folder is None:
        return generate(Path(stack.enter_context(tempfile.TemporaryDirectory())), events, accounts, progress)
    target = folder / f"events-{events}-{accounts}"
    if not (target / "complete").is_file():
        generate(target, events, accounts, progress)
        (target / "complete").write_text("generated by bench_signals.py\n")
    return str(target / "events-*.parquet")


def main() -> None:
    """Generate the events (unless given), run both sides, and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=50_000_000, help="number of events to generate")
    parser.add_argument("--accounts", type=int, default=20_000, help="number of accounts")
    parser.add_argument(
        "--data",
        type=Path,
        help="keep the Parquet files in this folder and reuse them next time (default: a temporary folder)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="runs of each side, alternating")
    parser.add_argument("--side", choices=["ours", "raw"], help=argparse.SUPPRESS)
    parser.add_argument("--glob", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        print(json.dumps(ours(args.glob, args.accounts) if args.side == "ours" else raw(args.glob)))
        return
    console = Console()
    with contextlib.ExitStack() as stack:
        progress = stack.enter_context(
            Progress(
                SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=console
            )
        )
        events = events_in(args.data, args.events, args.accounts, progress, stack)
        runs: dict[str, list[dict[str, Any]]] = {"raw": [], "ours": []}
        for round_ in range(1, args.rounds + 1):  # alternate, so both sides see the same machine load
            for side in ("raw", "ours"):
                runs[side].append(run_side(side, events, args.accounts, progress, round_))
    console.print(report(runs, args.events, args.accounts))
    console.print(verdict(runs))
    raw_side, ours_side = runs["raw"][0], runs["ours"][0]
    for signal, total in raw_side["totals"].items():
        mine = ours_side["totals"][signal]
        same = abs(mine - total) <= 1e-9 * max(1.0, abs(total))
        console.print(f"{signal}: kpicascade {mine:,.4f}, raw {total:,.4f} {'same' if same else 'DIFFERENT'}")
        if not same:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
