"""The events definition of a signal: which combinations the model accepts."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from kpicascade.model import EventQuery

VALID = [
    {"measure": "count", "event_types": ["po.released"], "where": {"release_mode": "auto"}},
    {"measure": "distinct_users", "window": "week"},
    {"measure": "sum", "property": "lines"},
    {"measure": "ratio", "event_types": ["session.started"], "denominator_value": 60},
    {"measure": "ratio", "numerator": "count", "denominator": {"measure": "count"}},
    {"measure": "ratio", "numerator": "sum", "property": "value", "denominator": {"measure": "sum", "property": "x"}},
]

INVALID = [
    ({"measure": "ratio"}, "exactly one of denominator"),
    ({"measure": "ratio", "denominator_value": 3, "denominator": {"measure": "count"}}, "exactly one of denominator"),
    ({"measure": "count", "denominator_value": 3}, "measure: ratio only"),
    ({"measure": "count", "numerator": "count"}, "measure: ratio only"),
    ({"measure": "ratio", "denominator": {"measure": "ratio", "denominator_value": 2}}, "cannot itself be a ratio"),
    ({"measure": "sum"}, "needs property"),
    ({"measure": "ratio", "numerator": "sum", "denominator_value": 2}, "needs property"),
    ({"measure": "count", "window": "month"}, "window"),
]


@pytest.mark.parametrize("data", VALID)
def test_accepts(data: dict[str, Any]) -> None:
    EventQuery.model_validate(data)


@pytest.mark.parametrize(("data", "message"), INVALID)
def test_rejects(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        EventQuery.model_validate(data)
