"""Benchmark cascade diagrams and the report on synthetic scorecards, against the naive way, in one run.

For scorecards of 100, 500, 2,000 and 5,000 nodes (built in code, see synthetic.py), times:

  ours       the default cascade view (whole up to 600 nodes, else the collapsed overview), DOT built and
             laid out to SVG in process by pygraphviz (Graphviz's libraries from its wheel)
  dot CLI    the same DOT laid out by the system's dot program (Debian's Graphviz 2.43)
  naive      the whole hairball (every node, no collapsing) laid out by the dot program, stopped after
             --timeout seconds

then the HTML report of the 500-node scorecard (score, diagram, driver analysis, render). Targets: a
500-node diagram under 1 s, the 5,000-node overview under 5 s, the report under 1 s.

Usage: python benchmarks/bench_diagram.py [--timeout 60] [--sizes 100,500,2000,5000]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic
from kpicascade import diagram, drivers, report
from kpicascade.diagram.layout import lay_out
from kpicascade.report.evidence import from_drivers

#: The fast timings are the best of this many runs (the machine may be busy with other work).
REPEAT = 3


def _dot_cli(source: str, timeout: float) -> float | None:
    """Return seconds the dot program takes to lay out source as SVG, or None past the timeout."""
    start = time.perf_counter()
    try:
        subprocess.run(
            ["dot", "-Tsvg", "-o", "/dev/null"], input=source.encode(), check=True, timeout=timeout, capture_output=True
        )
    except subprocess.TimeoutExpired:
        return None
    return time.perf_counter() - start


def _fmt(seconds: float | None, timeout: float) -> str:
    return f"> {timeout:.0f} s" if seconds is None else f"{seconds:.2f} s"


def main() -> None:
    """Print the table of timings."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds the naive hairball may take")
    parser.add_argument("--sizes", default="100,500,2000,5000")
    args = parser.parse_args()
    has_dot = shutil.which("dot") is not None
    lay_out("digraph { a }", "svg")  # load the Graphviz plugins once, as a long-running process would have
    print(
        "ours: the default view's DOT built, then laid out in process by pygraphviz (each the best of 3);\n"
        "dot CLI: the same DOT laid out by the dot program; naive: the whole hairball by the dot program.\n"
    )
    print(f"{'nodes':>6} {'shown':>6} {'DOT':>9} {'layout':>10} {'ours':>9} {'dot CLI':>10} {'naive':>9}  naive / ours")
    targets: dict[str, float] = {}
    for size in (int(s) for s in args.sizes.split(",")):
        result = synthetic.scorecard(size).score()
        builds, layouts = [], []
        for _ in range(REPEAT):
            start = time.perf_counter()
            graph = diagram.cascade(result, signals=True)
            built = time.perf_counter()
            svg = lay_out(graph.source, "svg", "pygraphviz")
            builds.append(built - start)
            layouts.append(time.perf_counter() - built)
        build, layout = min(builds), min(layouts)
        ours = build + layout
        targets[f"{size}"] = ours
        shown = graph.source.count('id="node-')
        cli = (
            min(
                (t for t in (_dot_cli(graph.source, args.timeout) for _ in range(REPEAT)) if t is not None),
                default=None,
            )
            if has_dot
            else None
        )
        naive = _dot_cli(diagram.cascade(result, signals=True, auto=False).source, args.timeout) if has_dot else None
        ratio = (
            "n/a"
            if not has_dot
            else (f"more than {args.timeout / ours:.0f}x" if naive is None else f"{naive / ours:.1f}x")
        )
        print(
            f"{size:>6} {shown:>6} {build:>7.2f} s {layout:>8.2f} s {ours:>7.2f} s {_fmt(cli, args.timeout):>10} "
            f"{_fmt(naive, args.timeout):>9}  {ratio}   ({len(svg) / 1e6:.1f} MB SVG)"
        )
    if "5000" in targets:
        result = synthetic.scorecard(5000).score()
        start = time.perf_counter()
        graph = diagram.cascade(result, signals=True, depth=1)
        lay_out(graph.source, "svg", "pygraphviz")
        shown = graph.source.count('id="node-')
        print(f"{5000:>6} {shown:>6} with --depth 1 (objectives and KPIs): {time.perf_counter() - start:.2f} s")
    fresh = synthetic.scorecard(500)
    start = time.perf_counter()
    scored = fresh.score()
    scoring = time.perf_counter() - start
    start = time.perf_counter()
    svg = lay_out(diagram.cascade(scored, signals=True).source, "svg")
    drawn = time.perf_counter() - start
    start = time.perf_counter()
    found = from_drivers(fresh, drivers.analyse([fresh]))
    analysed = time.perf_counter() - start
    start = time.perf_counter()
    page = report.render(scored, diagram_svg=svg, findings=found)
    rendered = time.perf_counter() - start
    total = scoring + drawn + analysed + rendered
    print(
        f"\nreport, 500 nodes (first in the process): scoring {scoring:.2f} s + diagram {drawn:.2f} s + driver "
        f"analysis {analysed:.2f} s + render {rendered:.2f} s = {total:.2f} s ({len(page) / 1e6:.1f} MB HTML)"
    )
    print("\ntargets:")
    for what, took, limit in (
        ("500-node diagram", targets.get("500"), 1.0),
        ("5,000-node overview", targets.get("5000"), 5.0),
        ("500-node report (everything included)", total, 1.0),
    ):
        if took is not None:
            print(f"  {what:<45} {took:6.2f} s  (target {limit:.0f} s) {'ok' if took < limit else 'MISSED'}")


if __name__ == "__main__":
    main()
