"""kpicascade check: validate scorecards and lint them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kpicascade._exceptions import KpiCascadeError, ScorecardError
from kpicascade.cli._console import (
    CONFINE_OPTION,
    EXIT_INVALID,
    EXIT_OK,
    FORMAT_OPTION,
    console,
    fail,
    print_json,
    print_problems,
)
from kpicascade.discover import scorecard_files

if TYPE_CHECKING:
    from rich.console import Console

    from kpicascade.problems import Problem

#: Each node that names a catalogue entry, with each of its fields and where that came from.
Origins = dict[str, dict[str, str]]


def _problems_of(path: Path, confine: bool) -> tuple[list[Problem], Origins]:
    from kpicascade.inheritance import origins
    from kpicascade.loader import load  # pydantic and the model load only once a command runs
    from kpicascade.scoring.actions import plan_problems

    try:
        card = load(path, confine=confine)
    except ScorecardError as exc:
        return exc.problems, {}
    found = {n.id: dict(origins(card, i)) for i, n in enumerate(card.nodes) if n.catalog}
    return card.problems + plan_problems(card.score()), found


def _print_origins(origins: Origins, out: Console) -> None:
    from rich.markup import escape

    for node, fields in origins.items():
        out.print(f"  {escape(node)}:")
        width = max(map(len, fields))
        for field, origin in fields.items():
            out.print(f"    {escape(field.ljust(width))}  [dim]{escape(origin)}[/dim]")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@FORMAT_OPTION
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@CONFINE_OPTION
@click.option(
    "--origins", "show_origins", is_flag=True, help="Show where each field of a node using catalog: came from."
)
def check(paths: tuple[Path, ...], output_format: str, strict: bool, confine: bool, show_origins: bool) -> None:
    """Validate scorecards: print every error and warning with file:line:column and field.

    Lints read the scores at the latest period with data too: a red KPI or moment of truth with no open
    action in the plan, an action past its due date, an action whose expected effect is reached, and
    (with scoring: note_on_red) a red value with no note.

    With --origins, each node that names a catalogue entry (catalog: supply.otif) is listed with each of its
    fields and where it came from: a file:line:column, or the catalogue entry it inherited it from.

    Exit 0 when every scorecard is valid, 1 when any has an error (or, with --strict, a warning).

    \b
    Example:
      kpicascade check scorecards/
      kpicascade check acme.yaml --format json
      kpicascade check acme.yaml --origins              # which fields came from the KPI catalogue
      kpicascade check uploads/acme.yaml --confine      # for scorecards someone else wrote
    """
    files = scorecard_files(paths)
    if not files:
        fail(KpiCascadeError(f"no scorecard (a .yaml file with an account_id) in {', '.join(map(str, paths))}"))
    checked = {str(path): _problems_of(path, confine) for path in files}
    results = {f: ps for f, (ps, _) in checked.items()}
    failing = {"error", "warning"} if strict else {"error"}
    bad = [f for f, ps in results.items() if any(p.severity in failing for p in ps)]
    if output_format == "json":
        print_json(
            {
                "valid": not bad,
                "files": [
                    {
                        "file": f,
                        "valid": f not in bad,
                        "problems": [p.as_dict() for p in ps],
                        **({"origins": checked[f][1]} if show_origins else {}),
                    }
                    for f, ps in results.items()
                ],
            }
        )
    else:
        out = console()
        for file, problems in results.items():
            print_problems(problems, out)
            errors = sum(p.severity == "error" for p in problems)
            warnings = len(problems) - errors
            verdict = "[red]invalid[/]" if file in bad else "[green]valid[/]"
            out.print(f"{file}: {verdict} ({errors} errors, {warnings} warnings)")
            if show_origins:
                _print_origins(checked[file][1], out)
    sys.exit(EXIT_INVALID if bad else EXIT_OK)
