"""Trend sparklines as small inline SVG: the actual (or score) over the periods, the target dashed."""

from __future__ import annotations

import html
from collections.abc import Sequence

WIDTH, HEIGHT, PAD = 110, 28, 3


def _points(values: Sequence[float | None], low: float, high: float) -> list[tuple[float, float] | None]:
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    return [
        None
        if v is None
        else (round(PAD + k * step, 1), round(HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD), 1))
        for k, v in enumerate(values)
    ]


def _paths(points: list[tuple[float, float] | None]) -> str:
    """Return an SVG path through the points, broken where a value is missing."""
    parts, pen_down = [], False
    for p in points:
        if p is None:
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{p[0]},{p[1]}")
        pen_down = True
    return " ".join(parts)


def sparkline(
    values: Sequence[float | None],
    *,
    target: Sequence[float | None] | None = None,
    colour: str = "#333333",
    label: str = "",
) -> str:
    """Return an inline SVG sparkline of values, with the target dashed and the last value marked.

    >>> sparkline([None, None]).startswith('<svg')
    True
    """
    known = [v for v in [*values, *(target or [])] if v is not None]
    if not known:
        return (
            f'<svg class="spark" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
            f'aria-label="no data"><line x1="{PAD}" y1="{HEIGHT / 2}" x2="{WIDTH - PAD}" y2="{HEIGHT / 2}" '
            'stroke="#cccccc" stroke-dasharray="2 3"/></svg>'
        )
    low, high = min(known), max(known)
    line = _points(values, low, high)
    body = ""
    if target is not None:
        body += (
            f'<path d="{_paths(_points(target, low, high))}" fill="none" stroke="#999999" '
            'stroke-width="1" stroke-dasharray="3 2"/>'
        )
    body += f'<path d="{_paths(line)}" fill="none" stroke="{colour}" stroke-width="1.6"/>'
    last = next((p for p in reversed(line) if p is not None), None)
    if last is not None:
        body += f'<circle cx="{last[0]}" cy="{last[1]}" r="2.6" fill="{colour}"/>'
    return (
        f'<svg class="spark" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{html.escape(label, quote=True)}"><title>{html.escape(label)}</title>{body}</svg>'
    )
