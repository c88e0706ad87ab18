"""Periods: months and quarters, parsed strictly, with arithmetic and ranges."""

from __future__ import annotations

import pytest

from kpicascade import PeriodError
from kpicascade.periods import Period, period_range

GOOD = [
    ("2026-Q3", None, "quarter", 2026, 3),
    ("2026-Q1", "quarter", "quarter", 2026, 1),
    ("2026-09", None, "month", 2026, 9),
    ("2026-12", "month", "month", 2026, 12),
    ("0999-01", None, "month", 999, 1),
]


@pytest.mark.parametrize(("text", "calendar", "kind", "year", "index"), GOOD, ids=[g[0] for g in GOOD])
def test_parse(text: str, calendar: str | None, kind: str, year: int, index: int) -> None:
    period = Period.parse(text, calendar)  # type: ignore[arg-type]
    assert (period.calendar, period.year, period.index_in_year) == (kind, year, index)
    assert str(period) == text
    assert repr(period) == f"Period({text!r})"


# (text, calendar, words in the message)
BAD = [
    ("2026-Q5", None, "is not a period"),
    ("2026-Q0", None, "is not a period"),
    ("2026-13", None, "is not a period"),
    ("2026-00", None, "is not a period"),
    ("2026-9", None, "is not a period"),
    ("26-Q3", None, "is not a period"),
    ("2026Q3", None, "is not a period"),
    ("2026-q3", None, "is not a period"),
    (" 2026-Q3", None, "is not a period"),
    ("2026-Q3 ", None, "is not a period"),
    ("2026-09-01", None, "is not a period"),
    ("Q3 2026", None, "is not a period"),
    ("", None, "is not a period"),
    ("\uff12\uff10\uff12\uff16-Q3", None, "is not a period"),  # full-width digits: \d matches them, int() reads them
    ("2026-09", "quarter", "is a month, but the calendar is by quarter (like '2026-Q3')"),
    ("2026-Q3", "month", "is a quarter, but the calendar is by month (like '2026-09')"),
    (2026, None, "period must be text"),
    (None, None, "period must be text"),
]


@pytest.mark.parametrize(("text", "calendar", "words"), BAD, ids=[repr(b[0]) + str(b[1]) for b in BAD])
def test_parse_refuses(text: object, calendar: str | None, words: str) -> None:
    with pytest.raises(PeriodError, match=words.replace("(", r"\(").replace(")", r"\)")):
        Period.parse(text, calendar)  # type: ignore[arg-type]


def test_a_period_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the point is the built-in base
        Period.parse("soon")


@pytest.mark.parametrize(
    ("start", "step", "end"),
    [
        ("2026-Q3", 2, "2027-Q1"),
        ("2026-Q1", -1, "2025-Q4"),
        ("2026-11", 3, "2027-02"),
        ("2026-01", -1, "2025-12"),
        ("2026-05", 0, "2026-05"),
    ],
)
def test_adding_periods(start: str, step: int, end: str) -> None:
    assert Period.parse(start) + step == Period.parse(end)
    assert Period.parse(end) - Period.parse(start) == step


def test_subtracting_across_calendars_is_refused() -> None:
    with pytest.raises(PeriodError, match="cannot subtract"):
        Period.parse("2026-Q3") - Period.parse("2026-09")


@pytest.mark.parametrize(
    ("month", "quarter"),
    [("2026-01", "2026-Q1"), ("2026-03", "2026-Q1"), ("2026-04", "2026-Q2"), ("2026-12", "2026-Q4")],
)
def test_the_quarter_of_a_month(month: str, quarter: str) -> None:
    assert Period.parse(month).quarter() == Period.parse(quarter)
    assert Period.parse(month) in Period.parse(quarter).months()


def test_months_of_a_quarter() -> None:
    assert [str(m) for m in Period.parse("2026-Q4").months()] == ["2026-10", "2026-11", "2026-12"]
    assert Period.parse("2026-Q4").quarter() == Period.parse("2026-Q4")
    assert Period.parse("2026-10").months() == [Period.parse("2026-10")]


def test_ranges_and_order() -> None:
    span = period_range(Period.parse("2025-11"), Period.parse("2026-02"))
    assert [str(p) for p in span] == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert span == sorted([span[2], span[0], span[3], span[1]])
    assert period_range(Period.parse("2026-Q2"), Period.parse("2026-Q1")) == []
    with pytest.raises(PeriodError, match="different calendars"):
        period_range(Period.parse("2026-Q1"), Period.parse("2026-03"))


def test_periods_are_hashable_values() -> None:
    assert len({Period.parse("2026-Q3"), Period.parse("2026-Q3"), Period.parse("2026-Q4")}) == 2
