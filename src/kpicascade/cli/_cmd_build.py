"""kpicascade build: every account's outputs and the portfolio summary, incremental and parallel."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import click
from rich.markup import escape

from kpicascade._exceptions import KpiCascadeError, WriteError
from kpicascade.cli._console import (
    CONFINE_OPTION,
    EXIT_INVALID,
    EXIT_OK,
    FORMAT_OPTION,
    console,
    fail,
    print_json,
    visible,
)

if TYPE_CHECKING:
    from kpicascade.portfolio.account import Outcome


@click.command("build")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    "-o",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder for the outputs: one folder per scorecard, plus the portfolio summary.",
)
@click.option("--jobs", "-j", type=click.IntRange(1, 64), help="Worker processes (default: one per core).")
@click.option("--fail-fast", is_flag=True, help="Stop at the first scorecard that fails.")
@click.option("--force", is_flag=True, help="Rebuild every output even when its inputs did not change.")
@click.option(
    "--period",
    "-p",
    help="Period to view in every account, like 2026-Q3 (default: the latest complete period all accounts have).",
)
@click.option("--by", "grain", type=click.Choice(["month", "quarter"]), help="Score monthly scorecards by quarter.")
@click.option(
    "--pdf/--no-pdf",
    default=True,
    show_default=True,
    help="Print each account's report to report.pdf with headless Chromium (about 1.6 processor seconds each).",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    help="Page size of the printed reports (default: letter where the locale's country uses it, else a4).",
)
@click.option(
    "--min-cohort",
    type=click.IntRange(2, 10_000),
    default=5,
    show_default=True,
    help="Accounts a peer cohort needs before any benchmark of it is shown.",
)
@click.option(
    "--cohort-by",
    default="industry,size,region",
    show_default=True,
    metavar="TAG,...",
    help="Account tags that make peer cohorts, each beside all customers.",
)
@CONFINE_OPTION
@FORMAT_OPTION
def build_command(
    paths: tuple[Path, ...],
    out: Path,
    jobs: int | None,
    fail_fast: bool,
    force: bool,
    period: str | None,
    grain: Literal["month", "quarter"] | None,
    pdf: bool,
    paper: str | None,
    min_cohort: int,
    cohort_by: str,
    confine: bool,
    output_format: str,
) -> None:
    """Build every scorecard's workbook, diagrams, report (HTML and PDF), deck and scores JSON, and a portfolio summary.

    Only outputs whose inputs (scorecard files, actuals, templates, the tool's version) changed are
    rebuilt. A broken scorecard is reported and the others are still built; the exit code is 1 if
    any failed.

    Nodes of different accounts that name the same catalogue entry (or benchmark key) are compared: each
    account's percentile and quartile among all customers and among those sharing a tag (industry, size,
    region), shown in its report and in the portfolio; a cohort of fewer than --min-cohort accounts is not shown.

    \b
    Example:
      kpicascade build scorecards/ -o out
      kpicascade build scorecards/ -o out-q2 --by quarter --period 2026-Q2
      kpicascade build scorecards/ -o out --no-pdf       # a quick rebuild: no report.pdf
      kpicascade build uploads/ -o site --confine      # a service building scorecards it did not write
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from kpicascade.paper import default_paper
    from kpicascade.portfolio import as_dict, build

    out_console, err = console(), console(stderr=True)
    started = time.perf_counter()
    interactive = out_console.is_terminal and output_format == "text"
    bar = Progress(
        TextColumn("building"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=err,
        disable=not interactive,
    )

    def progress(outcome: Outcome, done: int, total: int) -> None:
        bar.update(task_id, completed=done, total=total, description=escape(visible(Path(outcome.scorecard).name)))
        if not interactive and output_format == "text":
            err.print(f"[{done}/{total}] {outcome.state}: {escape(outcome.scorecard)}")
        if outcome.state == "failed":
            for line in outcome.problems:
                err.print(f"  {escape(line)}", style="red")

    try:
        with bar:
            task_id = bar.add_task("", total=None)
            report = build(
                paths,
                out,
                jobs=jobs,
                fail_fast=fail_fast,
                force=force,
                confine=confine,
                progress=progress,
                on_wait=lambda: err.print("another build is writing to this folder; waiting for it"),
                period=period,
                grain=grain,
                pdf=pdf,
                paper=(paper or default_paper()).lower(),
                min_cohort=min_cohort,
                cohort_tags=tuple(t.strip() for t in cohort_by.split(",") if t.strip()),
            )
    except KpiCascadeError as exc:
        fail(exc)
    except OSError as exc:  # the output folder itself: read-only, full, or not a folder
        fail(WriteError(f"cannot write to {out}: {exc.strerror or exc}; nothing was built"))
    if report.portfolio_problem:
        err.print(f"[bold red]error[/]: {escape(report.portfolio_problem)}")
    if output_format == "json":
        print_json(as_dict(report))
    else:
        seconds = time.perf_counter() - started
        out_console.print(
            f"{report.count('built')} built, {report.count('unchanged')} unchanged, "
            f"{report.count('failed')} failed in {seconds:.1f}s; portfolio index: {out / 'index.html'}"
        )
    sys.exit(EXIT_INVALID if report.failed or report.portfolio_problem else EXIT_OK)
