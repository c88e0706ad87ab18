"""kpicascade: a customer's balanced scorecard as a graph, linked to the vendor's usage signals."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from kpicascade.loader import load
    from kpicascade.model import Node, Scorecard, Signal
    from kpicascade.periods import Period
    from kpicascade.problems import Location, Problem

__version__ = "0.2.0.dev0"

# The loader and the model bring pydantic, YAML and networkx; the command line's --help needs none of them, so
# these names are imported when first used.
_LAZY = {
    "Location": "kpicascade.problems",
    "Node": "kpicascade.model",
    "Period": "kpicascade.periods",
    "Problem": "kpicascade.problems",
    "Scorecard": "kpicascade.model",
    "Signal": "kpicascade.model",
    "load": "kpicascade.loader",
}

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


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    if name not in _LAZY:
        raise AttributeError(f"module 'kpicascade' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """List the public names with the module's own."""
    return sorted(set(globals()) | set(_LAZY))
