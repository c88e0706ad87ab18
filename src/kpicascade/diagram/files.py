"""Write diagrams to files atomically, in the format the file name asks for."""

from __future__ import annotations

from pathlib import Path

import graphviz

from kpicascade._exceptions import MissingDependencyError
from kpicascade.diagram.layout import FORMATS, lay_out
from kpicascade.writing import write_bytes, write_text


def format_of(path: Path) -> str:
    """Return the diagram format a file name asks for: svg, png, pdf or dot.

    >>> format_of(Path("plan/acme.SVG"))
    'svg'
    """
    fmt = path.suffix.lower().lstrip(".")
    if fmt == "gv":
        return "dot"
    if fmt not in FORMATS:
        raise ValueError(f"{path}: write a diagram as .svg, .png, .pdf or .dot, not {path.suffix or 'no suffix'!r}")
    return fmt


def save(graph: graphviz.Digraph, path: Path, engine: str | None = None) -> Path:
    """Write the diagram to path; without a layout engine, write the .dot beside it and say what to install."""
    fmt = format_of(path)
    if fmt == "dot":
        write_text(path, graph.source)
        return path
    try:
        data = lay_out(graph.source, fmt, engine)
    except MissingDependencyError as exc:
        fallback = path.with_suffix(".dot")
        write_text(fallback, graph.source)
        raise MissingDependencyError(f"{exc}; the diagram source is in {fallback}") from exc
    write_bytes(path, data)
    return path
