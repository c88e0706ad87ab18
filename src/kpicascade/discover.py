"""Find the scorecards among files and folders: a scorecard file has a top-level account_id."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

_SUFFIXES = {".yaml", ".yml"}


_ACCOUNT_ID = re.compile(rb"^account_id[ \t]*:", re.MULTILINE)


def _is_scorecard(path: Path) -> bool:
    """Return whether a YAML file is a whole scorecard (a top-level account_id key), not an included part.

    A look for the key at the start of a line is enough here and keeps finding a thousand scorecards
    fast; the loader parses each properly.
    """
    from kpicascade import _yaml  # PyYAML is not needed until a command reads a scorecard

    try:
        with path.open("rb") as handle:
            head = handle.read(_yaml.MAX_BYTES + 1)
    except OSError:
        return True  # let the loader report it with its reason
    return bool(_ACCOUNT_ID.search(head))


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
