"""Relative importance of the several drivers of one outcome: who explains how much of R²."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from kpicascade.drivers.findings import MIN_PAIRS, Importance, Scope, Weight
from kpicascade.drivers.series import Floats, Series
from kpicascade.drivers.stats import (
    MAX_SHAPLEY,
    betas,
    correlation,
    correlations,
    detrend,
    r_squared,
    relative_weights,
    shapley,
    standardise,
)

Driver = tuple[str, int]  # signal, lag


def design(x: Sequence[Floats], lags: Sequence[int], y: Floats) -> Floats:
    """Return the rows [x_1 at t - lag_1, ..., y at t] where every value is known."""
    span = max(lags, default=0)
    if span >= len(y):
        return np.zeros((0, len(x) + 1))
    columns = [series[span - lag : len(series) - lag] for series, lag in zip(x, lags, strict=True)] + [y[span:]]
    rows = np.column_stack(columns)
    return rows[~np.isnan(rows).any(axis=1)]


def detrended(rows: Floats) -> Floats:
    """Return the rows with each column's straight-line trend over the rows removed, as the link tests do."""
    if len(rows) == 0:
        return rows
    return np.column_stack([detrend(rows[:, j]) for j in range(rows.shape[1])])


def within(rows: Floats) -> Floats | None:
    """Return the rows with every column standardised, or None when a column does not vary."""
    columns = []
    for j in range(rows.shape[1]):
        column = standardise(rows[:, j])
        if column is None:
            return None
        columns.append(column)
    return np.column_stack(columns)


def decompose(
    node: str, drivers: Sequence[Driver], rows: Floats, scope: Scope, accounts: tuple[str, ...], lost: int = 0
) -> Importance:
    """Return the relative weights of drivers from rows [x..., y], with R² and each driver's correlation."""
    p, n = len(drivers), len(rows)
    if n < p + MIN_PAIRS - 1:
        return Importance(
            node,
            scope,
            accounts,
            n,
            None,
            note=f"{n} complete periods; at least {p + MIN_PAIRS - 1} needed for {p} drivers",
        )
    rxx, rxy = correlations(rows)
    if not (np.isfinite(rxx).all() and np.isfinite(rxy).all()):
        return Importance(node, scope, accounts, n, None, note="a driver or the outcome does not vary")
    r2 = r_squared(rxx, rxy)
    raw = relative_weights(rxx, rxy)
    lmg: list[float | None] = [float(v) for v in shapley(rxx, rxy)] if p <= MAX_SHAPLEY else [None] * p
    beta = betas(rxx, rxy)
    weights = [
        Weight(
            signal,
            lag,
            float(raw[j]),
            float(raw[j] / r2) if r2 > 0 else 0.0,
            lmg[j],
            float(beta[j]),
            correlation(rows[:, j], rows[:, -1], lost),
        )
        for j, (signal, lag) in enumerate(drivers)
    ]
    weights.sort(key=lambda w: -w.weight)
    return Importance(node, scope, accounts, n, r2, tuple(weights))


def account_importance(series: Series, node: str, drivers: Sequence[Driver]) -> Importance:
    """Return the drivers' relative weights for one account's node."""
    rows = design([series.signals[s] for s, _ in drivers], [lag for _, lag in drivers], series.nodes[node])
    return decompose(node, drivers, detrended(rows), "account", (series.account,))


def portfolio_importance(members: Sequence[Series], node: str, drivers: Sequence[Driver]) -> Importance:
    """Return the drivers' relative weights pooled across accounts, each standardised within its account."""
    blocks, accounts = [], []
    for series in members:
        rows = design([series.signals[s] for s, _ in drivers], [lag for _, lag in drivers], series.nodes[node])
        standard = within(detrended(rows)) if len(rows) >= 4 else None
        if standard is not None:
            blocks.append(standard)
            accounts.append(series.account)
    rows = np.concatenate(blocks) if blocks else np.zeros((0, len(drivers) + 1))
    all_accounts = tuple(s.account for s in members)
    return decompose(node, drivers, rows, "portfolio", all_accounts, lost=max(len(accounts) - 1, 0))


def importance(cards: Sequence[tuple[Series, dict[str, list[Driver]]]]) -> list[Importance]:
    """Return, for every node with several signal drivers, their weights per account and pooled."""
    groups: dict[tuple[str, tuple[Driver, ...]], list[Series]] = defaultdict(list)
    found = []
    for series, by_node in cards:
        for node, drivers in by_node.items():
            usable = tuple(d for d in drivers if d[0] in series.signals)
            if len(usable) > 1 and node in series.nodes:
                found.append(account_importance(series, node, usable))
                groups[(node, usable)].append(series)
    for (node, shared), members in groups.items():
        if len(members) > 1:
            found.append(portfolio_importance(members, node, shared))
    return found
