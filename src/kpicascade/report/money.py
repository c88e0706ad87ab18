"""The value figures as the report and deck show them: three figures with ranges and returns, each measure traced."""

from __future__ import annotations

from dataclasses import dataclass

from kpicascade.diagram.labels import measure
from kpicascade.format import as_known, number, percent
from kpicascade.scoring.valuation import Figure, LinkEvidence, NodeValue, Valuation

#: What each figure is, in a finance reader's words.
MEANING = {
    "total": "what the customer gained a year over its baselines, whoever caused it",
    "attributed": "the share of each improvement the customer agreed to credit to the vendor",
    "evidenced": "the part the usage data tie to the product: confirmed signal links' share of the movement",
}
STATE_WORDS = {
    "beyond noise": "beyond noise",
    "within noise": "within noise: not counted",
    "too few reports": "too few reports: not counted",
    "no reports": "no reports: not counted",
}


@dataclass(frozen=True)
class ValueFigure:
    """One of the three money figures, as text."""

    key: str
    label: str
    amount: str
    range: str
    roi: str
    note: str


@dataclass(frozen=True)
class ValueLine:
    """One valued measure's trace: level against baseline, value with range, and what is attributed and evidenced."""

    id: str
    name: str
    window: str
    level: str
    baseline: str
    noise: str
    value: str
    range: str
    state: str
    counted: bool
    attributed: str
    basis: str
    evidenced: str
    evidence: list[str]


def _money(amount: float | None, currency: str) -> str:
    return measure(amount, "currency", currency)


def _range(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return ""
    return f"{number(low, 'currency')} to {number(high, 'currency')}"


def _known(
    value: float | None, low: float | None, high: float | None
) -> tuple[float | None, float | None, float | None]:
    """Return a money estimate and its range rounded to the precision the range allows (format.as_known)."""
    if value is None or low is None or high is None:
        return value, low, high
    return as_known(value, low, high)


def figure(f: Figure, label: str, currency: str) -> ValueFigure:
    """Return a figure as text: amount a year, its range, and its return on the fee or why there is none."""
    counted = f.amount is not None and f.nodes > 0
    shown, low, high = _known(f.amount, f.low, f.high)
    amount = _money(shown, currency) if counted else "none"
    if f.name == "total" and f.amount is not None and not counted:
        amount = "none beyond noise"
    roi = ""
    if f.roi is not None:
        roi = f"{percent(f.roi)} ({percent(f.roi_low)} to {percent(f.roi_high)})"
    note = MEANING[f.name] if f.name == "total" or f.roi is not None else f.why
    return ValueFigure(f.name, label, amount, _range(low, high) if counted else "", roi, note)


def figures(v: Valuation) -> list[ValueFigure]:
    """Return the total, attributed and evidenced figures as text."""
    return [
        figure(v.total, "Total improvement value", v.currency),
        figure(v.attributed, f"Attributed to {v.vendor}", v.currency),
        figure(v.evidenced, "Evidenced by usage data", v.currency),
    ]


def _link(e: LinkEvidence, names: dict[str, str]) -> str:
    name = names.get(e.signal, e.signal)
    if e.r is None:
        return f"{name} (lag {e.lag}): {e.verdict}"
    interval = f" ({e.r_low:+.2f} to {e.r_high:+.2f})" if e.r_low is not None and e.r_high is not None else ""
    share = f", share {percent(e.share)} ({percent(e.share_low)} to {percent(e.share_high)})" if e.share else ""
    return f"{name} (lag {e.lag}): {e.verdict}, r {e.r:+.2f}{interval}{share}"


def _evidenced(n: NodeValue, currency: str) -> str:
    if not n.links:
        return "no signal linked"
    if not any(e.share for e in n.links):
        return "none: no link confirmed"
    amount, _, _ = n.evidenced or (0.0, 0.0, 0.0)
    share, low, high = n.evidence_share
    return f"{_money(amount, currency)} ({percent(share)} of the movement, {percent(low)} to {percent(high)})"


def line(n: NodeValue, currency: str, names: dict[str, str]) -> ValueLine:
    """Return one measure's trace as text."""
    rate = n.rate
    per = f"{n.window}, {rate.reports} report{'s' if rate.reports != 1 else ''}"
    attributed = n.attributed
    value, low, high = _known(rate.value, rate.low, rate.high)
    return ValueLine(
        id=n.id,
        name=n.name,
        window=per,
        level=measure(rate.level, n.unit, currency),
        baseline=measure(n.baseline, n.unit, currency),
        noise=f"± {measure(rate.noise, n.unit, currency)} a report" if rate.noise is not None else "",
        value=_money(value, currency),
        range=_range(low, high),
        state=STATE_WORDS[rate.state],
        counted=rate.state == "beyond noise",
        attributed=(
            f"{_money(attributed[0], currency)} ({percent(n.attribution.share)} agreed)"
            if attributed and n.attribution
            else "none agreed"
        ),
        basis=n.attribution.basis if n.attribution else "",
        evidenced=_evidenced(n, currency),
        evidence=[_link(e, names) for e in n.links],
    )


def lines(v: Valuation, names: dict[str, str]) -> list[ValueLine]:
    """Return every valued measure's trace, the largest value counted first."""
    ordered = sorted(v.nodes, key=lambda n: (-abs(n.total[0]), -abs(n.rate.value or 0.0), n.id))
    return [line(n, v.currency, names) for n in ordered]
