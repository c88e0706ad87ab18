"""kpicascade init: start a new scorecard from one of the bundled examples, asking on a terminal what it needs."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.markup import escape

from kpicascade._exceptions import KpiCascadeError
from kpicascade.cli._console import EXIT_OK, console, fail
from kpicascade.resources import TEMPLATE_ALIASES, example_scorecards
from kpicascade.starter import (
    Department,
    Renamed,
    example_calendar,
    example_departments,
    new_scorecard,
    plan_departments,
)

_CHOICES = sorted([*TEMPLATE_ALIASES, *example_scorecards()])
#: The example to start from for each calendar, when no --template is given.
_BY_CALENDAR = {"quarter": "manufacturing", "month": "software"}


def on_terminal() -> bool:
    """Return whether someone is there to answer questions (standard input is a terminal)."""
    return sys.stdin.isatty()


def _example(template: str | None, calendar: str | None) -> str:
    """Return the example to start from: the one named, else the one kept by the calendar asked for."""
    example = TEMPLATE_ALIASES.get(template or _BY_CALENDAR[calendar or "quarter"], template or "")
    if calendar is not None and example_calendar(example) != calendar:
        fitting = ", ".join(t for t, e in sorted(TEMPLATE_ALIASES.items()) if example_calendar(e) == calendar)
        raise click.BadParameter(
            f"the {template} example is by {example_calendar(example)}; for a calendar by {calendar}, "
            f"start from {fitting}",
            param_hint="--calendar",
        )
    return example


def _given(texts: tuple[str, ...]) -> list[Department]:
    """Return the departments given as options: `NAME` or `NAME=OWNER`."""
    named = [text.partition("=") for text in texts]
    return [Department(name.strip(), owner.strip() or None) for name, _, owner in named]


def _asked(example: str) -> list[Department] | None:
    """Ask for the account's department in place of each of the example's, then for more; None when all are kept."""
    click.echo("Departments: Enter keeps the example's, or type this account's name for it.")
    asked = []
    for department in example_departments(example):
        name = click.prompt(f"  in place of {department.name}", default=department.name).strip()
        if name == department.name:
            asked.append(department)
        else:
            owner = click.prompt(f"  owner of {name} (name, role)", default="", show_default=False).strip()
            asked.append(Department(name, owner or None))
    while name := click.prompt("  another department (Enter when done)", default="", show_default=False).strip():
        owner = click.prompt(f"  owner of {name} (name, role)", default="", show_default=False).strip()
        asked.append(Department(name, owner or None))
    return None if asked == example_departments(example) else asked


def _moves(renamed: list[Renamed]) -> list[str]:
    """Return a line per department given: which of the example's it replaced and how many nodes moved to it."""
    lines = ["departments:"]
    for r in renamed:
        taken = f"in place of {escape(r.example_name)}, {r.nodes} nodes" if r.example_name else "new, no nodes yet"
        lines.append(f"  {escape(r.name)} ({r.department_id}): {taken}")
    return lines


def _next_steps(yaml_path: Path, csv_path: Path) -> list[str]:
    card, csv = escape(str(yaml_path)), escape(str(csv_path))
    return [
        "next steps:",
        f"  1. kpicascade serve {card}   # watch it in the browser while you edit",
        f"  2. edit {card}: the example's departments, owners, nodes, targets and signals become the account's own",
        f"  3. kpicascade check {card}",
        f"  4. add actuals to {csv} (id,period,value), then: kpicascade report {card} -o plan.html",
    ]


@click.command()
@click.argument("name")
@click.option(
    "--template", "-t", type=click.Choice(_CHOICES), help="The example to start from [default: by the calendar]."
)
@click.option("--account", help="The customer's name as the report shows it [default: from NAME].")
@click.option("--vendor", help="Your company and product, as the report shows it [default: the example's].")
@click.option("--calendar", type=click.Choice(["quarter", "month"]), help="Score by quarter or by month.")
@click.option(
    "--department",
    "departments",
    multiple=True,
    metavar="NAME[=OWNER]",
    help="The account's departments, in place of the example's in order (repeat the option) [default: ask].",
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
def init(
    name: str,
    template: str | None,
    account: str | None,
    vendor: str | None,
    calendar: str | None,
    departments: tuple[str, ...],
    directory: Path,
    force: bool,
) -> None:
    """Write a new scorecard NAME.yaml (and an empty actuals CSV) from an example, then print the next steps.

    On a terminal it asks for the account, vendor, calendar and departments not given as options. The i-th
    department given takes the place of the example's i-th, with its nodes; more are added with none yet.

    \b
    Example:
      kpicascade init acme-foods
      kpicascade init acme-foods --account "Acme Foods plc" --vendor "Lattice Systems" --calendar month
      kpicascade init acme-foods --template manufacturing \\
        --department "Leadership=Ana Ruiz, CEO" --department Finance --department "Key Accounts"
    """
    if on_terminal():
        account = account or click.prompt("Account (the customer's name)", default=name.replace("-", " ").title())
        vendor = vendor or click.prompt("Vendor (your company and product)", default="", show_default=False) or None
        if calendar is None and template is None:
            calendar = click.prompt("Calendar", type=click.Choice(["quarter", "month"]), default="quarter")
    example = _example(template, calendar)
    chosen = _given(departments) if departments else _asked(example) if on_terminal() else None
    try:
        renamed = plan_departments(example, chosen) if chosen else []
        written = new_scorecard(
            name, example, directory, overwrite=force, account=account, vendor=vendor, departments=chosen
        )
    except KpiCascadeError as exc:
        fail(exc)
    out = console()
    for path in written:
        out.print(f"wrote {escape(str(path))}")
    for line in _moves(renamed) if renamed else []:
        out.print(line)
    for line in _next_steps(written[0], written[1]):
        out.print(line)
    sys.exit(EXIT_OK)
