"""The JSON Schemas of the scorecard format, for YAML editors: one for a scorecard, one for an included part."""

from __future__ import annotations

from typing import Any

from kpicascade.model import Scorecard

SCHEMA_ID = "https://kpicascade.invalid/scorecard.schema.json"
PART_SCHEMA_ID = "https://kpicascade.invalid/scorecard-part.schema.json"
_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema of a scorecard file (keys as written in YAML)."""
    schema = Scorecard.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": _DRAFT, "$id": SCHEMA_ID, **schema}


def part_json_schema(sections: tuple[str, ...]) -> dict[str, Any]:
    """Return the JSON Schema of a file another includes: only the given sections, none of them required."""
    whole = Scorecard.model_json_schema(by_alias=True, mode="validation")
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
