"""Format figures for people: numbers by unit, percentages, money."""

from __future__ import annotations

import math

_PERCENT_UNITS = {"percent", "%", "pct"}


def percent(value: float | None, digits: int = 0) -> str:
    """Return a fraction as a percentage, or an en dash when missing.

    >>> percent(0.8734)
    '87%'
    """
    if value is None or math.isnan(value):
        return "\u2013"
    return f"{value * 100:.{digits}f}%"


def number(value: float | None, unit: str | None = None) -> str:
    """Return a value formatted for its unit: fractions as percent, money with separators, days as days.

    >>> number(0.912, "percent"), number(1234567.8, "currency"), number(4.5, "days")
    ('91.2%', '1,234,568', '4.5 days')
    """
    if value is None or math.isnan(value):
        return "\u2013"
    if unit in _PERCENT_UNITS:
        return percent(value, 1)
    if unit == "currency":
        return f"{value:,.0f}"
    text = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.4g}"
    if unit in {"days", "hours"}:
        return f"{text} {unit}"
    return text
