"""The KPI catalogue's format: pydantic classes for a pack of shared KPI and KPM definitions, no I/O.

A pack is one YAML file of the catalogue (a department's, or an industry's); every entry says what the metric
is, how it is computed, which way is better, what is typical, which usage signals tend to drive it, and which
public reference the definition follows.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from kpicascade.model import Aggregation, Calendar, CatalogRef, Id, Strict, Text, Timing

#: A catalogue id: the pack's prefix, a dot, and the metric's name, like supply.otif (what a node's catalog: names).
CatalogId = CatalogRef
Industry = Literal["manufacturing", "software", "healthcare"]
#: A catalogue entry sits in one of the four default perspectives, so that it fits any scorecard that keeps them.
CatalogPerspective = Literal["financial", "customer", "internal_process", "learning_growth"]


class Typical(Strict):
    """Where performance is commonly called good and poor, in the metric's unit (fractions for percent)."""

    good: float
    poor: float
    note: Text | None = None


class SuggestedLink(Strict):
    """A usage signal that typically moves the metric: its id in the catalogue's signals, sign and lag."""

    signal: Id
    sign: Literal["+", "-"] = "+"
    lag: int = Field(default=0, ge=0, le=24)


class CatalogEntry(Strict):
    """One KPI or KPM of the catalogue, defined once for every account that uses it."""

    id: CatalogId
    name: Text
    kind: Literal["kpi", "kpm"]
    department: Id
    industry: Industry | None = None
    perspective: CatalogPerspective
    definition: Text
    formula: Text
    unit: Text
    direction: Literal["increase", "decrease"]
    aggregation: Aggregation
    frequency: Calendar | None = None
    timing: Timing
    typical: Typical
    signals: list[SuggestedLink] = Field(default_factory=list)
    feeds: list[CatalogId] = Field(default_factory=list)
    source: Text

    @model_validator(mode="after")
    def _typical_follows_direction(self) -> CatalogEntry:
        better = self.typical.good > self.typical.poor
        if better != (self.direction == "increase"):
            raise ValueError(
                f"typical good ({self.typical.good:g}) must be {'above' if self.direction == 'increase' else 'below'}"
                f" poor ({self.typical.poor:g}) for a metric whose direction is {self.direction}"
            )
        return self


class UsageSignal(Strict):
    """A usage signal of the vendor's product that catalogue entries name as a typical driver."""

    id: Id
    name: Text
    unit: Text
    description: Text


class Pack(Strict):
    """One file of the catalogue: a department's or an industry's entries, all ids under one prefix."""

    pack: Id
    title: Text
    prefix: Annotated[str, StringConstraints(pattern=r"^[a-z]+$")]
    entries: list[CatalogEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_under_prefix(self) -> Pack:
        stray = [e.id for e in self.entries if not e.id.startswith(f"{self.prefix}.")]
        if stray:
            raise ValueError(f"ids of pack {self.pack} must start with {self.prefix}.; these do not: {stray}")
        return self


class SignalList(Strict):
    """The catalogue's usage signals, which entries reference by id."""

    signals: list[UsageSignal] = Field(min_length=1)
