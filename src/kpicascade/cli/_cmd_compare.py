"""kpicascade compare: what changed since the last review (a git revision, or an earlier build's scores.json)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.markup import escape
from rich.table import Table

from kpicascade._exceptions import KpiCascadeError
from kpicascade.cli._console import EXIT_OK, FORMAT_OPTION, console, fail, print_json
from kpicascade.format import number, percent

if TYPE_CHECKING:
    from kpicascade.scoring.review import Review

_STYLE = {"green": "green", "amber": "yellow", "red": "red", "no data": "dim"}


def _target(value: object, unit: str | None) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{p}: {number(v, unit)}" for p, v in value.items())
    return number(value if isinstance(value, int | float) else None, unit)


def _print(r: Review) -> None:
    out = console()
    out.print(
        f"[bold]Since {escape(r.since)}[/]: {r.period_before} -> {r.period}, overall "
        f"{percent(r.overall_before)} -> {percent(r.overall)}"
    )
    moved = [n for n in r.nodes if n.status_changed or n.points is not None]
    if moved:
        table = Table("node", "status", "score", title="Statuses and scores")
        for n in moved:
            status = f"[{_STYLE[n.status_before]}]{n.status_before}[/] -> [{_STYLE[n.status]}]{n.status}[/]"
            if n.new_red:
                status += " [bold red]new red[/]"
            table.add_row(escape(n.name), status, f"{percent(n.score_before)} -> {percent(n.score)}")
        out.print(table)
    for n in r.targets:
        who = n.changed_by
        by = (
            f" by {escape(who.author)}"
            + (f" in {who.commit[:10]} on {who.date}: {escape(who.subject)}" if who.commit else "")
            if who
            else ""
        )
        out.print(f"target of {escape(n.name)}: {_target(n.target_before, n.unit)} -> {_target(n.target, n.unit)}{by}")
    for a in r.new_actions:
        out.print(f"new action: {escape(a.action)} ({escape(a.owner)}, due {a.due}, {a.status})")
    for a in r.closed_actions:
        out.print(f"closed: {escape(a.action)} ({escape(a.owner)})")
    if not (r.nodes or r.new_actions or r.closed_actions):
        out.print("nothing changed")


@click.command("compare")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--since",
    "since",
    required=True,
    help="The last review: a git revision (HEAD~3, a tag, a commit) or an earlier build's scores.json.",
)
@click.option("--period", "-p", help="Period to view now (default: the latest with data).")
@FORMAT_OPTION
def compare_command(path: Path, since: str, period: str | None, output_format: str) -> None:
    """List what changed since the last review: statuses, scores, targets (who changed them), actions, new reds.

    With a git revision, the scorecard and its actuals and notes are read as committed then (through
    the git program) and scored; a changed target names the commit, author and date that changed it.

    \b
    Example:
      kpicascade compare scorecards/northwind-components.yaml --since v2026-Q2
      kpicascade compare acme.yaml --since out/acme-foods/scores.json --format json
    """
    try:
        from kpicascade.history import review  # the scoring libraries load only once the command runs

        found = review(path, since, period)
    except KpiCascadeError as exc:
        fail(exc)
    if output_format == "json":
        print_json(found.as_dict())
    else:
        _print(found)
    sys.exit(EXIT_OK)
