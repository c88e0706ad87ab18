"""kpicascade schema: print the JSON Schema of the scorecard format for editors."""

from __future__ import annotations

import click

from kpicascade.cli._console import print_json
from kpicascade.schema import json_schema


@click.command()
def schema() -> None:
    """Print the JSON Schema of the scorecard YAML format.

    \b
    Example:
      kpicascade schema > kpicascade.schema.json
      # then start a scorecard with: # yaml-language-server: $schema=kpicascade.schema.json
    """
    print_json(json_schema())
