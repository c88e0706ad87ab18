"""Benchmark every diagram view and depth of one large scorecard through the command line, pages laid out at once.

Writes the synthetic scorecard of bench_growth.py (default 5,000 nodes: objectives, KPIs, KPMs, MBOs, 41
departments, signals, a CSV of actuals) and runs `kpicascade diagram` on it in a fresh process for each view:
the default cascade (an overview), the cascade at each depth, the strategy map, and the department view (one
page per department). For each it prints wall seconds, processor seconds (the command's and its children's:
the layout workers), the load average before and after (this machine is shared: wall time stretches with the
others' work, processor time much less), and the pages written.

The department view runs twice, alternating: as the command runs it (pages laid out in one worker process per
core, kpicascade.diagram.layout.lay_out_all) and the old way, one page after another in the command's own
process (the same command with default_jobs() returning 1). The other views are one page each, so they run
once. The target (issue 15): no view or depth over 10 s at 5,000 nodes.

Usage: python benchmarks/bench_views.py [--size 5000] [--repeat 2] [--views cascade,depth0,...,strategy,department]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_growth import write_card

#: name -> the command line's arguments after the scorecard and output.
VIEWS = {
    "cascade": ["--view", "cascade"],
    "depth0": ["--view", "cascade", "--depth", "0"],
    "depth1": ["--view", "cascade", "--depth", "1"],
    "depth2": ["--view", "cascade", "--depth", "2"],
    "depth3": ["--view", "cascade", "--depth", "3"],
    "strategy": ["--view", "strategy"],
    "department": ["--view", "department"],
}
#: The command line with pages laid out one after another, as before lay_out_all (the old way, for the ratio).
ONE_BY_ONE = (
    "import sys, kpicascade.diagram.layout as layout; layout.default_jobs = lambda: 1; "
    "from kpicascade.cli import main; sys.argv[0] = 'kpicascade'; main()"
)


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run(command: list[str]) -> tuple[float, float, float, float]:
    """Return wall seconds, processor seconds of the command and its children, and the load before and after."""
    load, cpu, started = os.getloadavg()[0], _children_cpu(), time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall, cpu = time.perf_counter() - started, _children_cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return wall, cpu, load, os.getloadavg()[0]


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=2, help="runs of the department view each way")
    parser.add_argument("--views", default=",".join(VIEWS))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        card = write_card(args.size, folder)
        print(f"{args.size:,}-node scorecard, {os.cpu_count()} cores; seconds through the command line")
        print(f"{'view':<24} {'wall s':>7} {'cpu s':>7} {'load before, after':>19} {'pages':>6}")
        for name in args.views.split(","):
            ways = {"": [sys.executable, "-m", "kpicascade"]}
            if name == "department":
                ways["one by one"] = [sys.executable, "-c", ONE_BY_ONE]
            figures: dict[str, list[tuple[float, float, float, float]]] = {way: [] for way in ways}
            for _ in range(args.repeat if name == "department" else 1):
                for way, exe in ways.items():
                    out = folder / (way or "ours").replace(" ", "-") / f"{name}.svg"
                    out.parent.mkdir(exist_ok=True)
                    figures[way].append(run([*exe, "diagram", str(card), "-o", str(out), *VIEWS[name]]))
            pages = len(list((folder / "ours").glob(f"{name}*.svg")))
            for way, runs in figures.items():
                for wall, cpu, before, after in runs:
                    label = f"{name} ({way})" if way else name
                    print(f"{label:<24} {wall:7.2f} {cpu:7.2f} {before:9.1f}, {after:7.1f} {pages:6d}")
            if len(figures) > 1:
                ours, old = (min(r[0] for r in figures[w]) for w in ways)
                print(f"{'':<24} best wall: {ours:.2f} s against {old:.2f} s one by one ({old / ours:.2f}x)")


if __name__ == "__main__":
    main()
