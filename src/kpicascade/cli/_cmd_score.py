"""kpicascade score: print the cascade as a tree with score, status and trend, or every figure as JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.markup import escape
from rich.tree import Tree

from kpicascade._exceptions import KpiCascadeError
from kpicascade.cli._console import EXIT_OK, FORMAT_OPTION, console, fail, print_json
from kpicascade.format import number, percent, span
from kpicascade.format import score as score_text
from kpicascade.loader import load
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
    return f"[bold]{escape(n.name)}[/] [dim]({n.kind})[/dim]  {figures}{measured}{_reported(n)}{mot}"


def _reported(n: NodeScore) -> str:
    """Return "3 of 4 reported" for a parent whose children did not all report, else nothing."""
    if n.children_total is None or n.children_reported == n.children_total:
        return ""
    return f"  [yellow]{n.children_reported} of {n.children_total} reported[/]"


def _tree(result: Result) -> Tree:
    title = (
        f"[bold]{escape(result.card.account)}[/] {result.period_label}: {percent(result.overall_score)} "
        f"{result.overall_status}, value realised {number(result.value_realised, 'currency')} "
        f"{result.card.currency}"
    )
    if result.roi is not None:
        title += f", ROI {percent(result.roi)}"
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
    """Score a scorecard and print its cascade with score, status and trend.

    \b
    Example:
      kpicascade score scorecards/northwind-components.yaml --period 2026-Q2
      kpicascade score scorecards/brightloop-software.yaml --by quarter --format json
    """
    try:
        result = load(path).score(period=period, grain=grain)
    except KpiCascadeError as exc:
        fail(exc)
    if output_format == "json":
        print_json(result.to_dict())
    else:
        console().print(_tree(result))
    sys.exit(EXIT_OK)
