"""Benchmark the QBR deck of one account: processor seconds to render and save it.

Renders the decks of synthetic portfolio accounts (as benchmarks/bench_build.py makes them: 150 nodes, 12
months) and of the examples under scorecards/, in one process set up as a build worker is, and prints the median
processor time of each account's render, and of its render and save (into memory). Processor time, because a
machine shared with other jobs stretches the wall clock.

Usage: python benchmarks/bench_deck.py [--accounts N] [--repeats R]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import write_portfolio

EXAMPLES = Path(__file__).resolve().parent.parent / "scorecards"


def _seconds(work: Any, repeats: int) -> float:
    """Return the median processor seconds of work() over repeats runs."""
    times = []
    for _ in range(repeats):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=6)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()

    from kpicascade import deck
    from kpicascade.loader import load
    from kpicascade.portfolio.outputs import evidence
    from kpicascade.portfolio.run import start_worker

    start_worker()
    with tempfile.TemporaryDirectory() as tmp:
        write_portfolio(Path(tmp), args.accounts)
        paths = sorted(Path(tmp).glob("*.yaml")) + sorted(EXAMPLES.glob("*.yaml"))
        print(f"deck of one account, processor seconds (median of {args.repeats}): render, render and save")
        for path in paths:
            result = load(path).score()
            findings, scenarios = evidence(result)

            def render(result: Any = result, findings: Any = findings, scenarios: Any = scenarios) -> Any:
                return deck.render(result, findings=findings, scenarios=scenarios)

            slides = len(render().slides)
            rendered = _seconds(render, args.repeats)
            both = _seconds(lambda render=render: render().save(io.BytesIO()), args.repeats)
            print(f"  {path.stem:24s} {slides:3d} slides   {rendered:6.3f} s   {both:6.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
