"""The kpicascade command line, thin over the library; the only place that imports click and rich."""

from __future__ import annotations

import click

from kpicascade import __version__
from kpicascade.cli import _build, _check, _diagram, _drivers, _init, _report, _schema, _score, _signals, _workbook

COMMANDS = [
    _check.check,
    _schema.schema,
    _init.init,
    _score.score,
    _build.build_command,
    _signals.signals,
    _drivers.drivers,
    _workbook.workbook,
    _workbook.import_actuals,
    _diagram.diagram_command,
    _report.report_command,
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
    cli(prog_name="kpicascade")
