"""kpicascade schema: print the JSON Schema of the scorecard format, or of an included part, for editors."""

from __future__ import annotations

import click

from kpicascade.cli._console import print_json


@click.command()
@click.option("--part", is_flag=True, help="The schema of a file named under include: (no required keys).")
def schema(part: bool) -> None:
    """Print the JSON Schema of the scorecard YAML format (or, with --part, of an included part).

    \b
    Example:
      kpicascade schema > kpicascade.schema.json
      kpicascade schema --part > kpicascade-part.schema.json
      # then start a file with: # yaml-language-server: $schema=kpicascade.schema.json
    """
    from kpicascade.loader import INCLUDABLE
    from kpicascade.schema import json_schema, part_json_schema

    print_json(part_json_schema(INCLUDABLE) if part else json_schema())
