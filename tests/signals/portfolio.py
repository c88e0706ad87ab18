"""Scorecards and product events for tests, and the signals computed the plain way, row by row in Python."""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from kpicascade.periods import Period, period_range

SIGNALS = """
signals:
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
    unit: ratio
    events:
      measure: ratio
      event_types: [po.released]
      where: {release_mode: auto}
      denominator: {measure: count, event_types: [po.released]}
  - id: sig_seats
    name: Seat utilisation
    unit: ratio
    events: {measure: ratio, event_types: [session.started], denominator_value: 10}
  - id: sig_manual
    name: Manual forecast edits
    description: Not from events; left alone by the signals command.
"""

CARD = """account: {name}
account_id: {account}
vendor: Lattice
currency: EUR
calendar: {calendar}
horizon: {{start: {start}, end: {end}}}
nodes:
  - {{id: obj, name: Objective, kind: objective, perspective: financial}}
  - id: kpi
    name: A KPI
    kind: kpi
    perspective: financial
    owner: Someone
    metric: {{unit: count, baseline: 1, target: 2}}
links:
  contributes:
    - {{from: kpi, to: obj}}
  signals:
{links}
{signals}"""

TYPES = ["session.started", "plan.opened", "plan.published", "po.released", "report.exported"]
START = datetime(2025, 1, 1, tzinfo=UTC)


def write_card(
    folder: Path,
    account: str,
    calendar: str = "month",
    start: str = "2025-01",
    end: str = "2025-12",
    signals: str = SIGNALS,
) -> Path:
    """Write a scorecard for an account and return its path."""
    path = folder / f"{account}.yaml"
    links = "\n".join(f"    - {{signal: {ident}, node: kpi}}" for ident in re.findall(r"id: (sig_\w+)", signals))
    path.write_text(
        CARD.format(
            name=account.title(), account=account, calendar=calendar, start=start, end=end, links=links, signals=signals
        ),
        encoding="utf-8",
    )
    return path


def make_events(n: int = 3000, seed: int = 7, accounts: tuple[str, ...] = ("acme", "globex")) -> list[dict[str, Any]]:
    """Return random events over the first half of 2025 (UTC), as plain rows."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        kind = rng.choice(TYPES)
        rows.append(
            {
                "account": rng.choice(accounts),
                "user": f"u{rng.randrange(15)}",
                "timestamp": START + timedelta(seconds=rng.randrange(181 * 86400)),
                "event_type": kind,
                "prop_role": rng.choice(["planner", "planner", "buyer"]),
                "prop_release_mode": rng.choice(["auto", "manual"]) if kind == "po.released" else None,
                "prop_lines": rng.randrange(1, 40) if kind == "po.released" else None,
            }
        )
    return rows


def write_parquet(rows: list[dict[str, Any]], path: Path) -> Path:
    """Write events rows to Parquet (timestamps with the UTC zone) and return the path."""
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def _period(moment: datetime | date, calendar: str) -> str:
    if calendar == "quarter":
        return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"
    return f"{moment.year}-{moment.month:02d}"


def _mondays(period: str) -> int:
    year, month = int(period[:4]), int(period[5:7])
    day, found = date(year, month, 1), 0
    while day.month == month:
        found += day.weekday() == 0
        day += timedelta(days=1)
    return found


def plain(rows: list[dict[str, Any]], account: str, calendar: str = "month") -> dict[tuple[str, str], float]:
    """Return the signals of SIGNALS for one account, computed row by row: {(signal, period): value}."""
    mine = [r for r in rows if r["account"] == account]
    seen = sorted(Period.parse(_period(r["timestamp"], calendar)) for r in rows)
    periods = [str(p) for p in period_range(seen[0], seen[-1])]
    sessions: dict[str, int] = defaultdict(int)
    session_users: dict[str, set[str]] = defaultdict(set)
    planners: dict[str, set[str]] = defaultdict(set)
    weekly: dict[date, set[str]] = defaultdict(set)
    lines: dict[str, float] = defaultdict(float)
    released: dict[str, int] = defaultdict(int)
    auto: dict[str, int] = defaultdict(int)
    for r in mine:
        p = _period(r["timestamp"], calendar)
        kind = r["event_type"]
        if kind == "session.started":
            sessions[p] += 1
            session_users[p].add(r["user"])
        if kind in ("plan.opened", "plan.published") and r["prop_role"] == "planner":
            planners[p].add(r["user"])
            day = r["timestamp"].date()
            weekly[day - timedelta(days=day.weekday())].add(r["user"])
        if kind == "po.released":
            lines[p] += r["prop_lines"]
            released[p] += 1
            auto[p] += r["prop_release_mode"] == "auto"
    out: dict[tuple[str, str], float] = {}
    for p in periods:
        out[("sig_sessions", p)] = sessions[p]
        out[("sig_planners", p)] = len(planners[p])
        out[("sig_lines", p)] = lines[p]
        out[("sig_seats", p)] = len(session_users[p]) / 10
        if released[p]:
            out[("sig_auto_share", p)] = auto[p] / released[p]
        if calendar == "month":
            weeks = [len(users) for monday, users in weekly.items() if _period(monday, "month") == p]
            out[("sig_weekly_planners", p)] = sum(weeks) / _mondays(p)
    return out


@dataclass
class Portfolio:
    """Scorecards in a folder, their events as rows and as a Parquet file."""

    folder: Path
    cards: list[Path]
    rows: list[dict[str, Any]]
    events: Path
