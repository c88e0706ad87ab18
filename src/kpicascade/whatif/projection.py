"""Push a scenario's change of usage through the confirmed links to the measures, the cascade's scores and money.

A link moves its measure by its fitted effect (the measure's change per unit change of the signal, from the
driver analysis) times the signal's change, lag periods after the scenario starts; the effect's 95% range gives
the band. A link that is not confirmed moves nothing and is listed with its verdict. The moved measures are
scored again at the result's period, as if their levels had moved by the projected change, so that the
objectives' projected scores come from the same engine as the scorecard's; money is the change of each valued
measure times the money a year one unit is worth (value_per_unit; for a flow, times the periods in a year: see
scoring.value.money_per_unit), and the return is that money over the annual fee.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from kpicascade.drivers import Findings, LinkFinding
from kpicascade.measurements import Measurement, Measurements
from kpicascade.model import Scenario, Scorecard
from kpicascade.periods import Period
from kpicascade.scoring import Result, score
from kpicascade.scoring.value import money_per_unit

#: A score or value that moves less than this is reported as unmoved.
EPSILON = 1e-9
#: The three projections made: central, and each end of the effects' ranges.
BOUNDS = ("value", "low", "high")


@dataclass(frozen=True)
class Band:
    """A projected figure and its 95% range (low <= value <= high)."""

    value: float
    low: float
    high: float

    @classmethod
    def of(cls, value: float, a: float, b: float) -> Band:
        """Return the band of value between a and b, whichever is lower."""
        return cls(value, min(a, b, value), max(a, b, value))

    def times(self, factor: float) -> Band:
        """Return the band scaled by factor (the bounds swap when it is negative)."""
        return Band.of(self.value * factor, self.low * factor, self.high * factor)


@dataclass(frozen=True)
class LinkPath:
    """One signal -> measure link in a scenario: its verdict and, when confirmed, the change it carries."""

    node: str
    name: str
    lag: int
    verdict: str
    reason: str
    effect: Band | None = None
    change: Band | None = None
    arrives: str | None = None

    @property
    def contributes(self) -> bool:
        """Return whether the link moves its measure in the projection."""
        return self.change is not None


@dataclass(frozen=True)
class Moved:
    """A node's figure now and projected: a measure's level, or a score (0 to 1) up the cascade."""

    id: str
    name: str
    kind: str
    now: float | None
    projected: Band


@dataclass(frozen=True)
class Projection:
    """What a scenario would be worth: the measures it moves, the scores up the cascade, money and return."""

    scenario: Scenario
    period: str
    signal: str
    signal_now: float | None
    signal_change: float
    links: tuple[LinkPath, ...]
    measures: tuple[Moved, ...] = ()
    scores: tuple[Moved, ...] = ()
    overall: Moved | None = None
    value: Band | None = None
    roi: Band | None = None
    notes: tuple[str, ...] = field(default=())
    #: (node, measure, share): how much of a moved measure's score change reaches each node's score (a live
    #: workbook carries the projection up the cascade with them; exact where the roll-ups are weighted means).
    shares: tuple[tuple[str, str, float], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Return the projection as plain data for JSON."""
        data = asdict(self)
        data["scenario"] = self.scenario.model_dump(by_alias=True, exclude_none=True)
        for link, path in zip(data["links"], self.links, strict=True):
            link["contributes"] = path.contributes
        return data


def _latest(values: list[float | None], t: int) -> float | None:
    """Return the last known value at or before position t."""
    known = [v for v in values[: t + 1] if v is not None and not math.isnan(v)]
    return known[-1] if known else None


def signal_change(scenario: Scenario, now: float | None) -> float | None:
    """Return how much the scenario moves its signal from its level now; None when a percentage has no level.

    >>> from kpicascade.model import Scenario
    >>> signal_change(Scenario(id="s", name="s", signal="x", percent=20), 1200.0)
    240.0
    >>> signal_change(Scenario(id="s", name="s", signal="x", to=500), 420.0)
    80.0
    >>> signal_change(Scenario(id="s", name="s", signal="x", by=-3), None)
    -3.0
    """
    if scenario.by is not None:
        return scenario.by
    if now is None:
        return None
    if scenario.to is not None:
        return scenario.to - now
    return now * (scenario.percent or 0.0) / 100


def _start(card: Scorecard, scenario: Scenario, period: Period) -> Period:
    return Period.parse(scenario.start, card.calendar) if scenario.start is not None else period + 1


def _finding(findings: Findings, signal: str, node: str, lag: int) -> LinkFinding | None:
    return next(
        (f for f in findings.links if f.scope == "account" and (f.signal, f.node, f.lag) == (signal, node, lag)),
        None,
    )


def paths(card: Scorecard, scenario: Scenario, findings: Findings, change: float, period: Period) -> list[LinkPath]:
    """Return every link of the scenario's signal with the change it carries to its measure (none unless confirmed)."""
    names = {n.id: n.name for n in card.nodes}
    start = _start(card, scenario, period)
    found = []
    for link in card.links.signals:
        if link.signal != scenario.signal:
            continue
        f = _finding(findings, link.signal, link.node, link.lag)
        name = names.get(link.node, link.node)
        if f is None:
            found.append(LinkPath(link.node, name, link.lag, "too few periods", "no data for this link"))
        elif not f.confirmed or f.effect is None:
            found.append(LinkPath(link.node, name, link.lag, f.verdict, f.reason))
        else:
            effect = Band(f.effect.per_unit, f.effect.low, f.effect.high)
            arrives = str(start + link.lag)
            found.append(
                LinkPath(link.node, name, link.lag, f.verdict, f.reason, effect, effect.times(change), arrives)
            )
    return found


def moved_card(card: Scorecard, result: Result, shifts: dict[str, float]) -> Scorecard:
    """Return the scorecard with each shifted measure's level at the result's period moved by its shift.

    The level moved is the measure's latest actual at or before the period; it is written at the period itself.
    """
    at = result.period
    rows = [m for m in card.measurements if not (m.id in shifts and m.period == at)]
    for ident, shift in shifts.items():
        now = _latest(result.series(ident, "actual"), result.t)
        if now is not None:
            rows.append(Measurement(ident, at, now + shift))
    return card.with_measurements(Measurements(rows))


def _rescored(card: Scorecard, result: Result, shifts: dict[str, float]) -> Result:
    return score(moved_card(card, result, shifts), period=result.period)


def project(result: Result, scenario: Scenario, findings: Findings) -> Projection:
    """Return what the scenario would move, at the result's period, through the account's confirmed links."""
    card = result.card
    now = _latest(result.signal_series(scenario.signal), result.t)
    change = signal_change(scenario, now)
    label = str(result.period)
    if change is None:
        note = f"{scenario.signal} has no value at or before {label}: a percentage of nothing is nothing"
        return Projection(scenario, label, scenario.signal, now, 0.0, (), notes=(note,))
    links = paths(card, scenario, findings, change, result.period)
    carried: dict[str, list[Band]] = {}
    for link in links:
        if link.change is not None:
            carried.setdefault(link.node, []).append(link.change)
    if not carried:
        return Projection(scenario, label, scenario.signal, now, change, tuple(links))
    shifts = {
        node: Band(sum(b.value for b in bands), sum(b.low for b in bands), sum(b.high for b in bands))
        for node, bands in carried.items()
    }
    views = {which: _rescored(card, result, {n: getattr(b, which) for n, b in shifts.items()}) for which in BOUNDS}
    return Projection(
        scenario,
        label,
        scenario.signal,
        now,
        change,
        tuple(links),
        _measures(result, shifts),
        _scores(result, views),
        _overall(result, views),
        *_money(card, shifts),
        (),
        _shares(result, list(shifts)),
    )


def _shares(result: Result, measures: list[str]) -> tuple[tuple[str, str, float], ...]:
    """Return, for each moved measure, the share of its score change each other node's score takes ("overall" too).

    Found by moving the measure's level a hundredth of the way from baseline to target (back, near the cap)
    and scoring again: the change of each node's score over the change of the measure's.
    """
    out = []
    for ident in measures:
        metric = next(n.metric for n in result.card.nodes if n.id == ident)
        before = result.node(ident)
        if metric is None or before.score is None or before.target is None or before.baseline is None:
            continue
        step = (before.target - before.baseline) / 100 or 1.0
        if before.score > 1.0:
            step = -step
        view = _rescored(result.card, result, {ident: step})
        moved = (view.node(ident).score or 0.0) - before.score
        if abs(moved) <= EPSILON:
            continue
        for other in result.card.nodes:
            now, then = result.node(other.id).score, view.node(other.id).score
            if other.id != ident and now is not None and then is not None and abs(then - now) > EPSILON:
                out.append((other.id, ident, (then - now) / moved))
        now, then = result.overall_score, view.overall_score
        if now is not None and then is not None and abs(then - now) > EPSILON:
            out.append(("overall", ident, (then - now) / moved))
    return tuple(out)


def _measures(result: Result, shifts: dict[str, Band]) -> tuple[Moved, ...]:
    out = []
    for node in result.card.nodes:
        if node.id in shifts:
            now = _latest(result.series(node.id, "actual"), result.t)
            if now is not None:
                out.append(Moved(node.id, node.name, node.kind, now, _plus(now, shifts[node.id])))
    return tuple(out)


def _plus(now: float, shift: Band) -> Band:
    return Band(now + shift.value, now + shift.low, now + shift.high)


def _band(values: list[float | None]) -> Band | None:
    if any(v is None for v in values):
        return None
    value, a, b = (float(v) for v in values if v is not None)
    return Band.of(value, a, b)


def _scores(result: Result, views: dict[str, Result]) -> tuple[Moved, ...]:
    """Return every node whose score the scenario moves, in the scorecard's order, highest levels first."""
    out = []
    for node in result.card.nodes:
        before = result.node(node.id).score
        band = _band([views[w].node(node.id).score for w in BOUNDS])
        if band is None:
            continue
        if before is None or max(abs(band.value - before), abs(band.low - before), abs(band.high - before)) > EPSILON:
            out.append(Moved(node.id, node.name, node.kind, before, band))
    order = {"objective": 0, "kpi": 1, "kpm": 2, "mbo": 3}
    return tuple(sorted(out, key=lambda m: order.get(m.kind, 4)))


def _overall(result: Result, views: dict[str, Result]) -> Moved | None:
    band = _band([views[w].overall_score for w in BOUNDS])
    if band is None:
        return None
    return Moved("overall", result.card.account, "account", result.overall_score, band)


def _money(card: Scorecard, shifts: dict[str, Band]) -> tuple[Band | None, Band | None]:
    """Return the yearly value of the measures' changes, and that value over the annual fee."""
    total: Band | None = None
    for node in card.nodes:
        metric = node.metric
        if node.id not in shifts or metric is None or metric.value_per_unit is None:
            continue
        sign = {"increase": 1.0, "decrease": -1.0}.get(metric.direction, 0.0)
        worth = shifts[node.id].times(sign * money_per_unit(metric.value_per_unit, metric.aggregation, card.calendar))
        total = (
            worth if total is None else Band(total.value + worth.value, total.low + worth.low, total.high + worth.high)
        )
    fee = card.annual_fee
    if total is None or not fee:
        return total, None
    return total, total.times(1 / fee)
