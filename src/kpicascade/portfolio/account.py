"""Build one account's outputs: scores JSON, workbook, diagrams and report, each written atomically."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpicascade import json_text
from kpicascade._exceptions import KpiCascadeError, PeriodError, ScorecardError
from kpicascade.periods import Calendar, Period
from kpicascade.portfolio.digests import FileDigests
from kpicascade.portfolio.stamps import SUMMARY_FORMAT, Stamp, combine, file_digest, read_stamp, write_stamp
from kpicascade.writing import write_text

if TYPE_CHECKING:
    from kpicascade.scoring import Result
    from kpicascade.scoring.review import Review

SCORES = "scores.json"
#: Problems reported for one account: a file of garbage must not make a report of a million lines.
MAX_PROBLEMS = 100
#: The folder of an account's kept reviews: the scores of each period a build viewed, as <period>.json.
REVIEWS = "reviews"
#: Where the account stands among its peers (scoring.peers), written by the build once every account is scored.
PEERS = "peers.json"
_PEER_FIELDS = {"name": str, "cohort": str, "unit": str, "quartile": str, "size": int}


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
    confine: bool = False  # read only files in the scorecard's folder or below
    #: Print report.pdf (headless Chromium, about 1.6 processor seconds an account), on this paper.
    pdf: bool = False
    paper: str = "a4"
    #: Leave out the outputs that show peer standings while the account has none yet but values to compare: a
    #: build's first pass, whose second pass writes them once every account's standing is known (written once).
    hold_peer_outputs: bool = False

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
    #: The output kinds held back until the account's peer standings are known (Task.hold_peer_outputs).
    held: list[str] = field(default_factory=list)


def _stamped(task: Task, inputs: dict[str, str]) -> dict[str, str]:
    """Return the digest each output kind of the task is stamped with when built from files with these digests."""
    from kpicascade.portfolio.outputs import OUTPUT_INPUTS, outputs_for

    digest, peers = _digest(inputs), peers_digest(task.folder)
    return {
        kind: combine(digest, task.tool_digest, task.view, OUTPUT_INPUTS[kind](task, peers))
        for kind in outputs_for(task)
    }


def _fresh(stamp: Stamp | None, task: Task, inputs: dict[str, str]) -> set[str]:
    """Return the output kinds that are up to date: same input digests and every file still there."""
    if stamp is None or task.force or stamp.inputs != inputs:
        return set()
    folder = str(task.folder)  # os.path on text: a thousand accounts' files are checked in a no-op build
    return {
        kind
        for kind, digest in _stamped(task, inputs).items()
        if stamp.outputs.get(kind) == digest
        and all(os.path.isfile(os.path.join(folder, name)) for name in stamp.files.get(kind, []))
    }


def unchanged(task: Task, files: FileDigests | None = None) -> Outcome | None:
    """Return the outcome of a scorecard whose outputs are all up to date, reading nothing but stamps and inputs.

    files is what the build knows of its files (each hashed once a build, and only when its stat changed).
    """
    from kpicascade.portfolio.outputs import REPORT_PDF, outputs_for

    files = files if files is not None else FileDigests()
    if not task.pdf and (task.folder / REPORT_PDF).is_file():
        return None  # an earlier build's PDF to remove (build_account does)
    stamp = _stamp(task.folder)
    if stamp is None or not _summary(stamp.summary):  # none, damaged, or an older version's summary: score again
        return None
    root = task.scorecard.parent if task.confine else None
    if any(files.refusal(Path(f), root) not in (None, "not found") for f in stamp.inputs):
        return None  # built without --confine from files it must not read now: load, and say so
    recorded = {f: files(Path(f)) for f in stamp.inputs}
    if _fresh(stamp, task, recorded) != set(outputs_for(task)):
        return None
    return Outcome(str(task.scorecard), str(task.folder), "unchanged", summary=stamp.summary)


def build_account(task: Task) -> Outcome:
    """Build one scorecard's outputs; whatever goes wrong is this account's failure, never the build's."""
    try:
        return _build(task)
    except ScorecardError as exc:
        problems = [str(p) for p in exc.problems if p.severity == "error"]
    except (KpiCascadeError, OSError) as exc:
        problems = [f"{task.scorecard}: {exc}"]
    except Exception as exc:  # a bug must not stop the other accounts; the message says where to report it
        problems = [f"{task.scorecard}: internal error ({type(exc).__name__}: {exc}); please report it"]
    return Outcome(str(task.scorecard), str(task.folder), "failed", problems[:MAX_PROBLEMS])


def _build(task: Task) -> Outcome:
    from kpicascade.loader import load
    from kpicascade.portfolio.account_summary import summarise
    from kpicascade.portfolio.outputs import REPORT_PDF, outputs_for

    stale = task.folder / REPORT_PDF
    if not task.pdf and stale.is_file():  # an earlier build's PDF would show old figures beside the new report
        stale.unlink()
    digests = FileDigests()  # a file checked just now is not hashed again after loading
    if (done := unchanged(task, digests)) is not None:
        return done
    stamp = _stamp(task.folder)
    outcome = Outcome(str(task.scorecard), str(task.folder), "unchanged")
    result = load(task.scorecard, confine=task.confine).score(period=task.period, grain=task.grain)
    inputs = {f: digests(Path(f)) for f in result.card.input_files}
    fresh = _fresh(stamp, task, inputs)
    files = {k: v for k, v in (stamp.files if stamp else {}).items() if k in fresh}
    outcome.summary = summarise(result)
    writers = outputs_for(task)
    holding = held(task, outcome.summary)
    outcome.held = [kind for kind in writers if kind in holding and kind not in fresh]
    for kind, writer in writers.items():
        if kind not in fresh and kind not in outcome.held:
            paths = writer(result, task.folder, task.scorecard)
            files[kind] = [p.relative_to(task.folder).as_posix() for p in paths]
            outcome.written += [str(p) for p in paths]
    outcome.state = "built"
    # a held output is not up to date: none stamped
    outputs = {kind: digest for kind, digest in _stamped(task, inputs).items() if kind not in outcome.held}
    write_stamp(task.folder, Stamp(str(task.scorecard), inputs, outputs, outcome.summary, files))
    return outcome


def held(task: Task, summary: dict[str, Any]) -> frozenset[str]:
    """Return the output kinds a task holds back: those showing standings, while it has values but no peers.json."""
    from kpicascade.portfolio.outputs import SHOWS_PEERS

    if not task.hold_peer_outputs or not summary.get("benchmarks") or (task.folder / PEERS).is_file():
        return frozenset()
    return SHOWS_PEERS


def _texts(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def _stamp(folder: Path) -> Stamp | None:
    """Return the folder's stamp if it has the shape a build writes; a damaged or hand-edited one is no stamp."""
    stamp = read_stamp(folder)
    if stamp is None:
        return None
    lists = isinstance(stamp.files, dict) and all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(f, str) for f in v)
        for k, v in stamp.files.items()
    )
    ok = _texts(stamp.inputs) and _texts(stamp.outputs) and isinstance(stamp.summary, dict) and lists
    return stamp if ok else None


def _summary(summary: object) -> bool:
    """Return whether a stamped summary has the fields and types summarise() writes."""
    if not isinstance(summary, dict) or summary.get("format") != SUMMARY_FORMAT:
        return False
    texts = all(isinstance(summary.get(k), str) for k in ("account", "account_id", "period", "value_summary"))
    numbers = all(
        isinstance(summary.get(k), int | float | None) and not isinstance(summary.get(k), bool)
        for k in (
            "score",
            "value_realised",
            "value_attributed",
            "value_evidenced",
            "annual_fee",
            "roi",
            "roi_evidenced",
        )
    )
    records = all(
        isinstance(summary.get(k), list) and all(isinstance(r, dict) for r in summary[k])
        for k in ("objectives", "red_kpis", "benchmarks")
    )
    return texts and numbers and records and _texts(summary.get("tags"))


def _digest(inputs: dict[str, str]) -> str:
    return combine(*(f"{k}={v}" for k, v in sorted(inputs.items())))


def write_scores(result: Result, folder: Path, scorecard: Path) -> list[Path]:
    """Write the account's scores as JSON for scripts, and keep a copy as this period's review."""
    path = folder / SCORES
    text = json_text.dumps(result.to_dict(), indent=1, ensure_ascii=False)
    write_text(path, text)
    kept = folder / REVIEWS / f"{result.period}.json"
    kept.parent.mkdir(exist_ok=True)
    write_text(kept, text)
    return [path, kept]


def last_review(result: Result, folder: Path) -> Review | None:
    """Return what changed since the latest review a build kept for a period before this one, if any."""
    from kpicascade.scoring.review import compare

    found = []
    for path in (folder / REVIEWS).glob("*.json"):
        try:
            period = Period.parse(path.stem, result.period.calendar)
        except PeriodError:
            continue
        if period < result.period:
            found.append((period, path))
    if not found:
        return None
    period, path = max(found)
    try:
        before = json.loads(path.read_text(encoding="utf-8"))
        return compare(before, result.to_dict(), since=f"the {period} review")
    except (ValueError, KeyError, TypeError, OSError):
        return None  # a damaged review file: the outputs go without the section rather than fail


def read_peers(folder: Path) -> list[dict[str, Any]]:
    """Return the account's peer standings the build wrote, or none when there are none (or they are damaged)."""
    try:
        rows = json.loads((folder / PEERS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    numbers = ("value", "percentile", "median", "lower_quartile", "upper_quartile")
    good = isinstance(rows, list) and all(
        isinstance(r, dict)
        and all(isinstance(r.get(k), t) for k, t in _PEER_FIELDS.items())
        and all(isinstance(r.get(k), int | float) and not isinstance(r.get(k), bool) for k in numbers)
        for r in rows
    )
    return rows if good else []


def peers_digest(folder: Path) -> str:
    """Return the digest of the account's peer standings file, or "" when it has none."""
    path = folder / PEERS
    return file_digest(path) if path.is_file() else ""
