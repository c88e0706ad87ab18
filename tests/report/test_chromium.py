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
from tests.conftest import EXAMPLES
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


#: The smallest size, in CSS pixels, at which a drawing's node names (11 pt in Graphviz) may show.
#: At its own size 11 pt is 11 x 4/3 = 14.7 px; the overview may shrink to the page by two thirds, 9.5 px.
LEGIBLE_PX = 9.5
#: Font size in CSS pixels of each drawing's node names and badges (font-size times the screen scale).
_SIZES = """(selector) => [...document.querySelectorAll(selector)].map(
    t => parseFloat(t.getAttribute('font-size') || '14') * t.getScreenCTM().a)"""


def _plan(served: tuple[Path, str], example_path: Path, *options: str) -> str:
    """Write the example's report with the report command, as a user would, and return its URL."""
    from click.testing import CliRunner

    from kpicascade.cli import cli

    folder, base = served
    done = CliRunner().invoke(cli, ["report", str(example_path), "-o", str(folder / "plan.html"), *options])
    assert done.exit_code == 0, done.output
    return f"{base}/plan.html"


def test_the_cascade_reads_at_page_width_with_a_link_to_each_department(
    browser: Browser, served: tuple[Path, str], example_path: Path
) -> None:
    card = kpicascade.load(example_path)
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # a common laptop screen
    page.goto(_plan(served, example_path), wait_until="load")
    overview = page.evaluate(_SIZES, "figure.fit svg g[id^='overview-node-'] text")
    assert len(overview) > 10
    assert min(overview) >= LEGIBLE_PX * 9 / 11  # the badges' 9 pt lines shrink as much as the names
    names = page.evaluate(_SIZES, "figure.fit svg g[id^='overview-node-'] text[font-size='11.00']")
    assert min(names) >= LEGIBLE_PX
    used = {n.department for n in card.nodes}
    for dept in (d for d in card.departments if d.id in used):
        page.click(f'a[href="#view-department-{dept.id}"]')
        assert page.evaluate("location.hash") == f"#view-department-{dept.id}"
        top = page.evaluate(f"document.getElementById('view-department-{dept.id}').getBoundingClientRect().top")
        bar = page.evaluate("document.querySelector('nav.toc').getBoundingClientRect().bottom")
        assert bar <= top < 900  # in view, below the sticky contents bar
        sizes = page.evaluate(_SIZES, f"#view-department-{dept.id} svg text[font-size='11.00']")
        assert min(sizes) == pytest.approx(11 * 4 / 3, abs=0.05)  # at its own size: 11 pt is 14.67 px
    page.close()


def test_brand_css_restyles_what_it_names_and_ours_stays(
    browser: Browser, served: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    brand = tmp_path_factory.mktemp("brand")
    (brand / "brand.css").write_text(":root { --accent: #7a0019; }\nh1 { color: #0a0b0c; }\n", encoding="utf-8")
    example = next(p for p in EXAMPLES if p.stem == "northwind-components")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(_plan(served, example, "--templates", str(brand)), wait_until="load")
    style = "(args) => getComputedStyle(document.querySelector(args[0]))[args[1]]"
    assert page.evaluate(style, ["h1", "color"]) == "rgb(10, 11, 12)"  # the brand's own rule
    assert page.evaluate(style, ["h2", "color"]) == "rgb(122, 0, 25)"  # our rule, with the brand's accent
    assert page.evaluate(style, [".cover", "background-color"]) == "rgb(122, 0, 25)"
    assert page.evaluate(style, ["table", "border-collapse"]) == "collapse"  # ours, untouched by the brand
    assert page.evaluate(style, [".tile", "border-radius"]) == "6px"
    assert page.evaluate(style, [".badge", "font-weight"]) == "700"
    page.close()
