"""Format figures for people: numbers by unit, percentages, money."""

from __future__ import annotations

import math

_PERCENT_UNITS = {"percent", "%", "pct"}


def percent(value: float | None, digits: int = 0) -> str:
    """Return a fraction as a percentage, or an en dash when missing.

    >>> percent(0.8734), percent(-0.0), percent(-0.00004, 1)
    ('87%', '0%', '0.0%')
    """
    if value is None or math.isnan(value):
        return "\u2013"
    text = f"{value * 100:.{digits}f}"
    # no progress at all (baseline == actual: 0 / -35 is -0.0) or a sliver that rounds to zero reads "0%", never "-0%"
    return f"{text.lstrip('-') if float(text) == 0 else text}%"


def number(value: float | None, unit: str | None = None) -> str:
    """Return a value formatted for its unit: fractions as percent, money with separators, days as days.

    >>> number(0.912, "percent"), number(1234567.8, "currency"), number(4.5, "days"), number(0.84, "currency")
    ('91.2%', '1,234,568', '4.5 days', '0.84')
    """
    if value is None or math.isnan(value):
        return "\u2013"
    if unit in _PERCENT_UNITS:
        return percent(value, 1)
    if unit == "currency":
        # money keeps its cents below 100: a cost per case of 0.84 against 0.78 must not read "1 / 1"
        return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"
    text = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.4g}"
    if unit in {"days", "hours"}:
        return f"{text} {unit}"
    return text


#: How far below a status threshold a score may fall from rounding alone and still reach it (as the engine).
_TOLERANCE = 1e-9


def score(value: float | None, thresholds: tuple[float, ...] = ()) -> str:
    """Return a score as a percentage whose rounding never crosses a status threshold the score has not reached.

    0.8977 is amber at a 0.9 green threshold, so it shows as 89.8%, not 90%; 0.8734 shows as 87%.

    >>> score(0.8977, (0.9, 0.7)), score(0.8734, (0.9, 0.7)), score(0.9, (0.9, 0.7)), score(0.899999, (0.9,))
    ('89.8%', '87%', '90%', '89.9%')
    """
    if value is None or math.isnan(value):
        return percent(value)
    for digits in (0, 1, 2):
        shown = round(value * 100, digits) / 100
        if all((value >= t - _TOLERANCE) == (shown >= t - _TOLERANCE) for t in thresholds):
            return percent(shown, digits)
    return percent(math.floor(value * 1000) / 1000, 1)  # round toward the threshold it has not reached


def as_known(value: float, low: float, high: float) -> tuple[float, float, float]:
    """Return an estimate and its range rounded to what the range allows: no digits finer than a twentieth of it.

    A value known to lie between 2,803,054 and 4,080,696 is shown as 3,440,000 (2,800,000 to 4,080,000), not
    to the unit: the digits beyond the range's own precision would claim more than the evidence supports.

    >>> as_known(3441875.4, 2803054.1, 4080696.7)
    (3440000.0, 2800000.0, 4080000.0)
    >>> as_known(1250.0, 1200.0, 1300.0)
    (1250.0, 1200.0, 1300.0)
    """
    width = high - low
    if not (math.isfinite(value) and math.isfinite(width)) or width <= 0:
        return value, low, high
    step = 10.0 ** math.floor(math.log10(width / 20))
    if step <= 1:
        return value, low, high
    shown, lowest, highest = (float(round(x / step) * step) for x in (value, low, high))
    return shown, lowest, highest


def span(low: float | None, high: float | None, unit: str | None = None) -> str:
    """Return a range target for people: a band's low to high, or one open side.

    >>> span(0.58, 0.66, "percent"), span(40, None), span(None, 20)
    ('58.0% to 66.0%', '40 or more', 'under 20')
    """
    if low is not None and high is not None:
        return f"{number(low, unit)} to {number(high, unit)}"
    if low is not None:
        return f"{number(low, unit)} or more"
    if high is not None:
        return f"under {number(high, unit)}"
    return "\u2013"


def partial_mark(months: int | None, whole: int, partial: bool, mixed: bool = False) -> str:
    """Return what part of the period a node's figures rest on when not all of it, else nothing.

    A node whose own reports cover fewer months than a whole period says how many; a sum whose children
    cover different months says so; a roll-up that is partial only through a child says that.

    >>> partial_mark(2, 3, True), partial_mark(3, 3, True), partial_mark(3, 3, False), partial_mark(1, 3, True, True)
    ('2 of 3 months', 'partial: a child has part of the period', '', 'no sum: children cover different months')
    """
    if mixed:
        return "no sum: children cover different months"
    if months is not None and months < whole:
        return f"{months} of {whole} months"
    return "partial: a child has part of the period" if partial else ""
