"""DrawingML written as text and parsed once: runs, paragraphs and fills as python-pptx's setters leave them.

Each python-pptx setter looks its element's children up by qualified name and rebuilds choice groups, so a text
box or a table cell made through them costs ten times what it costs to write the same elements as one XML text
and parse it with python-pptx's own parser (its element classes then read the result as their own). The
functions here write what those setters write, in the same order, so the saved deck is the same file.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pptx.dml.color import RGBColor
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.util import Pt

from kpicascade.deck.textfit import clean

_T = qn("a:t")
_EMPTY = "<a:t></a:t>"


@cache
def solid(colour: str) -> str:
    """Return a solid fill of colour (hex, with or without #) as python-pptx writes it, in upper-case hex.

    >>> solid("#1f3a5f")
    '<a:solidFill><a:srgbClr val="1F3A5F"/></a:solidFill>'
    """
    value = RGBColor.from_string(colour.lstrip("#"))  # type: ignore[no-untyped-call]
    return f'<a:solidFill><a:srgbClr val="{value}"/></a:solidFill>'


@cache
def run_properties(size: float, bold: bool, colour: str | None) -> str:
    """Return a run's properties: its size in hundredths of a point, its weight and its colour if it has one.

    >>> run_properties(10.5, True, None)
    '<a:rPr sz="1050" b="1"/>'
    """
    head = f'<a:rPr sz="{Pt(size).centipoints}" b="{"1" if bold else "0"}"'
    return f"{head}>{solid(colour)}</a:rPr>" if colour else f"{head}/>"


def text(value: str) -> str:
    """Return text as the content of an a:t element, as python-pptx's run text setter and lxml would write it.

    Characters XML cannot hold become U+FFFD (textfit.clean); a carriage return is written as python-pptx
    escapes control characters, _x000D_ (a parser would read it as a line feed).

    >>> text("a < b & c\\r")
    'a &lt; b &amp; c_x000D_'
    """
    escaped = clean(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("\r", "_x000D_")


def paragraph(value: str, size: float, bold: bool, colour: str | None, align: str | None = None) -> str:
    """Return a paragraph of one run of text; align is its alignment's XML value (r, ctr), if it has one."""
    properties = f'<a:pPr algn="{align}"/>' if align else ""
    return f"<a:p>{properties}<a:r>{run_properties(size, bold, colour)}<a:t>{text(value)}</a:t></a:r></a:p>"


def parse(xml: str) -> list[Any]:
    """Return the elements written in xml, a sequence of DrawingML, PresentationML and chart elements."""
    return list(parse_xml(f"<kpicascade {nsdecls('a', 'p', 'c')}>{xml}</kpicascade>"))


def extend(parent: Any, xml: str) -> None:
    """Append the elements written in xml (a sequence of DrawingML and PresentationML elements) to parent."""
    parent.extend(parse(xml))
    if _EMPTY in xml:
        # python-pptx writes an empty run text as <a:t></a:t>, which a parser reads back as no text at all
        for t in parent.iter(_T):
            if t.text is None:
                t.text = ""
