"""How much of each scoring period the data covers: for the scorecard, for each metric, and up the cascade.

A period is scored on the months of it that are in. The scorecard's data reaches its last month with any
data; each metric's own reports reach their own last month (a source that closes a few weeks after month
end is a month behind), and a metric reported once a quarter covers the quarter its report is for.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kpicascade.measurements import Measurements
from kpicascade.model import Scorecard
from kpicascade.periods import Calendar, Period
from kpicascade.scoring.engine import MISSING, ROLLUP, Cascade, Floats

Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Coverage:
    """How much of each scoring period the data covers, in months, for the scorecard and for every node.

    `counted` of `due` is the scorecard's reach (months of the period in the horizon up to its last month
    with data); `node_counted` is each node's own (months its reports cover). A node is partial in a period
    when it is scored on fewer months than a whole period, and a parent is partial when a child is.
    """

    counted: Ints
    due: Ints
    whole: int
    #: [node, period]: the months of the period the node's own reports cover (a sum node: all its children's).
    node_counted: Ints
    #: [node, horizon month]: whether the node's reports cover that month.
    present: Bools
    #: The horizon's months, in order, and the first of them in each period.
    months_of_horizon: list[Period]
    period_starts: Ints
    #: [node, period]: partial on its own or through a scored child (set once the cascade is known).
    rolled_partial: Bools
    #: [node, period]: a sum node whose children cover different months of the period (it has no value there).
    mixed_sum: Bools
    #: How many months a metric's reports may lag the scorecard's last month with data and still be late
    #: rather than missing (scoring.max_age periods of the scorecard's calendar).
    late_months: int = 2

    @property
    def partial(self) -> Bools:
        """Return, per period, whether the scorecard's data covers fewer months of it than a whole period."""
        return np.asarray((self.counted > 0) & (self.counted < self.whole))

    @property
    def node_partial(self) -> Bools:
        """Return, per node and period, whether the node's own reports cover some but not a whole period."""
        return np.asarray((self.node_counted > 0) & (self.node_counted < self.whole))

    @property
    def behind(self) -> Bools:
        """Return, per node and period, whether the node is still to report the rest of the period.

        A source that reports later (July and August in, September still to come) is behind: its reports stop
        inside the period, before its last month, at most `late_months` before the scorecard's last month with
        data. A month missing between two reports is not (the later report is in), nor is a metric silent for
        longer than that (it is missing, not late).
        """
        months = self.present.shape[1]
        last = np.where(self.present.any(axis=1), months - 1 - np.argmax(self.present[:, ::-1], axis=1), -1)
        period_last = np.r_[self.period_starts[1:], months] - 1
        data_last = int(self.counted.sum()) - 1  # the scorecard's last month with data, as a horizon month
        late = (last >= 0) & (data_last - last <= self.late_months)
        return np.asarray((self.node_counted > 0) & (last[:, None] < period_last[None, :]) & late[:, None])

    @property
    def complete(self) -> Bools:
        """Return, per period, whether it is complete: the data has reached its last month and no metric is behind."""
        reached = (self.counted == self.due) & (self.due > 0)
        return np.asarray(reached & ~self.behind.any(axis=0))

    def months(self, t: int) -> int:
        """Return the months period t is scored on for the scorecard: those counted to date, or all due before data."""
        return int(self.counted[t]) if self.counted[t] else int(self.due[t])

    def node_months(self, i: int, t: int) -> int:
        """Return the months node i is scored on in period t: those its reports cover, or all due without any."""
        return int(self.node_counted[i, t]) if self.node_counted[i, t] else int(self.due[t])

    def months_in(self, i: int, t: int) -> list[Period]:
        """Return the months of period t node i is scored on: those its reports cover, or all due without any."""
        lo, hi = int(self.period_starts[t]), int(self.period_starts[t]) + int(self.due[t])
        inside = self.months_of_horizon[lo:hi]
        covered = [m for m, yes in zip(inside, self.present[i, lo:hi], strict=True) if yes]
        return covered or inside


def month_span(period: Period) -> range:
    """Return the month ordinals a period spans (without making a Period per month: this runs per actual).

    >>> month_span(Period.parse("2026-Q3")) == range(Period.parse("2026-07").ordinal, Period.parse("2026-10").ordinal)
    True
    """
    first = period.ordinal * 3 if period.calendar == "quarter" else period.ordinal
    return range(first, first + (3 if period.calendar == "quarter" else 1))


def last_month(measurements: Measurements) -> Period | None:
    """Return the last month with any measurement (a quarter's row counts as its last month)."""
    last = max((month_span(m.period)[-1] for m in measurements), default=None)
    return None if last is None else Period("month", last)


def horizon_months(card: Scorecard, periods: list[Period]) -> tuple[list[Period], Ints]:
    """Return the horizon's months in order and the index of each period's first month among them."""
    start = Period.parse(card.horizon.start, card.calendar).months()[0]
    end = Period.parse(card.horizon.end, card.calendar).months()[-1]
    months: list[Period] = []
    starts = []
    for p in periods:
        starts.append(len(months))
        months.extend(m for m in p.months() if start <= m <= end)
    return months, np.array(starts, dtype=np.int64)


def present_months(card: Scorecard, ids: list[str], months: list[Period], grain: Calendar) -> Bools:
    """Return [node, horizon month]: whether the node's own reports cover the month.

    A quarter's row covers its three months; by quarter, a metric reported once a quarter covers the whole
    quarter its report falls in.
    """
    first = months[0].ordinal if months else 0
    row = {ident: i for i, ident in enumerate(ids)}
    quarterly = {n.id for n in card.nodes if n.metric and n.metric.frequency == "quarter" and grain == "quarter"}
    out = np.zeros((len(ids), len(months)), dtype=bool)
    for m in card.measurements:
        i = row.get(m.id)
        if i is None:
            continue
        for k in month_span(m.period.quarter() if m.id in quarterly else m.period):
            if 0 <= k - first < len(months):  # the horizon's months are consecutive
                out[i, k - first] = True
    return out


def sum_presence(cascade: Cascade, present: Bools, starts: Ints) -> tuple[Bools, Bools]:
    """Return presence where a sum node covers its children's months, and where a sum has no value (mixed).

    A sum node's own actuals are not used; a child without data in the period is left to the missing policy.
    Under `skip` a sum covers the months every child with data covers, and where those children cover
    different numbers of months (one a month behind) their to-date actuals would not add up to one period's:
    `mixed` [node, period] marks it, and the sum has no value there. Under `zero` and `carry` a child behind
    counts with what it has (its missing months as nothing, or its last report standing), and the sum covers
    the months any child covers.
    """
    out = present.copy()
    mixed = np.zeros((present.shape[0], len(starts)), dtype=bool)
    is_sum = cascade.rollup == ROLLUP["sum"]
    if not is_sum.any() or not len(starts) or not present.shape[1]:
        return out, mixed
    period_of = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, present.shape[1]]))
    for lo, hi in zip(cascade.level_bounds[:-1].tolist(), cascade.level_bounds[1:].tolist(), strict=True):
        keep = is_sum[cascade.parent[lo:hi]]
        child, parent = cascade.child[lo:hi][keep], cascade.parent[lo:hi][keep]
        for p in np.unique(parent).tolist():
            rows = out[child[parent == p]]
            counted = np.add.reduceat(rows.astype(np.int64), starts, axis=1)
            has = counted > 0
            if cascade.missing[p] != MISSING["skip"]:
                out[p] = rows.any(axis=0)
                continue
            out[p] = (rows | ~has[:, period_of]).all(axis=0) & has[:, period_of].any(axis=0)
            low = np.where(has, counted, np.iinfo(np.int64).max).min(axis=0)
            mixed[p] = has.any(axis=0) & (np.where(has, counted, 0).max(axis=0) != low)
    return out, mixed


def roll_flags(cascade: Cascade, flags: Bools) -> Bools:
    """Return flags where a parent is flagged in a period when any scored child is, level by level."""
    out = flags.copy()
    for lo, hi in zip(cascade.level_bounds[:-1].tolist(), cascade.level_bounds[1:].tolist(), strict=True):
        if hi > lo:
            np.logical_or.at(out, cascade.parent[lo:hi], out[cascade.child[lo:hi]])
    return out


def coverage(card: Scorecard, periods: list[Period], cascade: Cascade, actual: Floats, grain: Calendar) -> Coverage:
    """Return how many months of each period the scorecard and every node cover, and which nodes are partial.

    actual is before any sum: by month a node covers a month when it has an actual there (its own or a held
    report's); by quarter, the months its reports cover. A sum node covers what all its children cover.
    """
    months, starts = horizon_months(card, periods)
    ids = [n.id for n in card.nodes]
    known = set(ids)
    last = last_month(Measurements([m for m in card.measurements if m.id in known]))
    due = np.diff(np.r_[starts, len(months)]).astype(np.int64)
    counted = np.array(
        [sum(1 for m in months[s : s + d] if last is not None and m <= last) for s, d in zip(starts, due, strict=True)],
        dtype=np.int64,
    )
    whole = len(periods[0].months()) if periods else 1
    own = ~np.isnan(actual) if grain == card.calendar == "month" else present_months(card, ids, months, grain)
    present, mixed = sum_presence(cascade, own, starts)
    node_counted = (
        np.add.reduceat(present.astype(np.int64), starts, axis=1)
        if len(months)
        else np.zeros((len(ids), len(periods)), dtype=np.int64)
    )
    own_partial = (node_counted > 0) & (node_counted < whole)
    rolled = roll_flags(cascade, own_partial | mixed)
    late = card.scoring.max_age * (3 if card.calendar == "quarter" else 1)
    return Coverage(counted, due, whole, node_counted, present, months, starts, rolled, mixed, late)
