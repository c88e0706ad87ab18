"""Write a slide table's sizes and cells into its DrawingML: the elements python-pptx's setters write, as one text.

Through python-pptx's cell, paragraph and font setters a cell cost about 0.26 ms (each setter looks its element's
children up by qualified name and rebuilds choice groups: a run's colour alone takes 0.08 ms), and each row
height or column width set re-added all the rows' heights or columns' widths. Added element by element to the
table reached through the shape's public `element`, a cell still cost 0.045 ms. Here a table's grid and rows are
written as one XML text (deck/drawingml.py), in the order those setters leave their elements and attributes, and
put in place of the grid and rows the shape was made with: the saved deck is the same file, slide for slide.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pptx.util import Emu

from kpicascade.deck import drawingml
from kpicascade.deck.frame import emu

if TYPE_CHECKING:
    from kpicascade.deck.tables import Cell

#: Cell padding: left and right, top and bottom, in points.
CELL_X = 5.0
CELL_Y = 3.0
_ACROSS, _DOWN = emu(CELL_X), emu(CELL_Y)
_MARGINS = f'marL="{_ACROSS}" marR="{_ACROSS}" marT="{_DOWN}" marB="{_DOWN}"'


def _cell(c: Cell, right: bool) -> str:
    """Return a cell's a:tc: its wrapping text body, a paragraph per line, and its padding and fill."""
    align = "r" if right else None
    paragraphs = "".join(drawingml.paragraph(line.text, line.size, line.bold, line.colour, align) for line in c.lines)
    shade = drawingml.solid(c.fill) if c.fill else "<a:noFill/>"
    return (
        f'<a:tc><a:txBody><a:bodyPr wrap="square"/><a:lstStyle/>{paragraphs}</a:txBody>'
        f"<a:tcPr {_MARGINS}>{shade}</a:tcPr></a:tc>"
    )


def fill(
    shape: Any,
    widths: Sequence[float],
    rows: Sequence[Sequence[Cell]],
    heights: Sequence[float],
    right: Sequence[bool],
) -> None:
    """Give a new table shape its column widths and row heights (points) and its cells, whatever grid it had.

    right says which columns align right.
    """
    xml = ["<a:tblGrid>", *(f'<a:gridCol w="{emu(wide)}"/>' for wide in widths), "</a:tblGrid>"]
    for row, tall in zip(rows, heights, strict=True):
        xml.append(f'<a:tr h="{emu(tall)}">')
        xml += [_cell(c, flush) for c, flush in zip(row, right, strict=True)]
        xml.append("</a:tr>")
    tbl = shape.element.graphic.graphicData.tbl
    for old in (tbl.tblGrid, *tbl.tr_lst):
        tbl.remove(old)
    drawingml.extend(tbl, "".join(xml))  # after the table's properties, which python-pptx made
    # what python-pptx's column width and row height setters leave as the frame's size: the sums of both
    shape.width = Emu(sum(emu(wide) for wide in widths))
    shape.height = Emu(sum(emu(tall) for tall in heights))
