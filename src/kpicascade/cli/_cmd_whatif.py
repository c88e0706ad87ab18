"""kpicascade whatif: what a scenario of more usage would move, through the links the data confirm, and its worth."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.markup import escape

from kpicascade._exceptions import KpiCascadeError
from kpicascade.cli._console import EXIT_OK, EXIT_USAGE, FORMAT_OPTION, console, fail, print_json

if TYPE_CHECKING:
    from rich.console import Console

    from kpicascade.whatif import Band, Projection


def _band(band: Band | None, fmt: str = ",.2f") -> str:
    if band is None:
        return "-"
    return f"{band.value:{fmt}} ({band.low:{fmt}} to {band.high:{fmt}})"


def _score(band: Band) -> str:
    return f"{band.value:.0%} ({band.low:.0%} to {band.high:.0%})"


def _change(p: Projection) -> str:
    s = p.scenario
    how = f"{s.percent:+g}%" if s.percent is not None else (f"to {s.to:,g}" if s.to is not None else f"{s.by:+,g}")
    now = "-" if p.signal_now is None else f"{p.signal_now:,.2f}"
    return f"{escape(p.signal)} {how}: {now} now, moved by {p.signal_change:+,.2f}"


def show(p: Projection, currency: str, out: Console) -> None:
    """Print one projection: the links and what each carries, the measures, the scores, money and return."""
    from rich.table import Table

    out.print(f"[bold]{escape(p.scenario.name)}[/] [dim]({escape(p.scenario.id)}, at {p.period})[/dim]")
    out.print(f"  {_change(p)}")
    for note in p.notes:
        out.print(f"  [yellow]{escape(note)}[/]")
    links = Table("measure", "lag", "verdict", "effect per unit (95% range)", "change carried", "from")
    for link in p.links:
        carried = _band(link.change) if link.contributes else "[dim]nothing: not confirmed[/]"
        links.add_row(
            escape(link.name), str(link.lag), link.verdict, _band(link.effect, "+,.4f"), carried, link.arrives or "-"
        )
    out.print(links)
    if p.measures:
        measures = Table("measure", "now", "projected (95% range)")
        for m in p.measures:
            measures.add_row(escape(m.name), f"{m.now:,.2f}" if m.now is not None else "-", _band(m.projected))
        out.print(measures)
    if p.scores:
        scores = Table("node", "kind", "score now", "projected score (95% range)")
        for m in p.scores:
            scores.add_row(escape(m.name), m.kind, "-" if m.now is None else f"{m.now:.0%}", _score(m.projected))
        if p.overall is not None and p.overall.now is not None:
            scores.add_row("[bold]overall[/]", "", f"{p.overall.now:.0%}", _score(p.overall.projected))
        out.print(scores)
    if p.value is not None:
        roi = "" if p.roi is None else f", {_score(p.roi)} of the annual fee"
        out.print(f"  worth {currency} {_band(p.value, ',.0f')} a year{roi}")
    elif not any(link.contributes for link in p.links):
        out.print("  worth nothing the data support yet: no link of this signal is confirmed")
    else:
        out.print("  no money: the measures it moves have no value_per_unit")


@click.command("whatif")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--scenario", "scenario_ids", multiple=True, metavar="ID", help="Only this scenario (repeatable).")
@click.option("--period", help="The period to project from, like 2026-09 (default: the latest complete one).")
@FORMAT_OPTION
def whatif_command(path: Path, scenario_ids: tuple[str, ...], period: str | None, output_format: str) -> None:
    """Project the scorecard's scenarios: more usage, through confirmed links, to KPIs, objectives and money.

    Each scenario moves one usage signal (scenarios: in the scorecard). The change travels only along
    signal links the driver analysis confirms, by their fitted effect and lag, with a band from the
    effects' 95% ranges; links that are not confirmed carry nothing and are listed as such.

    \b
    Example:
      kpicascade whatif scorecards/northwind-components.yaml
      kpicascade whatif acme.yaml --scenario planners_plus_20 --format json
    """
    from kpicascade.loader import load
    from kpicascade.whatif import projections

    try:
        result = load(path).score(period=period)
        found = projections(result, scenario_ids)
    except KpiCascadeError as exc:
        fail(exc)
    except KeyError as exc:
        known = ", ".join(s.id for s in result.card.scenarios) or "none"
        console(stderr=True).print(
            f"[bold red]error[/]: no scenario {escape(str(exc.args[0]))!r} (scenarios: {escape(known)})"
        )
        sys.exit(EXIT_USAGE)
    if output_format == "json":
        print_json(
            {"account": result.card.account_id, "period": str(result.period), "scenarios": [p.as_dict() for p in found]}
        )
    else:
        out = console()
        if not found:
            out.print("no scenarios: add some under scenarios: in the scorecard (see kpicascade schema)")
        for p in found:
            show(p, result.card.currency, out)
    sys.exit(EXIT_OK)
