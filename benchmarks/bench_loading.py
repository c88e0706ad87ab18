"""Benchmark loading: our YAML reader (data plus the line and column of every value) against the naive way.

The naive way is PyYAML's `yaml.load(text, CSafeLoader)`, which builds the same data without any
locations; the ratio is what keeping every place costs. Then the whole `kpicascade.load` (shapes,
meaning, actuals), and hostile files: our reader's time, and what composing PyYAML's node tree (the
first design) does with them, run in a child process because it may crash. (Composing a billion
laughs is cheap, its nodes are shared; it was the walk over the tree that expanded it.)

Usage: python benchmarks/bench_loading.py [--sizes 150,1000,5000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import kpicascade
from kpicascade import _yaml
from synthetic import scorecard


def best_of(runs: int, work: Callable[..., Any], *args: Any, **kwargs: Any) -> float:
    """Return the fastest of several runs of work(*args, **kwargs), in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work(*args, **kwargs)
        times.append(time.perf_counter() - started)
    return min(times)


def card_text(size: int) -> str:
    """Return a synthetic scorecard of about size nodes as YAML."""
    data = scorecard(size).model_dump(by_alias=True, exclude_defaults=True, mode="json")
    return yaml.safe_dump(data, sort_keys=False)


def bench_sizes(sizes: list[int]) -> None:
    print(f"{'nodes':>7} {'KB':>7} {'values':>8} {'naive s':>9} {'ours s':>8} {'ratio':>6} {'load() s':>9}")
    for size in sizes:
        text = card_text(size)
        raw = text.encode()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "card.yaml"
            path.write_bytes(raw)
            naive = best_of(3, yaml.load, text, Loader=yaml.CSafeLoader)
            ours = best_of(3, _yaml.parse, raw, "card.yaml")
            whole = best_of(3, kpicascade.load, path, read_measurements=False)
        values = len(_yaml.parse(raw, "card.yaml").values)
        print(
            f"{size:>7,} {len(raw) / 1024:>7.0f} {values:>8,} {naive:>9.3f} {ours:>8.3f} {ours / naive:>6.1f} "
            f"{whole:>9.3f}"
        )


_COMPOSE = "import sys, yaml; l = yaml.CSafeLoader(sys.stdin.read()); l.get_single_node(); print('composed')"


def _compose_in_child(raw: bytes, limit: float) -> str:
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", _COMPOSE], input=raw, capture_output=True, timeout=limit, check=False
        )
    except subprocess.TimeoutExpired:
        return f"still running after {limit:.0f} s"
    elapsed = time.perf_counter() - started
    if done.returncode < 0:
        return f"crashed (signal {-done.returncode}) after {elapsed:.2f} s"
    return f"{'composed' if done.returncode == 0 else 'error'} in {elapsed:.2f} s"


def bench_hostile() -> None:
    laughs = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    laughs += [f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi", strict=True)]
    files = {
        "100,000 nested lists (200 KB)": b"a: " + b"[" * 100_000 + b"]" * 100_000,
        "10,000 nested lists": b"a: " + b"[" * 10_000 + b"]" * 10_000,
        "billion laughs (9^9 values)": "\n".join(laughs).encode(),
        "300,001 numbers in one list": b"a: [" + b"1.5," * 300_001 + b"]",
        "a 50 MB file": b"a: x\n#" + b"x" * 50 * 1024 * 1024,
    }
    print(f"\n{'hostile file':<32} {'ours':<32} {'compose node tree (first design), child process'}")
    for name, raw in files.items():
        started = time.perf_counter()
        problems = _yaml.parse(raw, "x.yaml").problems
        ours = f"{problems[0].code} in {time.perf_counter() - started:.2f} s"
        print(f"{name:<32} {ours:<32} {_compose_in_child(raw, 60)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="150,1000,5000")
    args = parser.parse_args()
    bench_sizes([int(s) for s in args.sizes.split(",")])
    bench_hostile()


if __name__ == "__main__":
    main()
