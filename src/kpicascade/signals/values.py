"""Compute signals from events: check them, run one query per batch of leaves, lay out and tidy the results."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

import numpy as np
import pyarrow as pa

from kpicascade._exceptions import EventsError
from kpicascade.periods import Calendar
from kpicascade.problems import Problem
from kpicascade.signals import checks, events
from kpicascade.signals.backend import fetch
from kpicascade.signals.grid import Grid, tidy
from kpicascade.signals.plan import Request, duplicate_accounts, property_problems
from kpicascade.signals.queries import batches, query


@dataclass
class SignalValues:
    """Signals computed from events: tidy rows (account, id, period, value) sorted by account, id and period,
    the first and last event (UTC), the number of events read, and warnings."""

    table: pa.Table
    first: datetime | None = None
    last: datetime | None = None
    rows_read: int = 0
    problems: list[Problem] = field(default_factory=list)

    @cached_property
    def _slices(self) -> dict[str, tuple[int, int]]:
        column = self.table.column("account").combine_chunks()  # sorted by account
        if not isinstance(column, pa.DictionaryArray):
            column = column.dictionary_encode()
        codes = column.indices.to_numpy(zero_copy_only=False)
        names = column.dictionary.to_pylist()
        starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else np.zeros(0, np.int64)
        ends = np.r_[starts[1:], len(codes)]
        return {str(names[codes[s]]): (int(s), int(e)) for s, e in zip(starts, ends, strict=True)}

    def accounts(self) -> list[str]:
        """Return the accounts with values, in order."""
        return sorted(self._slices)

    def of(self, account: str) -> pa.Table:
        """Return one account's rows as actuals: id, period, value."""
        start, end = self._slices.get(account, (0, 0))
        return self.table.slice(start, end - start).select(["id", "period", "value"])


def _check(con: Any, raw: Any, source: str, requests: Sequence[Request]) -> checks.Overview:
    cards = list({id(r.card): r.card for r in requests}.values())
    problems = duplicate_accounts(cards) + events.check_columns(raw.schema(), source)
    if not problems:
        problems += property_problems(requests, raw.schema(), source)
    if problems:
        raise EventsError(f"{source}: the events do not fit the signal definitions", problems)
    overview, problems = checks.overview(con, raw, source)
    if overview.rows:
        problems += checks.unknown_types(con, raw, requests, source)
    if problems:
        raise EventsError(f"{source}: the events cannot be used", problems)
    return overview


def _idle_accounts(grid: Grid, requests: Sequence[Request], source: str) -> list[Problem]:
    cards = {r.account: r.card for r in requests}
    return [
        Problem(
            "warning",
            "events-account",
            f"account {account!r} has none of the events its signals count "
            f"in {source}, so they are 0; check that the events use the scorecard's account_id",
            cards[account].source.locate(("account_id",)),
            ("account_id",),
        )
        for account, i in grid.index.items()
        if not grid.active[i]
    ]


def _key(moment: datetime, calendar: Calendar) -> int:
    return moment.year * 12 + moment.month - 1 if calendar == "month" else moment.year * 4 + (moment.month - 1) // 3


def compute(con: Any, raw: Any, source: str, requests: Sequence[Request]) -> SignalValues:
    """Return every requested signal for every period of its horizon that the events cover."""
    overview = _check(con, raw, source, requests)
    if overview.first is None or overview.last is None:
        raise EventsError(f"{source}: no event has a readable timestamp")
    plan = batches(requests)
    spans = {c: (_key(overview.first, c), _key(overview.last, c)) for c in {r.calendar for r in requests}}
    grid = Grid(sorted({r.account for r in requests}), spans)
    for grain, leaves in plan:
        grid.fill(grain, leaves, fetch(con, query(raw, grain, leaves, grid.accounts), source))
    return SignalValues(
        tidy(grid, requests), overview.first, overview.last, overview.rows, _idle_accounts(grid, requests, source)
    )
