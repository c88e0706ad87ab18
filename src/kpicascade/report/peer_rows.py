"""The "customers like you" rows: the account's peer standings, formatted for people.

The report and the deck show these rows as text; the workbook's Peers sheet takes the same order, percentile
and middle half as numbers (ordered, whole_percentile, middle_half), so the three never disagree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kpicascade.format import number
from kpicascade.scoring.peers import ALL, QUARTILES


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


def whole_percentile(percentile: float) -> int:
    """Return a percentile as the outputs show it: a whole number, half up (Python's round would make 12.5 the 12th).

    >>> [whole_percentile(p) for p in (12.5, 100 * 5.5 / 6, 100 * 0.5 / 6, 90.0)]
    [13, 92, 8, 90]
    """
    return math.floor(percentile + 0.5)


def middle_half(standing: Mapping[str, Any]) -> tuple[float, float]:
    """Return the cohort's middle half low to high, whichever way the metric is better (people read ranges that way).

    >>> middle_half({"lower_quartile": 0.164, "upper_quartile": 0.112})
    (0.112, 0.164)
    """
    low, high = sorted((standing["lower_quartile"], standing["upper_quartile"]))
    return low, high


def is_top(standing: Mapping[str, Any]) -> bool:
    """Return whether the account stands in the cohort's top quartile (the rows the outputs mark)."""
    return bool(standing["quartile"] == QUARTILES[0])


def ordered(standings: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Return the standings KPI by KPI, all customers before the account's own cohorts."""
    return sorted(standings, key=lambda s: (s["name"], s["cohort"] != ALL, s["cohort"]))


def peer_rows(standings: Iterable[Mapping[str, Any]]) -> list[PeerRow]:
    """Return the rows of the section, KPI by KPI, all customers before the account's own cohorts."""
    rows = []
    for s in ordered(standings):
        unit = s["unit"]
        low, high = middle_half(s)
        rows.append(
            PeerRow(
                name=s["name"],
                cohort=s["cohort"],
                size=s["size"],
                value=number(s["value"], unit),
                percentile=ordinal(whole_percentile(s["percentile"])),
                quartile=s["quartile"],
                median=number(s["median"], unit),
                middle_half=f"{number(low, unit)} to {number(high, unit)}",
                top=is_top(s),
            )
        )
    return rows
