"""The deck being made: its slide size, the layouts it uses (ours or a company template's), and a content box.

Without a template the deck is 16:9 and draws its own titles on blank slides. With one, its slide size, masters
and layouts are kept: a content slide takes the layout that has a title and the fewest other placeholders, the
title slide the one with a centred title, and the template's own example slides are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.util import Emu, Pt

from kpicascade._exceptions import RenderError
from kpicascade.deck import drawingml
from kpicascade.deck.textfit import clean, fitting_size, height

#: Our slide, 13.33 x 7.5 inches (16:9), in points.
WIDE = (960.0, 540.0)
MARGIN = 36.0
FOOTER = 24.0
#: Text and shape colours of our own look (a template's theme colours its own titles).
ACCENT = "1F3A5F"
MUTED = "5B6472"
RULE = "DDE1E6"
BAND = "F3F5F8"
TITLE_SIZES = (28.0, 24.0, 20.0, 18.0, 16.0)


@dataclass(frozen=True)
class Box:
    """A rectangle on a slide, in points."""

    left: float
    top: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        """Return the box's lower edge."""
        return self.top + self.height

    def below(self, used: float, gap: float = 10.0) -> Box:
        """Return what is left of the box under its first used points and a gap."""
        taken = min(self.height, used + gap)
        return Box(self.left, self.top + taken, self.width, self.height - taken)

    def split(self, share: float, gap: float = 18.0) -> tuple[Box, Box]:
        """Return the box cut into a left part of share of its width and the right rest, with a gap between."""
        left = (self.width - gap) * share
        return Box(self.left, self.top, left, self.height), Box(
            self.left + left + gap, self.top, self.width - left - gap, self.height
        )


def rgb(colour: str) -> RGBColor:
    """Return a colour written as hex (with or without #) as python-pptx's colour.

    >>> str(rgb("#009E73"))
    '009E73'
    """
    h = colour.lstrip("#")
    return RGBColor(int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))  # type: ignore[no-untyped-call]


def emu(points: float) -> Emu:
    """Return points as EMU, the unit of the slide's XML."""
    return Emu(round(points * 12700))


def block(slide: Any, box: Box, colour: str, outline: str | None = None) -> Any:
    """Add a rectangle filled with colour (hex), outlined in outline or not at all.

    The fill and outline are written as python-pptx's fill.solid(), fore_color.rgb and line setters write them.
    """
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, emu(box.left), emu(box.top), emu(box.width), emu(box.height))
    line = drawingml.solid(outline) if outline else "<a:noFill/>"
    drawingml.extend(shape.element.spPr, f"{drawingml.solid(colour)}<a:ln>{line}</a:ln>")
    return shape


def _placeholder(layout: Any, kinds: set[Any]) -> Any:
    return next((ph for ph in layout.placeholders if ph.placeholder_format.type in kinds), None)


def _others(layout: Any) -> int:
    return sum(1 for ph in layout.placeholders if ph.placeholder_format.type not in _IGNORED)


def _count(layout: Any) -> int:
    return len(layout.placeholders)


@cache
def _default_blank() -> int:
    """Return the index of python-pptx's default layout with the fewest placeholders, found once per process."""
    layouts = list(Presentation().slide_layouts)
    return layouts.index(min(layouts, key=_count))


_TITLE = {PP_PLACEHOLDER.TITLE}
_CENTER = {PP_PLACEHOLDER.CENTER_TITLE}
_IGNORED = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}


def write_text(frame: Any, text: str, size: float, *, bold: bool = False, colour: str | None = None) -> None:
    """Put text (paragraphs split on newlines) into a text frame at one size, wrapping, never auto-sized."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    for i, line in enumerate(clean(text).split("\n")):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = ""
        run = paragraph.add_run()
        run.text = line
        font = run.font  # each reading of run.font looks its properties element up again
        font.size = Pt(size)
        font.bold = bold
        if colour:
            font.color.rgb = rgb(colour)


class Deck:
    """A presentation under construction, with the account and period for its footers."""

    def __init__(self, template: Path | None, footer: str) -> None:
        try:
            self.prs = Presentation(str(template)) if template else Presentation()
        except Exception as exc:  # python-pptx raises zip, XML and KeyError alike for a file that is no deck
            raise RenderError(f"{template}: not a PowerPoint template (.pptx): {exc}") from exc
        self.themed = template is not None
        self.footer = footer
        if self.themed:
            for entry in list(self.prs.slides.element):
                self.prs.part.drop_rel(entry.rId)
                self.prs.slides.element.remove(entry)
        else:
            self.prs.slide_width, self.prs.slide_height = emu(WIDE[0]), emu(WIDE[1])
        layouts = list(self.prs.slide_layouts)
        self.content_layout = self.title_layout = None
        if self.themed:
            titled = [lay for lay in layouts if _placeholder(lay, _TITLE) is not None]
            self.content_layout = min(titled, key=_others) if titled else None
            centred = [lay for lay in layouts if _placeholder(lay, _CENTER) is not None]
            self.title_layout = centred[0] if centred else None
            self.blank = min(layouts, key=_count)
        else:
            self.blank = layouts[_default_blank()]

    @property
    def size(self) -> tuple[float, float]:
        """Return the slide's width and height in points."""
        return (self.prs.slide_width or 0) / 12700, (self.prs.slide_height or 0) / 12700

    def textbox(self, slide: Any, box: Box, text: str, size: float, **style: Any) -> Any:
        """Add a text box holding text at a size, with no inner margins beyond a little padding."""
        shape = slide.shapes.add_textbox(emu(box.left), emu(box.top), emu(box.width), emu(box.height))
        body = shape.element.txBody
        for child in list(body):
            body.remove(child)
        bold, colour = style.get("bold", False), style.get("colour")
        align = "ctr" if style.get("centre") else None
        anchor = style.get("anchor", MSO_ANCHOR.TOP).xml_value
        lines = "".join(drawingml.paragraph(line, size, bold, colour, align) for line in clean(text).split("\n"))
        drawingml.extend(
            body, f'<a:bodyPr wrap="square" {_INSETS} anchor="{anchor}"><a:noAutofit/></a:bodyPr><a:lstStyle/>{lines}'
        )
        return shape

    def fitted(self, slide: Any, box: Box, text: str, sizes: tuple[float, ...], **style: Any) -> Any:
        """Add a text box at the largest of sizes at which the text fits the box."""
        size = fitting_size(text, box.width - 2 * PAD, box.height - 2 * PAD, sizes)
        return self.textbox(slide, box, text, size, **style)

    def title_slide(self, title: str, subtitle: str) -> Any:
        """Add the opening slide: the template's title layout, or our own accent band."""
        width, tall = self.size
        if self.title_layout is not None:
            slide = self.prs.slides.add_slide(self.title_layout)
            for ph in list(slide.placeholders):
                kind = ph.placeholder_format.type
                if kind in _CENTER:
                    self._fill(ph, title, TITLE_SIZES)
                elif kind == PP_PLACEHOLDER.SUBTITLE:
                    self._fill(ph, subtitle, (20.0, 18.0, 16.0, 14.0, 12.0))
                else:
                    ph.element.getparent().remove(ph.element)
            return slide
        slide = self.prs.slides.add_slide(self.blank)
        block(slide, Box(0, 0, width, tall * 0.62), ACCENT)
        inner = Box(MARGIN * 1.5, tall * 0.22, width - 3 * MARGIN, tall * 0.36)
        self.fitted(slide, inner, title, (40.0, 36.0, 32.0, 28.0, 24.0), bold=True, colour="FFFFFF")
        lower = Box(MARGIN * 1.5, tall * 0.66, width - 3 * MARGIN, tall * 0.26)
        self.fitted(slide, lower, subtitle, (20.0, 18.0, 16.0, 14.0, 12.0), colour=MUTED)
        return slide

    def _fill(self, ph: Any, text: str, sizes: tuple[float, ...]) -> None:
        frame = ph.text_frame
        room = (ph.width - (frame.margin_left or 0) - (frame.margin_right or 0)) / 12700
        tall = (ph.height - (frame.margin_top or 0) - (frame.margin_bottom or 0)) / 12700
        write_text(frame, text, fitting_size(text, room, tall, sizes))

    def slide(self, title: str) -> tuple[Any, Box]:
        """Add a content slide with its title and footer; return it and the box left for content.

        Its shapes count their ids on from the slide's largest (python-pptx's turbo-add mode) instead of looking
        all of them up for every shape added: the same ids, since the slide is only added to, through this one
        Slide object, once its unused placeholders are removed.
        """
        width, tall = self.size
        bottom = tall - MARGIN * 0.5 - FOOTER
        if self.content_layout is not None:
            slide = self.prs.slides.add_slide(self.content_layout)
            title_ph: Any = None
            for ph in list(slide.placeholders):
                if ph.placeholder_format.type in _TITLE and title_ph is None:
                    title_ph = ph
                else:
                    ph.element.getparent().remove(ph.element)
            slide.shapes.turbo_add_enabled = True  # once its placeholders are gone
            self._fill(title_ph, title, TITLE_SIZES)
            top = (title_ph.top + title_ph.height) / 12700 + 8
            left = min(MARGIN, title_ph.left / 12700)
            body = Box(left, top, width - 2 * left, bottom - top)
        else:
            slide = self.prs.slides.add_slide(self.blank)
            slide.shapes.turbo_add_enabled = True
            head = Box(MARGIN, MARGIN * 0.6, width - 2 * MARGIN, 56)
            self.fitted(slide, head, title, TITLE_SIZES, bold=True, colour=ACCENT, anchor=MSO_ANCHOR.BOTTOM)
            block(slide, Box(MARGIN, head.bottom + 2, width - 2 * MARGIN, 2), ACCENT)
            body = Box(MARGIN, head.bottom + 14, width - 2 * MARGIN, bottom - head.bottom - 14)
        number = len(self.prs.slides)
        foot = Box(MARGIN, tall - MARGIN * 0.5 - FOOTER + 4, width - 2 * MARGIN, FOOTER - 4)
        self.textbox(slide, foot, f"{self.footer} · {number}", 9, colour=MUTED)
        return slide, body


#: Inner padding of our text boxes, in points.
PAD = 3.6
#: The padding as python-pptx's margin setters write it: an inset equal to its default (0.05 inch above and below,
#: 0.1 inch at the sides) is left out.
_INSETS = " ".join(
    f'{side}="{emu(PAD)}"'
    for side, default in (("lIns", 91440), ("tIns", 45720), ("rIns", 91440), ("bIns", 45720))
    if emu(PAD) != default
)


def text_height(text: str, box_width: float, size: float) -> float:
    """Return how tall a text box of box_width must be for text at a size, padding included."""
    return height(text, box_width - 2 * PAD, size) + 2 * PAD
