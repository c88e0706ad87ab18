"""JSON that every parser reads: a number that is not finite (NaN, infinity) is written as null."""

from __future__ import annotations

import json
import math
from typing import Any


def finite(data: Any) -> Any:
    """Return data with every float that is not finite replaced by None, in mappings, lists and tuples.

    >>> finite({"a": [1.5, float("nan")], "b": (float("-inf"), 2)})
    {'a': [1.5, None], 'b': [None, 2]}
    """
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {key: finite(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [finite(value) for value in data]
    return data


def dumps(data: Any, **options: Any) -> str:
    """Return data as strict JSON text (no NaN or Infinity), with json.dumps's options; unknown types as text."""
    options.setdefault("default", str)
    return json.dumps(finite(data), allow_nan=False, **options)
