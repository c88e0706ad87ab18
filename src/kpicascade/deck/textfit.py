"""Measure text for the deck's boxes without a font file: how wide a line is, how many lines a text wraps to.

Widths are DejaVu Sans Bold's advances, in thousandths of an em, for the printable ASCII characters; any other
character counts as a full em; every character also carries the widest pair kerning DejaVu Sans Bold adds
(0.023 em, "TT"), so kerning never makes a line wider than measured. DejaVu Sans Bold is wider than Calibri,
Arial and Helvetica (and it is what LibreOffice falls back to when a deck's font is missing), so text measured
here fits in the fonts people open the deck with.
"""

from __future__ import annotations

import re
from itertools import repeat

# fmt: off
_ASCII = (
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696,
    696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775,
    637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675,
    716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924,
    645, 652, 582, 712, 365, 712, 838,
)
# fmt: on
_KERN = 25
#: A line is this many times the font size tall (PowerPoint's single spacing, with DejaVu's taller ascent).
LINE = 1.25
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """Return text with the characters a slide's XML cannot hold replaced by U+FFFD.

    >>> clean("a\\x07b")
    'a\\ufffdb'
    """
    return _INVALID_XML.sub("\ufffd", text)


#: Each printable ASCII character's width with its kerning allowance; any other character is a full em.
_WIDTHS = {chr(32 + i): advance + _KERN for i, advance in enumerate(_ASCII)}
_EM = repeat(1000)


def _ems(text: str) -> int:
    """Return the width of text in thousandths of an em: a sum per character, so widths of pieces add up."""
    return sum(map(_WIDTHS.get, text, _EM))


def width(text: str, size: float) -> float:
    """Return the width of one line of text in points at a font size in points.

    >>> round(width("Hi", 10), 2)
    12.3
    """
    return _ems(text) * size / 1000


def _break_word(word: str, room: float, size: float) -> list[str]:
    pieces, piece, ems = [], "", 0
    for char in word:
        more = _ems(char)
        if piece and (ems + more) * size / 1000 > room:
            pieces.append(piece)
            piece, ems = "", 0
        piece += char
        ems += more
    return [*pieces, piece]


def wrap(text: str, room: float, size: float) -> list[str]:
    """Return the lines a text wraps to in a box room points wide, breaking at spaces (and inside too-long words).

    A line's width is kept as it grows, word by word, rather than measured again whole for each word.

    >>> wrap("one two three", 40, 10)
    ['one', 'two', 'three']
    """
    space = _ems(" ")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, ems = "", 0
        for word in paragraph.split(" "):
            more = _ems(word)
            candidate = ems + space + more if line else more
            if candidate * size / 1000 <= room:
                line, ems = (f"{line} {word}" if line else word), candidate
                continue
            if line:
                lines.append(line)
            parts = _break_word(word, room, size) if more * size / 1000 > room else [word]
            lines.extend(parts[:-1])
            line = parts[-1]
            ems = _ems(line)
        lines.append(line)
    return lines


def height(text: str, room: float, size: float) -> float:
    """Return the height in points that a text takes wrapped in a box room points wide.

    A paragraph whose whole width fits is one line without wrapping it (its words' widths with the spaces between
    them never add up to more than its whole width), as most cells' paragraphs are.
    """
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1 if _ems(paragraph) * size / 1000 <= room else len(wrap(paragraph, room, size))
    return lines * size * LINE


def fitting_size(text: str, room: float, tall: float, sizes: tuple[float, ...]) -> float:
    """Return the first (largest) of sizes at which text fits a box room wide and tall high, else the smallest."""
    for size in sizes:
        if height(text, room, size) <= tall:
            return size
    return sizes[-1]
