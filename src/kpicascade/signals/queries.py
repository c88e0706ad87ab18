"""The queries that compute signals: which leaves share a scan, and each batch as one ibis expression."""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from typing import Any

from kpicascade.periods import Calendar
from kpicascade.signals.definitions import Leaf, Window, aggregate, condition
from kpicascade.signals.events import prepare
from kpicascade.signals.plan import Request


@dataclass(frozen=True)
class Grain:
    """The calendar a query groups by, and the window it averages over (None: the whole period)."""

    calendar: Calendar
    window: Window | None


#: Up to this many accounts, a query reads only theirs; beyond, it groups every account and the grid picks.
#: A semi-join costs about 10% on 50M events; a long literal list costs ibis seconds to compile.
FEW_ACCOUNTS = 50


def period_start(ts: Any, calendar: Calendar) -> Any:
    """Return the ibis expression of the start of a timestamp's calendar period."""
    return ts.truncate("M" if calendar == "month" else "Q")


def batches(requests: Sequence[Request]) -> list[tuple[Grain, list[Leaf]]]:
    """Return the queries to run: counts and sums share one per grain; each distinct count runs on its own."""
    kinds = {(r.calendar, id(r.formula)): r for r in requests}  # requests share formulas; look at each once
    shared: dict[Grain, dict[Leaf, None]] = defaultdict(dict)
    alone: dict[tuple[Grain, Leaf], None] = {}
    for request in kinds.values():
        for leaf in request.formula.leaves:
            grain = Grain(request.calendar, leaf.window)
            if leaf.measure == "distinct_users":
                alone[(grain, leaf)] = None
            else:
                shared[grain][leaf] = None
    return [(grain, list(leaves)) for grain, leaves in shared.items()] + [(g, [leaf]) for g, leaf in alone]


def query(raw: Any, grain: Grain, leaves: Sequence[Leaf], accounts: Sequence[str]) -> Any:
    """Return the ibis expression of leaves at a grain: a row per account and period start, a column per leaf.

    Only the columns and events the leaves use are read (and only the accounts asked for, when they are few);
    a single leaf is filtered before it is aggregated, which lets the engine count distinct users over far
    fewer rows than a filter inside the aggregate would.
    """
    users = any(leaf.measure == "distinct_users" for leaf in leaves)
    prepared = prepare(raw, {p for leaf in leaves for p in leaf.properties}, users)
    t = prepared.filter(prepared.account.isin(list(accounts))) if len(accounts) <= FEW_ACCOUNTS else prepared
    if len(leaves) == 1:
        if (only := condition(t, leaves[0])) is not None:
            t = t.filter(only)
    elif all(leaf.event_types for leaf in leaves):
        t = t.filter(t.event_type.isin(sorted({e for leaf in leaves for e in leaf.event_types})))
    elif all(leaf.event_types or leaf.where for leaf in leaves):
        t = t.filter(reduce(operator.or_, [condition(t, leaf) for leaf in leaves]))
    if len(leaves) == 1:
        columns = {"c0": aggregate(t, leaves[0], filtered=True)}
    else:
        columns = {f"c{i}": aggregate(t, leaf) for i, leaf in enumerate(leaves)}
    if grain.window is None:
        return t.group_by(account=t.account, start=period_start(t.ts, grain.calendar)).aggregate(**columns)
    unit = t.ts.truncate("W" if grain.window == "week" else "D")
    inner = t.group_by(account=t.account, unit=unit).aggregate(**columns)
    outer = {name: inner[name].sum() for name in columns}
    return inner.group_by(account=inner.account, start=period_start(inner.unit, grain.calendar)).aggregate(**outer)
