"""Notice when the files behind a preview change: a snapshot of sizes and modification times, compared by polling."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

#: The kinds of file a scorecard is made of: YAML parts, actuals, plans and notes, report templates and styles.
WATCHED_SUFFIXES = frozenset({".yaml", ".yml", ".csv", ".json", ".parquet", ".md", ".j2", ".css", ".txt"})

Snapshot = dict[str, tuple[int, int]]


def _files(folder: Path) -> Iterable[Path]:
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).parts
        if path.suffix in WATCHED_SUFFIXES and not any(part.startswith(".") for part in relative):
            yield path


def snapshot(folders: Iterable[Path], files: Iterable[Path] = ()) -> Snapshot:
    """Return the size and modification time of every watched file under folders, and of the files named."""
    seen: Snapshot = {}
    for path in [f for folder in folders if folder.is_dir() for f in _files(folder)] + list(files):
        try:
            stat = path.stat()
        except OSError:
            continue  # gone between listing and looking: its absence is the change
        seen[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return seen
