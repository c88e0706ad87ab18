"""Turn a scorecard and its measurements into the arrays the engine scores."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from kpicascade._exceptions import PeriodError
from kpicascade.measurements import Measurements
from kpicascade.model import Metric, Scorecard, Scoring
from kpicascade.periods import Calendar, Period, period_range
from kpicascade.scoring import methods
from kpicascade.scoring.coverage import Coverage, coverage
from kpicascade.scoring.engine import COMBINE, MISSING, ROLLUP, Cascade, Floats, carry_forward, sum_values

_AGGREGATE: dict[str, Callable[[Floats], Any]] = {
    "sum": np.sum,
    "mean": np.mean,
    "last": lambda values: values[-1],
    "min": np.min,
    "max": np.max,
}


@dataclass
class Arrays:
    """A scorecard laid out as arrays over its nodes (rows) and periods (columns)."""

    ids: list[str]
    periods: list[Period]
    actual: Floats
    baseline: Floats
    target: Floats
    own: Floats
    direction: Floats
    low: Floats
    high: Floats
    cascade: Cascade
    signal_ids: list[str]
    signal_values: Floats
    #: The baseline per node and period over the months the period is scored on (a partial quarter's sum
    #: metric counts two monthly baselines, not three); `baseline` is that of a whole period.
    baseline_at: Floats
    coverage: Coverage
    #: Where a metric reported less often than the scorecard holds an earlier report's value.
    held: npt.NDArray[np.bool_]

    @cached_property
    def measured(self) -> Floats:
        """Return the actuals of the periods with a report of their own (held values left out).

        Made once: callers read it a node at a time, and a fresh [node, period] array per call grew as n^2.
        """
        return np.where(self.held, np.nan, self.actual)


def grain_periods(card: Scorecard, grain: Calendar) -> list[Period]:
    """Return the horizon's periods in the scoring grain."""
    start = Period.parse(card.horizon.start, card.calendar)
    end = Period.parse(card.horizon.end, card.calendar)
    if grain == card.calendar:
        return period_range(start, end)
    if grain == "month":
        raise PeriodError("a scorecard by quarter cannot be scored by month")
    return period_range(start.quarter(), end.quarter())


def _bucket(period: Period, grain: Calendar) -> Period:
    return period.quarter() if grain == "quarter" else period


def series(measurements: Measurements, ids: list[str], periods: list[Period], aggregation: Mapping[str, str]) -> Floats:
    """Return a [len(ids), len(periods)] array of values, aggregating finer periods per id."""
    grain = periods[0].calendar if periods else "month"
    col = {p: j for j, p in enumerate(periods)}
    row = {ident: i for i, ident in enumerate(ids)}
    buckets: dict[tuple[int, int], list[tuple[Period, float]]] = defaultdict(list)
    for m in measurements:
        i, j = row.get(m.id), col.get(_bucket(m.period, grain))
        if i is not None and j is not None:
            buckets[(i, j)].append((m.period, m.value))
    out = np.full((len(ids), len(periods)), np.nan)
    for (i, j), found in buckets.items():
        found.sort()
        out[i, j] = float(_AGGREGATE[aggregation.get(ids[i], "last")](np.array([v for _, v in found])))
    return out


def _per_calendar(card: Scorecard, metric: Metric) -> dict[Period, float]:
    """Return the target of every period of the scorecard's calendar: phased targets hold until the next one."""
    calendar = period_range(
        Period.parse(card.horizon.start, card.calendar), Period.parse(card.horizon.end, card.calendar)
    )
    if not isinstance(metric.target, dict):
        return dict.fromkeys(calendar, float(metric.target or 0.0))
    phased = {Period.parse(k, card.calendar): v for k, v in metric.target.items()}
    out, current = {}, phased[min(phased)]
    for p in calendar:
        current = phased.get(p, current)
        out[p] = current
    return out


def _targets(card: Scorecard, metric: Metric, i: int, periods: list[Period], cover: Coverage) -> Floats:
    """Return node i's target per scoring period over the months it is scored on (like with like).

    A monthly scorecard scored by quarter: a sum metric's target is the sum of its monthly targets over
    the months its reports cover; any other metric's target is the one in force in the last of them.
    """
    if metric.target is None:
        return np.full(len(periods), np.nan)
    per_calendar = _per_calendar(card, metric)
    if not periods or periods[0].calendar == card.calendar:
        out = np.array([per_calendar[p] for p in periods], dtype=np.float64)
        if card.calendar == "quarter" and metric.aggregation == "sum":  # quarterly targets pro rata to date
            out *= np.array([cover.node_months(i, t) for t in range(len(periods))]) / cover.whole
        return out
    found = []
    for t in range(len(periods)):
        values = [per_calendar[m] for m in cover.months_in(i, t)]
        found.append(sum(values) if metric.aggregation == "sum" else values[-1])
    return np.array(found, dtype=np.float64)


def _baselines(card: Scorecard, metric: Metric, i: int, grain: Calendar, cover: Coverage) -> Floats:
    """Return node i's baseline per scoring period: a sum metric's baseline counts the same months as its target."""
    periods = len(cover.due)
    if metric.baseline is None:
        return np.full(periods, np.nan)
    if metric.aggregation != "sum":
        return np.full(periods, metric.baseline)
    months = np.array([cover.node_months(i, t) for t in range(periods)], dtype=np.float64)
    if grain != card.calendar:
        return metric.baseline * months  # a monthly baseline summed over the months counted
    if card.calendar == "quarter":
        return metric.baseline * months / cover.whole  # a quarterly baseline pro rata to date
    return np.full(periods, metric.baseline)


def _full_baseline(card: Scorecard, metric: Metric, grain: Calendar) -> float:
    """Return the baseline of a whole period in the scoring grain."""
    if metric.baseline is None:
        return np.nan
    if metric.aggregation == "sum" and grain != card.calendar:
        return metric.baseline * 3  # a monthly baseline summed over a quarter's three months
    return metric.baseline


#: Periods of the scorecard's calendar that one report covers, by reporting frequency.
COVERS = {("month", "quarter"): 3}


def held_values(card: Scorecard, actual: Floats, grain: Calendar) -> Floats:
    """Return actuals where a metric reported less often than the scorecard holds its last value until the next.

    A quarterly survey on a monthly scorecard reported in July holds for July, August and September (three
    periods, or until the next report), never past the last period with data.
    """
    out = actual.copy()
    last = last_with_data(actual)
    for i, node in enumerate(card.nodes):
        metric = node.metric
        covers = COVERS.get((grain, metric.frequency)) if metric and metric.frequency else None
        if covers is None or last is None:
            continue
        filled = carry_forward(actual[i : i + 1], covers - 1)[0]
        out[i, : last + 1] = filled[: last + 1]
    return out


def score_bounds(scoring: Scoring, metric: Metric) -> tuple[float, float]:
    """Return the floor and cap of a metric's progress score (NaN for no bound).

    Linear progress is held between the scorecard's floor (0) and cap (1.2) unless the scorecard or the
    metric asks for unbounded scores; clamped always floors at 0. The metric's cap overrides the scorecard's.
    """
    cap = metric.cap if metric.cap is not None else scoring.cap
    if metric.scoring_method == "clamped":
        return 0.0, cap
    if metric.scoring_method != "linear" or metric.unbounded or scoring.unbounded:
        return np.nan, np.nan
    return scoring.floor, cap


def own_scores(
    card: Scorecard,
    actual: Floats,
    baseline: Floats,
    target: Floats,
    low: Floats,
    high: Floats,
    direction: Floats,
) -> Floats:
    """Return each node's score from its own actuals by its metric's method, within its bounds."""
    own = np.full_like(actual, np.nan)
    for i, node in enumerate(card.nodes):
        metric = node.metric
        if metric is None:
            continue
        a, b, t = actual[i : i + 1], baseline[i : i + 1], target[i : i + 1]
        method = metric.scoring_method
        if method in {"linear", "clamped"}:
            floor, cap = score_bounds(card.scoring, metric)
            own[i] = methods.bounded(methods.linear(a, b, t), floor, cap)[0]
        elif method == "band":
            tol = band_tolerance(metric)
            own[i] = methods.band(a, low[i : i + 1, None], high[i : i + 1, None], np.array([[tol]]))[0]
        elif method == "binary":
            own[i] = methods.met(a, t, direction[i : i + 1, None], low[i : i + 1, None], high[i : i + 1, None])[0]
        else:
            own[i] = methods.thresholds(a, [(r.min, r.max, r.score) for r in metric.rules])[0]
    return own


def band_tolerance(metric: Metric) -> float:
    """Return how far outside its band a metric's score falls to zero (the band's width by default)."""
    band = metric.band
    if band is None or band.low is None or band.high is None:
        return np.nan
    if band.tolerance is not None:
        return band.tolerance
    width = band.high - band.low
    return width if width > 0 else max(abs(band.high) * 0.1, 1e-9)


def cascade_of(card: Scorecard, ids: list[str]) -> Cascade:
    """Return the scored cascade (align-only links left out) with every node's roll-up settings."""
    index = {ident: i for i, ident in enumerate(ids)}
    links = [link for link in card.links.contributes if not link.align_only]
    default_missing = card.scoring.missing
    nodes = card.nodes
    thresholds = [n.metric.thresholds if n.metric and n.metric.thresholds else card.scoring.thresholds for n in nodes]
    return Cascade(
        size=len(ids),
        child=np.array([index[link.from_] for link in links], dtype=np.int64),
        parent=np.array([index[link.to] for link in links], dtype=np.int64),
        weight=np.array([link.weight for link in links], dtype=np.float64),
        rollup=np.array([ROLLUP[n.rollup] for n in nodes], dtype=np.int8),
        missing=np.array([MISSING[n.missing or default_missing] for n in nodes], dtype=np.int8),
        combine=np.array([COMBINE[n.combine_mode] for n in nodes], dtype=np.int8),
        blend=np.array([n.blend for n in nodes], dtype=np.float64),
        green=np.array([t.green for t in thresholds], dtype=np.float64),
        amber=np.array([t.amber for t in thresholds], dtype=np.float64),
        max_age=card.scoring.max_age,
    )


def last_with_data(actual: Floats) -> int | None:
    """Return the last period in which any node has an actual (None when none has)."""
    measured = np.flatnonzero((~np.isnan(actual)).any(axis=0))
    return int(measured[-1]) if len(measured) else None


def arrays(card: Scorecard, grain: Calendar | None = None) -> Arrays:
    """Return the scorecard's arrays in the given grain (the scorecard's calendar by default)."""
    grain = grain or card.calendar
    periods = grain_periods(card, grain)
    nodes = card.nodes
    ids = [n.id for n in nodes]
    aggregation = {n.id: n.metric.aggregation for n in nodes if n.metric}
    actual = series(card.measurements, ids, periods, aggregation)
    metrics = [n.metric for n in nodes]
    before = actual
    actual = held_values(card, actual, grain)
    held = np.isnan(before) & ~np.isnan(actual)
    cascade = cascade_of(card, ids)
    cascade.last_data = last_with_data(actual)
    cover = coverage(card, periods, cascade, actual, grain)
    actual = sum_values(cascade, actual, cover.mixed_sum)
    missing = np.full(len(periods), np.nan)
    baseline_at = np.array([_baselines(card, m, i, grain, cover) if m else missing for i, m in enumerate(metrics)])
    baseline_at = baseline_at.reshape(len(nodes), len(periods))
    baseline = np.array([_full_baseline(card, m, grain) if m else np.nan for m in metrics])
    target = np.array([_targets(card, m, i, periods, cover) if m else missing for i, m in enumerate(metrics)])
    target = target.reshape(len(nodes), len(periods))
    low = np.array([m.band.low if m and m.band and m.band.low is not None else np.nan for m in metrics])
    high = np.array([m.band.high if m and m.band and m.band.high is not None else np.nan for m in metrics])
    direction = np.array([methods.DIRECTION[m.direction] if m else 1 for m in metrics], dtype=np.float64)
    own = own_scores(card, actual, baseline_at, target, low, high, direction)
    signal_ids = [s.id for s in card.signals]
    signal_values = series(card.measurements, signal_ids, periods, {s.id: s.aggregation for s in card.signals})
    return Arrays(
        ids,
        periods,
        actual,
        baseline,
        target,
        own,
        direction,
        low,
        high,
        cascade,
        signal_ids,
        signal_values,
        baseline_at,
        cover,
        held,
    )
