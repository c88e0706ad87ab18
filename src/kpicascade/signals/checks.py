"""Check the events' contents cheaply: their span, text timestamps, and the event types definitions name.

Typed timestamps need no scan: the row count and the first and last event come from Parquet statistics where
the engine has them. Text timestamps (CSV) are scanned once for unreadable values and mixed zones. Each event
type a definition names is probed by a query that stops at its first match.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import reduce
from typing import Any

from kpicascade.problems import Location, Problem
from kpicascade.signals.backend import fetch
from kpicascade.signals.events import ZONED, utc
from kpicascade.signals.plan import Request


@dataclass(frozen=True)
class Overview:
    """The number of events and the first and last of them (UTC, without a zone)."""

    rows: int
    first: datetime | None
    last: datetime | None


def _naive_utc(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def _example(con: Any, raw: Any, condition: Any, source: str) -> str:
    rows = fetch(con, raw.filter(condition).select("timestamp").limit(1), source).column(0).to_pylist()
    return repr(rows[0]) if rows else "?"


def _text_problems(con: Any, t: Any, found: dict[str, Any], where: Location, source: str) -> list[Problem]:
    problems = []
    if found["unreadable"]:
        bad = t.ts.isnull() & t.timestamp.notnull()
        problems.append(
            Problem(
                "error",
                "events-timestamp",
                f"{found['unreadable']} timestamps are not ISO 8601, e.g. {_example(con, t, bad, source)}",
                where,
                ("timestamp",),
            )
        )
    if found["zoned"] and found["zoneless"]:
        zoneless = ~t.timestamp.re_search(ZONED) & t.ts.notnull()
        problems.append(
            Problem(
                "error",
                "events-zones",
                f"timestamps in mixed zones: {found['zoned']} carry a UTC offset and "
                f"{found['zoneless']} do not (e.g. {_example(con, t, zoneless, source)}); give every timestamp "
                "an offset, or none (then all are UTC)",
                where,
                ("timestamp",),
            )
        )
    return problems


def overview(con: Any, raw: Any, source: str) -> tuple[Overview, list[Problem]]:
    """Return the events' size and span, and a problem for every unreadable or ambiguous timestamp."""
    where = Location(source)
    problems = []
    if raw.timestamp.type().is_string():
        t = raw.mutate(ts=utc(raw))
        zoned = t.timestamp.re_search(ZONED)
        found = fetch(
            con,
            t.aggregate(
                rows=t.count(),
                first=t.ts.min(),
                last=t.ts.max(),
                unreadable=t.count(where=t.ts.isnull() & t.timestamp.notnull()),
                zoned=t.count(where=zoned),
                zoneless=t.count(where=~zoned & t.ts.notnull()),
            ),
            source,
        ).to_pylist()[0]
        problems += _text_problems(con, t, found, where, source)
    else:
        found = fetch(
            con, raw.aggregate(rows=raw.count(), first=raw.timestamp.min(), last=raw.timestamp.max()), source
        ).to_pylist()[0]
    if not found["rows"]:
        problems.append(Problem("error", "events-empty", "there are no events", where))
    return Overview(int(found["rows"]), _naive_utc(found["first"]), _naive_utc(found["last"])), problems


def present_types(con: Any, raw: Any, types: Sequence[str], source: str) -> set[str]:
    """Return which of the event types occur in the events, each found by a query that stops at its first match."""
    if not types:
        return set()
    probes = [raw.filter(raw.event_type == name).select(event_type=raw.event_type).limit(1) for name in types]
    union = reduce(lambda a, b: a.union(b), probes)
    return {str(v) for v in fetch(con, union, source).column(0).to_pylist()}


def unknown_types(con: Any, raw: Any, requests: Sequence[Request], source: str) -> list[Problem]:
    """Return a problem at every definition that names an event type absent from the events."""
    named = sorted({t for r in requests for leaf in r.formula.leaves for t in leaf.event_types})
    missing = set(named) - present_types(con, raw, named, source)
    if not missing:
        return []
    present = [
        str(v)
        for v in fetch(con, raw.select("event_type").distinct().limit(10_000), source).column(0).to_pylist()
        if v is not None
    ]
    problems = []
    for request in requests:
        for prefix, query in (((), request.query), (("denominator",), request.query.denominator)):
            for j, name in enumerate(query.event_types if query else []):
                if name in missing:
                    close = difflib.get_close_matches(name, present, n=1)
                    hint = f"; did you mean {close[0]!r}?" if close else ""
                    path = (*prefix, "event_types", j)
                    problems.append(
                        Problem(
                            "error",
                            "events-unknown-type",
                            f"signal {request.signal}: event type {name!r} does not occur in {source}{hint}",
                            request.locate(*path),
                            ("signals", request.index, "events", *path),
                        )
                    )
    return problems
