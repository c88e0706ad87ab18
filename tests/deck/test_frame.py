"""A company template: its slide size, masters and layouts are used, its example slides dropped, its brand kept."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches

from kpicascade import deck
from kpicascade._exceptions import RenderError
from kpicascade.deck.frame import PAD, Box, Deck, emu, write_text
from kpicascade.scoring import Result
from tests.deck.measure import overflows, texts


@pytest.fixture
def template(tmp_path: Path) -> Path:
    """A 4:3 company template with a logo on its master, renamed layouts and two example slides."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(10), Inches(7.5)
    scratch = prs.slides.add_slide(prs.slide_layouts[6])
    logo = scratch.shapes.add_textbox(Inches(8.6), Inches(7.0), Inches(1.2), Inches(0.4))
    logo.name = "Company logo"
    logo.text_frame.text = "NORDLYS"
    prs.slide_master.shapes.element.append(copy.deepcopy(logo.element))  # a master's shapes have no add_*
    for layout in prs.slide_layouts:
        layout.name = f"Nordlys {layout.name}"
    for text in ("Example: our mission", "Example: agenda"):
        prs.slides.add_slide(prs.slide_layouts[1]).shapes.title.text = text
    path = tmp_path / "nordlys.pptx"
    prs.save(str(path))
    return path


def test_the_templates_layouts_size_and_master_are_used(small: Result, template: Path, tmp_path: Path) -> None:
    target = tmp_path / "deck.pptx"
    deck.save(deck.render(small, template=template), target)
    prs = Presentation(str(target))
    assert (prs.slide_width, prs.slide_height) == (Inches(10), Inches(7.5))
    layouts = [slide.slide_layout.name for slide in prs.slides]
    assert layouts[0] == "Nordlys Title Slide"  # the example slides and the scratch one are gone
    assert set(layouts[1:]) == {"Nordlys Title Only"}
    assert "Company logo" in [s.name for s in prs.slide_master.shapes]
    words = texts(prs)
    assert "Example: our mission" not in words
    assert "Be the most reliable supplier" in words
    assert prs.slides[1].shapes.title.text == "Fjord Foods ASA at a glance, 2026-Q2"
    assert overflows(prs) == []


def test_a_file_that_is_no_deck_is_a_render_error(small: Result, tmp_path: Path) -> None:
    bad = tmp_path / "brand.pptx"
    bad.write_text("not a zip", encoding="utf-8")
    with pytest.raises(RenderError, match="not a PowerPoint template"):
        deck.render(small, template=bad)


@pytest.mark.parametrize(
    ("text", "style"),
    [
        ("Moments of truth", {"bold": True, "colour": "1F3A5F", "anchor": MSO_ANCHOR.BOTTOM}),
        ("Two lines\n& <more>", {"colour": "#5b6472", "centre": True}),
        ("", {}),
    ],
)
def test_a_text_box_is_what_python_pptxs_text_frame_setters_write(text: str, style: dict[str, Any]) -> None:
    made = Deck(None, "Fjord Foods ASA · 2026-Q2")
    slide = made.prs.slides.add_slide(made.blank)
    shape = made.textbox(slide, Box(36, 20, 400, 56), text, 12, **style)
    by_setters = slide.shapes.add_textbox(emu(36), emu(20), emu(400), emu(56))
    frame = by_setters.text_frame
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = emu(PAD)
    write_text(frame, text, 12, bold=style.get("bold", False), colour=style.get("colour"))
    if style.get("centre"):
        for paragraph in frame.paragraphs:
            paragraph.alignment = PP_ALIGN.CENTER
    frame.vertical_anchor = style.get("anchor", MSO_ANCHOR.TOP)
    assert shape.element.txBody.xml == by_setters.element.txBody.xml
