"""kpicascade signals: compute usage signals from product events and write them as tidy actuals."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.markup import escape

from kpicascade._exceptions import EventsError, KpiCascadeError, ScorecardError
from kpicascade.cli._console import EXIT_INVALID, EXIT_OK, FORMAT_OPTION, console, fail, print_json, print_problems
from kpicascade.discover import scorecard_files

if TYPE_CHECKING:
    from rich.table import Table

    from kpicascade.model import Scorecard
    from kpicascade.signals import SignalValues


def load_all(paths: tuple[Path, ...]) -> list[Scorecard]:
    """Return every scorecard named or found in folders (without their actuals), or exit with every error."""
    from kpicascade.loader import load

    cards, problems = [], []
    for path in scorecard_files(paths):
        try:
            cards.append(load(path, read_measurements=False))
        except ScorecardError as exc:
            problems += [p for p in exc.problems if p.severity == "error"]
    if problems:
        fail(ScorecardError(problems))
    return cards


def _targets(cards: list[Scorecard], output: Path | None) -> dict[str, Path]:
    from kpicascade.signals.actuals_files import SUFFIX

    if output is None:
        return {c.account_id: Path(c.source.main_file).parent / f"{c.account_id}{SUFFIX}" for c in cards}
    return {c.account_id: output / f"{c.account_id}{SUFFIX}" for c in cards}


def _write(values: SignalValues, cards: list[Scorecard], output: Path | None) -> dict[str, Path]:
    from kpicascade.signals.actuals_files import write_file, write_per_account

    if output is not None and output.suffix.lower() in (".csv", ".parquet"):
        write_file(values, output)
        return dict.fromkeys(values.accounts(), output)
    present = set(values.accounts())
    targets = {a: p for a, p in _targets(cards, output).items() if a in present}
    write_per_account(values, targets)
    return targets


def _utc(moment: datetime | None) -> str | None:
    return f"{moment.isoformat()}Z" if moment else None


def _summary(values: SignalValues, written: dict[str, Path]) -> Table:
    from rich.table import Table

    table = Table(title=f"Signals from {values.rows_read:,} events, {values.first} to {values.last} UTC")
    for column in ("account", "signals", "periods", "rows", "written to"):
        table.add_column(column, justify="right" if column in ("signals", "periods", "rows") else "left")
    for account in values.accounts():
        rows = values.of(account)
        table.add_row(
            escape(account),
            str(len(set(rows.column("id").to_pylist()))),
            str(len(set(rows.column("period").to_pylist()))),
            str(rows.num_rows),
            escape(str(written.get(account, ""))),
        )
    return table


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--events",
    required=True,
    metavar="EVENTS",
    help="Events: a Parquet or CSV file, a quoted glob ('events/*.parquet'), a folder of Parquet files, "
    "or a table of the backend.",
)
@click.option(
    "--backend",
    metavar="URL",
    envvar="KPICASCADE_BACKEND",
    help="Engine connection URL: duckdb:// (default, in-process), duckdb:///events.duckdb, pyspark:// "
    "(local Spark), spark://host:7077, or another ibis URL (postgres://, trino://, ...).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="A .csv or .parquet file for all accounts (with an account column when several), or a folder "
    "for one <account_id>.signals.csv each. Default: <account_id>.signals.csv beside each scorecard.",
)
@FORMAT_OPTION
def signals(paths: tuple[Path, ...], events: str, backend: str | None, output: Path | None, output_format: str) -> None:
    """Compute every signal defined from events, for every account and period, and write them as actuals.

    List the written <account_id>.signals.csv under actuals.files in the scorecard to score with it.
    On any error nothing is written.

    \b
    Example:
      kpicascade signals scorecards/ --events 'events/*.parquet'
      kpicascade signals acme.yaml --events events.csv -o signals.csv
      kpicascade signals scorecards/ --events events/ --backend pyspark://
    """
    from kpicascade.signals import compute_signals  # ibis is slow to import; only this command needs it

    cards = load_all(paths)
    try:
        values = compute_signals(cards, events, backend)
        written = _write(values, cards, output)
    except EventsError as exc:
        err = console(stderr=True)
        if exc.problems:
            print_problems(exc.problems, err)
        err.print(f"[bold red]error[/]: {escape(str(exc))}; nothing written")
        sys.exit(EXIT_INVALID)
    except KpiCascadeError as exc:
        fail(exc)
    except OSError as exc:
        console(stderr=True).print(f"[bold red]error[/]: cannot write {escape(str(exc.filename))}: {exc.strerror}")
        sys.exit(EXIT_INVALID)
    if output_format == "json":
        print_json(
            {
                "events": events,
                "rows_read": values.rows_read,
                "first": _utc(values.first),
                "last": _utc(values.last),
                "written": [{"account": a, "file": str(p), "rows": values.of(a).num_rows} for a, p in written.items()],
                "problems": [p.as_dict() for p in values.problems],
            }
        )
    else:
        print_problems(values.problems, console(stderr=True))
        console().print(_summary(values, written))
    sys.exit(EXIT_OK)
