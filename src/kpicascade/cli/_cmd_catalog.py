"""kpicascade catalog: list and search the KPI catalogue shipped with kpicascade."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from kpicascade._exceptions import KpiCascadeError
from kpicascade.cli._console import EXIT_INVALID, EXIT_OK, FORMAT_OPTION, console, fail, print_json

if TYPE_CHECKING:
    from rich.console import Console

    from kpicascade.catalog import CatalogEntry


def _typical(entry: CatalogEntry) -> str:
    from kpicascade.format import number

    return f"{number(entry.typical.good, entry.unit)} good, {number(entry.typical.poor, entry.unit)} poor"


def _print_table(entries: list[CatalogEntry], out: Console) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    for heading in ("id", "name", "department", "unit", "better", "typical", "source"):
        table.add_column(heading, overflow="fold")
    for e in entries:
        department = e.department if e.industry is None else f"{e.department} ({e.industry})"
        better = "higher" if e.direction == "increase" else "lower"
        row = (e.id, e.name, department, e.unit, better, _typical(e), e.source)
        table.add_row(*(escape(text) for text in row))
    out.print(table)


def _print_one(entry: CatalogEntry, out: Console) -> None:
    from rich.markup import escape

    signals = ", ".join(f"{s.signal} ({s.sign}, lag {s.lag})" for s in entry.signals) or "none named"
    lines = [
        ("definition", entry.definition),
        ("formula", entry.formula),
        ("unit", f"{entry.unit}, {entry.direction}, aggregated by {entry.aggregation}"),
        ("cascade", f"{entry.kind} of {entry.department}, {entry.perspective} perspective, {entry.timing}"),
        ("typical", _typical(entry) + (f" ({entry.typical.note})" if entry.typical.note else "")),
        ("signals", signals),
        ("feeds", ", ".join(entry.feeds) or "nothing named"),
        ("source", entry.source),
    ]
    out.print(f"[bold]{escape(entry.id)}[/]: {escape(entry.name)}")
    for label, text in lines:
        out.print(f"  {label + ':':12}{escape(text)}")


@click.command()
@click.argument("search", required=False, default="")
@click.option(
    "--department", "-d", help="Only this department's entries (sales, hr, supply_chain, ...) or an industry pack's."
)
@FORMAT_OPTION
def catalog(search: str, department: str | None, output_format: str) -> None:
    """List the KPI catalogue, or the entries whose id, name or definition hold every word of SEARCH.

    One entry found is shown in full (definition, formula, typical values, signals, source). Use an entry
    in a scorecard with `catalog: ID` on a node, or start a scorecard with `init NAME --from-catalog ID,...`.

    Exit 0 when entries are found, 1 when none is.

    \b
    Example:
      kpicascade catalog
      kpicascade catalog otif
      kpicascade catalog attrition --department hr --format json
    """
    from kpicascade.catalog import catalog as shipped

    try:
        found = shipped().search(search, department)
    except KpiCascadeError as exc:
        fail(exc)
    if output_format == "json":
        print_json({"entries": [e.model_dump(mode="json") for e in found]})
    elif len(found) == 1:
        _print_one(found[0], console())
    elif found:
        _print_table(found, console())
        console().print(f"{len(found)} entries")
    else:
        known = ", ".join(shipped().departments)
        where = f" in department {department!r} (departments: {known})" if department else ""
        console(stderr=True).print(f"no catalogue entry matches {search!r}{where}", markup=False)
    sys.exit(EXIT_OK if found else EXIT_INVALID)
