"""Strict JSON: what is not a finite number is null, so every parser reads what we write."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from kpicascade.json_text import dumps

# (case, data, the JSON expected)
CASES = [
    ("NaN", {"score": math.nan}, '{"score": null}'),
    ("infinities in a list", [math.inf, -math.inf, 1.5], "[null, null, 1.5]"),
    ("numpy NaN in a tuple", (np.float64("nan"), np.float64(2.0)), "[null, 2.0]"),
    ("nested", {"a": {"b": [{"c": -math.inf}]}}, '{"a": {"b": [{"c": null}]}}'),
    ("the largest finite number", {"x": 1.7976931348623157e308}, '{"x": 1.7976931348623157e+308}'),
    ("other types as text", {"when": complex(1, 2)}, '{"when": "(1+2j)"}'),
]


@pytest.mark.parametrize(("case", "data", "expected"), CASES, ids=[c[0] for c in CASES])
def test_numbers_that_are_not_finite_become_null(case: str, data: object, expected: str) -> None:
    text = dumps(data)
    assert text == expected
    json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in the JSON"))
