"""The report in a real browser: headless Chromium loads it with no console errors and no requests but the page."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, Page, sync_playwright

import kpicascade
from kpicascade import diagram, report
from kpicascade.diagram.layout import lay_out
from kpicascade.model import Scorecard
from kpicascade.writing import write_text
from tests.diagram.cards import HOSTILE, hostile

pytestmark = [pytest.mark.chromium, pytest.mark.dot]

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium from the system (Debian: apt-get install chromium), driven by Playwright."""
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=ARGS)
        yield chromium
        chromium.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Serve files without logging each request to standard error."""

    def log_message(self, format: str, *args: object) -> None:
        """Log nothing."""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder served over HTTP on 127.0.0.1, and its URL."""
    handler = functools.partial(_Quiet, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _open(browser: Browser, card: Scorecard, served: tuple[Path, str]) -> tuple[Page, dict[str, list[str]]]:
    folder, base = served
    result = card.score()
    write_text(
        folder / "plan.html",
        report.render(result, diagram_svg=lay_out(diagram.cascade(result, signals=True).source, "svg")),
    )
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    seen: dict[str, list[str]] = {"errors": [], "requests": [], "dialogs": []}
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("request", lambda r: seen["requests"].append(r.url))

    def on_dialog(dialog: Dialog) -> None:
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(f"{base}/plan.html", wait_until="load")
    return page, seen


def test_example_report_in_chromium(browser: Browser, served: tuple[Path, str], example_path: Path) -> None:
    card = kpicascade.load(example_path)
    page, seen = _open(browser, card, served)
    folder, base = served
    shot = folder / "plan.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes().startswith(b"\x89PNG")
    assert seen["errors"] == []
    assert seen["requests"] == [f"{base}/plan.html"]
    body = page.inner_text("body")
    for node in card.nodes:
        if node.kind == "objective":
            assert " ".join(node.name.split()) in " ".join(body.split())
            assert page.locator(f'svg [id="node-{node.id}"]').count() == 1
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert seen["requests"] == [f"{base}/plan.html"]
    page.close()


@pytest.mark.parametrize("name", HOSTILE[:2])
def test_hostile_names_run_nothing(browser: Browser, served: tuple[Path, str], name: str) -> None:
    page, seen = _open(browser, hostile(name), served)
    assert seen["dialogs"] == []
    assert seen["errors"] == []
    assert page.locator("script").count() == 0
    assert name in page.inner_text("#moments")
    page.close()
