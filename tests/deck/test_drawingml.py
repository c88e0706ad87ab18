"""DrawingML written as text reads back through python-pptx as its own setters would leave it."""

from __future__ import annotations

from typing import Any

import pytest
from pptx import Presentation
from pptx.enum.text import PP_ALIGN

from kpicascade.deck import drawingml
from kpicascade.deck.frame import rgb


def body() -> Any:
    """Return the text body of a new text box, emptied."""
    slide = Presentation().slides.add_slide(Presentation().slide_layouts[6])
    shape = slide.shapes.add_textbox(0, 0, 1000, 1000)
    for child in list(shape.element.txBody):
        shape.element.txBody.remove(child)
    return shape


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("plain", "plain"),
        ("<a:t>not markup</a:t> & co", "&lt;a:t&gt;not markup&lt;/a:t&gt; &amp; co"),
        ("x]]>y", "x]]&gt;y"),
        ("bell\x07 and \ufffe", "bell\ufffd and \ufffd"),
        ("carriage\rreturn", "carriage_x000D_return"),  # python-pptx's escape of a control character
        ("tab\tand\nline", "tab\tand\nline"),
    ],
)
def test_text_is_escaped_as_python_pptx_and_lxml_write_it(value: str, written: str) -> None:
    assert drawingml.text(value) == written


def test_a_paragraph_reads_back_with_its_size_weight_colour_and_alignment() -> None:
    shape = body()
    drawingml.extend(
        shape.element.txBody,
        "<a:bodyPr/><a:lstStyle/>"
        + drawingml.paragraph("Be <best> & first", 10.5, True, "1f3a5f", "ctr")
        + drawingml.paragraph("", 9.0, False, None),
    )
    first, second = shape.text_frame.paragraphs
    run = first.runs[0]
    assert (run.text, run.font.size.pt, run.font.bold, first.alignment) == (
        "Be <best> & first",
        10.5,
        True,
        PP_ALIGN.CENTER,
    )
    assert str(run.font.color.rgb) == "1F3A5F"
    assert (second.runs[0].text, second.runs[0].font.bold, second.alignment) == ("", False, None)
    assert second.runs[0].font.fill.type is None
    assert "<a:t></a:t>" in shape.element.xml  # an empty run text as python-pptx writes it


def test_a_fill_and_an_outline_are_what_the_fill_and_line_setters_leave() -> None:
    slide = Presentation().slides.add_slide(Presentation().slide_layouts[6])
    made = slide.shapes.add_shape(1, 0, 0, 100, 100)
    made.fill.solid()
    made.fill.fore_color.rgb = rgb("F3F5F8")
    made.line.color.rgb = rgb("DDE1E6")
    written = slide.shapes.add_shape(1, 0, 0, 100, 100)
    drawingml.extend(written.element.spPr, drawingml.solid("#f3f5f8") + f"<a:ln>{drawingml.solid('DDE1E6')}</a:ln>")
    assert written.element.spPr.xml == made.element.spPr.xml
