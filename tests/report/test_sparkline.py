"""Sparklines: the values as a path, gaps where data is missing, the last value marked."""

from __future__ import annotations

import re

import pytest
from defusedxml import ElementTree

from kpicascade.report.sparkline import HEIGHT, PAD, WIDTH, sparkline

SVG = "{http://www.w3.org/2000/svg}"


def _paths(svg: str) -> list[str]:
    root = ElementTree.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
    return [p.get("d") or "" for p in root.iter(f"{SVG}path")]


@pytest.mark.parametrize(
    ("values", "moves"),
    [
        ([1, 2, 3], 1),
        ([1, None, 3, 4], 2),
        ([None, 5], 1),
        ([7], 1),
    ],
)
def test_a_gap_starts_a_new_stroke(values: list[float | None], moves: int) -> None:
    assert _paths(sparkline(values))[-1].count("M") == moves


def test_rising_values_rise_and_span_the_box() -> None:
    d = _paths(sparkline([0, 5, 10]))[-1]
    points = [tuple(map(float, p.split(","))) for p in re.findall(r"[\d.]+,[\d.]+", d)]
    assert points[0] == (PAD, HEIGHT - PAD)
    assert points[-1] == (WIDTH - PAD, PAD)


def test_target_is_drawn_dashed_on_the_same_scale() -> None:
    svg = sparkline([1, 2], target=[4, 4])
    assert 'stroke-dasharray="3 2"' in svg
    assert len(_paths(svg)) == 2


def test_label_is_escaped() -> None:
    svg = sparkline([1, 2], label='<script>"x"</script>')
    assert "<script>" not in svg
    assert "&lt;script&gt;&quot;x&quot;" in svg


def test_no_data_draws_a_dotted_line() -> None:
    svg = sparkline([None, None], target=[None, None])
    assert 'aria-label="no data"' in svg
    assert "<path" not in svg
