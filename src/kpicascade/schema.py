"""The JSON Schema of the scorecard format, for YAML editors."""

from __future__ import annotations

from typing import Any

from kpicascade.model import Scorecard

SCHEMA_ID = "https://kpicascade.invalid/scorecard.schema.json"


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema of a scorecard file (keys as written in YAML)."""
    schema = Scorecard.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}
