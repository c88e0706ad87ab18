"""Problems found in a scorecard, each with its place: file, line, column and field path."""

from __future__ import annotations

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


@dataclass
class SourceMap:
    """The location of every value of a loaded scorecard, by field path, and what was inherited from where."""

    main_file: str = ""
    values: dict[FieldPath, Location] = field(default_factory=dict)
    keys: dict[FieldPath, Location] = field(default_factory=dict)
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
