"""Read actuals (id, period, value) from CSV, Parquet and inline rows, checking each row."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from pathlib import Path

from kpicascade import csv_table, hints
from kpicascade._exceptions import PeriodError
from kpicascade._yaml import MAX_NUMBER, too_large
from kpicascade.measurements import Measurement, Measurements
from kpicascade.model import Scorecard
from kpicascade.periods import Period, period_range
from kpicascade.problems import MAX_PER_FILE, Location, Problem

COLUMNS = ("id", "period", "value")
#: The ending of the actuals files `kpicascade signals` writes: listed before they exist, they are only a warning.
SIGNALS_SUFFIX = ".signals.csv"
MAX_BYTES = 200 * 1024 * 1024
RawRow = tuple[object, object, object, Location]


def _csv_rows(path: Path) -> Iterator[RawRow]:
    try:
        table = csv_table.read(path, COLUMNS, MAX_BYTES)
    except csv_table.CsvFileError as exc:
        raise _Unreadable(exc.location, exc.message) from None
    ident, period, value = (table.column(c) for c in COLUMNS)
    width, file = max(ident, period, value) + 1, str(path)
    for record in table.rows():
        values: list[str | None] = list(record.values)
        if len(values) < width:  # a short row: the columns it lacks are missing values
            values += [None] * (width - len(values))
        yield values[ident], values[period], values[value], Location(file, record.line)


def _parquet_rows(path: Path) -> Iterator[RawRow]:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises many kinds for a bad file
        raise _Unreadable(Location(str(path)), f"not a readable Parquet file: {exc}") from None
    missing = [c for c in COLUMNS if c not in table.column_names]
    if missing:
        raise _Unreadable(Location(str(path)), f"missing column(s) {', '.join(missing)}")
    columns = [table.column(c).to_pylist() for c in COLUMNS]
    for i, (ident, period, value) in enumerate(zip(*columns, strict=True)):
        yield ident, period, value, Location(str(path), i + 1, None)


class _Unreadable(Exception):
    def __init__(self, location: Location, message: str) -> None:
        self.location = location
        self.message = message


def _file_rows(path: Path, declared: Location) -> Iterator[RawRow]:
    if not path.is_file():
        raise _Unreadable(declared, f"actuals file {path} not found")
    if path.stat().st_size > MAX_BYTES:
        raise _Unreadable(Location(str(path)), f"actuals file is larger than {MAX_BYTES // 2**20} MB")
    if path.suffix.lower() == ".parquet":
        yield from _parquet_rows(path)
    else:
        yield from _csv_rows(path)


def _number(value: object) -> float:
    """Return value as a finite number, or raise ValueError saying why it is not one."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("value is missing")
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"value {value!r} is not a number")
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except ValueError:
        hint = hints.number_hint(value) if isinstance(value, str) else ""
        raise ValueError(f"value {value!r} is not a number{hint}") from None
    if not math.isfinite(number):
        raise ValueError(f"value {value!r} is not a finite number: NaN and infinity are not allowed")
    if too_large(number):
        raise ValueError(f"value {value!r} is too large: numbers may be at most 10^15 in size")
    return number


#: The types of value a row's value may be read from at once (bool is an int, and is not a number here).
_NUMBER_TYPES = (str, float, int)


class _Checker:
    """Check rows one by one: a row that is plainly good passes at once, any other is checked field by field."""

    def __init__(self, card: Scorecard) -> None:
        self.card = card
        self.measured = {n.id for n in card.nodes if n.metric is not None}
        self.unmeasured = {n.id for n in card.nodes if n.metric is None}
        self.signals = {s.id for s in card.signals}
        self.known = (self.measured | self.signals) - self.unmeasured - {""}
        #: Each period text read so far that is a period of the horizon: an actuals file names a few, again and again.
        self.periods: dict[str, Period] = {}
        try:
            start = Period.parse(card.horizon.start, card.calendar)
            end = Period.parse(card.horizon.end, card.calendar)
            self.horizon = set(period_range(start, end))
        except PeriodError:
            self.horizon = set()
        self.seen: dict[tuple[str, Period], Location] = {}
        self.problems: list[Problem] = []
        self.failed: dict[str, int] = {}

    def fail(self, where: Location, field: str, message: str) -> None:
        self.failed[where.file] = self.failed.get(where.file, 0) + 1
        if self.failed[where.file] <= MAX_PER_FILE:  # a file of a million bad rows is not a million problems
            self.problems.append(Problem("error", f"actuals-{field}", message, where, (field,)))

    def closing(self) -> list[Problem]:
        """Return a problem for each file whose problems were cut short, saying how many more it has."""
        return [
            Problem(
                "error", "too-many-problems", f"{n - MAX_PER_FILE} more errors in this file are not shown", Location(f)
            )
            for f, n in self.failed.items()
            if n > MAX_PER_FILE
        ]

    def check(self, ident: object, period_text: object, raw: object, where: Location) -> Measurement | None:
        """Return the row's measurement, or None once what is wrong with the row is reported."""
        period = self.periods.get(period_text) if type(period_text) is str else None
        if period is not None and type(ident) is str and ident in self.known and type(raw) in _NUMBER_TYPES:
            try:
                value = float(raw)  # type: ignore[arg-type]  # a str, float or int
            except ValueError:
                value = math.nan
            if -MAX_NUMBER <= value <= MAX_NUMBER and self.seen.setdefault((ident, period), where) is where:
                return Measurement(ident, period, value, where)
        return self.check_fully(ident, period_text, raw, where)

    def check_fully(self, ident: object, period_text: object, raw: object, where: Location) -> Measurement | None:
        """Return the row's measurement, or None once each thing wrong with the row is reported."""
        ok = True
        if not isinstance(ident, str) or not ident:
            self.fail(where, "id", "id is missing" if ident in (None, "") else f"id {ident!r} must be text")
            ok = False
        elif ident in self.unmeasured:
            self.fail(where, "id", f"node {ident!r} has no metric, so it cannot have actuals")
            ok = False
        elif ident not in self.measured and ident not in self.signals:
            hint = hints.did_you_mean(ident, self.measured | self.signals)
            self.fail(where, "id", f"{ident!r} is not a measured node or signal of the scorecard{hint}")
            ok = False
        period = self._period(period_text, where)
        try:
            value = _number(raw)
        except ValueError as exc:
            self.fail(where, "value", str(exc))
            return None
        if not ok or period is None or not isinstance(ident, str):
            return None
        key = (ident, period)
        if key in self.seen:
            self.fail(where, "period", f"{ident} {period} is given twice (first at {self.seen[key]})")
            return None
        self.seen[key] = where
        return Measurement(ident, period, value, where)

    def _period(self, text: object, where: Location) -> Period | None:
        try:
            period = Period.parse(text, None if self.card.calendar == "quarter" else "month")
        except PeriodError as exc:
            self.fail(where, "period", str(exc))
            return None
        in_calendar = period.quarter() if self.card.calendar == "quarter" else period
        if self.horizon and in_calendar not in self.horizon:
            span = f"{self.card.horizon.start}..{self.card.horizon.end}"
            self.fail(where, "period", f"period {text} is outside the horizon {span}")
            return None
        if isinstance(text, str):
            self.periods[text] = period
        return period


def check_rows(card: Scorecard, rows: Iterable[RawRow]) -> tuple[Measurements, list[Problem]]:
    """Return the rows that pass every check, and a problem for each that does not."""
    checker = _Checker(card)
    found = [m for raw in rows if (m := checker.check(*raw)) is not None]
    return Measurements(found), checker.problems + checker.closing()


def _inline_rows(card: Scorecard) -> Iterator[RawRow]:
    for i, row in enumerate(card.actuals.rows):
        yield row.id, row.period, row.value, card.source.locate(("actuals", "rows", i))


def _all_rows(card: Scorecard, files: list[tuple[Path, Location]], problems: list[Problem]) -> Iterator[RawRow]:
    yield from _inline_rows(card)
    for path, declared in files:
        if path.name.endswith(SIGNALS_SUFFIX) and not path.exists():
            problems.append(_not_written_yet(card, path, declared))
            continue
        try:
            yield from _file_rows(path, declared)
        except _Unreadable as exc:
            listed = "" if exc.location == declared else f" (listed at {declared})"
            problems.append(Problem("error", "actuals-file", exc.message + listed, exc.location, ("actuals", "files")))
        except OSError as exc:
            problems.append(Problem("error", "actuals-file", f"cannot read: {exc.strerror}", Location(str(path))))


def _not_written_yet(card: Scorecard, path: Path, declared: Location) -> Problem:
    """Return the warning for a signals file that `kpicascade signals` has not written yet."""
    command = f"kpicascade signals {card.source.main_file or 'SCORECARD'} --events EVENTS"
    message = f"actuals file {path.name} is not there yet: `{command}` writes it; until then its signals have no data"
    return Problem("warning", "actuals-not-written", message, declared, ("actuals", "files"))


def read_actuals(card: Scorecard, files: list[tuple[Path, Location]]) -> tuple[Measurements, list[Problem]]:
    """Return the scorecard's measurements from inline rows and files, with every problem found."""
    file_problems: list[Problem] = []
    measurements, problems = check_rows(card, _all_rows(card, files, file_problems))
    return measurements, file_problems + problems
