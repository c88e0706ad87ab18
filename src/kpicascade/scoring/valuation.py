"""The three value figures an executive can sign: total improvement, attributed to the vendor, evidenced by data.

- total: what the customer gained over the baseline, whoever caused it (every valued measure beyond noise);
- attributed: the share of each measure's improvement the customer agreed to credit to the vendor
  (`attribution:` with its basis); none where nothing is agreed;
- evidenced: the part the driver analysis supports: a measure whose usage-signal links are confirmed
  counts the signals' share of its variance (relative weights), with an interval from the correlations'.

The return on the fee is computed on attributed and on evidenced value, never on the total.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from kpicascade.format import as_known, number, percent
from kpicascade.model import Attribution, Scorecard
from kpicascade.periods import Period
from kpicascade.scoring.prepare import Arrays
from kpicascade.scoring.value import PERIODS_PER_YEAR, RunRate, money_per_unit, roi, run_rate

if TYPE_CHECKING:
    from kpicascade.drivers import Findings

Bounds = tuple[float, float, float]  # amount, low, high
FigureName = Literal["total", "attributed", "evidenced"]


@dataclass(frozen=True)
class LinkEvidence:
    """One usage signal's link to a valued measure: its verdict, correlation and the share of variance credited."""

    signal: str
    lag: int
    verdict: str
    r: float | None
    r_low: float | None
    r_high: float | None
    #: The share of the measure's variance credited to this signal: its relative weight if confirmed, else 0.
    share: float
    share_low: float
    share_high: float


@dataclass(frozen=True)
class NodeValue:
    """One valued measure: its run rate, and what of it is total, attributed and evidenced money."""

    id: str
    name: str
    unit: str
    flow: bool
    window: str
    baseline: float
    value_per_unit: float
    rate: RunRate
    attribution: Attribution | None
    links: tuple[LinkEvidence, ...]

    @property
    def total(self) -> Bounds:
        """Return the value counted as money: the run rate beyond noise, else zero."""
        return self.rate.counted

    @property
    def attributed(self) -> Bounds | None:
        """Return the agreed share of the counted value, or None where no share is agreed."""
        if self.attribution is None:
            return None
        share = self.attribution.share
        amount, low, high = self.total
        return amount * share, low * share, high * share

    @property
    def evidence_share(self) -> Bounds:
        """Return the share of the measure's variance its confirmed signals explain, with its interval (capped at 1)."""
        share = min(sum(e.share for e in self.links), 1.0)
        low = min(sum(e.share_low for e in self.links), 1.0)
        return share, low, min(sum(e.share_high for e in self.links), 1.0)

    @property
    def evidenced(self) -> Bounds | None:
        """Return the counted value times the evidenced share (interval from both), or None without signal links."""
        if not self.links:
            return None
        amount, low, high = self.total
        share, share_low, share_high = self.evidence_share
        ends = [v * s for v in (low, high) for s in (share_low, share_high)]
        return amount * share, min(ends), max(ends)

    def as_dict(self) -> dict[str, Any]:
        """Return the trace of this measure's value as plain data for JSON."""
        return {
            "id": self.id,
            "name": self.name,
            "unit": self.unit,
            "flow": self.flow,
            "window": self.window,
            "baseline": self.baseline,
            "value_per_unit": self.value_per_unit,
            **asdict(self.rate),
            "total": list(self.total),
            "attribution": self.attribution.model_dump() if self.attribution else None,
            "attributed": list(self.attributed) if self.attributed else None,
            "links": [asdict(e) for e in self.links],
            "evidence_share": list(self.evidence_share),
            "evidenced": list(self.evidenced) if self.evidenced else None,
        }


@dataclass(frozen=True)
class Figure:
    """One account-wide money figure with its 95% range, what it rests on, and the return on the fee it gives."""

    name: FigureName
    amount: float | None
    low: float | None
    high: float | None
    #: Valued measures beyond noise that count towards the figure.
    nodes: int
    roi: float | None
    roi_low: float | None
    roi_high: float | None
    #: In words, why the figure or its return is not given (empty when both are).
    why: str = ""


def _sum(rows: list[Bounds]) -> Bounds:
    return sum(r[0] for r in rows), sum(r[1] for r in rows), sum(r[2] for r in rows)


def _figure(name: FigureName, rows: list[Bounds | None], counted: list[bool], fee: float | None, why: str) -> Figure:
    """Return a figure as the sum of its measures' rows (ranges add up: the cautious way), with its return."""
    present = [(r, c) for r, c in zip(rows, counted, strict=True) if r is not None]
    if not present:
        return Figure(name, None, None, None, 0, None, None, None, why)
    amount, low, high = _sum([r for r, _ in present])
    nodes = sum(1 for r, c in present if c and r[0] != 0)
    if name == "total" or not nodes or not fee:
        reason = "" if name == "total" else (why if not nodes else "no annual fee is recorded")
        return Figure(name, amount, low, high, nodes, None, None, None, reason)
    return Figure(name, amount, low, high, nodes, roi(amount, fee), roi(low, fee), roi(high, fee))


def link_evidence(card: Scorecard, node: str, findings: Findings | None) -> tuple[LinkEvidence, ...]:
    """Return each usage-signal link of a measure with its account verdict and the share of variance it earns."""
    found = {
        (f.signal, f.lag): f for f in (findings.links if findings else []) if f.node == node and f.scope == "account"
    }
    weights = {
        (w.driver, w.lag): w.weight
        for i in (findings.importance if findings else [])
        if i.node == node and i.scope == "account"
        for w in i.weights
    }
    out = []
    for link in card.links.signals:
        if link.node != node:
            continue
        f = found.get((link.signal, link.lag))
        c = f.at_lag if f else None
        r, low, high = (c.r, c.low, c.high) if c else (None, None, None)
        verdict = f.verdict if f else "not analysed"
        share = share_low = share_high = 0.0
        if verdict == "confirmed" and r is not None and low is not None and high is not None and r != 0:
            share = weights.get((link.signal, link.lag), r * r)
            near, far = sorted((abs(low), abs(high)))
            share_low, share_high = share * (near / r) ** 2, min(share * (far / r) ** 2, 1.0)
        out.append(LinkEvidence(link.signal, link.lag, verdict, r, low, high, share, share_low, share_high))
    return tuple(out)


def node_values(card: Scorecard, cal: Arrays, end: int, findings: Findings | None) -> list[NodeValue]:
    """Return every valued measure's value at the period index end of the scorecard's own calendar arrays."""
    window = PERIODS_PER_YEAR[card.calendar]
    first = max(end - window + 1, 0)
    label = f"{cal.periods[first]}..{cal.periods[end]}" if cal.periods else ""
    out = []
    for i, node in enumerate(card.nodes):
        metric = node.metric
        if metric is None or metric.value_per_unit is None or metric.direction == "band":
            continue
        baseline = float(cal.baseline[i])
        if np.isnan(baseline):
            continue
        flow = metric.aggregation == "sum"
        money = money_per_unit(metric.value_per_unit, metric.aggregation, card.calendar)
        rate = run_rate(cal.measured[i, : end + 1], window, baseline, float(cal.direction[i]), money)
        links = link_evidence(card, node.id, findings)
        out.append(
            NodeValue(
                node.id,
                node.name,
                metric.unit,
                flow,
                label,
                baseline,
                metric.value_per_unit,
                rate,
                node.attribution,
                links,
            )
        )
    return out


@dataclass(frozen=True)
class Valuation:
    """An account's value at a period: every valued measure's trace and the three figures."""

    currency: str
    vendor: str
    fee: float | None
    window: str
    nodes: tuple[NodeValue, ...]
    total: Figure
    attributed: Figure
    evidenced: Figure

    def node(self, node_id: str) -> NodeValue | None:
        """Return one measure's value, or None if it carries no value."""
        return self._by_id.get(node_id)

    @cached_property
    def _by_id(self) -> dict[str, NodeValue]:
        """Return the valued measures by id, built once: renderers look a node up for every node they show."""
        return {n.id: n for n in self.nodes}

    @property
    def headline(self) -> str:
        """Return the value in one or two sentences a finance reader can sign."""
        return headline(self)

    def to_dict(self) -> dict[str, Any]:
        """Return the figures and every measure's trace as plain data for JSON."""
        return {
            "currency": self.currency,
            "annual_fee": self.fee,
            "window": self.window,
            "headline": self.headline,
            **{f.name: asdict(f) for f in (self.total, self.attributed, self.evidenced)},
            "nodes": [n.as_dict() for n in self.nodes],
        }


def valuation(card: Scorecard, cal: Arrays, end: int, findings: Findings | None) -> Valuation:
    """Return the account's value at period index end of its own calendar, with evidence from findings."""
    nodes = node_values(card, cal, end, findings)
    counted = [n.rate.state == "beyond noise" for n in nodes]
    fee = card.annual_fee
    total = _figure("total", [n.total for n in nodes], counted, fee, "no measure carries a value per unit")
    attributed = _figure(
        "attributed",
        [n.attributed for n in nodes],
        counted,
        fee,
        "the customer has agreed no share of the improvement"
        if all(n.attribution is None for n in nodes)
        else "no measure with an agreed share improved beyond noise",
    )
    has_links = any(n.links for n in nodes)
    confirmed = [c and any(e.share > 0 for e in n.links) for n, c in zip(nodes, counted, strict=True)]
    evidenced = _figure(
        "evidenced",
        [n.evidenced for n in nodes],
        confirmed,
        fee,
        "no usage signal is linked to a valued measure"
        if not has_links
        else "no valued measure improved beyond noise with a usage link the data confirm",
    )
    window = nodes[0].window if nodes else ""
    return Valuation(card.currency, card.vendor, fee, window, tuple(nodes), total, attributed, evidenced)


def calendar_end(card: Scorecard, cal: Arrays, period: Period) -> int:
    """Return the index in the scorecard's own calendar of the viewed period's last reporting period with data."""
    last = period.months()[-1] if period.calendar != card.calendar else period
    end = max((j for j, p in enumerate(cal.periods) if p <= last), default=0)
    data = cal.cascade.last_data
    return min(end, data) if data is not None else end


def money(amount: float | None, currency: str) -> str:
    """Return an amount of money for people: "USD 1,234,568"."""
    return f"{currency} {number(amount, 'currency')}"


def span_text(figure: Figure, currency: str) -> str:
    """Return a figure with its range, to the precision the range allows: "USD 120,000 a year (80,000 to 160,000)"."""
    amount, low, high = figure.amount, figure.low, figure.high
    if amount is not None and low is not None and high is not None:
        amount, low, high = as_known(amount, low, high)
    return f"{money(amount, currency)} a year ({number(low, 'currency')} to {number(high, 'currency')})"


def roi_text(figure: Figure) -> str:
    """Return a figure's return on the fee with its range, or why there is none."""
    if figure.roi is None:
        return f"no return on the fee: {figure.why}"
    return f"return on the fee {percent(figure.roi)} ({percent(figure.roi_low)} to {percent(figure.roi_high)})"


def summary(v: Valuation) -> str:
    """Return the three figures in one short line for a title: amounts, and returns where there are any."""
    if v.total.amount is None:
        return "no value per unit defined"
    if v.total.nodes == 0:
        return "no improvement beyond noise, no return claimed"
    parts = [f"improvement {money(v.total.amount, v.currency)} a year"]
    for figure, words in ((v.attributed, "attributed"), (v.evidenced, "evidenced")):
        if figure.amount is None or figure.nodes == 0:
            parts.append(f"{words} none")
        else:
            back = f" (return {percent(figure.roi)})" if figure.roi is not None else ""
            parts.append(f"{words} {money(figure.amount, v.currency)}{back}")
    return " · ".join(parts)


def headline(v: Valuation) -> str:
    """Return the account's value in words: the total, then what is attributed and evidenced, and the return."""
    if v.total.amount is None:
        return "No value is defined: no measure carries a value per unit."
    if v.total.nodes == 0:
        return (
            "No improvement beyond noise: every valued measure moved within its own variability "
            "(or has too few reports), so no value and no return on the fee are claimed."
        )
    parts = [f"Improvement worth {span_text(v.total, v.currency)}, whoever caused it."]
    for figure, words in ((v.attributed, f"Attributed to {v.vendor}"), (v.evidenced, "Evidenced by usage data")):
        if figure.roi is None and (figure.amount is None or figure.nodes == 0):
            parts.append(f"{words}: none ({figure.why}).")
        else:
            parts.append(f"{words}: {span_text(figure, v.currency)}, {roi_text(figure)}.")
    if v.attributed.roi is None and v.evidenced.roi is None:
        parts.append("No return on the fee is claimed.")
    return " ".join(parts)
