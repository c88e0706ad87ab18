"""Cells written straight into the table's XML read back through python-pptx as its own setters would leave them."""

from __future__ import annotations

import io
from typing import Any

from pptx import Presentation
from pptx.enum.dml import MSO_FILL
from pptx.enum.text import PP_ALIGN

from kpicascade.deck.cell_xml import fill
from kpicascade.deck.tables import Cell, Line

#: Points to EMU: 12,700 a point.
HEIGHTS = [20.0, 30.5]  # 254,000 and 387,350 EMU
WIDTHS = [100.0, 50.0]  # 1,270,000 and 635,000 EMU
ROWS = [
    [
        Cell((Line("Name", 10.0, True, "5b6472"),), "F3F5F8"),
        Cell((Line("Score", 10.0, True, "5B6472"),), "F3F5F8"),
    ],
    [
        Cell((Line("Be <the> best & \x07 first", 11.0), Line("KPI · Ana", 9.0, False, "5B6472"))),
        Cell((Line("68%", 10.5, False, "FFFFFF"),), "D55E00"),
    ],
]


def table(made: int = 2) -> Any:
    """Return a table made made x made, filled with ROWS (2 x 2) and saved, as python-pptx reads it back."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    shape = slide.shapes.add_table(made, made, 0, 0, 1000, 1000)
    fill(shape, WIDTHS, ROWS, HEIGHTS, [False, True])
    saved = io.BytesIO()
    prs.save(saved)
    return Presentation(saved).slides[0].shapes[0]


def test_columns_rows_and_the_frame_take_the_sizes_given() -> None:
    shape = table()
    assert [c.width for c in shape.table.columns] == [1_270_000, 635_000]
    assert [r.height for r in shape.table.rows] == [254_000, 387_350]
    assert (shape.width, shape.height) == (1_905_000, 641_350)


def test_each_cell_wraps_inside_its_padding_on_its_fill() -> None:
    rows = table().table.rows
    for row in rows:
        for c in row.cells:
            assert (c.margin_left, c.margin_right, c.margin_top, c.margin_bottom) == (63_500, 63_500, 38_100, 38_100)
            assert c.text_frame.word_wrap is True
    assert str(rows[0].cells[0].fill.fore_color.rgb) == "F3F5F8"
    assert rows[1].cells[0].fill.type == MSO_FILL.BACKGROUND
    assert str(rows[1].cells[1].fill.fore_color.rgb) == "D55E00"


def test_each_line_is_a_paragraph_with_its_size_weight_colour_and_alignment() -> None:
    rows = table().table.rows
    name, score = rows[1].cells
    first, second = name.text_frame.paragraphs
    assert first.runs[0].text == "Be <the> best & \ufffd first"
    assert (first.runs[0].font.size.pt, first.runs[0].font.bold, first.alignment) == (11.0, False, None)
    assert first.runs[0].font.fill.type is None  # no colour of its own: the table style's
    assert (second.runs[0].text, second.runs[0].font.size.pt) == ("KPI · Ana", 9.0)
    assert str(second.runs[0].font.color.rgb) == "5B6472"
    header = rows[0].cells[0].text_frame.paragraphs[0].runs[0].font
    assert (header.bold, str(header.color.rgb)) == (True, "5B6472")  # lower-case hex written upper
    run = score.text_frame.paragraphs[0].runs[0]
    assert (run.text, run.font.size.pt, score.text_frame.paragraphs[0].alignment) == ("68%", 10.5, PP_ALIGN.RIGHT)
    assert str(run.font.color.rgb) == "FFFFFF"


def test_the_grid_and_rows_given_replace_those_the_table_was_made_with() -> None:
    made = table(made=1).table
    assert (len(made.rows), len(made.columns)) == (2, 2)
    assert [c.text for c in made.rows[0].cells] == ["Name", "Score"]
    assert made.first_row is True  # the table's own properties are kept


def test_an_empty_line_is_an_empty_run_as_python_pptx_writes_it() -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    shape = slide.shapes.add_table(1, 1, 0, 0, 1000, 1000)
    fill(shape, [100.0], [[Cell((Line(""),))]], [20.0], [False])
    assert "<a:t></a:t>" in shape.element.xml
    assert shape.table.cell(0, 0).text_frame.paragraphs[0].runs[0].text == ""
