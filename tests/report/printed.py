"""Read a printed PDF back as its reader sees it: each word with the line poppler's layout analysis puts it on."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, replace
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


def joined(text: str) -> str:
    r"""Return text with whitespace folded to single spaces, and none after a hyphen that ends a word.

    A browser may break a line after the hyphen of "deep-discount"; the words are the same.

    >>> joined("deep-\n discount, 1 - WMAPE")
    'deep-discount, 1 - WMAPE'
    """
    return re.sub(r"(?<=\w-) ", "", re.sub(r"\s+", " ", text)).strip()


def page_texts(pdf: Path) -> list[str]:
    """Return each page's text, joined (poppler reads ligatures such as "ffi" back)."""
    text = _pdftotext(str(pdf)).decode("utf-8")
    return [joined(page) for page in text.split("\f")[:-1]]


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


def _pieces(text: str) -> list[str]:
    """Return a word's pieces: split after each hyphen inside it, where a line may break."""
    return re.findall(r"[^-]+-?|-", text)


def occurrences(found: list[Word], name: str, gap: int = 3) -> list[list[Word]]:
    """Return each place the name's words follow one another in reading order, as the words found there.

    Words are compared in pieces split after hyphens, so a name broken after "deep-" is still found, and
    up to gap other words may come between two of them: poppler may read a small label printed beside
    a wrapped name (a node's kind) between the name's lines.
    """
    pieces = [replace(w, text=piece) for w in found for piece in _pieces(w.text)]
    wanted = [piece for word in name.split() for piece in _pieces(word)]
    out = []
    for start, first in enumerate(pieces):
        if first.text != wanted[0]:
            continue
        place, here = [first], start
        for piece in wanted[1:]:
            ahead = [i for i in range(here + 1, min(here + 2 + gap, len(pieces))) if pieces[i].text == piece]
            if not ahead:
                break
            here = ahead[0]
            place.append(pieces[here])
        else:
            out.append(place)
    return out


def lines_taken(place: list[Word]) -> int:
    """Return how many printed lines one occurrence of a name spans."""
    return len({(w.page, w.line) for w in place})
