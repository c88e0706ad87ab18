"""kpicascade schema: a JSON Schema that editors can use, which every example satisfies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from tests.cards import BASE

from kpicascade.cli import cli


class _Yaml12(yaml.SafeLoader):
    """PyYAML's safe loader reading days as text, as YAML 1.2 editors and the kpicascade loader do."""


_Yaml12.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _schema() -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0, result.output
    schema: dict[str, Any] = json.loads(result.stdout)
    return schema


def test_schema_is_a_valid_json_schema() -> None:
    schema = _schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"account", "account_id", "currency", "calendar", "horizon"} <= set(schema["required"])
    assert schema["additionalProperties"] is False
    assert "from" in schema["$defs"]["Contributes"]["properties"]  # keys as written in YAML


def test_every_example_satisfies_the_schema(example_path: Path) -> None:
    validator = jsonschema.Draft202012Validator(_schema())
    data = yaml.load(example_path.read_text(encoding="utf-8"), Loader=_Yaml12)
    assert [e.message for e in validator.iter_errors(data)] == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("annual_fee: 900000", "annual_fee: 900000\nanual_fee: 1"),
        ("kind: kpm", "kind: process"),
        ("weight: 1}", "weight: 0}"),
        ("currency: NOK", "currency: kroner"),
        ("lag: 2}", "lag: 1.5}"),
    ],
)
def test_the_schema_flags_what_the_loader_refuses(old: str, new: str) -> None:
    validator = jsonschema.Draft202012Validator(_schema())
    assert list(validator.iter_errors(yaml.safe_load(BASE))) == []
    assert list(validator.iter_errors(yaml.safe_load(BASE.replace(old, new, 1))))
