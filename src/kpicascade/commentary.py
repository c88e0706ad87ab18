"""Read notes (node, period, text, author) from CSV files beside the scorecard, checking each row.

Notes files are read as csv_table records, as actuals are: a note's text may span lines (Excel writes
a cell with a line break inside quotes), each row's place is the line its record starts on, and an
Excel-saved file (byte order mark, CRLF, semicolons) reads as any other.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kpicascade import csv_table
from kpicascade._exceptions import PeriodError
from kpicascade.model import Note, Scorecard
from kpicascade.periods import Period, period_range
from kpicascade.problems import Location, Problem

COLUMNS = ("node", "period", "text")
OPTIONAL = ("author",)
MAX_BYTES = 20 * 1024 * 1024
MAX_TEXT = 2000


class _Unreadable(Exception):
    def __init__(self, location: Location, message: str) -> None:
        self.location = location
        self.message = message


def _rows(path: Path, declared: Location) -> Iterator[tuple[dict[str, str], Location]]:
    if not path.is_file():
        raise _Unreadable(declared, f"notes file {path} not found")
    try:
        table = csv_table.read(path, COLUMNS, MAX_BYTES)
    except csv_table.CsvFileError as exc:
        raise _Unreadable(exc.location, exc.message) from None
    return table_rows(table)


def notes_table(text: str, name: str) -> csv_table.CsvTable:
    """Return a notes CSV's text as a table; raise CsvFileError if it lacks the node, period and text columns."""
    return csv_table.parse(text.encode("utf-8"), Path(name), COLUMNS)


def table_rows(table: csv_table.CsvTable) -> Iterator[tuple[dict[str, str], Location]]:
    """Yield each row of a notes table by column name, with the line its record starts on."""
    names = table.header.values
    for record in table.rows():
        yield dict(zip(names, record.values, strict=False)), Location(str(table.path), record.line)


class NoteChecker:
    """Check notes one by one against the scorecard: known node, period in the horizon, text, no repeats."""

    def __init__(self, card: Scorecard) -> None:
        self.card = card
        self.nodes = {n.id for n in card.nodes}
        try:
            start = Period.parse(card.horizon.start, card.calendar)
            self.horizon = set(period_range(start, Period.parse(card.horizon.end, card.calendar)))
        except PeriodError:
            self.horizon = set()
        self.seen: dict[tuple[str, str], Location] = {}
        self.problems: list[Problem] = []

    def fail(self, where: Location, field: str, message: str) -> None:
        self.problems.append(Problem("error", f"notes-{field}", message, where, (field,)))

    def check(self, node: object, period: object, text: object, author: object, where: Location) -> Note | None:
        """Return the note if the row is sound, else record why not and return None."""
        ok = True
        if not isinstance(node, str) or node not in self.nodes:
            self.fail(where, "node", f"{node!r} is not a node of the scorecard")
            ok = False
        if not self._period_ok(period, where):
            ok = False
        if not isinstance(text, str) or not text.strip():
            self.fail(where, "text", "the note's text is empty")
            ok = False
        elif len(text) > MAX_TEXT:
            self.fail(where, "text", f"the note is {len(text)} characters long; at most {MAX_TEXT} are kept")
            ok = False
        if not ok or not isinstance(node, str) or not isinstance(period, str) or not isinstance(text, str):
            return None
        key = (node, period)
        if key in self.seen:
            self.fail(where, "period", f"{node} {period} has a note already (at {self.seen[key]})")
            return None
        self.seen[key] = where
        who = author.strip() if isinstance(author, str) and author.strip() else None
        return Note(node=node, period=period, text=text.strip(), author=who)

    def _period_ok(self, text: object, where: Location) -> bool:
        try:
            period = Period.parse(text, self.card.calendar)
        except PeriodError as exc:
            self.fail(where, "period", str(exc))
            return False
        if self.horizon and period not in self.horizon:
            self.fail(
                where,
                "period",
                f"period {text} is outside the horizon {self.card.horizon.start}..{self.card.horizon.end}",
            )
            return False
        return True


def read_notes(card: Scorecard, files: list[tuple[Path, Location]]) -> tuple[list[Note], list[Problem]]:
    """Return the notes in the scorecard's notes files, with every problem found (inline notes count as seen)."""
    checker = NoteChecker(card)
    for i, note in enumerate(card.notes.rows):
        checker.check(note.node, note.period, note.text, note.author, card.source.locate(("notes", "rows", i)))
    found: list[Note] = []
    for path, declared in files:
        try:
            for row, where in _rows(path, declared):
                read = checker.check(row.get("node"), row.get("period"), row.get("text"), row.get("author"), where)
                if read is not None:
                    found.append(read)
        except _Unreadable as exc:
            listed = "" if exc.location == declared else f" (listed at {declared})"
            checker.problems.append(
                Problem("error", "notes-file", exc.message + listed, exc.location, ("notes", "files"))
            )
        except OSError as exc:
            message = f"cannot read the file: {exc.strerror or exc}"
            checker.problems.append(Problem("error", "notes-file", message, Location(str(path)), ("notes", "files")))
    return found, checker.problems


def check_texts(card: Scorecard, texts: dict[str, str]) -> list[Problem]:
    """Return every problem of the inline notes and the notes files given as text by name, checked together."""
    checker = NoteChecker(card)
    for i, note in enumerate(card.notes.rows):
        checker.check(note.node, note.period, note.text, note.author, card.source.locate(("notes", "rows", i)))
    for name, text in texts.items():
        try:
            for row, where in table_rows(notes_table(text, name)):
                checker.check(row.get("node"), row.get("period"), row.get("text"), row.get("author"), where)
        except csv_table.CsvFileError as exc:
            checker.problems.append(Problem("error", "notes-file", exc.message, exc.location, ("notes", "files")))
    return checker.problems
