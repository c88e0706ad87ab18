"""Plain records: turn a finding or figure (a mapping, a dataclass, or anything with as_dict) into a dict."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any


def record(item: object) -> dict[str, Any]:
    """Return an item as a plain mapping."""
    if isinstance(item, Mapping):
        return dict(item)
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return dataclasses.asdict(item)
    as_dict = getattr(item, "as_dict", None)
    if callable(as_dict):
        return dict(as_dict())
    raise TypeError(f"a finding must be a mapping, a dataclass or have as_dict(), not {type(item).__name__}")
