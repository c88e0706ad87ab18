"""Benchmark the printed account plan: what report.pdf costs a build, per account, beside the naive way.

For each example scorecard (about 45 nodes) and a synthetic account of about 150 nodes (the size
bench_build.py uses): the processor time of rendering the HTML in this process, of printing it with
headless Chromium (the browser and its helper processes, counted through RUSAGE_CHILDREN), and the
wall time of the print; beside the naive way, a fresh `kpicascade report -o FILE.pdf` process per
account (which loads, scores, lays out the diagram and analyses drivers again). Then the way a build
worker prints: one browser kept for every account's print, its processor time (counted when it exits)
shared among the prints, beside a browser started for each. Processor time, because a machine shared
with other jobs stretches the wall clock. Best of --repeat runs.

Usage: python benchmarks/bench_pdf.py [--repeat N]
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import scorecard
from kpicascade import report
from kpicascade.loader import load
from kpicascade.report.printing import Printer, print_pdf
from kpicascade.resources import example_scorecards

#: prctl's option that makes a process the parent of its orphaned descendants (linux/prctl.h).
PR_SET_CHILD_SUBREAPER = 36


def _adopt_orphans() -> bool:
    """Make this process the reaper of its orphaned descendants (Linux), so that their processor time counts.

    Chromium's helper processes (zygote, renderers) outlive the browser for a moment when it exits and are
    then nobody's children; their time was missing from RUSAGE_CHILDREN (0.75 s a print counted, 2.2 s spent).
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _children() -> float:
    """Return the processor seconds of every descendant that has ended, after waiting for all to end."""
    with contextlib.suppress(ChildProcessError):
        while True:
            os.waitpid(-1, 0)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(path: Path, out: Path, repeat: int) -> tuple[float, float, float, float, int]:
    """Return processor seconds to render, to print, wall seconds to print, the naive way's, and the pages."""
    result = load(path).score()
    render = printing = wall = naive = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        html = report.render(result)
        render = min(render, time.process_time() - start)
        before, started = _children(), time.perf_counter()
        print_pdf(html, out / f"{path.stem}.pdf")
        wall = min(wall, time.perf_counter() - started)
        printing = min(printing, _children() - before)
        before = _children()
        command = [sys.executable, "-m", "kpicascade", "report", str(path), "-o", str(out / "naive.pdf")]
        subprocess.run(command, check=True, capture_output=True)
        naive = min(naive, _children() - before)
    return render, printing, wall, naive, _pages(out / f"{path.stem}.pdf")


def kept(htmls: list[str], out: Path, repeat: int) -> tuple[float, int]:
    """Return processor seconds per print with one browser kept for all the prints, and how many it made."""
    before = _children()
    with Printer() as printer:
        for _ in range(repeat):
            for n, html in enumerate(htmls):
                printer.print(html, out / f"kept-{n}.pdf")
    return (_children() - before) / printer.printed, printer.printed


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not _adopt_orphans():
        print("cannot adopt orphaned processes here: Chromium's helpers' time is not all counted")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        card, rows = scorecard(0)
        synthetic = out / "account-0000.yaml"  # the name its actuals file is read by
        synthetic.write_text(yaml.safe_dump(card, sort_keys=False))
        lines = ["id,period,value", *(",".join(str(v) for v in row) for row in rows)]
        (out / "account-0000.actuals.csv").write_text("\n".join(lines) + "\n")
        paths = [*example_scorecards().values(), synthetic]
        print("processor seconds per account (best of", args.repeat, "runs); print = Chromium and its helpers")
        print(f"{'account':26s} {'nodes':>5s} {'pages':>5s} {'render':>7s} {'print':>7s} {'wall':>6s} {'naive':>7s}")
        fresh = []
        for path in paths:
            render, printing, wall, naive, pages = measure(path, out, args.repeat)
            fresh.append(printing)
            nodes = len(load(path).nodes)
            print(
                f"{path.stem:26s} {nodes:5d} {pages:5d} {render:7.2f} {printing:7.2f} {wall:6.2f} {naive:7.2f}"
                f"   naive / (render + print) = {naive / (render + printing):.1f}x"
            )
        each, prints = kept([report.render(load(path).score()) for path in paths], out, args.repeat)
        alone = sum(fresh) / len(fresh)
        print(
            f"one browser kept for {prints} prints (as a build worker): {each:.2f} s a print, against {alone:.2f} s"
            f" with a browser each ({alone / each:.1f}x)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
