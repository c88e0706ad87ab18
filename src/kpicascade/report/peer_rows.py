"""The report's "customers like you" rows: the account's peer standings, formatted for people."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kpicascade.format import number


@dataclass(frozen=True)
class PeerRow:
    """One KPI in one cohort, as the report shows it."""

    name: str
    cohort: str
    size: int
    value: str
    percentile: str
    quartile: str
    median: str
    middle_half: str
    top: bool


def ordinal(n: int) -> str:
    """Return a whole number as an ordinal.

    >>> [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 90)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '90th']
    """
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _span(one: float, other: float, unit: str) -> str:
    """Return the middle half low to high, whichever way the metric is better (people read ranges that way)."""
    low, high = sorted((one, other))
    return f"{number(low, unit)} to {number(high, unit)}"


def peer_rows(standings: Iterable[Mapping[str, Any]]) -> list[PeerRow]:
    """Return the rows of the section, KPI by KPI, all customers before the account's own cohorts."""
    rows = []
    for s in sorted(standings, key=lambda s: (s["name"], s["cohort"] != "all customers", s["cohort"])):
        unit = s["unit"]
        rows.append(
            PeerRow(
                name=s["name"],
                cohort=s["cohort"],
                size=s["size"],
                value=number(s["value"], unit),
                percentile=ordinal(math.floor(s["percentile"] + 0.5)),  # half up: 12.5 is the 13th
                quartile=s["quartile"],
                median=number(s["median"], unit),
                middle_half=_span(s["lower_quartile"], s["upper_quartile"], unit),
                top=s["quartile"] == "top quartile",
            )
        )
    return rows
