"""Digests of a build's inputs, and the stamp each account's folder keeps of its last good build."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kpicascade.writing import write_text

STAMP = ".kpicascade-build.json"
#: The running kpicascade package: its code, and the templates and examples a wheel ships inside it.
CODE_ROOT = Path(__file__).resolve().parent.parent
#: Libraries whose version changes what an output holds (its bytes, its layout or its numbers).
LIBRARIES = ("openpyxl", "lxml", "graphviz", "pygraphviz", "jinja2", "numpy", "networkx", "pydantic")
#: The format of the account summary a stamp holds (account_summary.summarise): bumped whenever its fields change, so
#: a build does not reuse a summary an older version stamped.
SUMMARY_FORMAT = 4


def file_digest(path: Path) -> str:
    """Return the sha256 of a file's bytes, or 'missing'."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def tree_digest(folder: Path, digest: Callable[[Path], str] = file_digest) -> str:
    """Return one digest over every file below folder, by relative path and contents (each file's from digest)."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode())
        h.update(digest(path).encode())
    return h.hexdigest()


def combine(*parts: str) -> str:
    """Return one digest of several."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def tool_digest(root: Path | None = None, digest: Callable[[Path], str] = file_digest) -> str:
    """Return a digest of the running kpicascade's files and of the versions of the libraries that shape outputs.

    A build's stamps hold it, so an upgrade (or any edit of a renderer's source) rebuilds what it wrote,
    whatever the version number says. digest gives each file's (a build's FileDigests hashes only files whose
    stat changed since the build before).
    """
    root = root or CODE_ROOT
    h = hashlib.sha256()
    for path in sorted(_code_files(root)):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(digest(path).encode())
    for name, version in library_versions().items():
        h.update(f"{name}={version}".encode())
    return h.hexdigest()


def _code_files(root: Path) -> list[Path]:
    """Return every file below root but Python's bytecode caches (left unvisited: as many files again)."""
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        found += [path for name in names if (path := Path(folder, name)).is_file()]
    return found


def _project(name: str) -> str:
    """Return a project's name as installed folders spell it (PEP 503's normal form)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def library_versions() -> dict[str, str]:
    """Return the installed version of each of LIBRARIES (the first found on sys.path), or "absent".

    Read from the names of the `<name>-<version>.dist-info` folders on sys.path, as importlib.metadata finds
    them: importing importlib.metadata and parsing each library's METADATA took about 45 ms of processor time,
    a tenth of a build that finds every account up to date. A library installed otherwise (an egg) is asked of
    importlib.metadata.
    """
    wanted = {_project(name): name for name in LIBRARIES}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if not folder.endswith(".dist-info"):
                continue
            project, _, version = folder.removesuffix(".dist-info").partition("-")
            name = wanted.get(_project(project))
            if name is not None and name not in found:
                found[name] = version
    for name in set(LIBRARIES) - set(found):
        from importlib import metadata

        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "absent"
    return {name: found[name] for name in LIBRARIES}


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
