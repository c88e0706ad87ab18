"""Test every signal -> node link: lagged correlation at the declared lag and the best lag, per account and pooled.

Each account's lagged pairs are detrended (a straight line through each series' changes removed: growth that
accelerates in both is not evidence) and the interval is computed from the effective number of pairs their
autocorrelation leaves (stats.inflation): 20 periods of two smooth series weigh as a handful.

Pooling: each account's detrended pairs are standardised within the account (its own mean and spread removed)
before they are pooled, so that accounts of different sizes count alike and many short series add up to power.
The interval spends two degrees of freedom per account (its mean and trend) and counts each account's pairs at
their effective number.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Literal

import numpy as np

from kpicascade.drivers.findings import MIN_PAIRS, Effect, LinkFinding, Scope, verdict
from kpicascade.drivers.series import Floats, Series, lagged
from kpicascade.drivers.stats import Correlation, correlation, detrend, inflation, standardise, t_quantile

Key = tuple[str, str, Literal["+", "-"], int]
Instance = tuple[str, Floats, Floats]  # account, signal series, node series


def pairs(x: Floats, y: Floats, lag: int) -> tuple[Floats, Floats]:
    """Return the lagged pairs (x at t - lag, y at t) with each series' straight-line trend removed."""
    px, py = lagged(x, y, lag)
    return detrend(px), detrend(py)


def pooled(instances: Sequence[Instance], lag: int) -> tuple[Floats, Floats, int, float]:
    """Return every account's detrended pairs standardised within the account, how many accounts took part,
    and by how much their autocorrelation inflates the variance of the pooled r.

    With n_a pairs inflated f_a times in account a, the pooled r of N pairs has variance sum(n_a f_a) / N²,
    so the panel counts N² / sum(n_a f_a) effective pairs.
    """
    xs, ys, weight = [], [], 0.0
    for _, x, y in instances:
        px, py = pairs(x, y, lag)
        zx, zy = standardise(px), standardise(py)
        if zx is not None and zy is not None and len(px) >= 4:
            xs.append(zx)
            ys.append(zy)
            weight += len(px) * inflation(px, py)
    if not xs:
        return np.zeros(0), np.zeros(0), 0, 1.0
    px, py = np.concatenate(xs), np.concatenate(ys)
    return px, py, len(xs), weight / len(px)


def at(instances: Sequence[Instance], lag: int, scope: Scope) -> Correlation:
    """Return the correlation of a link at one lag: one account's, or a portfolio's pooled."""
    if scope == "account":
        _, x, y = instances[0]
        px, py = pairs(x, y, lag)
        return correlation(px, py, lost=1, inflation=inflation(px, py))
    px, py, k, inflated = pooled(instances, lag)
    return correlation(px, py, lost=max(2 * k - 1, 0), inflation=inflated)


def effect(instance: Instance, lag: int, c: Correlation) -> Effect | None:
    """Return the change in the node per unit change of the signal lag periods earlier, with its 95% interval.

    The least-squares slope of the detrended pairs, b = r sd(y) / sd(x), with its standard error
    sd(y) / sd(x) sqrt((1 - r²) / (n_eff - 3)) on the effective number of pairs (one more degree of freedom
    spent on the trend) and Student's t. None with fewer than 3 degrees of freedom.
    """
    if c.r is None or c.n_eff is None or c.n_eff - 3 < 3:
        return None
    _, x, y = instance
    px, py = pairs(x, y, lag)
    scale = float(py.std()) / float(px.std())
    df = c.n_eff - 3
    half = t_quantile(0.975, df) * scale * math.sqrt(max(1 - c.r**2, 0.0) / df)
    slope = c.r * scale
    return Effect(slope, slope - half, slope + half)


def best_lag(instances: Sequence[Instance], lags: Sequence[int], scope: Scope) -> tuple[int | None, Correlation | None]:
    """Return the lag whose correlation is most significant (the shorter on a tie), and that correlation."""
    found = [(lag, at(instances, lag, scope)) for lag in lags]
    usable = [(c.p, lag, c) for lag, c in found if c.p is not None and c.n >= MIN_PAIRS]
    if not usable:
        return None, None
    _, lag, c = min(usable, key=lambda u: (u[0], u[1]))
    return lag, c


def finding(key: Key, instances: Sequence[Instance], window: int, scope: Scope) -> LinkFinding:
    """Return the verdict on one link from its instances (one account, or every account of a portfolio)."""
    signal, node, sign, lag = key
    declared = at(instances, lag, scope)
    best, best_c = best_lag(instances, sorted({*range(window + 1), lag}), scope)
    word, reason = verdict(declared, sign, "periods" if scope == "account" else "periods across the accounts")
    slope = effect(instances[0], lag, declared) if scope == "account" else None
    accounts = tuple(a for a, _, _ in instances)
    return LinkFinding(signal, node, sign, lag, scope, accounts, declared, best, best_c, word, reason, slope)


def instances_by_link(cards: Sequence[tuple[Series, Sequence[Key]]]) -> dict[Key, list[Instance]]:
    """Return each link's series in every account that declares it."""
    found: dict[Key, list[Instance]] = defaultdict(list)
    for series, keys in cards:
        for key in keys:
            signal, node, _, _ = key
            if signal in series.signals and node in series.nodes:
                found[key].append((series.account, series.pair_with(signal, node), series.nodes[node]))
    return found


def link_findings(cards: Sequence[tuple[Series, Sequence[Key]]], window: int) -> list[LinkFinding]:
    """Return a finding per link per account, and a pooled one per link declared by several accounts."""
    findings = []
    for key, instances in instances_by_link(cards).items():
        findings += [finding(key, [one], window, "account") for one in instances]
        if len(instances) > 1:
            findings.append(finding(key, instances, window, "portfolio"))
    return findings
