"""The JSON Schemas of the scorecard format, for YAML editors: one for a scorecard, one for an included part."""

from __future__ import annotations

from typing import Any

from kpicascade.catalog import catalog
from kpicascade.model import Scorecard

SCHEMA_ID = "https://kpicascade.invalid/scorecard.schema.json"
PART_SCHEMA_ID = "https://kpicascade.invalid/scorecard-part.schema.json"
_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _model_schema() -> dict[str, Any]:
    """Return the model's schema, with what a node naming a catalogue entry may leave out to the entry."""
    schema = Scorecard.model_json_schema(by_alias=True, mode="validation")
    defs = schema["$defs"]
    node, metric = defs["Node"], defs["Metric"]
    inherited = [key for key in ("name", "kind", "perspective") if key in node["required"]]
    node["required"] = [key for key in node["required"] if key not in inherited]
    metric["required"] = [key for key in metric.get("required", []) if key != "unit"]
    # a node without a catalogue entry still needs every key the model requires, and its metric a unit
    own = {"required": inherited, "properties": {"metric": {"required": ["unit"]}}}
    node["anyOf"] = [{"required": ["catalog"], "properties": {"catalog": {"type": "string"}}}, own]
    ref = next(m for m in node["properties"]["catalog"]["anyOf"] if m.get("type") == "string")
    ref["enum"] = sorted(catalog().entries)  # editors complete the ids
    return schema


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema of a scorecard file (keys as written in YAML)."""
    return {"$schema": _DRAFT, "$id": SCHEMA_ID, **_model_schema()}


def part_json_schema(sections: tuple[str, ...]) -> dict[str, Any]:
    """Return the JSON Schema of a file another includes: only the given sections, none of them required."""
    whole = _model_schema()
    return {
        "$schema": _DRAFT,
        "$id": PART_SCHEMA_ID,
        "title": "Scorecard part",
        "description": "A file named under include: in a scorecard; its lists are added to the scorecard's.",
        "type": "object",
        "properties": {key: whole["properties"][key] for key in sections if key in whole["properties"]},
        "additionalProperties": False,
        "$defs": whole.get("$defs", {}),
    }
