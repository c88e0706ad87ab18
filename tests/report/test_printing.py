"""The printed account plan: each example printed by headless Chromium on A4 and Letter, read back from the PDF."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from pathlib import Path

import lxml.html  # type: ignore[import-untyped]
import pytest
from pypdf import PdfReader

import kpicascade
from kpicascade import report
from kpicascade._exceptions import MissingDependencyError, RenderError
from kpicascade.report import printing
from kpicascade.scoring import Result
from tests.conftest import EXAMPLES
from tests.report.fake_chromium import fake_chromium, starts
from tests.report.printed import Word, joined, lines_taken, occurrences, page_texts, words

#: Page sizes in PostScript points (1/72 inch): A4 is 210 x 297 mm, 210 / 25.4 * 72 = 595.3 by 841.9;
#: Letter is 8.5 x 11 inches, 612 by 792.
SIZES = {"a4": (210 / 25.4 * 72, 297 / 25.4 * 72), "letter": (8.5 * 72, 11 * 72)}
#: An account of about 45 nodes: a cover page, the plan, the cascade (a page or two), the tables, the
#: findings; fewer than 6 pages means sections are missing, more than 20 means something is squeezed.
PAGES = range(6, 21)


@pytest.fixture(scope="module", params=[(e, p) for e in EXAMPLES for p in SIZES], ids=lambda c: f"{c[0].stem}-{c[1]}")
def printed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, str, Path]:
    """Each example's report printed to PDF on each paper size (scored, paper, the PDF)."""
    path, paper = request.param
    result = kpicascade.load(path).score()
    pdf = tmp_path_factory.mktemp("printed") / f"{path.stem}-{paper}.pdf"
    printing.print_pdf(report.render(result, paper=paper), pdf)
    return result, paper, pdf


pytestmark = pytest.mark.chromium


def test_every_page_has_the_paper_size_portrait_or_landscape(printed: tuple[Result, str, Path]) -> None:
    _, paper, pdf = printed
    width, height = SIZES[paper]
    found = PdfReader(pdf).pages
    assert len(found) in PAGES
    for page in found:
        size = sorted((float(page.mediabox.width), float(page.mediabox.height)))
        assert size == pytest.approx(sorted((width, height)), abs=1.0)
    assert float(found[0].mediabox.width) < float(found[0].mediabox.height)  # the cover is portrait


def test_every_node_name_is_in_the_text(printed: tuple[Result, str, Path]) -> None:
    result, _, pdf = printed
    found = words(pdf)
    missing = [node.name for node in result.card.nodes if not occurrences(found, node.name)]
    assert missing == []


def test_every_page_has_the_header_and_footer(printed: tuple[Result, str, Path]) -> None:
    result, _, pdf = printed
    texts = page_texts(pdf)
    card = result.card
    for number, text in enumerate(texts, start=1):
        assert f"{joined(card.account)} · account plan" in text
        assert f"Period {result.period_label}" in text
        assert f"Page {number} of {len(texts)}" in text
        assert f"Prepared by {joined(card.vendor)}" in text


def _squeezed(place: list[Word]) -> bool:
    """Return whether a name is squeezed into a narrow column: it wraps, and no line it is on holds 16 characters.

    A name in a wide column or a running list may wrap once its line is full; in a squeezed column every
    line is short. A line inside the name (not its first or last) holding a single word is squeezed too.
    """
    per_line = Counter((w.page, w.line) for w in place)
    inner = list(per_line.values())[1:-1]
    widest = max(len(w.line_text) for w in place)
    return any(count == 1 for count in inner) or (len(per_line) > 1 and widest < 16)


@pytest.mark.parametrize(
    ("lines", "squeezed"),
    [
        (["Grow revenue 10% a year"], False),
        (["Grow revenue 10% a year at a", "gross margin"], False),  # wraps once its line is full
        (["Moves: Average changeover", "time"], False),  # a list of names, wrapped where its line ends
        (["Grow revenue", "10% a year"], True),  # two lines of 12 and 10 characters: a narrow column
        (["Grow", "revenue", "10%", "a year"], True),  # a word per line, as a squeezed column prints it
        (["Grow revenue 10% a year at a", "gross", "margin of 34% or more"], True),  # one word alone inside
    ],
)
def test_squeezed_names_are_told_from_wrapped_ones(lines: list[str], squeezed: bool) -> None:
    place = [Word(text, 1, n, line) for n, line in enumerate(lines) for text in line.split()]
    name = " ".join(w.text for w in place)
    place = occurrences(place, name.removeprefix("Moves: "))[0]
    assert _squeezed(place) is squeezed


def test_no_name_is_squeezed_to_a_word_per_line(printed: tuple[Result, str, Path]) -> None:
    result, _, pdf = printed
    found = words(pdf)
    squeezed, missing = [], []
    for node in result.card.nodes:
        if len(node.name.split()) < 3:
            continue
        places = occurrences(found, node.name)
        missing += [node.name] if not places else []
        squeezed += [(node.name, [w.text for w in p]) for p in places if _squeezed(p)]
    assert missing == []  # every node is in the printed cascade, so every name is found at least once
    assert squeezed == []


def test_a_short_name_spans_few_lines(printed: tuple[Result, str, Path]) -> None:
    result, _, pdf = printed
    found = words(pdf)
    for node in result.card.nodes:
        for place in occurrences(found, node.name):
            # at 9.5 pt the narrowest name column holds about 20 characters: 45 characters take 3 lines at most
            assert lines_taken(place) <= max(2, math.ceil(len(node.name) / 20) + 1), node.name


#: The print stylesheet's side margins: 13 mm, 13 / 25.4 * 72 = 36.85 points.
MARGIN = 13 / 25.4 * 72


def test_no_text_runs_past_the_margin_or_off_the_page(printed: tuple[Result, str, Path]) -> None:
    result, paper, pdf = printed
    found = words(pdf)
    # a right-aligned line ends on the margin; a point and a half more is a word running out of its box
    assert [(w.page, w.text) for w in found if w.right > w.page_width - MARGIN + 1.5] == []
    # Text cut off by the page edge is not in the PDF's text at all: every column heading must be there whole.
    upper = [replace(w, text=w.text.casefold()) for w in found]
    headings = lxml.html.fromstring(report.render(result, paper=paper)).xpath("//th")
    # a heading wrapped in its column may be read with a neighbouring column's words between its lines
    missing = [h.text_content() for h in headings if not occurrences(upper, h.text_content().casefold(), gap=12)]
    assert missing == []


def test_an_unknown_paper_is_refused() -> None:
    result = kpicascade.load(EXAMPLES[0]).score()
    with pytest.raises(RenderError, match="unknown paper size 'a3'"):
        report.render(result, paper="a3")


def test_without_chromium_it_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(MissingDependencyError, match="apt-get install chromium"):
        printing.print_pdf("<html></html>", tmp_path / "plan.pdf")
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder of the test's own, where printers make their scratch folders."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(folder))
    return folder


def test_a_browser_that_fails_to_start_keeps_the_old_file(
    tmp_path: Path, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_chromium(tmp_path, monkeypatch, "crash")
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"%PDF-1.4 the old one %%EOF")
    with pytest.raises(RenderError, match=r"Chromium failed to print .*plan.pdf \(exit 3\): crashed"):
        printing.print_pdf("<html></html>", target)
    assert target.read_bytes() == b"%PDF-1.4 the old one %%EOF"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "plan.pdf", "starts.log", "tmp"]
    assert list(scratch.iterdir()) == []  # its scratch folder and profile are gone


def test_a_print_that_is_no_pdf_is_refused(tmp_path: Path, scratch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_chromium(tmp_path, monkeypatch, "junk")
    with pytest.raises(RenderError, match="did not write a whole PDF"):
        printing.print_pdf("<html></html>", tmp_path / "plan.pdf")
    assert not (tmp_path / "plan.pdf").exists()
    assert list(scratch.iterdir()) == []


def test_a_stuck_print_gives_up_and_stops_its_browser(
    tmp_path: Path, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_chromium(tmp_path, monkeypatch, "hang")
    monkeypatch.setattr(printing, "TIMEOUT", 1)
    with printing.Printer() as printer:
        with pytest.raises(RenderError, match=r"did not finish printing .*plan.pdf in 1 s"):
            printer.print("<html></html>", tmp_path / "plan.pdf")
        assert list(scratch.iterdir()) == []  # stopped at once, not when the printer is closed
    assert not (tmp_path / "plan.pdf").exists()


def test_a_kept_printer_starts_one_browser_for_many_prints(
    tmp_path: Path, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = fake_chromium(tmp_path, monkeypatch)
    with printing.keeping() as printer:
        for name in ("a", "b", "c"):
            printing.print_pdf(f"<html>{name}</html>", tmp_path / f"{name}.pdf")
        assert len(list(scratch.iterdir())) == 1  # one browser's profile, its pages removed as printed
        assert [p.name for p in next(scratch.iterdir()).iterdir() if p.suffix == ".html"] == []
    assert (starts(log), printer.printed, printer.started) == (1, 3, 1)
    assert all((tmp_path / f"{n}.pdf").read_bytes().startswith(b"%PDF-") for n in "abc")
    assert list(scratch.iterdir()) == []
    printing.print_pdf("<html>d</html>", tmp_path / "d.pdf")  # kept no longer: a browser of its own
    assert starts(log) == 2


def test_a_browser_that_died_is_started_again_for_the_next_print(
    tmp_path: Path, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = fake_chromium(tmp_path, monkeypatch, "die")
    with printing.Printer() as printer:
        with pytest.raises(RenderError, match=r"Chromium failed to print .*a.pdf \(exit 5\): renderer gone"):
            printer.print("<html>a</html>", tmp_path / "a.pdf")
        fake_chromium(tmp_path, monkeypatch, "prints")
        printer.print("<html>b</html>", tmp_path / "b.pdf")
    assert (starts(log), printer.started) == (2, 2)
    assert not (tmp_path / "a.pdf").exists()
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF-")


def test_one_browser_prints_many_plans_as_a_browser_each_does(tmp_path: Path) -> None:
    results = [kpicascade.load(path).score() for path in EXAMPLES]
    with printing.Printer() as printer:
        for n, result in enumerate(results):
            printer.print(report.render(result, paper="a4"), tmp_path / f"{n}.pdf")
    assert (printer.printed, printer.started) == (3, 1)
    alone = tmp_path / "alone.pdf"
    printing.print_pdf(report.render(results[-1], paper="a4"), alone)
    kept = tmp_path / f"{len(results) - 1}.pdf"
    assert page_texts(kept) == page_texts(alone)  # the third print in one browser is the print of a fresh one


@pytest.mark.chromium
def test_a_long_temporary_folder_still_prints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Chromium's socket under a temporary folder of 84 characters would pass the 107 bytes a socket's path holds
    deep = tmp_path / ("t" * max(1, 84 - len(str(tmp_path)) - 1))
    deep.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(deep))
    assert len(str(deep)) >= 84
    assert printing._environment()["TMPDIR"] == "/tmp"
    result = kpicascade.load(EXAMPLES[0]).score()
    target = tmp_path / "plan.pdf"
    printing.print_pdf(report.render(result), target)
    assert len(PdfReader(target).pages) in PAGES
    assert list(deep.glob("kpicascade-print-*")) == []  # its scratch folder is removed when done


def test_a_short_temporary_folder_is_left_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tempfile.tempdir", "/tmp")
    monkeypatch.setenv("TMPDIR", "/tmp")
    assert printing._environment()["TMPDIR"] == "/tmp"
    monkeypatch.setattr("tempfile.tempdir", "/var/tmp")
    monkeypatch.setenv("TMPDIR", "/var/tmp")
    assert printing._environment()["TMPDIR"] == "/var/tmp"
