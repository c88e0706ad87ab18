"""kpicascade workbook and import-actuals: the Excel scorecard and the actuals round trip."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.markup import escape

from kpicascade._exceptions import KpiCascadeError
from kpicascade.cli._console import EXIT_OK, FORMAT_OPTION, console, fail, print_json

if TYPE_CHECKING:
    from kpicascade.roundtrip import ImportPlan


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
@click.option(
    "--since",
    metavar="REF",
    help="The last review (a git revision or an earlier scores.json): adds a Since last review sheet.",
)
def workbook(path: Path, output: Path, period: str | None, grain: str | None, since: str | None) -> None:
    """Write the Excel scorecard workbook, with live formulas, for a scorecard.

    \b
    Example:
      kpicascade workbook scorecards/northwind-components.yaml -o out/northwind.xlsx
      kpicascade workbook acme.yaml -o acme-2026-Q2.xlsx --period 2026-Q2
      kpicascade workbook acme.yaml -o acme-q3.xlsx --by quarter --period 2026-Q3
      kpicascade workbook scorecards/northwind-components.yaml -o northwind.xlsx --since q2-review
    """
    from kpicascade import drivers
    from kpicascade.history import review
    from kpicascade.loader import load
    from kpicascade.report.evidence import from_drivers, from_surveys
    from kpicascade.whatif import projections
    from kpicascade.workbook import render, save

    try:
        card = load(path)
        result = card.score(period=period, grain=grain)
        analysed = drivers.analyse([card])
        book = render(
            result,
            findings=from_drivers(card, analysed),
            surveys=from_surveys(card, analysed),
            scenarios=projections(result, findings=analysed) if result.period.calendar == card.calendar else None,
            review=review(path, since, period) if since else None,
        )
        save(book, output, path)
    except KpiCascadeError as exc:
        fail(exc)
    console().print(f"wrote {escape(str(output))} ({card.account}, {result.period_label}, {len(card.nodes)} nodes)")
    sys.exit(EXIT_OK)


def _text(value: float | None) -> str:
    from kpicascade.roundtrip.importer import number_text

    return "(none)" if value is None else number_text(value)


def _print(plan: ImportPlan, written: bool) -> None:
    from rich.table import Table

    out = console()
    if plan.changes:
        table = Table("node", "period", "old", "new", "cell", title="Actuals changed")
        for change in plan.changes:
            table.add_row(escape(change.id), change.period, _text(change.old), _text(change.new), escape(change.cell))
        out.print(table)
    if plan.plan_changes:
        table = Table("plan item", "field", "old", "new", "cell", title="Plan changed")
        for p in plan.plan_changes:
            table.add_row(escape(p.item), p.field, escape(p.old), escape(p.new), escape(p.cell))
        out.print(table)
    for n in plan.note_changes:
        what = "cleared" if n.new is None else ("written" if n.old is None else "changed")
        by = f" ({escape(n.new_author)})" if n.new_author else ""
        text = f": {escape(n.new)}{by}" if n.new else ""
        out.print(f"note on {escape(n.node)} {n.period} {what} ({escape(n.cell)}){text}")
    for item in plan.not_imported:
        out.print(f"[yellow]not imported[/]: {escape(item)}")
    for note in plan.notes:
        out.print(f"[yellow]note[/]: {escape(note)}")
    if not plan.changed:
        out.print("no actuals, plan or notes changed; nothing written")
        return
    if plan.changes:
        what = f" ({len(plan.changes)} actuals changed)"
        out.print(
            f"wrote {escape(str(plan.csv_path))}{what}"
            if written
            else f"dry run: {escape(str(plan.csv_path))} not written"
        )
    for path in sorted(plan.writes):
        out.print(f"wrote {escape(str(path))}" if written else f"dry run: {escape(str(path))} not written")


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
    """Read actuals, plan statuses and due dates, and notes edited in a workbook back into the scorecard.

    Actuals go to the actuals CSV, plan edits into the scorecard's YAML in place, notes to the notes CSV
    (or in place in the YAML, where an inline note is). Prints each change and writes each file
    atomically; on any error nothing is written. Changed formulas, labels or targets are reported,
    not imported.

    \b
    Example:
      kpicascade import-actuals out/northwind.xlsx
      kpicascade import-actuals northwind.xlsx --scorecard scorecards/northwind-components.yaml --dry-run
    """
    from kpicascade.roundtrip import apply, plan_import

    try:
        plan = plan_import(path, scorecard, force=force)
        if not dry_run:
            apply(plan)
    except KpiCascadeError as exc:
        fail(exc)
    if output_format == "json":
        print_json(
            {
                "csv": str(plan.csv_path) if plan.changes else None,
                "written": plan.changed and not dry_run,
                "files": [str(p) for p in ([plan.csv_path] if plan.changes else []) + sorted(plan.writes)],
                "changes": [
                    {"id": c.id, "period": c.period, "old": c.old, "new": c.new, "cell": c.cell} for c in plan.changes
                ],
                "plan": [
                    {"item": p.item, "field": p.field, "old": p.old, "new": p.new, "cell": p.cell}
                    for p in plan.plan_changes
                ],
                "notes_changed": [
                    {
                        "node": n.node,
                        "period": n.period,
                        "old": n.old,
                        "new": n.new,
                        "author": n.new_author,
                        "cell": n.cell,
                    }
                    for n in plan.note_changes
                ],
                "not_imported": plan.not_imported,
                "notes": plan.notes,
            }
        )
    else:
        _print(plan, written=not dry_run)
    sys.exit(EXIT_OK)
