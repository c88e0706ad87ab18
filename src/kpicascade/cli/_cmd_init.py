"""kpicascade init: start a new scorecard from one of the bundled examples."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kpicascade._exceptions import KpiCascadeError
from kpicascade.cli._console import EXIT_OK, console, fail
from kpicascade.resources import TEMPLATE_ALIASES, example_scorecards
from kpicascade.starter import new_scorecard

_CHOICES = sorted([*TEMPLATE_ALIASES, *example_scorecards()])


@click.command()
@click.argument("name")
@click.option(
    "--template",
    "-t",
    type=click.Choice(_CHOICES),
    default="manufacturing",
    show_default=True,
    help="The example to start from.",
)
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Where to write NAME.yaml and NAME.actuals.csv.",
)
@click.option("--force", is_flag=True, help="Overwrite files that exist.")
def init(name: str, template: str, directory: Path, force: bool) -> None:
    """Write a new scorecard NAME.yaml (and an empty actuals CSV) from an example.

    \b
    Example:
      kpicascade init acme-foods --template manufacturing
    """
    try:
        written = new_scorecard(name, TEMPLATE_ALIASES.get(template, template), directory, overwrite=force)
    except KpiCascadeError as exc:
        fail(exc)
    out = console()
    for path in written:
        out.print(f"wrote {path}")
    sys.exit(EXIT_OK)
