"""kpicascade deck: write the quarterly business review as an editable PowerPoint deck."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.markup import escape

from kpicascade._exceptions import KpiCascadeError
from kpicascade.cli._console import EXIT_OK, console, fail
from kpicascade.cli._scored import scored


@click.command(name="deck")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The .pptx file to write."
)
@click.option("--period", "-p", help="Period to review, like 2026-Q3 (default: the latest with data).")
@click.option(
    "--template",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="T.pptx",
    help="A company PowerPoint template whose layouts, masters and theme the deck uses.",
)
def deck_command(path: Path, output: Path, period: str | None, template: Path | None) -> None:
    """Write the QBR deck: scorecard at a glance, moments of truth, objectives with charts, value, next steps.

    Every text and chart is native and editable; with --template the company's layouts are used.

    \b
    Example:
      kpicascade deck scorecards/northwind-components.yaml -o northwind.pptx
      kpicascade deck acme.yaml -o acme-q2.pptx --period 2026-Q2 --template brand/qbr.pptx
    """
    from kpicascade import deck, drivers
    from kpicascade.report.evidence import from_drivers
    from kpicascade.whatif import projections

    if output.suffix.lower() != ".pptx":
        raise click.BadParameter(f"{output}: the deck is a .pptx file", param_hint="--output")
    result = scored(path, period)
    try:
        analysed = drivers.analyse([result.card])
        found = from_drivers(result.card, analysed)
        own_calendar = result.period.calendar == result.card.calendar  # scenarios move the scorecard's own periods
        scenarios = projections(result, findings=analysed) if own_calendar else ()
        deck.save(deck.render(result, template=template, findings=found, scenarios=scenarios), output)
    except KpiCascadeError as exc:
        fail(exc)
    except OSError as exc:
        fail(KpiCascadeError(f"{output}: cannot write: {exc.strerror}"))
    console().print(f"wrote {escape(str(output))}")
    sys.exit(EXIT_OK)
