"""Build one account's outputs: scores JSON, workbook, diagrams and report, each written atomically."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kpicascade._exceptions import KpiCascadeError, ScorecardError
from kpicascade.loader import load
from kpicascade.periods import Calendar
from kpicascade.portfolio.account_summary import SUMMARY_FORMAT, summarise
from kpicascade.portfolio.stamps import Stamp, combine, file_digest, read_stamp, write_stamp
from kpicascade.scoring import Result
from kpicascade.writing import write_text

SCORES = "scores.json"


@dataclass(frozen=True)
class Task:
    """One scorecard to build into its account folder."""

    scorecard: Path
    folder: Path
    templates_digest: str
    tool_digest: str
    force: bool = False
    #: The period to view (default: the latest complete one with data) and the grain to score in.
    period: str | None = None
    grain: Calendar | None = None

    @property
    def view(self) -> str:
        """Return the period and grain asked for, as stamp text: outputs of another view are not up to date."""
        return f"period={self.period or ''};grain={self.grain or ''}"


@dataclass
class Outcome:
    """What became of one scorecard: built, unchanged or failed, with its summary for the portfolio."""

    scorecard: str
    folder: str
    state: str  # built | unchanged | failed
    problems: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)


def _fresh(stamp: Stamp | None, task: Task, inputs: dict[str, str]) -> set[str]:
    """Return the output kinds that are up to date: same input digests and every file still there."""
    from kpicascade.portfolio.outputs import OUTPUT_INPUTS

    if stamp is None or task.force or stamp.inputs != inputs:
        return set()
    digest = _digest(inputs)
    return {
        kind
        for kind, extra in OUTPUT_INPUTS.items()
        if stamp.outputs.get(kind) == combine(digest, task.tool_digest, task.view, extra(task))
        and all((task.folder / name).is_file() for name in stamp.files.get(kind, []))
    }


def unchanged(task: Task) -> Outcome | None:
    """Return the outcome of a scorecard whose outputs are all up to date, reading nothing but stamps and inputs."""
    from kpicascade.portfolio.outputs import OUTPUT_INPUTS

    stamp = read_stamp(task.folder)
    if stamp is None or stamp.summary.get("format") != SUMMARY_FORMAT:  # an older version's summary: score again
        return None
    recorded = {f: file_digest(Path(f)) for f in stamp.inputs}
    if _fresh(stamp, task, recorded) != set(OUTPUT_INPUTS):
        return None
    return Outcome(str(task.scorecard), str(task.folder), "unchanged", summary=stamp.summary)


def build_account(task: Task) -> Outcome:
    """Build one scorecard's outputs, skipping those whose inputs did not change since the last build."""
    from kpicascade.portfolio.outputs import OUTPUT_INPUTS, OUTPUTS

    if (done := unchanged(task)) is not None:
        return done
    stamp = read_stamp(task.folder)
    outcome = Outcome(str(task.scorecard), str(task.folder), "unchanged")
    try:
        result = load(task.scorecard).score(period=task.period, grain=task.grain)
    except ScorecardError as exc:
        outcome.state = "failed"
        outcome.problems = [str(p) for p in exc.problems if p.severity == "error"]
        return outcome
    except KpiCascadeError as exc:
        outcome.state = "failed"
        outcome.problems = [f"{task.scorecard}: {exc}"]
        return outcome
    inputs = {f: file_digest(Path(f)) for f in result.card.input_files}
    fresh = _fresh(stamp, task, inputs)
    files = {k: v for k, v in (stamp.files if stamp else {}).items() if k in fresh}
    for kind, writer in OUTPUTS.items():
        if kind not in fresh:
            paths = writer(result, task.folder, task.scorecard)
            files[kind] = [p.relative_to(task.folder).as_posix() for p in paths]
            outcome.written += [str(p) for p in paths]
    digest = _digest(inputs)
    outcome.summary = summarise(result)
    outcome.state = "built"
    outputs = {kind: combine(digest, task.tool_digest, task.view, extra(task)) for kind, extra in OUTPUT_INPUTS.items()}
    write_stamp(task.folder, Stamp(str(task.scorecard), inputs, outputs, outcome.summary, files))
    return outcome


def _digest(inputs: dict[str, str]) -> str:
    return combine(*(f"{k}={v}" for k, v in sorted(inputs.items())))


def write_scores(result: Result, folder: Path, scorecard: Path) -> list[Path]:
    """Write the account's scores as JSON for scripts."""
    path = folder / SCORES
    write_text(path, json.dumps(result.to_dict(), indent=1, ensure_ascii=False, default=str))
    return [path]
