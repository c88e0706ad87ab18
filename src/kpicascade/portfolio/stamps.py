"""Digests of a build's inputs, and the stamp each account's folder keeps of its last good build."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from kpicascade.writing import write_text

STAMP = ".kpicascade-build.json"
#: The running kpicascade package: its code, and the templates and examples a wheel ships inside it.
CODE_ROOT = Path(__file__).resolve().parent.parent
#: Libraries whose version changes what an output holds (its bytes, its layout or its numbers).
LIBRARIES = ("openpyxl", "lxml", "graphviz", "pygraphviz", "jinja2", "numpy", "networkx", "pydantic")


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
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def tool_digest(root: Path | None = None) -> str:
    """Return a digest of the running kpicascade's files and of the versions of the libraries that shape outputs.

    A build's stamps hold it, so an upgrade (or any edit of a renderer's source) rebuilds what it wrote,
    whatever the version number says.
    """
    root = root or CODE_ROOT
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(file_digest(path).encode())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        h.update(f"{name}={version}".encode())
    return h.hexdigest()


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
