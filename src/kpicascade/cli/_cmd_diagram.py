"""kpicascade diagram: draw a scorecard's cascade, strategy map or departments with Graphviz."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.markup import escape

from kpicascade._exceptions import KpiCascadeError
from kpicascade.cli._console import EXIT_OK, console, fail
from kpicascade.cli._scored import BY_OPTION, quietly, scored

if TYPE_CHECKING:
    import graphviz

    from kpicascade.scoring import Result


# kpicascade.diagram.VIEWS and READABLE, written out so that the options need no Graphviz at start-up
# (tests/cli/test_diagram.py checks that they agree).
VIEW_NAMES = ("cascade", "department", "strategy")
READABLE = 600


def _pages(
    result: Result, view: str, department_id: str | None, output: Path, signals: bool, depth: int | None
) -> Iterator[tuple[Path, graphviz.Digraph]]:
    from kpicascade import diagram

    if view == "strategy":
        return iter([(output, diagram.strategy_map(result, signals=signals))])
    if view == "cascade":
        return iter([(output, diagram.cascade(result, signals=signals, depth=depth))])
    known = [d.id for d in result.card.departments]
    if department_id is not None:
        if department_id not in known:
            raise click.BadParameter(
                f"no department {department_id!r}; choose one of {', '.join(known)}", param_hint="--department"
            )
        return iter([(output, diagram.department(result, department_id, signals=signals))])
    # made one by one as the layout asks for them, so that large pages are laid out while the next are made
    return (
        (output.with_name(f"{output.stem}-{d}{output.suffix}"), g)
        for d, g in diagram.department_pages(result, signals=signals)
    )


@click.command(name="diagram")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write: .svg, .png, .pdf or .dot (the format follows the suffix).",
)
@click.option(
    "--view",
    type=click.Choice(VIEW_NAMES),
    default="cascade",
    show_default=True,
    help="cascade: top-down by department; strategy: perspectives as bands; department: one department.",
)
@click.option(
    "--department",
    "department_id",
    metavar="ID",
    help="The department for --view department (default: one file per department, FILE-ID.svg).",
)
@click.option("--period", "-p", help="Period to show, like 2026-Q3 (default: the latest complete one with data).")
@BY_OPTION
@click.option("--signals/--no-signals", default=True, show_default=True, help="Overlay the usage signals.")
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    metavar="N",
    help=f"Collapse the cascade below depth N (0: top objectives). Automatic above {READABLE} nodes.",
)
@click.option(
    "--engine",
    type=click.Choice(["auto", "pygraphviz", "dot"]),
    default="auto",
    show_default=True,
    help="Layout engine: pygraphviz in process, or the dot program.",
)
def diagram_command(
    path: Path,
    output: Path,
    view: str,
    department_id: str | None,
    period: str | None,
    grain: str | None,
    signals: bool,
    depth: int | None,
    engine: str,
) -> None:
    """Draw the scorecard as a Graphviz diagram: nodes coloured by status, signals dashed, a legend.

    Without a layout engine, the .dot file is written and the message says what to install (exit 1).

    \b
    Example:
      kpicascade diagram scorecards/northwind-components.yaml -o northwind.svg
      kpicascade diagram acme.yaml -o acme-map.pdf --view strategy --period 2026-Q2
      kpicascade diagram acme.yaml -o acme-q3.svg --by quarter --period 2026-Q3
      kpicascade diagram acme.yaml -o acme.svg --view department      # acme-<department>.svg each
    """
    from kpicascade import diagram
    from kpicascade.diagram.files import format_of, save_all
    from kpicascade.diagram.structure import structure

    try:
        format_of(output)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--output") from exc
    result = scored(path, period, grain)
    pages = _pages(result, view, department_id, output, signals, depth)
    out = console()
    if view == "cascade" and depth is None and (auto := diagram.overview_depth(structure(result.card))) is not None:
        out.print(
            f"{len(result.card.nodes):,} nodes: drew an overview to depth {auto}; "
            "use --depth N or --view department for detail"
        )
    chosen = None if engine == "auto" else engine
    written = save_all(pages, chosen)
    try:
        while (target := quietly(lambda: next(written, None))) is not None:
            fallback = target.suffix != output.suffix
            out.print(f"wrote {escape(str(target))}" + (" (no layout engine)" if fallback else ""))
    except KpiCascadeError as exc:
        fail(exc)
    sys.exit(EXIT_OK)
