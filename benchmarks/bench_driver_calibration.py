"""Benchmark the calibration of driver verdicts: how often "confirmed" comes up with no effect, and with one.

For each design, pairs of series (a usage signal and a KPI, 24 months) are simulated with no effect planted,
and again with the KPI's change moved by the signal's change one month earlier. Each pair goes through the
link test as `kpicascade drivers` runs it (declared sign "+", lag 1), and through the old method in the same
run: a plain correlation of the changes with a Fisher-z interval on n - 3 degrees of freedom.

  random walk      both levels random walks: changes independent, the textbook case
  white noise      both levels white noise: changes alternate (lag-1 autocorrelation -0.5 each)
  shared trend     both grow on an accelerating curve (0.5 t + b t², b up to 0.05) plus AR(0.5) noise
  AR(0.7) changes  smooth KPIs: each change carries 0.7 of the last (a KPI that is a rolling average)
  pooled           12 accounts of AR(0.7) changes, tested as a portfolio

The null rate is the share of "confirmed" with no effect: a 95% interval lying above 0 by chance, 2.5% for a
calibrated test; the bound printed beside it is the one-sided 95% upper confidence bound (Wilson) on that
rate from the runs made. Recovery is the share confirmed with the effect planted (standardised 0.6 for one
account, 0.25 for the portfolio). Seeds are fixed: the same command prints the same figures.

Usage: python benchmarks/bench_driver_calibration.py [--runs N] [--pooled-runs N]
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from kpicascade.drivers import verdict
from kpicascade.drivers.links import at
from kpicascade.drivers.series import changes, lagged
from kpicascade.drivers.stats import Correlation, correlation, standardise

Floats = np.ndarray[Any, np.dtype[np.float64]]
Pair = tuple[Floats, Floats]  # signal levels, KPI levels
MONTHS = 24
LAG = 1
ACCOUNTS = 12
PLANTED = {"account": 0.6, "portfolio": 0.25}


def ar1(rng: np.random.Generator, n: int, phi: float, burn: int = 50) -> Floats:
    """Return n values of an AR(1) process with coefficient phi and unit innovations."""
    e = rng.normal(size=n + burn)
    x = np.zeros(n + burn)
    for t in range(1, n + burn):
        x[t] = phi * x[t - 1] + e[t]
    return x[burn:]


def random_walk(rng: np.random.Generator) -> Floats:
    """Return levels whose changes are independent."""
    return np.cumsum(rng.normal(size=MONTHS))


def white_noise(rng: np.random.Generator) -> Floats:
    """Return levels that are independent: their changes alternate."""
    return rng.normal(size=MONTHS)


def shared_trend(rng: np.random.Generator) -> Floats:
    """Return levels growing on an accelerating curve with AR(0.5) noise: adoption and KPI both speed up."""
    t = np.arange(MONTHS, dtype=np.float64)
    return 0.5 * t + rng.uniform(0, 0.05) * t**2 + ar1(rng, MONTHS, 0.5)


def smooth(rng: np.random.Generator) -> Floats:
    """Return levels whose changes are AR(0.7): each month's change carries 0.7 of the last."""
    return np.cumsum(ar1(rng, MONTHS, 0.7))


DESIGNS: dict[str, Callable[[np.random.Generator], Floats]] = {
    "random walk": random_walk,
    "white noise": white_noise,
    "shared trend": shared_trend,
    "AR(0.7) changes": smooth,
}


def plant(x: Floats, y: Floats, beta: float) -> Floats:
    """Return y with beta of its own change's spread added per standard deviation of x's change a lag earlier."""
    dx, dy = np.diff(x), np.diff(y)
    moved = dy.copy()
    moved[LAG:] += beta * dy.std() * (dx[:-LAG] - dx.mean()) / dx.std() / math.sqrt(max(1 - beta**2, 0.1))
    return np.concatenate([[y[0]], y[0] + np.cumsum(moved)])


def new_method(pairs: list[Pair]) -> Correlation:
    """Return the link's correlation as the driver analysis computes it now."""
    instances = [(f"acct-{k}", changes(x), changes(y)) for k, (x, y) in enumerate(pairs)]
    return at(instances, LAG, "account" if len(pairs) == 1 else "portfolio")


def old_method(pairs: list[Pair]) -> Correlation:
    """Return the link's correlation as it was computed before: plain changes, Fisher z on n - 3."""
    if len(pairs) == 1:
        [(x, y)] = pairs
        return correlation(*lagged(changes(x), changes(y), LAG))
    xs, ys = [], []
    for x, y in pairs:
        px, py = lagged(changes(x), changes(y), LAG)
        zx, zy = standardise(px), standardise(py)
        if zx is not None and zy is not None:
            xs.append(zx)
            ys.append(zy)
    return correlation(np.concatenate(xs), np.concatenate(ys), lost=len(xs) - 1)


def rates(design: str, runs: int, seed: int, accounts: int = 1) -> dict[str, float]:
    """Return the share confirmed by each method, with no effect and with the effect planted."""
    make = DESIGNS[design]
    rng = np.random.default_rng(seed)
    beta = PLANTED["account" if accounts == 1 else "portfolio"]
    counts = dict.fromkeys(("null new", "null old", "planted new", "planted old"), 0)
    for _ in range(runs):
        null = [(make(rng), make(rng)) for _ in range(accounts)]
        planted = [(x, plant(x, y, beta)) for x, y in null]
        for label, pairs in (("null", null), ("planted", planted)):
            for method, test in (("new", new_method), ("old", old_method)):
                counts[f"{label} {method}"] += verdict(test(pairs), "+")[0] == "confirmed"
    return {key: value / runs for key, value in counts.items()}


def upper_bound(rate: float, runs: int, z: float = 1.6449) -> float:
    """Return the one-sided 95% Wilson upper bound of a rate observed in runs trials."""
    centre = rate + z * z / (2 * runs)
    spread = z * math.sqrt(rate * (1 - rate) / runs + z * z / (4 * runs * runs))
    return (centre + spread) / (1 + z * z / runs)


def main() -> None:
    """Print the null and recovery rates of both methods for every design."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10000, help="simulated accounts per single-account design")
    parser.add_argument("--pooled-runs", type=int, default=1000, help="simulated portfolios of 12 accounts")
    args = parser.parse_args()
    print(f"{MONTHS} months, lag {LAG}, declared '+'; 'confirmed' counted (nominal null rate 2.5%)")
    print(f"{'design':<18}{'runs':>6}  {'null: new (95% bound)':>22}{'old':>8}  {'recovery: new':>14}{'old':>8}")
    cases = [(d, args.runs, 1) for d in DESIGNS] + [("AR(0.7) changes", args.pooled_runs, ACCOUNTS)]
    for seed, (design, runs, accounts) in enumerate(cases, start=1):
        start = time.process_time()
        found = rates(design, runs, seed, accounts)
        label = design if accounts == 1 else f"pooled ({accounts} x AR)"
        bound = upper_bound(found["null new"], runs)
        print(
            f"{label:<18}{runs:>6}  {found['null new']:>12.1%} ({bound:.1%}){found['null old']:>10.1%}"
            f"  {found['planted new']:>14.1%}{found['planted old']:>8.1%}"
            f"   [{time.process_time() - start:.1f} s]"
        )


if __name__ == "__main__":
    main()
