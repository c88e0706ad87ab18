"""Find the scorecards among files and folders: a scorecard file has a top-level account_id."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

_SUFFIXES = {".yaml", ".yml"}


_ACCOUNT_ID = re.compile(rb"^account_id[ \t]*:", re.MULTILINE)
#: The most of a file looked at, as much as the loader reads (_yaml.MAX_BYTES, not imported: it brings PyYAML, which
#: a build that finds every account up to date does not need).
MAX_BYTES = 10 * 1024 * 1024
#: Bytes read first: a read of MAX_BYTES allocates that much each time (49 µs for a 48 KB scorecard, against 9 µs).
_HEAD = 64 * 1024


def _is_scorecard(path: Path) -> bool:
    """Return whether a YAML file is a whole scorecard (a top-level account_id key), not an included part.

    A look for the key at the start of a line is enough here and keeps finding a thousand scorecards
    fast; the loader parses each properly.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD)  # the key is near the top of a scorecard; read the rest only without it
            return bool(_ACCOUNT_ID.search(head)) or bool(_ACCOUNT_ID.search(head + handle.read(MAX_BYTES + 1 - _HEAD)))
    except OSError:
        return True  # let the loader report it with its reason


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
