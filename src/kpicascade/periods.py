"""Calendar periods: months ("2026-09") and quarters ("2026-Q3"), parsed strictly."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from kpicascade._exceptions import PeriodError

Calendar = Literal["month", "quarter"]

_MONTH = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")  # [0-9], not \d: \d takes other scripts' digits too
_QUARTER = re.compile(r"([0-9]{4})-Q([1-4])")
_PER_YEAR = {"month": 12, "quarter": 4}


@dataclass(frozen=True, order=True)
class Period:
    """One calendar period, ordered by time within its calendar.

    >>> Period.parse("2026-Q3") + 2
    Period('2027-Q1')
    """

    calendar: Calendar
    ordinal: int

    @classmethod
    def parse(cls, text: object, calendar: Calendar | None = None) -> Period:
        """Return the period written as text, in the given calendar if one is named."""
        if not isinstance(text, str):
            raise PeriodError(f"period must be text like '2026-Q3' or '2026-09', got {text!r}")
        found = _parsed(text)  # an actuals file names the same few periods on every row: parsed once each
        if found is None:
            raise PeriodError(f"{text!r} is not a period; write a quarter '2026-Q3' or a month '2026-09'")
        if calendar is not None and found.calendar != calendar:
            example = "2026-Q3" if calendar == "quarter" else "2026-09"
            raise PeriodError(f"{text!r} is a {found.calendar}, but the calendar is by {calendar} (like {example!r})")
        return found

    @property
    def year(self) -> int:
        """Return the calendar year."""
        return self.ordinal // _PER_YEAR[self.calendar]

    @property
    def index_in_year(self) -> int:
        """Return the period's position within its year, from 1."""
        return self.ordinal % _PER_YEAR[self.calendar] + 1

    def quarter(self) -> Period:
        """Return the quarter this period falls in."""
        if self.calendar == "quarter":
            return self
        return Period("quarter", self.year * 4 + (self.index_in_year - 1) // 3)

    def months(self) -> list[Period]:
        """Return the months this period spans."""
        if self.calendar == "month":
            return [self]
        first = self.year * 12 + (self.index_in_year - 1) * 3
        return [Period("month", first + i) for i in range(3)]

    def __add__(self, periods: int) -> Period:
        return Period(self.calendar, self.ordinal + periods)

    def __sub__(self, other: Period) -> int:
        if other.calendar != self.calendar:
            raise PeriodError(f"cannot subtract a {other.calendar} from a {self.calendar}")
        return self.ordinal - other.ordinal

    def __str__(self) -> str:
        if self.calendar == "quarter":
            return f"{self.year:04d}-Q{self.index_in_year}"
        return f"{self.year:04d}-{self.index_in_year:02d}"

    def __repr__(self) -> str:
        return f"Period({str(self)!r})"


def period_range(start: Period, end: Period) -> list[Period]:
    """Return every period from start to end, both included.

    >>> [str(p) for p in period_range(Period.parse("2025-Q4"), Period.parse("2026-Q2"))]
    ['2025-Q4', '2026-Q1', '2026-Q2']
    """
    if start.calendar != end.calendar:
        raise PeriodError(f"{start} and {end} are in different calendars")
    return [Period(start.calendar, n) for n in range(start.ordinal, end.ordinal + 1)]


@lru_cache(maxsize=4096)
def _parsed(text: str) -> Period | None:
    """Return the period text names, or None when it names none (periods are immutable, so shared)."""
    if match := _QUARTER.fullmatch(text):
        return Period("quarter", int(match[1]) * 4 + int(match[2]) - 1)
    if match := _MONTH.fullmatch(text):
        return Period("month", int(match[1]) * 12 + int(match[2]) - 1)
    return None
