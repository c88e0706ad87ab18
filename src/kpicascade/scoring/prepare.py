"""Turn a scorecard and its measurements into the arrays the engine scores."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from kpicascade._exceptions import PeriodError
from kpicascade.measurements import Measurements
from kpicascade.model import Metric, Scorecard, Scoring
from kpicascade.periods import Calendar, Period, period_range
from kpicascade.scoring import methods
from kpicascade.scoring.engine import COMBINE, MISSING, ROLLUP, Cascade, Floats, sum_values

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


def _targets(card: Scorecard, metric: Metric, periods: list[Period]) -> Floats:
    """Return the target per scoring period: phased targets hold until the next one."""
    if metric.target is None:
        return np.full(len(periods), np.nan)
    calendar = period_range(
        Period.parse(card.horizon.start, card.calendar), Period.parse(card.horizon.end, card.calendar)
    )
    if isinstance(metric.target, dict):
        phased = {Period.parse(k, card.calendar): v for k, v in metric.target.items()}
        first = phased[min(phased)]
        per_calendar, current = [], first
        for p in calendar:
            current = phased.get(p, current)
            per_calendar.append(current)
    else:
        per_calendar = [metric.target] * len(calendar)
    if calendar and periods and calendar[0].calendar == periods[0].calendar:
        return np.array(per_calendar, dtype=np.float64)
    grouped: dict[Period, list[float]] = defaultdict(list)
    for p, value in zip(calendar, per_calendar, strict=True):
        grouped[p.quarter()].append(value)
    combine = sum if metric.aggregation == "sum" else (lambda vs: vs[-1])
    return np.array([combine(grouped[p]) for p in periods], dtype=np.float64)


def _baseline(card: Scorecard, metric: Metric, grain: Calendar) -> float:
    if metric.baseline is None:
        return np.nan
    if metric.aggregation == "sum" and grain != card.calendar:
        return metric.baseline * 3  # a monthly baseline summed over a quarter's three months
    return metric.baseline


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
        a, b, t = actual[i : i + 1], baseline[i : i + 1, None], target[i : i + 1]
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
    baseline = np.array([_baseline(card, m, grain) if m else np.nan for m in metrics])
    target = np.array([_targets(card, m, periods) if m else np.full(len(periods), np.nan) for m in metrics])
    target = target.reshape(len(nodes), len(periods))
    low = np.array([m.band.low if m and m.band and m.band.low is not None else np.nan for m in metrics])
    high = np.array([m.band.high if m and m.band and m.band.high is not None else np.nan for m in metrics])
    direction = np.array([methods.DIRECTION[m.direction] if m else 1 for m in metrics], dtype=np.float64)
    cascade = cascade_of(card, ids)
    cascade.last_data = last_with_data(actual)
    actual = sum_values(cascade, actual)
    own = own_scores(card, actual, baseline, target, low, high, direction)
    signal_ids = [s.id for s in card.signals]
    signal_values = series(card.measurements, signal_ids, periods, {s.id: s.aggregation for s in card.signals})
    return Arrays(ids, periods, actual, baseline, target, own, direction, low, high, cascade, signal_ids, signal_values)
