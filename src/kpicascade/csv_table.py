"""Read a CSV file as records that remember their exact text, and write it back changing only what changed.

A record is what the csv module reads as one row: a quoted value may span several physical lines
(Excel writes a cell with a line break that way), so records, not lines, are what is counted and
replaced. Each record keeps its raw text, so a rewrite leaves the byte order mark, the line ends,
the quoting and the columns we do not know exactly as they were, except in the records it changes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from kpicascade.problems import Location

BOM = "\ufeff"
_DELIMITERS = (",", ";", "\t")
_ENDINGS = ("\r\n", "\n", "\r")


class CsvFileError(ValueError):
    """A CSV file that cannot be read as a table; .location says where."""

    def __init__(self, location: Location, message: str) -> None:
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message


@dataclass(frozen=True)
class Record:
    """One row as the csv module reads it: its values, its exact text and the physical line it starts on."""

    values: list[str]
    raw: str
    line: int

    @property
    def ending(self) -> str:
        """Return the record's line end: CRLF, LF, CR, or nothing for a last line without one."""
        return next((e for e in _ENDINGS if self.raw.endswith(e)), "")


@dataclass(frozen=True)
class CsvTable:
    """A CSV file: header, data records (blank lines included, with no values) and how it was written."""

    path: Path
    header: Record
    records: list[Record] = field(default_factory=list)
    bom: bool = False
    delimiter: str = ","

    def column(self, name: str) -> int:
        """Return the index of the column with this name."""
        return self.header.values.index(name)

    def rows(self) -> Iterator[Record]:
        """Yield the records that hold values (not blank lines)."""
        return (r for r in self.records if r.values)

    def text(self) -> str:
        """Return the file's text, byte order mark included."""
        return (BOM if self.bom else "") + self.header.raw + "".join(r.raw for r in self.records)

    def encode(self) -> bytes:
        """Return the file's bytes."""
        return self.text().encode("utf-8")

    def changed(self, values: dict[int, list[str] | None], appended: list[list[str]]) -> CsvTable:
        """Return the table with records (by index) given new values or removed (None), and rows appended."""
        records = []
        for i, record in enumerate(self.records):
            if i not in values:
                records.append(record)
            elif (new := values[i]) is not None:
                records.append(replace(record, values=new, raw=self._line(new, record)))
        ending = self.header.ending or "\n"
        if appended and records and not records[-1].ending:
            records[-1] = replace(records[-1], raw=records[-1].raw + ending)
        elif appended and not records and not self.header.ending:
            return replace(self, header=replace(self.header, raw=self.header.raw + ending)).changed({}, appended)
        for row in appended:
            records.append(Record(row, self._write(row, ending, csv.QUOTE_MINIMAL), 0))
        return replace(self, records=records)

    def _write(self, values: list[str], ending: str, quoting: Literal[0, 1, 2, 3]) -> str:
        out = io.StringIO()
        csv.writer(out, delimiter=self.delimiter, lineterminator=ending, quoting=quoting).writerow(values)
        return out.getvalue()

    def _line(self, values: list[str], like: Record) -> str:
        """Return values as a record written the way like was: same line end, same quoting where we can tell."""
        for quoting in (csv.QUOTE_MINIMAL, csv.QUOTE_ALL):
            if self._write(like.values, like.ending, quoting) == like.raw:
                return self._write(values, like.ending, quoting)
        return self._write(values, like.ending, csv.QUOTE_MINIMAL)


def _decode(raw: bytes, path: Path) -> tuple[str, bool]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvFileError(Location(str(path), 1), "the file is UTF-16; save it as CSV UTF-8")
    if b"\x00" in raw[: 64 * 1024]:
        raise CsvFileError(
            Location(str(path)),
            "this is a binary file, not a CSV (save a workbook's sheet as CSV UTF-8, or use Parquet)",
        )
    bom = raw.startswith(BOM.encode())
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CsvFileError(
            Location(str(path), line),
            f"byte {raw[exc.start]:#04x} is not UTF-8; save the file as CSV UTF-8",
        ) from None
    return (text[1:] if bom else text), bom


def _delimiter(first_line: str, required: tuple[str, ...]) -> str:
    """Return the delimiter that splits the header into the required columns (a comma when none does)."""
    for delimiter in _DELIMITERS:
        names = next(csv.reader([first_line], delimiter=delimiter), [])
        if all(name in names for name in required):
            return delimiter
    return ","


def _records(text: str, delimiter: str, path: Path) -> Iterator[Record]:
    consumed: list[str] = []
    line = 0

    def lines() -> Iterator[str]:
        for physical in io.StringIO(text, newline=""):
            consumed.append(physical)
            yield physical

    reader = csv.reader(lines(), delimiter=delimiter, strict=True)
    while True:
        start = line + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CsvFileError(Location(str(path), start), f"not a readable CSV file: {exc}") from None
        line += len(consumed)
        yield Record(values, "".join(consumed), start)
        consumed.clear()


def parse(raw: bytes, path: Path, required: tuple[str, ...] = ()) -> CsvTable:
    """Return the CSV in raw bytes as a table; raise CsvFileError if it is not UTF-8 CSV with the required columns."""
    text, bom = _decode(raw, path)
    first = next(iter(io.StringIO(text, newline="")), "")
    delimiter = _delimiter(first, required)
    records = _records(text, delimiter, path)
    header = next(records, None)
    if header is None or not header.values:
        raise CsvFileError(Location(str(path), 1), f"the file is empty; it needs the columns {', '.join(required)}")
    missing = [c for c in required if c not in header.values]
    if missing:
        raise CsvFileError(
            Location(str(path), 1),
            f"missing column(s) {', '.join(missing)}; the file needs the columns {', '.join(required)}",
        )
    for name in required:
        places = [str(i + 1) for i, v in enumerate(header.values) if v == name]
        if len(places) > 1:
            raise CsvFileError(
                Location(str(path), 1),
                f"column {name} appears {len(places)} times (columns {', '.join(places)}); keep one",
            )
    return CsvTable(path, header, list(records), bom, delimiter)


def read(path: Path, required: tuple[str, ...] = (), max_bytes: int | None = None) -> CsvTable:
    """Return the CSV file at path as a table (at most max_bytes are read)."""
    with path.open("rb") as handle:
        raw = handle.read(-1 if max_bytes is None else max_bytes + 1)
    if max_bytes is not None and len(raw) > max_bytes:
        raise CsvFileError(Location(str(path)), f"the file is larger than {max_bytes // 2**20} MB")
    return parse(raw, path, required)
