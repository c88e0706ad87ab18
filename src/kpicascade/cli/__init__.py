"""The kpicascade command line, thin over the library; the only place that imports click and rich."""

from __future__ import annotations

import click

from kpicascade import __version__
from kpicascade.cli import (
    _cmd_build,
    _cmd_catalog,
    _cmd_check,
    _cmd_compare,
    _cmd_deck,
    _cmd_diagram,
    _cmd_drivers,
    _cmd_init,
    _cmd_report,
    _cmd_schema,
    _cmd_score,
    _cmd_serve,
    _cmd_signals,
    _cmd_whatif,
    _cmd_workbook,
)
from kpicascade.collector import tune

COMMANDS = [
    _cmd_check.check,
    _cmd_schema.schema,
    _cmd_catalog.catalog,
    _cmd_init.init,
    _cmd_score.score,
    _cmd_compare.compare_command,
    _cmd_build.build_command,
    _cmd_signals.signals,
    _cmd_drivers.drivers,
    _cmd_whatif.whatif_command,
    _cmd_workbook.workbook,
    _cmd_workbook.import_actuals,
    _cmd_diagram.diagram_command,
    _cmd_report.report_command,
    _cmd_deck.deck_command,
    _cmd_serve.serve,
]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="kpicascade")
def cli() -> None:
    """Model a customer's balanced scorecard as a graph, score it and render it.

    \b
    Example:
      kpicascade check scorecards/
    """


for _command in COMMANDS:
    cli.add_command(_command)


def main() -> None:
    """Run the command line."""
    tune()
    cli(prog_name="kpicascade")
