"""kpicascade report: write the account plan as one self-contained HTML file, or print it to PDF."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.markup import escape

from kpicascade._exceptions import KpiCascadeError, MissingDependencyError
from kpicascade.cli._console import EXIT_OK, console, fail
from kpicascade.cli._scored import BY_OPTION, quietly, scored
from kpicascade.writing import write_text

if TYPE_CHECKING:
    from kpicascade.scoring import Result

#: Keys of the whole cascade and the overview among the drawings; the others are department ids.
CASCADE, OVERVIEW = " cascade", " overview"


def _drawings(result: Result, engine: str | None) -> dict[str, bytes]:
    """Return the report's drawings as SVG: the whole cascade, the overview, and each department by id."""
    from kpicascade import diagram
    from kpicascade.diagram.layout import lay_out_all

    views = {CASCADE: diagram.cascade(result, signals=True), OVERVIEW: diagram.strategy_map(result)}
    # departments made one by one as the layout asks for them: a large scorecard's pages are laid out several at once
    pages = itertools.chain(views.items(), diagram.department_pages(result))
    return dict(lay_out_all(((key, graph.source) for key, graph in pages), "svg", engine))


@click.command(name="report")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write: FILE.html for the screen, FILE.pdf for the print layout (the suffix decides).",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    help="Page size of the print layout (default: letter where the locale's country uses it, else a4).",
)
@click.option("--period", "-p", help="Period to report, like 2026-Q3 (default: the latest complete one with data).")
@BY_OPTION
@click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    metavar="DIR",
    help="A folder of templates that override ours (report.html.j2, ...); a brand.css in it is added after ours.",
)
@click.option(
    "--engine",
    type=click.Choice(["auto", "pygraphviz", "dot"]),
    default="auto",
    show_default=True,
    help="Layout engine for the embedded cascade diagram.",
)
@click.option(
    "--since",
    metavar="REF",
    help="The last review (a git revision or an earlier scores.json): adds a 'since the last review' section.",
)
def report_command(
    path: Path,
    output: Path,
    paper: str | None,
    period: str | None,
    grain: str | None,
    templates: Path | None,
    engine: str,
    since: str | None,
) -> None:
    """Write the account plan: score, moments of truth, cascade, KPIs with trends, value, ROI, signals.

    One HTML file with everything inline (no network requests), or, with -o FILE.pdf, a PDF printed by
    headless Chromium from the report's print layout: running header and footer, page numbers, the
    cascade objective by objective.

    \b
    Example:
      kpicascade report scorecards/northwind-components.yaml -o northwind.html
      kpicascade report scorecards/northwind-components.yaml -o northwind.pdf --paper letter
      kpicascade report acme.yaml -o acme-q2.html --period 2026-Q2 --templates brand/
      kpicascade report acme.yaml -o acme-q3.html --by quarter --period 2026-Q3
      kpicascade report scorecards/northwind-components.yaml -o northwind.html --since q2-review
    """
    from kpicascade import drivers
    from kpicascade import report as reports
    from kpicascade.history import review
    from kpicascade.paper import default_paper
    from kpicascade.report.evidence import from_drivers, from_surveys
    from kpicascade.report.printing import print_pdf
    from kpicascade.whatif import projections

    suffix = output.suffix.lower()
    if suffix not in {".html", ".htm", ".pdf"}:
        fail(KpiCascadeError(f"{output}: the report is written as .html or .pdf; the suffix decides which"))
    result = scored(path, period, grain)
    drawn: dict[str, bytes] = {}
    if suffix != ".pdf":  # the print layout shows the cascade as text, not as drawings
        try:
            drawn = quietly(lambda: _drawings(result, None if engine == "auto" else engine))
        except MissingDependencyError as exc:
            console(stderr=True).print(f"[yellow]warning[/]: the report has no diagram: {escape(str(exc))}")
        except KpiCascadeError as exc:
            fail(exc)
    try:
        analysed = drivers.analyse([result.card])
        own_calendar = result.period.calendar == result.card.calendar  # scenarios move the scorecard's own periods
        found, surveys = from_drivers(result.card, analysed), from_surveys(result.card, analysed)
        changes = review(path, since, period) if since else None
        paper_size = (paper or default_paper()).lower()
        html = reports.render(
            result,
            diagram_svg=drawn.pop(CASCADE, None),
            overview_svg=drawn.pop(OVERVIEW, None),
            department_svgs=drawn,
            templates=templates,
            findings=found,
            surveys=surveys,
            scenarios=projections(result, findings=analysed) if own_calendar else (),
            review=changes,
            paper=paper_size,
        )
        if suffix == ".pdf":
            print_pdf(html, output)
        else:
            write_text(output, html)
    except KpiCascadeError as exc:
        fail(exc)
    except OSError as exc:
        fail(KpiCascadeError(f"{output}: cannot write: {exc.strerror}"))
    console().print(f"wrote {escape(str(output))}")
    sys.exit(EXIT_OK)
