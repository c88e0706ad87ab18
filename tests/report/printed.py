"""Read a printed PDF back as its reader sees it: each word with the line poppler's layout analysis puts it on."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from defusedxml import ElementTree

_NS = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Word:
    """A word on a page, with the page, the line it was laid out on (numbered per page) and that line's text."""

    text: str
    page: int
    line: int
    #: The whole printed line the word is on, with whatever shares it (the rest of a table cell's line).
    line_text: str
    #: Where the word ends, in points from the page's left edge, and the page's width.
    right: float = 0.0
    page_width: float = 0.0


def _pdftotext(*args: str) -> bytes:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.fail("pdftotext is not installed: scripts/system-packages test installs poppler-utils")
    return subprocess.run([pdftotext, *args, "-"], capture_output=True, timeout=120, check=True).stdout


def page_texts(pdf: Path) -> list[str]:
    """Return each page's text, whitespace folded to single spaces (poppler reads ligatures such as "ffi" back)."""
    text = _pdftotext(str(pdf)).decode("utf-8")
    return [re.sub(r"\s+", " ", page).strip() for page in text.split("\f")[:-1]]


def words(pdf: Path) -> list[Word]:
    """Return every word of the PDF in reading order, from `pdftotext -bbox-layout` (poppler-utils)."""
    root = ElementTree.fromstring(_pdftotext("-bbox-layout", str(pdf)))
    out = []
    for page_number, page in enumerate(root.iter(f"{_NS}page"), start=1):
        width = float(page.get("width", "0"))
        for line_number, line in enumerate(page.iter(f"{_NS}line")):
            found = list(line.iter(f"{_NS}word"))
            text = " ".join(w.text or "" for w in found)
            out += [Word(w.text or "", page_number, line_number, text, float(w.get("xMax", "0")), width) for w in found]
    return out


def occurrences(found: list[Word], name: str) -> list[list[Word]]:
    """Return each place the name's words follow one another in reading order, as the words found there."""
    wanted = name.split()
    texts = [w.text for w in found]
    size = len(wanted)
    return [found[i : i + size] for i in range(len(texts) - size + 1) if texts[i : i + size] == wanted]


def lines_taken(place: list[Word]) -> int:
    """Return how many printed lines one occurrence of a name spans."""
    return len({(w.page, w.line) for w in place})
