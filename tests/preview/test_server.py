"""`kpicascade serve` in headless Chromium: an edit shows by itself, a broken file its problem, a fix recovers.

The server runs as the CLI runs it, in its own process on 127.0.0.1 and a free port, and is always stopped.
"""

from __future__ import annotations

import http.client
import os
import re
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, Page, sync_playwright

from tests.cards import BASE, change, write_card
from tests.diagram.cards import HOSTILE

pytestmark = [pytest.mark.chromium, pytest.mark.dot]

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
#: How long a test waits for the page to change by itself; the time it takes is measured in benchmarks/bench_preview.py.
PATIENCE_MS = 15_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium from the system, driven by Playwright."""
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=ARGS)
        yield chromium
        chromium.close()


def _url(server: subprocess.Popen[str]) -> str:
    """Return the URL the server prints once it listens, waiting at most a minute."""
    assert server.stdout is not None
    ready, _, _ = select.select([server.stdout], [], [], 60)
    line = server.stdout.readline() if ready else ""
    found = re.search(r"http://127\.0\.0\.1:\d+/", line)
    assert found, f"the server did not start: {line!r}"
    return found.group(0)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """The small scorecard in a folder, previewed by `kpicascade serve` on a free loopback port."""
    path, _ = write_card(tmp_path, [])
    command = [sys.executable, "-m", "kpicascade", "serve", str(tmp_path), "--port", "0"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env) as server:
        try:
            yield path, _url(server)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


def _open(browser: Browser, url: str) -> tuple[Page, dict[str, list[str]]]:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    seen: dict[str, list[str]] = {"errors": [], "requests": [], "dialogs": []}
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("request", lambda r: seen["requests"].append(r.url))

    def on_dialog(dialog: Dialog) -> None:
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(url, wait_until="load")
    page.wait_for_selector("#tree")
    return page, seen


def _save(path: Path, text: str) -> float:
    """Write a file as an editor saves it, and return when."""
    path.write_text(text, encoding="utf-8")
    return time.monotonic()


def _seconds_until(page: Page, selector: str, text: str, since: float) -> float:
    """Wait for text to show in the element without touching the page, and return the seconds since the save."""
    page.wait_for_function(
        "([selector, text]) => (document.querySelector(selector)?.innerText ?? '').includes(text)",
        arg=[selector, text],
        timeout=PATIENCE_MS,
        polling=20,
    )
    return time.monotonic() - since


def test_edit_break_and_fix_in_chromium(browser: Browser, served: tuple[Path, str]) -> None:
    path, url = served
    page, seen = _open(browser, url)
    assert "On time in full" in page.inner_text("#tree")
    assert page.frame_locator("#plan iframe").locator("body").inner_text().count("Fjord Foods ASA") >= 1

    edited = change(BASE, [("name: On time in full", "name: Delivered on time and in full")])
    _seconds_until(page, "#tree", "Delivered on time and in full", _save(path, edited))
    assert page.locator("#problems").count() == 0

    line = BASE.splitlines().index("    name: On time in full") + 1
    broken = change(BASE, [("    name: On time in full", "    name: Quote, ship: and invoice")])
    _seconds_until(page, "#problems", f"card.yaml:{line}", _save(path, broken))
    problems = page.inner_text("#problems")
    assert "name: Quote, ship: and invoice" in problems
    assert page.inner_text("#problems pre.fix") == 'name: "Quote, ship: and invoice"'
    assert "last good rendering" in problems
    assert "Delivered on time and in full" in page.inner_text("#tree")  # the last good one, beside the error
    shot = path.parent / "broken.png"
    page.screenshot(path=str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG")

    _seconds_until(page, "#tree", "On time in full", _save(path, BASE))
    page.wait_for_selector("#problems", state="detached")
    assert "Delivered on time" not in page.inner_text("#tree")

    assert seen["errors"] == []
    assert {r.split("/", 3)[2] for r in seen["requests"]} == {url.split("/")[2]}  # nothing but the server itself
    page.close()


@pytest.mark.parametrize("name", HOSTILE[:2])
def test_scorecard_text_never_becomes_markup(browser: Browser, served: tuple[Path, str], name: str) -> None:
    path, url = served
    page, seen = _open(browser, url)
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    _seconds_until(page, "#tree", name, _save(path, change(BASE, [("name: On time in full", f'name: "{quoted}"')])))
    assert page.locator("main script, main img, main iframe:not([sandbox])").count() == 0
    assert seen["dialogs"] == []
    assert seen["errors"] == []
    page.close()


@pytest.mark.parametrize(("host", "status"), [("attacker.example", 421), ("127.0.0.1.nip.io", 421), ("localhost", 200)])
def test_only_requests_to_a_loopback_name_are_answered(served: tuple[Path, str], host: str, status: int) -> None:
    _, url = served
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", "/card/card.yaml", headers={"Host": f"{host}:{port}"})
        response = connection.getresponse()
        body = response.read().decode()
    finally:
        connection.close()
    assert response.status == status
    assert ("Fjord Foods ASA" in body) is (status == 200)
