"""Exceptions raised by kpicascade.

KpiCascadeError
 ├── PeriodError(ValueError)          a period that is not a month or quarter of the calendar
 ├── ScorecardError(ValueError)       a scorecard (or its actuals) with problems; holds them all
 ├── ActualsError(ValueError)         actuals that cannot be read or do not fit the scorecard
 ├── WorkbookError(ValueError)        a workbook that is not ours, or was changed in a way we refuse
 ├── EventsError(ValueError)          usage events or a signal query that cannot be computed
 ├── RenderError(RuntimeError)        a layout engine or other program that failed
 ├── WriteError(OSError)              an output that cannot be written (not a regular file, disk full or read-only)
 └── MissingDependencyError(ImportError)  an optional package or program that is not installed
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kpicascade.problems import Problem


class KpiCascadeError(Exception):
    """Base of every error kpicascade raises on purpose."""


class PeriodError(KpiCascadeError, ValueError):
    """A period is not a month or quarter of the calendar."""


class ScorecardError(KpiCascadeError, ValueError):
    """A scorecard has problems; every problem found is in .problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        lines = [str(p) for p in errors[:20]]
        if len(errors) > 20:
            lines.append(f"... and {len(errors) - 20} more")
        super().__init__("\n".join(lines) or "invalid scorecard")


class ActualsError(KpiCascadeError, ValueError):
    """Actuals cannot be read or do not fit the scorecard."""


class WorkbookError(KpiCascadeError, ValueError):
    """A workbook is not one of ours, or was changed in a way that is refused."""


class EventsError(KpiCascadeError, ValueError):
    """Usage events or a signal definition cannot be computed; the problems found, if any, are in .problems."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        self.problems = list(problems or [])
        super().__init__(message)


class RenderError(KpiCascadeError, RuntimeError):
    """A layout engine or another program failed."""


class WriteError(KpiCascadeError, OSError):
    """An output cannot be written: what sits at the target is not a regular file, or the disk refused."""


class MissingDependencyError(KpiCascadeError, ImportError):
    """An optional package or program is not installed; the message says what to install."""
