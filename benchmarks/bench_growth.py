"""Benchmark how each step's cost grows with a scorecard's size: one synthetic scorecard at 1k, 5k and 20k nodes.

Every step runs on the same scorecard: load (the YAML file and its actuals CSV), validate (meaning, without
lint), lint, score, to_dict, workbook (render and save), diagram (the default cascade view, laid out to
SVG), report (the HTML render, given the diagram and the driver findings), drivers. Each size runs in a
fresh process; per step it prints processor seconds (the process's and its children's, such as dot:
this machine is shared, and wall time stretches with other work), wall seconds, the process's peak
resident memory during the step (Linux VmHWM, reset before each step) and the growth exponent k of
processor time between sizes (time ~ nodes^k: 1 is linear, 2 quadratic). The naive way beside ours
is the growth itself: a step that looks each node up by scanning the scorecard shows k near 2.

The garbage collector is set as the command line sets it (kpicascade.collector); --default-gc leaves
Python's default, to see what that costs.

Usage: python benchmarks/bench_growth.py [--sizes 1000,5000,20000] [--steps load,score,...] [--default-gc]
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import math
import re
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import scorecard

STEPS = ["load", "validate", "lint", "score", "to_dict", "workbook", "diagram", "report", "drivers"]


def write_card(size: int, folder: Path) -> Path:
    """Write the synthetic scorecard of about size nodes as one YAML file with its actuals beside it as CSV."""
    card = scorecard(size)
    data = card.model_dump(by_alias=True, exclude_defaults=True, mode="json")
    data["actuals"] = {"files": ["actuals.csv"]}
    with (folder / "actuals.csv").open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "period", "value"])
        out.writerows((m.id, str(m.period), repr(m.value)) for m in card.measurements)
    path = folder / "card.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def peak_kb() -> int:
    """Return the process's peak resident memory since the last reset, in KB."""
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1))  # type: ignore[union-attr]


def reset_peak() -> None:
    """Reset the process's peak resident memory to its current size (Linux clear_refs)."""
    Path("/proc/self/clear_refs").write_text("5")


def cpu_seconds() -> float:
    """Return the processor seconds used so far by this process and its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_one(size: int, steps: list[str], default_gc: bool) -> dict[str, Any]:
    """Run every step on one size in this process; return seconds and peak MB per step."""
    import kpicascade
    from kpicascade import drivers, report, validate, workbook
    from kpicascade.collector import tune
    from kpicascade.diagram import cascade
    from kpicascade.diagram.layout import lay_out
    from kpicascade.report.evidence import from_drivers

    if not default_gc:
        tune()
    out: dict[str, Any] = {"size": size, "steps": {}}
    with tempfile.TemporaryDirectory() as folder:
        path = write_card(size, Path(folder))
        state: dict[str, Any] = {}

        def load() -> None:
            state["card"] = kpicascade.load(path)

        def score() -> None:
            state["result"] = state["card"].score()

        def diagram() -> None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                state["svg"] = lay_out(cascade(state["result"], signals=True).source, "svg")

        def run_drivers() -> None:
            state["findings"] = drivers.analyse([state["card"]])

        def workbook_() -> None:
            workbook.save(workbook.render(state["result"]), Path(folder) / "card.xlsx", path)

        def report_() -> None:
            if "findings" not in state:
                run_drivers()
            found = from_drivers(state["card"], state["findings"])
            report.render(state["result"], diagram_svg=state.get("svg"), findings=found)

        work: dict[str, Callable[[], object]] = {
            "load": load,
            "validate": lambda: validate.validate(state["card"], lint=False),
            "lint": lambda: validate._lint(validate._Report(state["card"])),
            "score": score,
            "to_dict": lambda: json.dumps(state["result"].to_dict(), default=str),
            "workbook": workbook_,
            "diagram": diagram,
            "drivers": run_drivers,
            "report": report_,
        }
        load()
        score()
        out["nodes"] = len(state["card"].nodes)
        for step in steps:
            gc.collect()
            reset_peak()
            started, cpu = time.perf_counter(), cpu_seconds()
            work[step]()
            seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
            out["steps"][step] = {"cpu": cpu, "seconds": seconds, "peak_mb": peak_kb() / 1024}
    return out


def exponent(small: tuple[int, float], large: tuple[int, float]) -> float:
    """Return k in time ~ nodes^k between two (nodes, seconds) points."""
    (n1, t1), (n2, t2) = small, large
    return math.log(max(t2, 1e-6) / max(t1, 1e-6)) / math.log(n2 / n1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--steps", default=",".join(STEPS))
    parser.add_argument("--default-gc", action="store_true", help="leave the garbage collector at its default")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # run one size in this process, print JSON
    args = parser.parse_args()
    steps = args.steps.split(",")
    if args.one:
        print(json.dumps(run_one(args.one, steps, args.default_gc)))
        return
    runs = []
    for size in map(int, args.sizes.split(",")):
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(size), "--steps", args.steps]
            + (["--default-gc"] if args.default_gc else []),
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(done.stdout.splitlines()[-1]))
    head = "".join(f" | {r['nodes']:>6,} nodes: cpu s, wall s, peak MB" for r in runs)
    print(f"{'step':<9}{head} | exponent")
    for step in steps:
        figures = [r["steps"][step] for r in runs]
        cells = "".join(f" | {f['cpu']:>17.2f} {f['seconds']:>7.2f} {f['peak_mb']:>8.0f}" for f in figures)
        points = [(r["nodes"], r["steps"][step]["cpu"]) for r in runs]
        ks = " ".join(f"{exponent(a, b):.2f}" for a, b in pairwise(points))
        print(f"{step:<9}{cells} | {ks}")


if __name__ == "__main__":
    main()
