"""Benchmark peer standings: a portfolio's percentiles by sort and binary search, beside counting pair by pair.

Accounts in three industries report 20 shared KPIs each; `scoring.peers.standings` sorts each key's cohort once
and finds each account's place with a binary search (O(n log n) per key and cohort), where the naive way
counts, for every account, the accounts it beats (O(n^2)). Both are run on the same accounts and checked to
agree on all customers (the naive way's only cohort); the naive way is only timed up to 2,000 accounts. The
last column is ours with the cohorts of two tags (industry, size) too: seven cohorts per key.

Usage: python benchmarks/bench_peers.py [--accounts 1000 5000 20000]
"""

from __future__ import annotations

import argparse
import random
import time
from typing import Any

from kpicascade.scoring.peers import ALL, standings

KEYS = [f"x.kpi_{k:02d}" for k in range(20)]
INDUSTRIES = ("manufacturing", "software", "healthcare")


def accounts(n: int) -> list[dict[str, Any]]:
    """Return n accounts' summary records, each with a value for every key."""
    rng = random.Random(n)
    return [
        {
            "account_id": f"a{i}",
            "tags": {"industry": INDUSTRIES[i % 3], "size": rng.choice(("small", "mid", "large"))},
            "benchmarks": [
                {"key": k, "node": k, "name": k, "unit": "percent", "direction": "increase" if j % 2 else "decrease",
                 "perspective": "customer", "value": round(rng.random(), 3)}
                for j, k in enumerate(KEYS)
            ],
        }
        for i in range(n)
    ]  # fmt: skip


def naive(records: list[dict[str, Any]]) -> dict[tuple[str, str], float]:
    """Return each account's percentile among all customers per key, counting every other account."""
    found = {}
    for key in KEYS:
        values = {a["account_id"]: next(r for r in a["benchmarks"] if r["key"] == key) for a in records}
        for ident, row in values.items():
            sign = 1 if row["direction"] == "increase" else -1
            worse = sum(1 for other in values.values() if sign * other["value"] < sign * row["value"])
            equal = sum(1 for other in values.values() if other["value"] == row["value"])
            found[(ident, key)] = 100 * (worse + 0.5 * equal) / len(values)
    return found


def main() -> None:
    """Print seconds for both ways and their ratio at each size."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, nargs="+", default=[500, 2_000, 20_000])
    sizes = parser.parse_args().accounts
    print(f"{'accounts':>9} {'standings s':>12} {'naive s':>9} {'ratio':>7} {'7 cohorts s':>12}")
    for n in sizes:
        records = accounts(n)
        started = time.perf_counter()
        found = standings(records, tags=())
        ours = time.perf_counter() - started
        started = time.perf_counter()
        standings(records, tags=("industry", "size"))
        tagged = time.perf_counter() - started
        if n > 2_000:
            print(f"{n:>9,} {ours:>12.2f} {'-':>9} {'-':>7} {tagged:>12.2f}")
            continue
        started = time.perf_counter()
        expected = naive(records)
        slow = time.perf_counter() - started
        got = {(a, s.key): s.percentile for a, rows in found.items() for s in rows if s.cohort == ALL}
        assert all(abs(got[k] - v) < 1e-9 for k, v in expected.items()), "the two ways disagree"
        print(f"{n:>9,} {ours:>12.2f} {slow:>9.2f} {slow / ours:>6.1f}x {tagged:>12.2f}")


if __name__ == "__main__":
    main()
