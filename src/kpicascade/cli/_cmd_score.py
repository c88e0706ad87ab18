"""kpicascade score: print the cascade as a tree with score, status and trend, or every figure as JSON."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.markup import escape

from kpicascade._exceptions import KpiCascadeError
from kpicascade.cli._console import EXIT_OK, FORMAT_OPTION, console, fail, print_json
from kpicascade.format import number, percent, span
from kpicascade.format import score as score_text

if TYPE_CHECKING:
    from rich.table import Table
    from rich.tree import Tree

    from kpicascade.scoring import NodeScore, Result

_STATUS_STYLE = {"green": "green", "amber": "yellow", "red": "red", "no data": "dim"}
_ARROW = {"up": "↑", "down": "↓", "flat": "→"}


def _line(n: NodeScore) -> str:
    style = _STATUS_STYLE[n.status]
    figures = f"{score_text(n.score, n.thresholds)} [{style}]{n.status}[/] {_ARROW[n.trend_arrow]}"
    measured = ""
    if n.unit is not None:
        target = span(*n.target_range, n.unit) if n.target is None and n.target_range else number(n.target, n.unit)
        measured = f"  [dim]{escape(number(n.actual, n.unit))} / {escape(target)}[/dim]"
    mot = " [bold magenta]★ moment of truth[/]" if n.moment_of_truth else ""
    plan = f" [cyan]▶ {len(n.actions)} open action{'s' if len(n.actions) != 1 else ''}[/]" if n.actions else ""
    note = ""
    if n.note:
        by = f" ({escape(n.note_author)})" if n.note_author else ""
        note = f"\n[italic]“{escape(n.note)}”{by}[/italic]"
    return f"[bold]{escape(n.name)}[/] [dim]({n.kind})[/dim]  {figures}{measured}{_reported(n)}{mot}{plan}{note}"


def _next_steps(result: Result) -> Table:
    from rich.table import Table

    from kpicascade.scoring.actions import STATUS_WORDS, plan_rows

    table = Table(title="Next steps", title_justify="left")
    for column in ("due", "status", "action", "owner"):
        table.add_column(column)
    for row in plan_rows(result):
        if not row.open:
            continue
        status = STATUS_WORDS[row.status] + ("\n[red]overdue[/]" if row.overdue else "")
        action = escape(row.action) + f"\n[dim]{escape(row.effect or ', '.join(row.node_names))}[/dim]"
        table.add_row(row.due, status, action, escape(f"{row.owner} ({row.side})"))
    return table


def _customers(result: Result) -> Table:
    from rich.table import Table

    from kpicascade.scoring.chain import customer_rows

    table = Table(title="The account's customers", title_justify="left")
    for column in ("status", "customer's objective", "served by"):
        table.add_column(column)
    for row in customer_rows(result):
        served = ", ".join(f"{escape(s.name)} [{_STATUS_STYLE[s.status]}]{s.status}[/]" for s in row.served_by)
        table.add_row(f"[{_STATUS_STYLE[row.status]}]{row.status}[/]", escape(row.label), served)
    return table


def _reported(n: NodeScore) -> str:
    """Return what a node's figures rest on when not a whole period's reports ("3 of 4 reported"), else nothing."""
    return f"  [yellow]{escape('; '.join(n.data_marks))}[/]" if n.data_marks else ""


def _tree(result: Result) -> Tree:
    from rich.tree import Tree

    title = (
        f"[bold]{escape(result.card.account)}[/] {result.period_label}: {percent(result.overall_score)} "
        f"{result.overall_status}\n{escape(result.valuation.headline)}"
    )
    root = Tree(title)
    stack: list[Tree] = [root]
    for depth, node in result.tree():
        del stack[depth + 1 :]
        stack.append(stack[depth].add(_line(result.node(node.id))))
    return root


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--period",
    "-p",
    help="Period to view, like 2026-Q3 or 2026-09 (default: the latest complete one with data; a partial "
    "quarter is scored to date when asked for).",
)
@click.option("--by", "grain", type=click.Choice(["month", "quarter"]), help="Score by quarter a monthly scorecard.")
@FORMAT_OPTION
def score(path: Path, period: str | None, grain: str | None, output_format: str) -> None:
    """Score a scorecard and print its cascade with score, status and trend, notes and open actions.

    Under the tree come the plan's open actions (next steps), overdue ones marked, and the objectives of
    the account's own customers with the status of the nodes serving them.

    \b
    Example:
      kpicascade score scorecards/northwind-components.yaml --period 2026-Q2
      kpicascade score scorecards/brightloop-software.yaml --by quarter --format json
    """
    from kpicascade.loader import load

    try:
        result = load(path).score(period=period, grain=grain)
    except KpiCascadeError as exc:
        fail(exc)
    if output_format == "json":
        print_json(result.to_dict())
    else:
        console().print(_tree(result))
        if any(item.is_open for item in result.card.plan):
            console().print(_next_steps(result))
        if result.card.customers:
            console().print(_customers(result))
    sys.exit(EXIT_OK)
