"""The score chart's bars carry their statuses' colours as python-pptx's point format setters would write them."""

from __future__ import annotations

from typing import Any

from pptx import Presentation

from kpicascade.deck import charts
from kpicascade.deck.frame import Box, rgb

NAMES = ["Grow revenue", "Keep <every> customer & more", "Be reliable"]
SCORES = [0.35, None, 1.2]
COLOURS = ["#D55E00", "#999999", "#009E73"]


def chart(colours: list[str]) -> Any:
    """Return a score chart of NAMES and SCORES with bars in colours, on a new slide."""
    slide = Presentation().slides.add_slide(Presentation().slide_layouts[6])
    return charts.scores(slide, Box(36, 36, 300, 200), NAMES, SCORES, colours).chart


def test_each_bar_reads_back_in_its_colour_even_without_a_score() -> None:
    points = chart(COLOURS).plots[0].series[0].points
    assert [str(points[i].format.fill.fore_color.rgb) for i in range(3)] == ["D55E00", "999999", "009E73"]


def test_the_bars_colours_are_what_the_point_setters_write() -> None:
    by_setters = chart([])
    for point, colour in zip(by_setters.plots[0].series[0].points, COLOURS, strict=True):
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = rgb(colour)
    assert chart(COLOURS).element.xml == by_setters.element.xml
