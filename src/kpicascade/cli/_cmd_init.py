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


def _picked() -> list[str]:
    """Return the catalogue entries chosen on a terminal: search by words, then name the ids to add."""
    from kpicascade.catalog import catalog

    out, ids = console(), []
    out.print("Pick KPIs from the catalogue: search by a word, then type the ids to add.")
    while words := click.prompt("  search (Enter when done)", default="", show_default=False).strip():
        found = catalog().search(words)
        for entry in found[:20]:
            out.print(f"    {escape(entry.id):32} {escape(entry.name)}")
        out.print(f"    ({len(found)} found{', first 20 shown' if len(found) > 20 else ''})")
        typed = click.prompt("  add (ids, comma-separated; Enter for none)", default="", show_default=False)
        ids += [i.strip() for i in typed.split(",") if i.strip()]
    return ids


def _compose(name: str, ids: list[str], directory: Path, force: bool, **texts: str | None) -> None:
    """Write a scorecard composed from catalogue entries, then print what was written and the next steps."""
    from kpicascade.skeleton import new_skeleton

    try:
        written = new_skeleton(
            name,
            ids,
            directory,
            overwrite=force,
            account=texts["account"],
            vendor=texts["vendor"],
            calendar=texts["calendar"] or "quarter",
        )
    except KpiCascadeError as exc:
        fail(exc)
    out = console()
    for path in written:
        out.print(f"wrote {escape(str(path))}")
    card, csv = escape(str(written[0])), escape(str(written[1]))
    for line in (
        "next steps:",
        f"  1. edit {card}: owners for the departments, the account's own baseline and target for each node",
        f"  2. kpicascade check {card} --origins   # what each node inherited from the catalogue",
        f"  3. add actuals to {csv} (id,period,value), then: kpicascade report {card} -o plan.html",
    ):
        out.print(line)
    sys.exit(EXIT_OK)


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
@click.option(
    "--from-catalog",
    "from_catalog",
    metavar="ID,ID,...",
    help="Compose the scorecard from KPI catalogue entries instead of an example (see kpicascade catalog).",
)
@click.option("--pick", is_flag=True, help="Search the KPI catalogue on a terminal and pick the entries to compose.")
@click.option("--force", is_flag=True, help="Overwrite files that exist.")
def init(
    name: str,
    template: str | None,
    account: str | None,
    vendor: str | None,
    calendar: str | None,
    departments: tuple[str, ...],
    directory: Path,
    from_catalog: str | None,
    pick: bool,
    force: bool,
) -> None:
    """Write a new scorecard NAME.yaml (and an empty actuals CSV) from an example, then print the next steps.

    On a terminal it asks for the account, vendor, calendar and departments not given as options. The i-th
    department given takes the place of the example's i-th, with its nodes; more are added with none yet.

    With --from-catalog (or --pick, on a terminal) the scorecard is composed from KPI catalogue entries instead:
    a node per entry, objectives by perspective, the cascade and the usage signals the entries suggest.

    \b
    Example:
      kpicascade init acme-foods
      kpicascade init acme-foods --from-catalog supply.otif,supply.fill_rate,cx.nps,fin.revenue_growth
      kpicascade init acme-foods --account "Acme Foods plc" --vendor "Lattice Systems" --calendar month
      kpicascade init acme-foods --template manufacturing \\
        --department "Leadership=Ana Ruiz, CEO" --department Finance --department "Key Accounts"
    """
    if from_catalog is not None or pick:
        if template or departments:
            raise click.UsageError("--from-catalog composes from the catalogue: leave out --template and --department")
        if pick and not on_terminal():
            raise click.UsageError("--pick asks on a terminal; without one, name the entries with --from-catalog")
        ids = [i for i in (from_catalog or "").split(",") if i.strip()] + (_picked() if pick else [])
        if on_terminal():
            account = account or click.prompt("Account (the customer's name)", default=name.replace("-", " ").title())
            calendar = calendar or click.prompt("Calendar", type=click.Choice(["quarter", "month"]), default="quarter")
        _compose(name, ids, directory, force, account=account, vendor=vendor, calendar=calendar)
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
