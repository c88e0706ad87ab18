"""Query results laid out as [account, period] arrays, turned into tidy rows with windows and ratios applied."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kpicascade.periods import Calendar, Period
from kpicascade.signals.definitions import Leaf, Window
from kpicascade.signals.plan import Request
from kpicascade.signals.queries import Grain

Floats = np.ndarray[Any, np.dtype[np.float64]]
Ints = np.ndarray[Any, np.dtype[np.int64]]


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


def period_keys(starts: pa.ChunkedArray, calendar: Calendar) -> Ints:
    """Return the period ordinals (year * 12 + month - 1, or year * 4 + quarter - 1) of period start times."""
    year = pc.year(starts).to_numpy(zero_copy_only=False).astype(np.int64)
    month = pc.month(starts).to_numpy(zero_copy_only=False).astype(np.int64)
    keys = year * 12 + month - 1 if calendar == "month" else year * 4 + (month - 1) // 3
    return np.asarray(keys, dtype=np.int64)


@dataclass
class Grid:
    """Every leaf's values as [account, period] arrays over the span of the events, one span per calendar."""

    accounts: list[str]
    spans: dict[Calendar, tuple[int, int]]
    values: dict[tuple[Grain, Leaf], Floats] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.index = {a: i for i, a in enumerate(self.accounts)}
        self.active = np.zeros(len(self.accounts), dtype=bool)

    def fill(self, grain: Grain, leaves: Sequence[Leaf], result: pa.Table) -> None:
        """Lay out one query's result: a column per leaf, zero where an account had no matching event."""
        first, last = self.spans[grain.calendar]
        # events with no account or no timestamp cannot be attributed: they group under null and are left out
        result = result.filter(pc.and_(pc.is_valid(result.column("account")), pc.is_valid(result.column("start"))))
        accounts = result.column("account").combine_chunks().dictionary_encode()
        lookup = np.array([self.index.get(str(a), -1) for a in accounts.dictionary.to_pylist()], dtype=np.int64)
        rows = lookup[accounts.indices.to_numpy(zero_copy_only=False)] if len(lookup) else np.zeros(0, np.int64)
        cols = period_keys(result.column("start"), grain.calendar) - first
        keep = (rows >= 0) & (cols >= 0) & (cols <= last - first)
        rows, cols = rows[keep], cols[keep]
        self.active[rows] = True
        for i, leaf in enumerate(leaves):
            grid = np.zeros((len(self.accounts), last - first + 1))
            found = result.column(f"c{i}").to_numpy(zero_copy_only=False).astype(np.float64)[keep]
            grid[rows, cols] = np.nan_to_num(found, nan=0.0)  # no matching event: a count or sum of zero
            self.values[(grain, leaf)] = grid

    def per_window(self, calendar: Calendar, leaf: Leaf, rows: Ints) -> Floats:
        """Return a leaf's values for some accounts, divided by the windows in each period."""
        first, last = self.spans[calendar]
        divisor = np.array([units(Period(calendar, k), leaf.window) for k in range(first, last + 1)], dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            return self.values[(Grain(calendar, leaf.window), leaf)][rows] / np.where(divisor > 0, divisor, np.nan)


@dataclass
class _Rows:
    """Tidy rows as integer codes, made into dictionary-encoded text columns at the end."""

    signals: list[str]
    labels: dict[tuple[Calendar, int], int] = field(default_factory=dict)
    parts: list[tuple[Ints, Ints, Ints, Floats]] = field(default_factory=list)

    def label(self, calendar: Calendar, key: int) -> int:
        return self.labels.setdefault((calendar, key), len(self.labels))

    def table(self, accounts: list[str]) -> pa.Table:
        text = pa.dictionary(pa.int32(), pa.string())
        if not self.parts:
            return pa.table(
                {
                    "account": pa.array([], text),
                    "id": pa.array([], text),
                    "period": pa.array([], text),
                    "value": pa.array([], pa.float64()),
                }
            )
        account, signal, label, value = (np.concatenate(p) for p in zip(*self.parts, strict=True))
        # parts come by signal, each by account and period: a stable sort by account orders the whole table
        order = np.argsort(account, kind="stable")
        periods = [str(Period(calendar, k)) for calendar, k in self.labels]

        def encode(codes: Ints, names: list[str]) -> pa.Array:
            return pa.DictionaryArray.from_arrays(codes[order].astype(np.int32), pa.array(names, pa.string()))

        return pa.table(
            {
                "account": encode(account, accounts),
                "id": encode(signal, self.signals),
                "period": encode(label, periods),
                "value": pa.array(value[order], pa.float64()),
            }
        )


def _signal(grid: Grid, group: list[Request], rows: _Rows) -> None:
    head = group[0]
    f, calendar = head.formula, head.calendar
    first, last = grid.spans[calendar]
    index = np.array(sorted(grid.index[r.account] for r in group), dtype=np.int64)
    value = grid.per_window(calendar, f.numerator, index)
    if f.denominator is not None:
        den = grid.per_window(calendar, f.denominator, index)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(den > 0, value / den, np.nan)
    elif f.constant is not None:
        value = value / f.constant
    keys = np.arange(max(first, head.start.ordinal), min(last, head.end.ordinal) + 1, dtype=np.int64)
    flat = value[:, keys - first].reshape(-1)
    keep = ~np.isnan(flat)
    labels = np.array([rows.label(calendar, int(k)) for k in keys], dtype=np.int64)
    rows.parts.append(
        (
            np.repeat(index, len(keys))[keep],
            np.full(int(keep.sum()), rows.signals.index(head.signal)),
            np.tile(labels, len(index))[keep],
            flat[keep],
        )
    )


def tidy(grid: Grid, requests: Sequence[Request]) -> pa.Table:
    """Return every request's values as rows (account, id, period, value) sorted by account, id and period.

    The text columns are dictionary-encoded: a portfolio repeats each account, signal and period many times.
    """
    groups: dict[tuple[Any, ...], list[Request]] = defaultdict(list)
    for r in requests:
        groups[(r.signal, id(r.formula), r.calendar, r.start.ordinal, r.end.ordinal)].append(r)
    rows = _Rows(sorted({r.signal for r in requests}))
    for key in sorted(groups, key=lambda k: (k[0], k[3])):
        _signal(grid, groups[key], rows)
    return rows.table(grid.accounts)
