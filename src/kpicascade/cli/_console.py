"""Print problems and results for people (rich, colour on a terminal only) and for scripts (JSON)."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import click
from rich.console import Console
from rich.markup import escape

from kpicascade._exceptions import KpiCascadeError, ScorecardError
from kpicascade.problems import Problem

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

FORMAT_OPTION = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for scripts.",
)

_STYLE = {"error": "bold red", "warning": "yellow"}


#: The width of output that is not a terminal (a file, a pipe, less): wide enough that no table or tree is cut.
UNWRAPPED = 1_000


def console(stderr: bool = False) -> Console:
    """Return a console that uses colour only on a terminal, and never wraps or cuts output that is not one."""
    out = Console(stderr=stderr, highlight=False, soft_wrap=True)
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out = Console(stderr=stderr, highlight=False, soft_wrap=True, width=UNWRAPPED)
    return out


def print_problems(problems: list[Problem], out: Console | None = None) -> None:
    """Print problems one a line, each naming file:line:column, severity and field."""
    out = out or console()
    for p in problems:
        where = escape(str(p.location))
        field = f" [dim]\\[{escape(p.path_text)}][/dim]" if p.path else ""
        out.print(f"{where}: [{_STYLE[p.severity]}]{p.severity}[/]: {escape(p.message)}{field} [dim]({p.code})[/dim]")


def print_json(data: Any) -> None:
    """Print data as indented JSON on standard output."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def fail(exc: KpiCascadeError) -> None:
    """Print a library error cleanly on standard error and exit with the code for invalid input."""
    err = console(stderr=True)
    if isinstance(exc, ScorecardError):
        print_problems([p for p in exc.problems if p.severity == "error"], err)
    else:
        err.print(f"[bold red]error[/]: {escape(str(exc))}")
    sys.exit(EXIT_INVALID)
