"""Native slide tables that never overflow: rows are measured, and a table too long for its slide continues.

PowerPoint and LibreOffice grow a row to fit its wrapped text, so a table's real height is known only after
wrapping: each row is measured here (textfit's conservative widths) and given that height, and the rows that
would pass the content box's lower edge go on a continuation slide under the same title. The cells themselves are
written by cell_xml.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kpicascade.deck.cell_xml import CELL_X, CELL_Y, fill
from kpicascade.deck.frame import BAND, MUTED, Box, Deck, emu
from kpicascade.deck.textfit import height

HEADER_SIZE = 10.0


@dataclass(frozen=True)
class Column:
    """A table column: its title, its share of the table's width, and whether its figures align right."""

    title: str
    share: float
    right: bool = False


@dataclass(frozen=True)
class Line:
    """A paragraph in a cell."""

    text: str
    size: float = 11.0
    bold: bool = False
    colour: str | None = None


@dataclass(frozen=True)
class Cell:
    """A table cell: its paragraphs and an optional fill colour (hex, no #)."""

    lines: tuple[Line, ...]
    fill: str | None = None


@dataclass
class Rows:
    """A table's columns and rows, with what to say when there are none."""

    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)


def cell(
    text: str, *more: str, size: float = 11.0, bold: bool = False, fill: str | None = None, ink: str | None = None
) -> Cell:
    """Return a cell whose first paragraph is text and whose further paragraphs (smaller, muted) are more."""
    first = Line(text, size, bold, ink)
    rest = tuple(Line(m, size - 2, False, MUTED) for m in more if m)
    return Cell((first, *rest), fill)


def _row_height(row: Sequence[Cell], widths: Sequence[float]) -> float:
    tallest = 0.0
    for c, w in zip(row, widths, strict=True):
        need = sum(height(line.text, w - 2 * CELL_X, line.size) for line in c.lines)
        tallest = max(tallest, need)
    return tallest + 2 * CELL_Y


def _place(
    slide: Any, box: Box, columns: Sequence[Column], rows: Sequence[Sequence[Cell]], heights: list[float]
) -> Any:
    widths = _widths(columns, box.width)
    # a one-cell table: fill writes the grid and every row in place of its own
    shape = slide.shapes.add_table(1, 1, emu(box.left), emu(box.top), emu(box.width), emu(sum(heights)))
    shape.table.horz_banding = False
    header = [Cell((Line(c.title.upper(), HEADER_SIZE, True, MUTED),), BAND) for c in columns]
    fill(shape, widths, [header, *rows], heights, [c.right for c in columns])
    return shape


def _widths(columns: Sequence[Column], total: float) -> list[float]:
    shares = sum(c.share for c in columns)
    return [total * c.share / shares for c in columns]


def flow(deck: Deck, title: str, table: Rows, first: Callable[[Any, Box], Box] | None = None) -> list[Any]:
    """Add the table on as many slides as it needs, each titled title (continued); return the table shapes.

    first, if given, draws something else on the first slide and returns the box left for the table.
    """
    shapes = []
    widths_for: Callable[[Box], list[float]] = lambda box: _widths(table.columns, box.width)  # noqa: E731
    pending = list(table.rows)
    page = 0
    while True:
        slide, box = deck.slide(title if page == 0 else f"{title} (continued)")
        if page == 0 and first is not None:
            box = first(slide, box)
        widths = widths_for(box)
        header = [Cell((Line(c.title.upper(), HEADER_SIZE, True),)) for c in table.columns]
        heights = [_row_height(header, widths)]
        taken: list[list[Cell]] = []
        for row in pending:
            need = _row_height(row, widths)
            if taken and sum(heights) + need > box.height:
                break
            heights.append(need)
            taken.append(row)
        shapes.append(_place(slide, box, table.columns, taken, heights))
        pending = pending[len(taken) :]
        page += 1
        if not pending:
            return shapes
