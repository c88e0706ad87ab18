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

import kpicascade
from kpicascade.cli import cli


class _Yaml12(yaml.SafeLoader):
    """PyYAML's safe loader reading days as text, as YAML 1.2 editors and the kpicascade loader do."""


_Yaml12.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _schema(*options: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["schema", *options])
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


OTIF_NODE = """  - id: kpi_otif
    name: On time in full
    kind: kpi
    perspective: customer
    department: supply
    timing: lagging
    metric:
      unit: percent
      direction: increase
"""

# (the kpi_otif node as written, whether the schema accepts it; the loader agrees, see tests/test_inheritance.py)
CATALOG_NODES: list[tuple[str, bool]] = [
    ("  - id: kpi_otif\n    catalog: supply.otif\n    metric:\n", True),
    ("  - id: kpi_otif\n    catalog: supply.otif\n    name: OTIF\n    metric:\n", True),
    ("  - id: kpi_otif\n    catalog: supply.otfi\n    metric:\n", False),  # no such entry
    ("  - id: kpi_otif\n    department: supply\n    metric:\n", False),  # neither an entry nor a name
    ("  - id: kpi_otif\n    name: OTIF\n    kind: kpi\n    perspective: customer\n    metric:\n", False),  # no unit
]


@pytest.mark.parametrize(("node", "accepted"), CATALOG_NODES)
def test_a_node_naming_a_catalogue_entry_may_leave_out_what_it_inherits(node: str, accepted: bool) -> None:
    validator = jsonschema.Draft202012Validator(_schema())
    text = BASE.replace(OTIF_NODE, node, 1)
    assert text != BASE
    assert (list(validator.iter_errors(yaml.load(text, Loader=_Yaml12))) == []) is accepted


PART = """\
nodes:
  - id: kpm_pick_rate
    name: Lines picked per hour
    kind: kpm
    perspective: internal_process
    department: supply
    metric: {unit: lines, direction: increase, baseline: 80, target: 95}
links:
  contributes:
    - {from: kpm_pick_rate, to: kpi_otif}
actuals:
  rows:
    - {id: kpm_pick_rate, period: 2025-Q1, value: 82}
"""


def test_the_part_schema_is_a_valid_json_schema() -> None:
    schema = _schema("--part")
    jsonschema.Draft202012Validator.check_schema(schema)
    assert set(schema["properties"]) == {
        "departments",
        "nodes",
        "signals",
        "links",
        "customers",
        "plan",
        "actuals",
        "notes",
        "include",
    }
    assert "required" not in schema


def test_a_part_the_loader_takes_satisfies_the_part_schema_only(tmp_path: Path) -> None:
    (tmp_path / "part.yaml").write_text(PART, encoding="utf-8")
    (tmp_path / "card.yaml").write_text(BASE.replace("annual_fee:", "include: [part.yaml]\nannual_fee:"), "utf-8")
    card = kpicascade.load(tmp_path / "card.yaml")
    assert "kpm_pick_rate" in {n.id for n in card.nodes}
    part = yaml.safe_load(PART)
    assert [e.message for e in jsonschema.Draft202012Validator(_schema("--part")).iter_errors(part)] == []
    whole = [e.message for e in jsonschema.Draft202012Validator(_schema()).iter_errors(part)]
    assert "'account' is a required property" in whole  # what an editor showed before --part


@pytest.mark.parametrize(
    ("part", "flagged"),
    [
        ("account: Fjord Foods ASA\n", "account"),  # belongs in the main file, as the loader says
        ("nodes:\n  - {id: x, name: X, kind: process, perspective: customer}\n", "process"),
        ("links: [from: a]\n", "is not of type 'object'"),
    ],
)
def test_the_part_schema_flags_what_the_loader_refuses(part: str, flagged: str) -> None:
    errors = list(jsonschema.Draft202012Validator(_schema("--part")).iter_errors(yaml.safe_load(part)))
    assert errors
    assert any(flagged in e.message for e in errors)
