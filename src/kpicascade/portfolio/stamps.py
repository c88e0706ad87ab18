"""Digests of a build's inputs, and the stamp each account's folder keeps of its last good build."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kpicascade import __version__
from kpicascade.writing import write_text

STAMP = ".kpicascade-build.json"


def file_digest(path: Path) -> str:
    """Return the sha256 of a file's bytes, or 'missing'."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def tree_digest(folder: Path) -> str:
    """Return one digest over every file below folder, by relative path and contents."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode())
        h.update(file_digest(path).encode())
    return h.hexdigest()


def combine(*parts: str) -> str:
    """Return one digest of several."""
    return hashlib.sha256("\0".join((__version__, *parts)).encode()).hexdigest()


@dataclass
class Stamp:
    """What an account's outputs were built from: its input files with their digests, and each output's digest."""

    scorecard: str
    inputs: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)
    files: dict[str, list[str]] = field(default_factory=dict)

    def inputs_unchanged(self) -> bool:
        """Return whether every input file still has the digest it was built from."""
        return bool(self.inputs) and all(file_digest(Path(p)) == d for p, d in self.inputs.items())


def read_stamp(folder: Path) -> Stamp | None:
    """Return the account folder's stamp, or None when there is none or it cannot be read."""
    try:
        data = json.loads((folder / STAMP).read_text(encoding="utf-8"))
        return Stamp(**data)
    except (OSError, ValueError, TypeError):
        return None


def write_stamp(folder: Path, stamp: Stamp) -> None:
    """Write the stamp atomically, after the outputs it describes."""
    write_text(folder / STAMP, json.dumps(asdict(stamp), indent=1, sort_keys=True))
