"""kpicascade workbook and import-actuals: the Excel scorecard and the actuals round trip."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from kpicascade._exceptions import KpiCascadeError
from kpicascade.cli._console import EXIT_OK, FORMAT_OPTION, console, fail, print_json
from kpicascade.loader import load
from kpicascade.roundtrip import ImportPlan, apply, plan_import
from kpicascade.roundtrip.importer import number_text
from kpicascade.workbook import render, save


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The .xlsx file to write."
)
@click.option("--period", help="The period to show, like 2026-Q3 (default: the latest complete one with data).")
@click.option(
    "--by",
    "grain",
    type=click.Choice(["month", "quarter"]),
    help="Score by quarter a monthly scorecard (a workbook to review: its actuals import back by month only).",
)
def workbook(path: Path, output: Path, period: str | None, grain: str | None) -> None:
    """Write the Excel scorecard workbook, with live formulas, for a scorecard.

    \b
    Example:
      kpicascade workbook scorecards/northwind-components.yaml -o out/northwind.xlsx
      kpicascade workbook acme.yaml -o acme-2026-Q2.xlsx --period 2026-Q2
      kpicascade workbook acme.yaml -o acme-q3.xlsx --by quarter --period 2026-Q3
    """
    try:
        card = load(path)
        result = card.score(period=period, grain=grain)
        save(render(result), output, path)
    except KpiCascadeError as exc:
        fail(exc)
    console().print(f"wrote {escape(str(output))} ({card.account}, {result.period_label}, {len(card.nodes)} nodes)")
    sys.exit(EXIT_OK)


def _text(value: float | None) -> str:
    return "(none)" if value is None else number_text(value)


def _print(plan: ImportPlan, written: bool) -> None:
    out = console()
    if plan.changes:
        table = Table("node", "period", "old", "new", "cell", title="Actuals changed")
        for change in plan.changes:
            table.add_row(escape(change.id), change.period, _text(change.old), _text(change.new), escape(change.cell))
        out.print(table)
    for item in plan.not_imported:
        out.print(f"[yellow]not imported[/]: {escape(item)}")
    for note in plan.notes:
        out.print(f"[yellow]note[/]: {escape(note)}")
    if not plan.changes:
        out.print("no actuals changed; nothing written")
    elif written:
        out.print(f"wrote {escape(str(plan.csv_path))} ({len(plan.changes)} actuals changed)")
    else:
        out.print(f"dry run: {escape(str(plan.csv_path))} not written")


@click.command("import-actuals")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--scorecard",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The scorecard the workbook was made from (default: the path recorded in the workbook).",
)
@click.option("--force", is_flag=True, help="Import even if the scorecard changed since the workbook was made.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@FORMAT_OPTION
def import_actuals(path: Path, scorecard: Path | None, force: bool, dry_run: bool, output_format: str) -> None:
    """Read actuals edited in a workbook back into the scorecard's actuals CSV.

    Prints each change (node, period, old, new) and writes the CSV atomically; on any error nothing
    is written. Changed formulas, labels or targets are reported, not imported.

    \b
    Example:
      kpicascade import-actuals out/northwind.xlsx
      kpicascade import-actuals northwind.xlsx --scorecard scorecards/northwind-components.yaml --dry-run
    """
    try:
        plan = plan_import(path, scorecard, force=force)
        if not dry_run:
            apply(plan)
    except KpiCascadeError as exc:
        fail(exc)
    if output_format == "json":
        print_json(
            {
                "csv": str(plan.csv_path),
                "written": bool(plan.changes) and not dry_run,
                "changes": [
                    {"id": c.id, "period": c.period, "old": c.old, "new": c.new, "cell": c.cell} for c in plan.changes
                ],
                "not_imported": plan.not_imported,
                "notes": plan.notes,
            }
        )
    else:
        _print(plan, written=not dry_run)
    sys.exit(EXIT_OK)
