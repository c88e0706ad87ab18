"""Cascade diagrams: renderers that return a graphviz.Digraph, and the layer that lays them out into files.

>>> import kpicascade.diagram as diagram
>>> sorted(diagram.VIEWS)
['cascade', 'department', 'strategy']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import graphviz

from kpicascade.diagram.views import (
    READABLE,
    cascade,
    department,
    department_pages,
    departments,
    overview_depth,
    strategy_map,
)
from kpicascade.scoring import Result

#: The views by name, as the command line offers them.
VIEWS: dict[str, Callable[..., graphviz.Digraph]] = {
    "cascade": cascade,
    "department": department,
    "strategy": strategy_map,
}

__all__ = [
    "READABLE",
    "VIEWS",
    "cascade",
    "department",
    "department_pages",
    "departments",
    "overview_depth",
    "render",
    "strategy_map",
]


def render(result: Result, view: str = "cascade", **options: Any) -> graphviz.Digraph:
    """Return the diagram of a scored scorecard in one of VIEWS (department needs department_id=...)."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; choose one of {', '.join(sorted(VIEWS))}")
    return VIEWS[view](result, **options)
