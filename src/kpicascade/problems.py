"""Problems found in a scorecard, each with its place: file, line, column and field path."""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]
FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Location:
    """Where a value stands in a source file (line and column count from 1)."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


def format_path(path: FieldPath) -> str:
    """Return a field path as text, like nodes[3].metric.target.

    >>> format_path(("nodes", 3, "metric", "target"))
    'nodes[3].metric.target'
    """
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


@dataclass(frozen=True)
class Problem:
    """One error or warning about a scorecard."""

    severity: Severity
    code: str
    message: str
    location: Location
    path: FieldPath = ()

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location.file else ""
        field_text = f" [{format_path(self.path)}]" if self.path else ""
        return f"{where}{self.severity}: {self.message}{field_text} ({self.code})"

    @property
    def path_text(self) -> str:
        """Return the field path as text."""
        return format_path(self.path)

    def as_dict(self) -> dict[str, Any]:
        """Return the problem as plain data for JSON."""
        return {
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "field": format_path(self.path),
        }


#: Problems of one kind of severity reported for one file; the rest are counted in one closing problem.
MAX_PER_FILE = 100


def capped(problems: list[Problem], limit: int = MAX_PER_FILE) -> list[Problem]:
    """Return at most limit problems of each severity per file, and for each file cut short one problem saying so.

    >>> many = [Problem("error", "x", "bad", Location("a.csv", n)) for n in range(1, 106)]
    >>> [str(p) for p in capped(many, 2)]  # doctest: +NORMALIZE_WHITESPACE
    ['a.csv:1: error: bad (x)', 'a.csv:2: error: bad (x)',
     'a.csv: error: 103 more errors in this file are not shown (too-many-problems)']
    """
    kept: list[Problem] = []
    seen: dict[tuple[str, Severity], int] = {}
    for problem in problems:
        if problem.code == "too-many-problems":  # a reader that stopped early said so already
            kept.append(problem)
            continue
        key = (problem.location.file, problem.severity)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= limit:
            kept.append(problem)
    for (file, severity), count in seen.items():
        if count > limit:
            message = f"{count - limit} more {severity}s in this file are not shown"
            kept.append(Problem(severity, "too-many-problems", message, Location(file)))
    return kept


#: A location as plain data: file, line and column, the fields of Location.
Mark = tuple[str, int | None, int | None]


class Locations(MutableMapping[FieldPath, Location]):
    """Locations by field path, kept as marks and made into Location objects only when asked for.

    A scorecard of 20,000 nodes has 600,000 keys and values, and its problems name a few of them:
    making a Location for each took a tenth of the time to load it, and more memory than the marks.

    >>> places = Locations({("account",): ("card.yaml", 1, 10)})
    >>> places[("account",)], ("nodes",) in places
    (Location(file='card.yaml', line=1, column=10), False)
    """

    def __init__(self, marks: dict[FieldPath, Mark] | None = None) -> None:
        self.marks: dict[FieldPath, Mark] = {} if marks is None else marks

    def __getitem__(self, path: FieldPath) -> Location:
        return Location(*self.marks[path])

    def __setitem__(self, path: FieldPath, location: Location) -> None:
        self.marks[path] = (location.file, location.line, location.column)

    def __delitem__(self, path: FieldPath) -> None:
        del self.marks[path]

    def __contains__(self, path: object) -> bool:
        return path in self.marks

    def __iter__(self) -> Iterator[FieldPath]:
        return iter(self.marks)

    def __len__(self) -> int:
        return len(self.marks)

    def __repr__(self) -> str:
        return f"Locations({self.marks!r})"


@dataclass
class SourceMap:
    """The location of every value of a loaded scorecard, by field path, and what was inherited from where."""

    main_file: str = ""
    values: Locations = field(default_factory=Locations)
    keys: Locations = field(default_factory=Locations)
    #: Fields that no file wrote, filled from elsewhere (a catalogue entry), with where they came from.
    inherited: dict[FieldPath, str] = field(default_factory=dict)

    def locate(self, path: FieldPath, key: bool = False) -> Location:
        """Return the location of the value at path, or of its nearest located parent."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), Location(self.main_file, 1, 1))
