"""Peer benchmarks: where each account stands among accounts like it on the KPIs they share.

Nodes of different accounts are compared when they share a benchmark key (their catalogue entry, or an explicit
`benchmark:`). Values are compared as the metric reads them: in the key's unit (a node measured in another
unit is left out) and by its direction (lower is better for a decrease metric). An account's percentile in a
cohort is the share of the cohort it does better than, ties counted half:

    percentile = 100 x (worse + 0.5 x equal) / size        (equal counts the account itself)

so the best of five stands at 90, the middle one at 50, the worst at 10. Quartiles are cut at 75, 50 and 25.
A cohort is every account with a value for the key (all customers), or those sharing a tag's value with the
account (industry: manufacturing); one smaller than the minimum size is never shown, so that no single
customer can be picked out.
"""

from __future__ import annotations

import bisect
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kpicascade.scoring.result import Result

#: Accounts a cohort needs before anything of it is shown.
MIN_COHORT = 5
#: The account tags that make cohorts, each on its own, beside all customers.
COHORT_TAGS = ("industry", "size", "region")
ALL = "all customers"
QUARTILES = ("top quartile", "second quartile", "third quartile", "bottom quartile")


def benchmark_values(result: Result) -> list[dict[str, Any]]:
    """Return the account's value of each node with a benchmark key at the result's period, as plain data."""
    rows = []
    for node in result.card.nodes:
        key = node.benchmark_key
        if key is None or node.metric is None:
            continue
        figures = result.node(node.id)
        if figures.actual is None:
            continue
        rows.append(
            {
                "key": key,
                "node": node.id,
                "name": node.name,
                "unit": node.metric.unit,
                "direction": node.metric.direction,
                "perspective": node.perspective,
                "value": figures.actual,
            }
        )
    return rows


@dataclass(frozen=True)
class Standing:
    """Where one account stands in one cohort on one benchmark key."""

    key: str
    name: str
    unit: str
    direction: str
    perspective: str
    cohort: str
    size: int
    value: float
    percentile: float
    quartile: str
    median: float
    lower_quartile: float
    upper_quartile: float

    def as_dict(self) -> dict[str, Any]:
        """Return the standing as plain data."""
        return asdict(self)


def quartile(percentile: float) -> str:
    """Return the quartile a percentile falls in, the top one first.

    >>> [quartile(p) for p in (90, 75, 74.9, 50, 25, 10)]
    ['top quartile', 'top quartile', 'second quartile', 'second quartile', 'third quartile', 'bottom quartile']
    """
    return QUARTILES[0 if percentile >= 75 else 1 if percentile >= 50 else 2 if percentile >= 25 else 3]


def percentile(score: float, scores: Sequence[float]) -> float:
    """Return the percentile of a score among sorted scores (higher is better; the score is one of them).

    >>> [percentile(s, [1, 2, 3, 4, 5]) for s in (5, 3, 1)], percentile(2, [1, 2, 2, 3])
    ([90.0, 50.0, 10.0], 50.0)
    """
    worse = bisect.bisect_left(scores, score)
    equal = bisect.bisect_right(scores, score) - worse
    return 100 * (worse + 0.5 * equal) / len(scores)


@dataclass(frozen=True)
class _Row:
    account: str
    tags: dict[str, str]
    row: dict[str, Any]


def _comparable(rows: list[_Row]) -> list[_Row]:
    """Return the rows in the key's own unit and direction (the most common of each); the others cannot be ranked."""
    unit = Counter(r.row["unit"] for r in rows).most_common(1)[0][0]
    direction = Counter(r.row["direction"] for r in rows).most_common(1)[0][0]
    if direction not in ("increase", "decrease"):
        return []
    return [r for r in rows if r.row["unit"] == unit and r.row["direction"] == direction]


def _cohorts(rows: list[_Row], tags: Sequence[str]) -> Iterable[tuple[str, list[_Row]]]:
    yield ALL, rows
    for tag in tags:
        groups: dict[str, list[_Row]] = defaultdict(list)
        for r in rows:
            if tag in r.tags:
                groups[r.tags[tag]].append(r)
        for value, members in sorted(groups.items()):
            yield f"{tag}: {value}", members


def _standings(cohort: str, members: list[_Row]) -> Iterable[tuple[str, Standing]]:
    sign = 1.0 if members[0].row["direction"] == "increase" else -1.0
    scores = sorted(sign * r.row["value"] for r in members)
    values = sorted(r.row["value"] for r in members)
    low, median, high = statistics.quantiles(values, n=4, method="inclusive")
    if sign < 0:  # for a decrease metric the better quarter is the lower one
        low, high = high, low
    for r in members:
        p = percentile(sign * r.row["value"], scores)
        yield r.account, Standing(
            r.row["key"], r.row["name"], r.row["unit"], r.row["direction"], r.row["perspective"], cohort,
            len(members), r.row["value"], p, quartile(p), median, low, high,
        )  # fmt: skip


def standings(
    accounts: Iterable[dict[str, Any]], *, tags: Sequence[str] = COHORT_TAGS, min_size: int = MIN_COHORT
) -> dict[str, list[Standing]]:
    """Return each account's standings (by account id), key by key, in every cohort of at least min_size accounts.

    An account is a portfolio summary: account_id, tags (a mapping) and benchmarks (benchmark_values' rows);
    an account with two nodes under one key counts once, with the first.
    """
    by_key: dict[str, dict[str, _Row]] = defaultdict(dict)
    for account in accounts:
        for row in account.get("benchmarks", []):
            by_key[row["key"]].setdefault(account["account_id"], _Row(account["account_id"], account["tags"], row))
    found: dict[str, list[Standing]] = defaultdict(list)
    for key in sorted(by_key):
        for cohort, members in _cohorts(_comparable(list(by_key[key].values())), tags):
            if len(members) >= max(min_size, 2):
                for account_id, standing in _standings(cohort, members):
                    found[account_id].append(standing)
    return dict(found)
