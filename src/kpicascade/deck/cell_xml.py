"""Write a slide table's sizes and cells into its DrawingML: the elements python-pptx's setters write, as one text.

Through python-pptx's cell, paragraph and font setters a cell cost about 0.26 ms (each setter looks its element's
children up by qualified name and rebuilds choice groups: a run's colour alone takes 0.08 ms), and each row
height or column width set re-added all the rows' heights or columns' widths. Added element by element to the
table reached through the shape's public `element`, a cell still cost 0.045 ms. Here a table's grid and rows are
written as one XML text, in the order those setters leave their elements and attributes, parsed once by
python-pptx's own parser (so its element classes still read the table) and put in place of the grid and rows the
shape was made with: the saved deck is the same file, slide for slide.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.util import Emu, Pt

from kpicascade.deck.frame import emu, rgb
from kpicascade.deck.textfit import clean

if TYPE_CHECKING:
    from kpicascade.deck.tables import Cell

#: Cell padding: left and right, top and bottom, in points.
CELL_X = 5.0
CELL_Y = 3.0
_ACROSS, _DOWN = emu(CELL_X), emu(CELL_Y)
_MARGINS = f'marL="{_ACROSS}" marR="{_ACROSS}" marT="{_DOWN}" marB="{_DOWN}"'
_T = qn("a:t")


@cache
def _solid(colour: str) -> str:
    """Return a solid fill of colour (hex) as python-pptx writes it: its RGBColor's upper-case hex."""
    return f'<a:solidFill><a:srgbClr val="{rgb(colour)}"/></a:solidFill>'


@cache
def _run_properties(size: float, bold: bool, colour: str | None) -> str:
    """Return a run's properties: its size in hundredths of a point, its weight and its colour if it has one."""
    head = f'<a:rPr sz="{Pt(size).centipoints}" b="{"1" if bold else "0"}"'
    return f"{head}>{_solid(colour)}</a:rPr>" if colour else f"{head}/>"


def text(value: str) -> str:
    """Return text as the content of an a:t element, as python-pptx's run text setter and lxml would write it.

    Characters XML cannot hold become U+FFFD (textfit.clean); a carriage return is written as python-pptx
    escapes control characters, _x000D_ (the parser would otherwise read it as a line feed).

    >>> text("a < b & c\\r")
    'a &lt; b &amp; c_x000D_'
    """
    escaped = clean(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("\r", "_x000D_")


def _cell(c: Cell, right: bool) -> str:
    """Return a cell's a:tc: its wrapping text body, a paragraph per line, and its padding and fill."""
    align = '<a:pPr algn="r"/>' if right else ""
    paragraphs = "".join(
        f"<a:p>{align}<a:r>{_run_properties(line.size, line.bold, line.colour)}<a:t>{text(line.text)}</a:t></a:r></a:p>"
        for line in c.lines
    )
    shade = _solid(c.fill) if c.fill else "<a:noFill/>"
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
    xml = [f"<a:tbl {nsdecls('a')}><a:tblGrid>"]
    xml += [f'<a:gridCol w="{emu(wide)}"/>' for wide in widths]
    xml.append("</a:tblGrid>")
    for row, tall in zip(rows, heights, strict=True):
        xml.append(f'<a:tr h="{emu(tall)}">')
        xml += [_cell(c, flush) for c, flush in zip(row, right, strict=True)]
        xml.append("</a:tr>")
    xml.append("</a:tbl>")
    tbl = shape.element.graphic.graphicData.tbl
    for old in (tbl.tblGrid, *tbl.tr_lst):
        tbl.remove(old)
    tbl.extend(list(parse_xml("".join(xml))))  # after the table's properties, which python-pptx made
    if any(not line.text for row in rows for c in row for line in c.lines):
        # python-pptx writes an empty run text as <a:t></a:t>, which a parser reads back as no text at all
        for t in tbl.iter(_T):
            if t.text is None:
                t.text = ""
    # what python-pptx's column width and row height setters leave as the frame's size: the sums of both
    shape.width = Emu(sum(emu(wide) for wide in widths))
    shape.height = Emu(sum(emu(tall) for tall in heights))
