"""Benchmark the command line's start: `--help`, `--version` and `check` of one example, beside `python -c pass`.

Each command runs in a fresh interpreter, alternating with the others, and the best of the runs is kept
(this machine is shared, so the best is the figure least disturbed by other work), in wall seconds and
in processor seconds (the child's user and system time, which other work disturbs least). The naive way beside
it is the same command with every module imported up front, as the command line did before its
commands imported their libraries when they run.

Python is allowed to write its bytecode caches (as an installed package has them): a run with
PYTHONDONTWRITEBYTECODE set compiles every module's source on every start, about 0.35 s more for `check`,
which is not what a user sees. The first run of each command is a warm-up and is not counted.

Usage: python benchmarks/bench_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import resource
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


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


#: The environment of every run: bytecode caches written and read, as on a user's machine.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def once(args: list[str]) -> tuple[float, float]:
    """Return the wall and processor seconds of one run of the interpreter with args."""
    started, cpu = time.perf_counter(), _children_cpu()
    subprocess.run([sys.executable, *args], check=True, capture_output=True, env=ENV)
    return time.perf_counter() - started, _children_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in COMMANDS}
    for args in COMMANDS.values():  # warm-up: writes the bytecode caches
        once(args)
    for _ in range(runs):
        for name, args in COMMANDS.items():
            times[name].append(once(args))
    wall_base = min(w for w, _ in times["python -c pass"])
    cpu_base = min(c for _, c in times["python -c pass"])
    print(f"{'command':<30} {'best wall s':>11} {'- python':>9} {'best cpu s':>10} {'- python':>9}")
    for name, found in times.items():
        wall, cpu = min(w for w, _ in found), min(c for _, c in found)
        print(f"{name:<30} {wall:>11.3f} {wall - wall_base:>9.3f} {cpu:>10.3f} {cpu - cpu_base:>9.3f}")


if __name__ == "__main__":
    main()
