"""kpicascade: a customer's balanced scorecard as a graph, linked to the vendor's usage signals."""

from kpicascade._exceptions import (
    ActualsError,
    EventsError,
    KpiCascadeError,
    MissingDependencyError,
    PeriodError,
    RenderError,
    ScorecardError,
    WorkbookError,
    WriteError,
)
from kpicascade.loader import load
from kpicascade.model import Node, Scorecard, Signal
from kpicascade.periods import Period
from kpicascade.problems import Location, Problem

__version__ = "0.2.0.dev0"

__all__ = [
    "ActualsError",
    "EventsError",
    "KpiCascadeError",
    "Location",
    "MissingDependencyError",
    "Node",
    "Period",
    "PeriodError",
    "Problem",
    "RenderError",
    "Scorecard",
    "ScorecardError",
    "Signal",
    "WorkbookError",
    "WriteError",
    "__version__",
    "load",
]
