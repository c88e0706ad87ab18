"""Signal definitions as ibis expressions: each measure is one filtered aggregate, so many share a scan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from kpicascade.model import EventQuery
from kpicascade.signals.events import property_column

Measure = Literal["count", "distinct_users", "sum"]
Window = Literal["week", "day"]
Scalar = str | int | float | bool


@dataclass(frozen=True)
class Leaf:
    """One aggregate over filtered events: a count, distinct users or a sum, per period or per window."""

    measure: Measure
    event_types: tuple[str, ...] = ()
    where: tuple[tuple[str, Scalar], ...] = ()
    prop: str | None = None
    window: Window | None = None

    @property
    def properties(self) -> set[str]:
        """Return the event properties the aggregate reads."""
        return {name for name, _ in self.where} | ({self.prop} if self.prop else set())


def _leaf(query: EventQuery, measure: Measure) -> Leaf:
    where = tuple(sorted(query.where.items()))
    prop = query.property if measure == "sum" else None
    return Leaf(measure, tuple(sorted(set(query.event_types))), where, prop, query.window)


def numerator_measure(query: EventQuery) -> Measure:
    """Return how a ratio's numerator is measured: as declared, like its denominator, or distinct users."""
    if query.numerator is not None:
        return query.numerator
    if query.denominator is not None and query.denominator.measure != "ratio":
        return query.denominator.measure
    return "distinct_users"


@dataclass(frozen=True)
class Formula:
    """A signal as leaves: the numerator, and the denominator as a leaf or a constant (or neither)."""

    numerator: Leaf
    denominator: Leaf | None = None
    constant: float | None = None

    @property
    def leaves(self) -> list[Leaf]:
        """Return the aggregates the signal needs."""
        return [self.numerator] + ([self.denominator] if self.denominator else [])


def formula(query: EventQuery) -> Formula:
    """Return the leaves that compute a signal's events definition."""
    if query.measure != "ratio":
        return Formula(_leaf(query, query.measure))
    numerator = _leaf(query, numerator_measure(query))
    if query.denominator is not None:
        den = query.denominator
        return Formula(numerator, _leaf(den, den.measure if den.measure != "ratio" else "count"))
    return Formula(numerator, constant=query.denominator_value)


def condition(events: Any, leaf: Leaf) -> Any:
    """Return the filter of a leaf as an ibis boolean, or None when it takes every event."""
    terms = []
    if len(leaf.event_types) == 1:
        terms.append(events.event_type == leaf.event_types[0])
    elif leaf.event_types:
        terms.append(events.event_type.isin(list(leaf.event_types)))
    terms += [events[property_column(name)] == value for name, value in leaf.where]
    if not terms:
        return None
    found = terms[0]
    for term in terms[1:]:
        found = found & term
    return found


def aggregate(events: Any, leaf: Leaf, filtered: bool = False) -> Any:
    """Return the ibis aggregate of a leaf over events, filtering inside it unless the events are filtered."""
    where = None if filtered else condition(events, leaf)
    if leaf.measure == "count":
        return events.count(where=where)
    if leaf.measure == "distinct_users":
        return events.user.nunique(where=where)
    assert leaf.prop is not None  # the model requires a property for sums
    return events[property_column(leaf.prop)].sum(where=where)
