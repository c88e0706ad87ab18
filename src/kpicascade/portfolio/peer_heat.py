"""The portfolio's benchmark heat maps: every account's percentile by catalogue KPI, and by perspective.

Cells come from each account's standings among all customers (scoring.peers), so a KPI shared by too few
accounts has no column and an account has a cell only where it reports the KPI. By perspective, a cell is the
mean of the account's percentiles on the KPIs of that perspective.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kpicascade.scoring.peers import ALL, quartile

Account = Mapping[str, Any]
#: The default perspectives, top-down as the heat map reads them; others follow in order of appearance.
PERSPECTIVE_ORDER = ("financial", "customer", "internal_process", "learning_growth")


@dataclass(frozen=True)
class HeatCell:
    """One account's percentile on one column, its quartile, and how many values it is made of."""

    percentile: float
    quartile: str
    count: int = 1

    @property
    def css(self) -> str:
        """Return the class the index colours the cell by."""
        return self.quartile.split()[0]


@dataclass(frozen=True)
class HeatMap:
    """Columns (id, title) and, for each account, a cell per column or None."""

    columns: list[tuple[str, str]]
    rows: list[tuple[Account, list[HeatCell | None]]]


def _overall(account: Account) -> list[Mapping[str, Any]]:
    return [s for s in account.get("peers", []) if s["cohort"] == ALL]


def by_kpi(accounts: Sequence[Account]) -> HeatMap:
    """Return the heat map of accounts by benchmark key, the most shared keys first."""
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    for a in accounts:
        for s in _overall(a):
            counts[s["key"]] = counts.get(s["key"], 0) + 1
            names.setdefault(s["key"], s["name"])
    columns = sorted(counts, key=lambda k: (-counts[k], k))
    rows = []
    for a in accounts:
        mine = {s["key"]: s for s in _overall(a)}
        rows.append((a, [HeatCell(mine[k]["percentile"], mine[k]["quartile"]) if k in mine else None for k in columns]))
    return HeatMap([(k, names[k]) for k in columns], rows)


def by_perspective(accounts: Sequence[Account]) -> HeatMap:
    """Return the heat map of accounts by perspective: the mean percentile of the account's KPIs in each."""
    seen = {s["perspective"] for a in accounts for s in _overall(a)}
    columns = [p for p in PERSPECTIVE_ORDER if p in seen] + sorted(seen - set(PERSPECTIVE_ORDER))
    rows = []
    for a in accounts:
        cells: list[HeatCell | None] = []
        for p in columns:
            found = [s["percentile"] for s in _overall(a) if s["perspective"] == p]
            mean = sum(found) / len(found) if found else None
            cells.append(None if mean is None else HeatCell(mean, quartile(mean), len(found)))
        rows.append((a, cells))
    return HeatMap([(p, p.replace("_", " ").capitalize()) for p in columns], rows)
