"""Benchmark the live preview: seconds from saving a scorecard to the change showing in the browser.

Starts `kpicascade serve` on a copy of the Northwind example (45 nodes, 9 quarters), opens it in
headless Chromium, and saves an edit of one node's name again and again: each time, the seconds
until the page shows the new name, without touching the browser. Beside it, in the same run, the
naive loop a user had before: `kpicascade report` run again and the file opened again. The issue
asks for the preview within a second.

Usage: python benchmarks/bench_preview.py [--edits N]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

EXAMPLES = Path(__file__).resolve().parent.parent / "scorecards"
NAME = "Gross margin"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def _shown(page: Page, selector: str, text: str, since: float) -> float:
    page.wait_for_function(
        "([s, t]) => (document.querySelector(s)?.innerText ?? '').includes(t)",
        arg=[selector, text],
        timeout=30_000,
        polling=20,
    )
    return time.monotonic() - since


def _summary(label: str, seconds: list[float]) -> None:
    ordered = sorted(seconds)
    p90 = ordered[max(0, round(0.9 * len(ordered)) - 1)]
    print(f"{label:<34} median {statistics.median(seconds):5.2f} s   p90 {p90:5.2f} s   max {max(seconds):5.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-preview-"))
    for name in ("northwind-components.yaml", "northwind-components.actuals.csv"):
        shutil.copy(EXAMPLES / name, folder / name)
    card = folder / "northwind-components.yaml"
    original = card.read_text(encoding="utf-8")
    assert f"name: {NAME}\n" in original
    command = [sys.executable, "-m", "kpicascade", "serve", str(card), "--port", "0"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) as server, sync_playwright() as pw:
        try:
            assert server.stdout is not None
            url = re.search(r"http://\S+/", server.stdout.readline())[0]  # type: ignore[index]
            browser = pw.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=ARGS)
            page = browser.new_page()
            page.goto(url)
            page.wait_for_selector("#tree")
            live = []
            for i in range(args.edits):
                name = f"{NAME} {i}"
                card.write_text(original.replace(f"name: {NAME}\n", f"name: {name}\n"), encoding="utf-8")
                live.append(_shown(page, "#tree", name, time.monotonic()))
            naive = []
            for i in range(max(3, args.edits // 4)):
                name = f"{NAME} again {i}"
                card.write_text(original.replace(f"name: {NAME}\n", f"name: {name}\n"), encoding="utf-8")
                start = time.monotonic()
                out = folder / "plan.html"
                subprocess.run([sys.executable, "-m", "kpicascade", "report", str(card), "-o", str(out)], check=True)
                page.goto(out.as_uri())
                naive.append(_shown(page, "body", name, start))
            browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"{args.edits} edits of a 45-node scorecard, load average {os.getloadavg()[0]:.1f}")
    _summary("serve: save -> page shows it", live)
    _summary("naive: report again + open again", naive)
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
