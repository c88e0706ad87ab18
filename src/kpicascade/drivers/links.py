"""Test every signal -> node link: lagged correlation at the declared lag and the best lag, per account and pooled.

Pooling: each account's pairs are standardised within the account (its own mean and spread removed) before
they are pooled, so that accounts of different sizes count alike and many short series add up to power.
The interval then spends one degree of freedom per account beyond the first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Literal

import numpy as np

from kpicascade.drivers.findings import MIN_PAIRS, LinkFinding, Scope, verdict
from kpicascade.drivers.series import Floats, Series, lagged
from kpicascade.drivers.stats import Correlation, correlation, standardise

Key = tuple[str, str, Literal["+", "-"], int]
Instance = tuple[str, Floats, Floats]  # account, signal series, node series


def pooled(instances: Sequence[Instance], lag: int) -> tuple[Floats, Floats, int]:
    """Return every account's lagged pairs, standardised within the account, and how many accounts took part."""
    xs, ys = [], []
    for _, x, y in instances:
        px, py = lagged(x, y, lag)
        zx, zy = standardise(px), standardise(py)
        if zx is not None and zy is not None and len(px) >= 3:
            xs.append(zx)
            ys.append(zy)
    if not xs:
        return np.zeros(0), np.zeros(0), 0
    return np.concatenate(xs), np.concatenate(ys), len(xs)


def at(instances: Sequence[Instance], lag: int, scope: Scope) -> Correlation:
    """Return the correlation of a link at one lag: plain for one account, pooled for a portfolio."""
    if scope == "account":
        _, x, y = instances[0]
        return correlation(*lagged(x, y, lag))
    px, py, k = pooled(instances, lag)
    return correlation(px, py, lost=max(k - 1, 0))


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
    word, reason = verdict(declared, sign)
    return LinkFinding(
        signal, node, sign, lag, scope, tuple(a for a, _, _ in instances), declared, best, best_c, word, reason
    )


def instances_by_link(cards: Sequence[tuple[Series, Sequence[Key]]]) -> dict[Key, list[Instance]]:
    """Return each link's series in every account that declares it."""
    found: dict[Key, list[Instance]] = defaultdict(list)
    for series, keys in cards:
        for key in keys:
            signal, node, _, _ = key
            if signal in series.signals and node in series.nodes:
                found[key].append((series.account, series.signals[signal], series.nodes[node]))
    return found


def link_findings(cards: Sequence[tuple[Series, Sequence[Key]]], window: int) -> list[LinkFinding]:
    """Return a finding per link per account, and a pooled one per link declared by several accounts."""
    findings = []
    for key, instances in instances_by_link(cards).items():
        findings += [finding(key, [one], window, "account") for one in instances]
        if len(instances) > 1:
            findings.append(finding(key, instances, window, "portfolio"))
    return findings
