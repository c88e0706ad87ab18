"""Benchmark the command line's start: `--help`, `--version` and `check` of one example, beside `python -c pass`.

Each command runs in a fresh interpreter, alternating with the others, and the best of the runs is kept
(this machine is shared, so the best is the figure least disturbed by other work). The naive way beside
it is the same command with every module imported up front, as the command line did before its
commands imported their libraries when they run.

Usage: python benchmarks/bench_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "scorecards" / "northwind-components.yaml"
EAGER = "import kpicascade.portfolio, kpicascade.report, kpicascade.drivers, kpicascade.roundtrip; "
CLI = "import sys; from kpicascade.cli import main; sys.argv[0] = 'kpicascade'; main()"

COMMANDS = {
    "python -c pass": ["-c", "pass"],
    "kpicascade --help": ["-c", CLI, "--help"],
    "kpicascade --version": ["-c", CLI, "--version"],
    "kpicascade check EXAMPLE": ["-c", CLI, "check", str(EXAMPLE)],
    "naive: --help, all imported": ["-c", EAGER + CLI, "--help"],
}


def once(args: list[str]) -> float:
    """Return the wall seconds of one run of the interpreter with args."""
    started = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, args in COMMANDS.items():
            times[name].append(once(args))
    base = min(times["python -c pass"])
    print(f"{'command':<30} {'best s':>7} {'median s':>9} {'best - python':>14}")
    for name, found in times.items():
        found.sort()
        print(f"{name:<30} {found[0]:>7.3f} {found[len(found) // 2]:>9.3f} {found[0] - base:>14.3f}")


if __name__ == "__main__":
    main()
