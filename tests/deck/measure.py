"""Measure a deck's text with a real font (DejaVu Sans, what LibreOffice falls back to) and find what overflows.

Independent of kpicascade.deck.textfit: PIL reads the font file's own advances and kerning, and lines wrap at
spaces as PowerPoint and LibreOffice wrap them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from PIL import ImageFont

FONTS = Path("/usr/share/fonts/truetype/dejavu")
#: DejaVu Sans's ascent plus descent, as a share of the font size.
LINE = 1.164
EMU = 12700


@cache
def _face(bold: bool) -> ImageFont.FreeTypeFont:
    path = FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if not path.is_file():
        pytest.fail("DejaVu fonts are missing: apt-get install fonts-dejavu-core (scripts/system-packages test)")
    return ImageFont.truetype(str(path), 1000)  # large, so hinting's rounding of advances is negligible


def length(text: str, bold: bool, size: float) -> float:
    """Return the width in points of one line of text in DejaVu Sans (bold or not) at size points."""
    return float(_face(bold).getlength(text)) * size / 1000


def lines(text: str, room: float, bold: bool, size: float) -> int:
    """Return how many lines text wraps to in room points (a word wider than the box breaks inside)."""

    def wide(s: str) -> float:
        return length(s, bold, size)

    count = 0
    for paragraph in text.split("\n"):
        line, count = "", count + 1
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if wide(candidate) <= room:
                line = candidate
                continue
            if line:
                count += 1
            line = word
            while wide(line) > room and len(line) > 1:
                cut = max([1, *(i for i in range(1, len(line)) if wide(line[:i]) <= room)])
                line, count = line[cut:], count + 1
    return count


def needed(frame: Any, room: float) -> float:
    """Return the height in points that a text frame's paragraphs take wrapped at room points."""
    total = 0.0
    for paragraph in frame.paragraphs:
        runs = paragraph.runs
        if not runs:
            continue
        size = runs[0].font.size.pt
        text = "".join(r.text for r in runs)
        total += lines(text, room, bool(runs[0].font.bold), size) * size * LINE
    return total


def overflows(prs: Any) -> list[str]:
    """Return every text that does not fit its box, and every table that runs off its slide."""
    tall = prs.slide_height / EMU
    found = []
    for number, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip():
                f = shape.text_frame
                room = (shape.width - f.margin_left - f.margin_right) / EMU
                space = (shape.height - f.margin_top - f.margin_bottom) / EMU
                if needed(f, room) > space + 0.5:
                    found.append(f"slide {number}: {f.text!r} needs {needed(f, room):.1f} pt, has {space:.1f}")
            if shape.has_table:
                table = shape.table
                bottom = shape.top / EMU
                for r, row in enumerate(table.rows):
                    heights = [row.height / EMU]
                    for k, column in enumerate(table.columns):
                        c = table.cell(r, k)
                        room = (column.width - c.margin_left - c.margin_right) / EMU
                        heights.append(needed(c.text_frame, room) + (c.margin_top + c.margin_bottom) / EMU)
                    bottom += max(heights)
                if bottom > tall:
                    found.append(f"slide {number}: a table runs to {bottom:.0f} pt on a slide {tall:.0f} pt tall")
    return found


def texts(prs: Any) -> str:
    """Return every text of the deck (boxes, tables and chart categories) as one string."""
    out = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
            if shape.has_table:
                out.extend(c.text_frame.text for row in shape.table.rows for c in row.cells)
            if shape.has_chart:
                out.extend(str(c) for c in shape.chart.plots[0].categories)
    return "\n".join(out)
