"""Measurements: tidy rows of (id, period, value) for nodes and signals."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from kpicascade.periods import Period
from kpicascade.problems import Location


@dataclass(frozen=True)
class Measurement:
    """The value of one node or signal in one period, and where it was read."""

    id: str
    period: Period
    value: float
    location: Location = field(default=Location(""), compare=False)


@dataclass
class Measurements:
    """Every measurement of a scorecard, in the order read."""

    rows: list[Measurement] = field(default_factory=list)

    def __iter__(self) -> Iterator[Measurement]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def series(self, item_id: str) -> dict[Period, float]:
        """Return one node's or signal's values by period."""
        return {m.period: m.value for m in self.rows if m.id == item_id}

    def periods(self) -> list[Period]:
        """Return every period that has a measurement, in order."""
        return sorted({m.period for m in self.rows})
