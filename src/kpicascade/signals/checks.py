"""Check the events' contents in one pass: empty fields, unreadable or mixed-zone timestamps, event types."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kpicascade.problems import Location, Problem
from kpicascade.signals.backend import fetch
from kpicascade.signals.events import ZONED, utc
from kpicascade.signals.plan import Request


@dataclass(frozen=True)
class Overview:
    """What one pass over the events found: row count, first and last event (UTC), and counts by event type."""

    rows: int
    first: datetime | None
    last: datetime | None
    types: dict[str, int]


def _aggregates(raw: Any, types: Sequence[str]) -> dict[str, Any]:
    aggs = {
        "rows": raw.count(),
        "first": raw.ts.min(),
        "last": raw.ts.max(),
        "no_account": raw.count(where=raw.account.isnull()),
        "no_user": raw.count(where=raw.user.isnull()),
        "no_event_type": raw.count(where=raw.event_type.isnull()),
        "no_timestamp": raw.count(where=raw.timestamp.isnull()),
    }
    if raw.timestamp.type().is_string():
        zoned = raw.timestamp.re_search(ZONED)
        aggs["unreadable"] = raw.count(where=raw.ts.isnull() & raw.timestamp.notnull())
        aggs["zoned"] = raw.count(where=zoned)
        aggs["zoneless"] = raw.count(where=~zoned & raw.ts.notnull())
    for i, name in enumerate(types):
        aggs[f"type_{i}"] = raw.count(where=raw.event_type == name)
    return aggs


def _example(con: Any, raw: Any, condition: Any, source: str) -> str:
    rows = fetch(con, raw.filter(condition).select("timestamp").limit(1), source).column(0).to_pylist()
    return repr(rows[0]) if rows else "?"


def overview(con: Any, raw: Any, types: Sequence[str], source: str) -> tuple[Overview, list[Problem]]:
    """Return the overview of the events and a problem for every defect of their contents."""
    joined = raw.mutate(ts=utc(raw))
    found = fetch(con, joined.aggregate(**_aggregates(joined, types)), source).to_pylist()[0]
    where = Location(source)
    problems = []
    if not found["rows"]:
        problems.append(Problem("error", "events-empty", "there are no events", where))
    for column in ("account", "user", "event_type", "timestamp"):
        if found[f"no_{column}"]:
            problems.append(Problem("error", "events-null", f"{found[f'no_{column}']} events have no {column}",
                                    where, (column,)))
    if found.get("unreadable"):
        bad = joined.ts.isnull() & joined.timestamp.notnull()
        problems.append(Problem("error", "events-timestamp", f"{found['unreadable']} timestamps are not ISO 8601, "
                                f"e.g. {_example(con, joined, bad, source)}", where, ("timestamp",)))
    if found.get("zoned") and found.get("zoneless"):
        zoneless = ~joined.timestamp.re_search(ZONED) & joined.ts.notnull()
        problems.append(Problem(
            "error", "events-zones", f"timestamps in mixed zones: {found['zoned']} carry a UTC offset and "
            f"{found['zoneless']} do not (e.g. {_example(con, joined, zoneless, source)}); give every timestamp "
            "an offset, or none (then all are UTC)", where, ("timestamp",)))
    counts = {name: int(found[f"type_{i}"]) for i, name in enumerate(types)}
    return Overview(int(found["rows"]), found["first"], found["last"], counts), problems


def unknown_types(con: Any, raw: Any, overview: Overview, requests: Sequence[Request], source: str) -> list[Problem]:
    """Return a problem at every definition that names an event type absent from the events."""
    missing = {name for name, n in overview.types.items() if n == 0}
    if not missing or not overview.rows:
        return []
    present = [str(v) for v in fetch(con, raw.select("event_type").distinct().limit(10_000), source)
               .column(0).to_pylist() if v is not None]
    problems = []
    for request in requests:
        for prefix, query in (((), request.query), (("denominator",), request.query.denominator)):
            for j, name in enumerate(query.event_types if query else []):
                if name in missing:
                    close = difflib.get_close_matches(name, present, n=1)
                    hint = f"; did you mean {close[0]!r}?" if close else ""
                    path = (*prefix, "event_types", j)
                    problems.append(Problem("error", "events-unknown-type", f"signal {request.signal}: event type "
                                            f"{name!r} does not occur in {source}{hint}", request.locate(*path),
                                            ("signals", request.index, "events", *path)))
    return problems
