"""What more adoption would be worth: the scorecard's scenarios as the report shows them, in words and figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kpicascade.format import number, percent
from kpicascade.model import Scorecard
from kpicascade.whatif import Band, Projection


@dataclass(frozen=True)
class ScenarioView:
    """One scenario for the report: the change, what each link carries, the figures it moves and its worth."""

    name: str
    change: str
    links: list[list[str]] = field(default_factory=list)
    moved: list[list[str]] = field(default_factory=list)
    worth: str = ""


def _band(band: Band | None, unit: str | None = None) -> str:
    if band is None:
        return "\u2013"
    if abs(band.high - band.low) < 1e-12:
        return number(band.value, unit)
    return f"{number(band.value, unit)} ({number(band.low, unit)} to {number(band.high, unit)})"


def _carried(band: Band | None, unit: str | None) -> str:
    """Return a change of a measure: a percentage's change in points, anything else as its unit shows it."""
    if band is None or unit not in {"percent", "%", "pct"}:
        return _band(band, unit)

    def points(v: float) -> str:
        return f"{v * 100:+.1f} pts".replace("-", "\u2212")

    if abs(band.high - band.low) < 1e-12:
        return points(band.value)
    return f"{points(band.value)} ({points(band.low)} to {points(band.high)})"


def _scores(band: Band) -> str:
    if abs(band.high - band.low) < 1e-12:
        return percent(band.value)
    return f"{percent(band.value)} ({percent(band.low)} to {percent(band.high)})"


def _change(card: Scorecard, p: Projection) -> str:
    signal = next((s for s in card.signals if s.id == p.signal), None)
    name = signal.name if signal else p.signal
    now = "no value yet" if p.signal_now is None else f"{number(p.signal_now)} now"
    sign = "+" if p.signal_change >= 0 else "\u2212"
    return f"{name}: {now}, {sign}{number(abs(p.signal_change))}"


def _worth(card: Scorecard, p: Projection) -> str:
    if p.value is not None:
        on_fee = f", {_scores(p.roi)} of the annual fee" if p.roi is not None else ""
        return f"Worth {card.currency} {_band(p.value, 'currency')} a year{on_fee}."
    if not any(link.contributes for link in p.links):
        return "Worth nothing the data support yet: no link of this signal is confirmed."
    return "The measures it moves carry no value per unit, so no money is put on it."


def view(card: Scorecard, p: Projection) -> ScenarioView:
    """Return one projection as the report shows it."""
    units = {n.id: n.metric.unit if n.metric else None for n in card.nodes}
    links = [
        [
            link.name,
            link.verdict,
            _carried(link.change, units.get(link.node)) if link.contributes else "nothing: not confirmed",
            link.arrives or "\u2013",
        ]
        for link in p.links
    ]
    moved = [[m.name, number(m.now, units.get(m.id)), _band(m.projected, units.get(m.id))] for m in p.measures]
    moved += [[f"{m.name} (score)", percent(m.now), _scores(m.projected)] for m in p.scores if m.kind == "objective"]
    if p.overall is not None and p.overall.now is not None:
        moved.append(["Overall score", percent(p.overall.now), _scores(p.overall.projected)])
    return ScenarioView(p.scenario.name, _change(card, p), links, moved, _worth(card, p))


def views(card: Scorecard, projections: Sequence[Projection]) -> list[ScenarioView]:
    """Return every projection as the report shows it, in the scorecard's order."""
    return [view(card, p) for p in projections]
