"""Compute signals from events: one scan per calendar and window, then windows, ratios and zeros in numpy."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

import numpy as np
import pyarrow as pa

from kpicascade._exceptions import EventsError
from kpicascade.periods import Calendar, Period
from kpicascade.problems import Problem
from kpicascade.signals import checks, events
from kpicascade.signals.backend import fetch
from kpicascade.signals.definitions import Leaf, Window, aggregate
from kpicascade.signals.plan import Request, duplicate_accounts, property_problems

#: Up to this many accounts, the query keeps only theirs; beyond it, it groups every account and we pick.
PUSHDOWN = 2000

Floats = np.ndarray[Any, np.dtype[np.float64]]


@dataclass(frozen=True)
class Grain:
    """The calendar a query groups by, and the window it averages over (None: the whole period)."""

    calendar: Calendar
    window: Window | None


@dataclass
class SignalValues:
    """Signals computed from events: tidy rows (account, id, period, value) sorted by account, the span of the
    events (UTC), the number of events read, and warnings."""

    table: pa.Table
    first: datetime | None = None
    last: datetime | None = None
    rows_read: int = 0
    problems: list[Problem] = field(default_factory=list)

    @cached_property
    def _slices(self) -> dict[str, tuple[int, int]]:
        accounts = self.table.column("account").to_numpy(zero_copy_only=False)  # sorted by account
        if not len(accounts):
            return {}
        starts = np.flatnonzero(np.r_[True, accounts[1:] != accounts[:-1]])
        ends = np.r_[starts[1:], len(accounts)]
        return {str(accounts[s]): (int(s), int(e)) for s, e in zip(starts, ends, strict=True)}

    def accounts(self) -> list[str]:
        """Return the accounts with values, in order."""
        return sorted(self._slices)

    def of(self, account: str) -> pa.Table:
        """Return one account's rows as actuals: id, period, value."""
        start, end = self._slices.get(account, (0, 0))
        return self.table.slice(start, end - start).select(["id", "period", "value"])


def period_key(ts: Any, calendar: Calendar) -> Any:
    """Return the ibis expression of a timestamp's period ordinal (year * 12 + month - 1, or by quarter)."""
    if calendar == "month":
        return ts.year() * 12 + ts.month() - 1
    return ts.year() * 4 + (ts.month() - 1) // 3


def _key(moment: datetime, calendar: Calendar) -> int:
    return moment.year * 12 + moment.month - 1 if calendar == "month" else moment.year * 4 + (moment.month - 1) // 3


def units(period: Period, window: Window | None) -> int:
    """Return how many windows a period holds: days, or weeks whose Monday falls in it (1 for no window)."""
    if window is None:
        return 1
    months = period.months()
    first = date(months[0].year, months[0].index_in_year, 1)
    last = months[-1]
    end = date(last.year + last.index_in_year // 12, last.index_in_year % 12 + 1, 1)
    if window == "day":
        return (end - first).days
    monday = first.toordinal() + (7 - first.weekday()) % 7
    return max(0, (end.toordinal() - 1 - monday) // 7 + 1)


def query(prepared: Any, grain: Grain, leaves: Sequence[Leaf], accounts: Sequence[str] | None) -> Any:
    """Return the ibis expression of a grain's leaves: one row per account and period, a column per leaf."""
    t = prepared if accounts is None else prepared.filter(prepared.account.isin(list(accounts)))
    columns = {f"c{i}": aggregate(t, leaf) for i, leaf in enumerate(leaves)}
    if grain.window is None:
        return t.group_by(account=t.account, key=period_key(t.ts, grain.calendar)).aggregate(**columns)
    unit = t.ts.truncate("W" if grain.window == "week" else "D")
    inner = t.group_by(account=t.account, unit=unit).aggregate(**columns)
    outer = {name: inner[name].sum() for name in columns}
    return inner.group_by(account=inner.account, key=period_key(inner.unit, grain.calendar)).aggregate(**outer)


@dataclass
class _Grid:
    """Every leaf's values as [account, period] arrays over the span of the events, one span per calendar."""

    accounts: dict[str, int]
    spans: dict[Calendar, tuple[int, int]]
    values: dict[tuple[Grain, Leaf], Floats] = field(default_factory=dict)
    active: np.ndarray[Any, np.dtype[np.bool_]] = field(default_factory=lambda: np.zeros(0, dtype=bool))

    def fill(self, grain: Grain, leaves: Sequence[Leaf], result: pa.Table) -> None:
        first, last = self.spans[grain.calendar]
        accounts = result.column("account").combine_chunks().dictionary_encode()
        lookup = np.array([self.accounts.get(str(a), -1) for a in accounts.dictionary.to_pylist()], dtype=np.int64)
        rows = lookup[accounts.indices.to_numpy(zero_copy_only=False)] if len(lookup) else np.zeros(0, np.int64)
        cols = result.column("key").to_numpy().astype(np.int64) - first
        keep = (rows >= 0) & (cols >= 0) & (cols <= last - first)
        rows, cols = rows[keep], cols[keep]
        self.active[rows] = True
        for i, leaf in enumerate(leaves):
            grid = np.zeros((len(self.accounts), last - first + 1))
            found = result.column(f"c{i}").to_numpy(zero_copy_only=False).astype(np.float64)[keep]
            grid[rows, cols] = np.nan_to_num(found, nan=0.0)  # no matching event: a count or sum of zero
            self.values[(grain, leaf)] = grid

    def per_window(self, calendar: Calendar, leaf: Leaf) -> Floats:
        first, last = self.spans[calendar]
        divisor = np.array([units(Period(calendar, k), leaf.window) for k in range(first, last + 1)], dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            return self.values[(Grain(calendar, leaf.window), leaf)] / np.where(divisor > 0, divisor, np.nan)


def _signal_rows(grid: _Grid, group: list[Request]) -> pa.Table:
    head = group[0]
    f, calendar = head.formula, head.calendar
    first, last = grid.spans[calendar]
    index = np.array([grid.accounts[r.account] for r in group], dtype=np.int64)
    value = grid.per_window(calendar, f.numerator)[index]
    if f.denominator is not None:
        den = grid.per_window(calendar, f.denominator)[index]
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(den > 0, value / den, np.nan)
    elif f.constant is not None:
        value = value / f.constant
    keys = np.arange(max(first, head.start.ordinal), min(last, head.end.ordinal) + 1)
    value = value[:, keys - first]
    accounts = np.repeat(np.array([r.account for r in group], dtype=object), len(keys))
    periods = np.tile(np.array([str(Period(calendar, int(k))) for k in keys], dtype=object), len(group))
    flat = value.reshape(-1)
    keep = ~np.isnan(flat)
    return pa.table({
        "account": pa.array(accounts[keep], pa.string()),
        "id": pa.array(np.full(int(keep.sum()), head.signal, dtype=object), pa.string()),
        "period": pa.array(periods[keep], pa.string()),
        "value": pa.array(flat[keep], pa.float64()),
    })


def _leaves_by_grain(requests: Sequence[Request]) -> dict[Grain, list[Leaf]]:
    found: dict[Grain, dict[Leaf, None]] = defaultdict(dict)
    for request in requests:
        for leaf in request.formula.leaves:
            found[Grain(request.calendar, leaf.window)][leaf] = None
    return {grain: list(leaves) for grain, leaves in found.items()}


def _check(con: Any, raw: Any, source: str, requests: Sequence[Request]) -> checks.Overview:
    cards = list({id(r.card): r.card for r in requests}.values())
    problems = duplicate_accounts(cards) + events.check_columns(raw.schema(), source)
    if not problems:
        problems += property_problems(requests, raw.schema(), source)
    if problems:
        raise EventsError(f"{source}: the events do not fit the signal definitions", problems)
    types = sorted({t for r in requests for leaf in r.formula.leaves for t in leaf.event_types})
    overview, problems = checks.overview(con, raw, types, source)
    problems += checks.unknown_types(con, raw, overview, requests, source)
    if problems:
        raise EventsError(f"{source}: the events cannot be used", problems)
    return overview


def _idle_accounts(grid: _Grid, requests: Sequence[Request], source: str) -> list[Problem]:
    cards = {r.account: r.card for r in requests}
    return [Problem("warning", "events-account", f"account {account!r} has no events in {source}, so its signals "
                    "are 0; check that the events use the scorecard's account_id", cards[account].source.locate(
                        ("account_id",)), ("account_id",))
            for account, i in grid.accounts.items() if not grid.active[i]]


def compute(con: Any, raw: Any, source: str, requests: Sequence[Request]) -> SignalValues:
    """Return every requested signal for every period of its horizon that the events cover."""
    overview = _check(con, raw, source, requests)
    if overview.first is None or overview.last is None:
        raise EventsError(f"{source}: no event has a readable timestamp")
    props = {p for r in requests for leaf in r.formula.leaves for p in leaf.properties}
    prepared = events.prepare(raw, props)
    accounts = sorted({r.account for r in requests})
    spans = {r.calendar: (_key(overview.first, r.calendar), _key(overview.last, r.calendar)) for r in requests}
    grid = _Grid({a: i for i, a in enumerate(accounts)}, spans, active=np.zeros(len(accounts), dtype=bool))
    pushdown = accounts if len(accounts) <= PUSHDOWN else None
    for grain, leaves in _leaves_by_grain(requests).items():
        grid.fill(grain, leaves, fetch(con, query(prepared, grain, leaves, pushdown), source))
    groups: dict[tuple[Any, ...], list[Request]] = defaultdict(list)
    for r in requests:
        groups[(r.signal, r.formula, r.calendar, r.start, r.end)].append(r)
    tables = [_signal_rows(grid, group) for group in groups.values()]
    table = pa.concat_tables(tables).sort_by([("account", "ascending"), ("id", "ascending"), ("period", "ascending")])
    return SignalValues(table, overview.first, overview.last, overview.rows, _idle_accounts(grid, requests, source))
