"""Write diagrams to files atomically, in the format the file name asks for."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path

import graphviz

from kpicascade._exceptions import MissingDependencyError
from kpicascade.diagram.layout import FORMATS, lay_out, lay_out_all, pick
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


def save_all(
    graphs: Iterable[tuple[Path, graphviz.Digraph]], engine: str | None = None, *, jobs: int | None = None
) -> Iterator[Path]:
    """Write each diagram to its path as save does, several laid out at once when large; yield each path written.

    Every path asks for the same format. Without a layout engine, each page's .dot is written beside it (and
    yielded), then MissingDependencyError says what to install.
    """
    pages = iter(graphs)
    first = next(pages, None)
    if first is None:
        return
    fmt = format_of(first[0])
    pages = itertools.chain([first], pages)
    try:
        if fmt != "dot":
            pick(engine)
    except MissingDependencyError as exc:
        fallbacks = []
        for path, graph in pages:
            fallbacks.append(path.with_suffix(".dot"))
            write_text(fallbacks[-1], graph.source)
            yield fallbacks[-1]
        where = f" is in {fallbacks[0]}" if len(fallbacks) == 1 else f"s are beside them in {fallbacks[0].parent}"
        raise MissingDependencyError(f"{exc}; the diagram source{where}") from exc

    def sources() -> Iterator[tuple[Path, str]]:
        for path, graph in pages:
            if format_of(path) != fmt:
                raise ValueError(f"{path}: every diagram written together is .{fmt}")
            yield path, graph.source

    for path, data in lay_out_all(sources(), fmt, engine, jobs=jobs):
        write_bytes(path, data)
        yield path
