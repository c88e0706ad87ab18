"""A scorecard's past from git (through the git program): its files at a revision, and who changed a line."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from kpicascade._exceptions import KpiCascadeError, MissingDependencyError
from kpicascade.loader import load
from kpicascade.model import Scorecard
from kpicascade.scoring.review import Author, Review, compare

_NOT_COMMITTED = "0" * 40


def git(args: list[str], cwd: Path) -> str:
    """Return what git prints for args, run in cwd; raise KpiCascadeError with git's message when it fails."""
    program = shutil.which("git")
    if program is None:
        raise MissingDependencyError("comparing with a git revision needs the git program: apt-get install git")
    done = subprocess.run([program, *args], cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise KpiCascadeError(f"git {' '.join(args[:2])}: {done.stderr.strip() or 'failed'}")
    return done.stdout


def root_of(path: Path) -> Path:
    """Return the root of the git work tree holding path."""
    try:
        return Path(git(["rev-parse", "--show-toplevel"], path.resolve().parent).strip())
    except KpiCascadeError:
        raise KpiCascadeError(f"{path} is not in a git repository; pass an earlier build's scores.json") from None


def commit_of(path: Path, revision: str) -> str:
    """Return the full commit id a revision names."""
    root_of(path)
    return git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], path.resolve().parent).strip()


def scorecard_at(path: Path, revision: str) -> Scorecard:
    """Return the scorecard as it was at a git revision: its YAML, actuals and notes files as committed then."""
    current = load(path, lint=False)
    root = root_of(path)
    main = path.resolve().relative_to(root)
    with tempfile.TemporaryDirectory(prefix="kpicascade-review-") as folder:
        for name in current.input_files:
            relative = Path(name).relative_to(root)
            try:
                text = git(["show", f"{revision}:{relative.as_posix()}"], root)
            except KpiCascadeError:
                if relative == main:
                    raise KpiCascadeError(f"{main} is not in git at {revision}") from None
                continue
            target = Path(folder) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return load(Path(folder) / main, lint=False)


def blame(path: Path, line: int) -> Author:
    """Return the commit and author that last changed a line of a file (not committed yet, when so)."""
    root = root_of(path)
    out = git(["blame", "--porcelain", "-L", f"{line},{line}", "--", str(path.resolve().relative_to(root))], root)
    head, *rest = out.splitlines()
    fields: dict[str, Any] = {}
    for row in rest:
        key, _, value = row.partition(" ")
        fields[key] = value
    commit = head.split()[0]
    if commit == _NOT_COMMITTED:
        return Author("", "not committed yet", "", "")
    date = git(["show", "-s", "--format=%cs", commit], root).strip()
    return Author(commit, str(fields.get("author", "")), date, str(fields.get("summary", "")))


def _target_place(card: Scorecard, node_id: str, old: Any, new: Any) -> tuple[Path, int] | None:
    """Return the file and line of a node's target where it differs from old."""
    i = next(k for k, n in enumerate(card.nodes) if n.id == node_id)
    path: tuple[str | int, ...] = ("nodes", i, "metric", "target")
    if isinstance(new, dict):
        changed = [p for p in new if not isinstance(old, dict) or old.get(p) != new[p]]
        if changed and (*path, changed[0]) in card.source.values:
            path = (*path, changed[0])
    where = card.source.locate(path)
    return (Path(where.file), where.line) if where.file and where.line else None


def _target(card: Scorecard, node_id: str) -> Any:
    node = next((n for n in card.nodes if n.id == node_id), None)
    return node.metric.target if node is not None and node.metric is not None else None


def review(path: Path, since: str, period: str | None = None) -> Review:
    """Return what changed since an earlier review: a git revision of the scorecard, or an earlier scores.json."""
    card = load(path)
    after = card.score(period=period).to_dict()
    given = Path(since)
    if given.suffix == ".json" and given.is_file():
        try:
            before = json.loads(given.read_text(encoding="utf-8"))
            _ = before["nodes"], before["period"]
        except (ValueError, KeyError, TypeError) as exc:
            raise KpiCascadeError(f"{given}: not a kpicascade scores.json ({exc})") from None
        return compare(before, after, since=str(given))
    if given.suffix == ".json":
        raise KpiCascadeError(f"{since}: no such file (an earlier build's scores.json, or a git revision)")
    try:
        commit = commit_of(path, since)
    except KpiCascadeError as exc:
        if "not in a git repository" in str(exc):
            raise
        raise KpiCascadeError(f"{since!r} is neither a revision in git nor a scores.json file") from None
    old = scorecard_at(path, since)
    targets = {n.id: (_target(old, n.id), _target(card, n.id)) for n in card.nodes}
    result = compare(old.score().to_dict(), after, since=f"{since} ({commit[:10]})", targets=targets)
    for change in result.targets:
        place = _target_place(card, change.id, change.target_before, change.target)
        if place is not None:
            change.changed_by = blame(*place)
    return result
