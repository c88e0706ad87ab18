"""What the commands that show scores share: the --by option, a scorecard loaded and scored or a clean exit, and
Graphviz's warnings printed as lines."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click
from rich.markup import escape

from kpicascade._exceptions import KpiCascadeError
from kpicascade.cli._console import console, fail

if TYPE_CHECKING:
    from kpicascade.scoring import Result

T = TypeVar("T")

#: Score a monthly scorecard by quarter, as every command that shows scores can.
BY_OPTION = click.option(
    "--by", "grain", type=click.Choice(["month", "quarter"]), help="Score by quarter a monthly scorecard."
)


def scored(path: Path, period: str | None, grain: str | None = None) -> Result:
    """Return the scorecard at path scored at period (in the grain asked for), or exit with a clean message."""
    from kpicascade.loader import load

    try:
        result: Result = load(path).score(period=period, grain=grain)
    except KpiCascadeError as exc:
        fail(exc)
    return result


def quietly(step: Callable[[], T]) -> T:
    """Run a step that may raise Graphviz warnings and print them as one warning line each."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = step()
    err = console(stderr=True)
    for w in caught:
        err.print(f"[yellow]warning[/]: {escape(str(w.message))}")
    return out
