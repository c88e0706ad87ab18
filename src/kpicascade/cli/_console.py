"""Print problems and results for people (rich, colour on a terminal only) and for scripts (JSON)."""

from __future__ import annotations

import os
import re
import sys
from typing import Any

import click
from rich.console import Console
from rich.markup import escape

from kpicascade import json_text
from kpicascade._exceptions import KpiCascadeError, ScorecardError
from kpicascade.problems import Problem, capped

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

CONFINE_OPTION = click.option(
    "--confine",
    is_flag=True,
    help="Read only files in each scorecard's folder or below it (for scorecards someone else wrote).",
)

_STYLE = {"error": "bold red", "warning": "yellow"}


#: The width of output that is not a terminal (a file, a pipe, less): wide enough that no table or tree is cut.
UNWRAPPED = 1_000
#: What a terminal obeys rather than shows: C0 controls but tab and line feed, DEL, and C1 controls (CSI).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    r"""Return text with every control character shown as an escape, so a terminal prints it instead of obeying it.

    >>> visible("root:x:0\x1b[2J\x07")
    'root:x:0\\x1b[2J\\x07'
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class _Console(Console):
    """A rich console that never lets text it is given drive the terminal."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        """Print as rich does, with control characters in plain text shown as escapes."""
        super().print(*(visible(o) if isinstance(o, str) else o for o in objects), **kwargs)


def console(stderr: bool = False) -> Console:
    """Return a console with colour only on a terminal, no :name: codes or escapes obeyed, never cut when piped."""
    out = _Console(stderr=stderr, highlight=False, soft_wrap=True, emoji=False)
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out = _Console(stderr=stderr, highlight=False, soft_wrap=True, emoji=False, width=UNWRAPPED)
    return out


def print_problems(problems: list[Problem], out: Console | None = None) -> None:
    """Print problems one a line, each naming file:line:column, severity and field (at most 100 per file)."""
    out = out or console()
    for p in capped(problems):
        where = escape(str(p.location))
        field = f" [dim]\\[{escape(p.path_text)}][/dim]" if p.path else ""
        out.print(f"{where}: [{_STYLE[p.severity]}]{p.severity}[/]: {escape(p.message)}{field} [dim]({p.code})[/dim]")


def print_json(data: Any) -> None:
    """Print data as indented JSON on standard output."""
    # json escapes C0 controls itself; C1 controls (0x80-0x9f) a terminal may obey are escaped here
    text = json_text.dumps(data, indent=2, ensure_ascii=False)
    click.echo(re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text))


def fail(exc: KpiCascadeError) -> None:
    """Print a library error cleanly on standard error and exit with the code for invalid input."""
    err = console(stderr=True)
    if isinstance(exc, ScorecardError):
        print_problems([p for p in exc.problems if p.severity == "error"], err)
    else:
        err.print(f"[bold red]error[/]: {escape(str(exc))}")
    sys.exit(EXIT_INVALID)
