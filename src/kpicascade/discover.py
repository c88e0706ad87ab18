"""Find the scorecards among files and folders: a scorecard file has a top-level account_id."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kpicascade import _yaml

_SUFFIXES = {".yaml", ".yml"}


def _is_scorecard(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(_yaml.MAX_BYTES + 1)
    except OSError:
        return True  # let the loader report it with its reason
    doc = _yaml.parse(head, str(path))
    return not isinstance(doc.data, dict) or "account_id" in doc.data


def scorecard_files(paths: Iterable[str | Path]) -> list[Path]:
    """Return the scorecard files named, and those in the folders named, sorted and once each.

    Files inside a folder that hold no account_id are parts included by another file and are skipped;
    files named explicitly are always kept.
    """
    found: dict[Path, None] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.suffix in _SUFFIXES and child.is_file() and _is_scorecard(child):
                    found[child] = None
        else:
            found[path] = None
    return list(found)
