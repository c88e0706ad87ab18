"""Save a deck atomically: the deck's own io module."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kpicascade.writing import write_with


def save(presentation: Any, target: Path) -> None:
    """Write the deck to target through a temporary file, so a failed write leaves no broken file."""
    write_with(target, presentation.save)
