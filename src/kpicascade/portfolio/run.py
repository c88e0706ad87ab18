"""Build a portfolio: every scorecard's outputs in parallel processes, incrementally, under a lock."""

from __future__ import annotations

import contextlib
import importlib
import json
import multiprocessing as mp
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from kpicascade._exceptions import KpiCascadeError
from kpicascade.collector import tune
from kpicascade.discover import scorecard_files
from kpicascade.periods import Calendar
from kpicascade.portfolio.account import PEERS, Outcome, Task, build_account, unchanged
from kpicascade.portfolio.customer_views import refresh
from kpicascade.portfolio.digests import FileDigests, read_record, write_record
from kpicascade.portfolio.outputs import REPORT_PDF
from kpicascade.portfolio.paths import account_folder, inside
from kpicascade.portfolio.review_period import review_period
from kpicascade.portfolio.stamps import combine, tool_digest, tree_digest
from kpicascade.resources import templates_dir
from kpicascade.scoring.peers import COHORT_TAGS, MIN_COHORT, Standing, standings
from kpicascade.writing import sweep_scratch, write_text

LOCK = ".kpicascade-build.lock"
PORTFOLIO_STAMP = ".kpicascade-portfolio.json"
Progress = Callable[[Outcome, int, int], None]
#: Accounts a worker builds before a fresh one takes over: Graphviz's layout keeps about 0.25 MB of each
#: diagram it lays out (measured in process, not freed by gvFreeLayout or closing the graph), so a worker
#: that lived for the whole portfolio would grow with it; a new worker costs under a second of imports.
TASKS_PER_WORKER = 100
#: What a worker imports before its first account (the writers import them lazily).
RENDERERS = (
    "kpicascade.portfolio.outputs",
    "kpicascade.workbook",
    "kpicascade.diagram",
    "kpicascade.diagram.files",
    "kpicascade.report",
)


@dataclass
class BuildReport:
    """What a build did: one outcome per scorecard, and whether the portfolio summary was rewritten."""

    outcomes: list[Outcome] = field(default_factory=list)
    portfolio_written: bool = False
    portfolio_problem: str = ""
    #: The period every account is viewed at (the common latest complete one unless one was asked for).
    period: str | None = None

    @property
    def failed(self) -> list[Outcome]:
        """Return the scorecards that could not be built."""
        return [o for o in self.outcomes if o.state == "failed"]

    def count(self, state: str) -> int:
        """Return how many scorecards ended in a state: built, unchanged or failed."""
        return sum(o.state == state for o in self.outcomes)


@contextlib.contextmanager
def locked(out: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the output folder's lock, so two builds into one folder take turns."""
    out.mkdir(parents=True, exist_ok=True)
    lock = FileLock(out / LOCK)  # flock on POSIX, msvcrt.locking on Windows
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait:
            on_wait()
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


def sweep_temporaries(out: Path) -> None:
    """Remove temporary files a killed build left behind (only ever called under the lock)."""
    for folder, _, names in os.walk(out):  # 60% of Path.rglob's time over 100 accounts' folders
        for name in names:
            if name.startswith(".") and name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, name))


def plan(
    paths: Iterable[str | Path],
    out: Path,
    *,
    force: bool = False,
    period: str | None = None,
    grain: Calendar | None = None,
    confine: bool = False,
    pdf: bool = False,
    paper: str = "a4",
    templates: str | None = None,
    tool: str | None = None,
) -> tuple[list[Task], list[Outcome]]:
    """Return a task per scorecard, and a failure for each whose output folder is taken or unsafe.

    templates and tool are the digests of the templates and of the running tool, when already worked out.
    """
    templates = templates or tree_digest(templates_dir())
    tool = tool or tool_digest()
    tasks: list[Task] = []
    clashes: list[Outcome] = []
    taken: dict[Path, Path] = {}
    for path in scorecard_files(paths):
        try:
            folder = inside(out, account_folder(path.stem))
        except ValueError as exc:
            clashes.append(Outcome(str(path), "", "failed", [str(exc)]))
            continue
        if folder in taken:
            clashes.append(
                Outcome(
                    str(path),
                    str(folder),
                    "failed",
                    [f"{path}: writes to the same folder as {taken[folder]}; rename one of them"],
                )
            )
            continue
        taken[folder] = path
        tasks.append(Task(path, folder, templates, tool, force, period, grain, confine, pdf=pdf, paper=paper))
    return tasks, clashes


def start_worker() -> None:
    """Import every renderer in a new worker process, then exempt what the imports made from garbage collection.

    openpyxl and the diagram builders make many short-lived objects, so the collector runs often; each
    full pass used to walk every module, class and schema the imports made too (about a tenth of an
    account's time). Frozen, those stay alive as they would anyway and are no longer walked; the
    collector also runs less often (see kpicascade.collector).
    """
    from kpicascade.report.printing import keep

    for module in RENDERERS:
        importlib.import_module(module)
    keep()  # one browser for all the worker's PDFs, started at the first; it exits with the worker
    tune()


def _run(
    tasks: list[Task],
    jobs: int,
    fail_fast: bool,
    progress: Progress | None,
    done: list[Outcome],
    files: FileDigests | None = None,
) -> None:
    total = len(tasks) + len(done)
    stale = []
    for task in tasks:  # checking stamps here spares a no-op rebuild the worker processes
        if (outcome := unchanged(task, files)) is None:
            stale.append(task)
        else:
            done.append(outcome)
            if progress:
                progress(outcome, len(done), total)
    tasks = stale
    if not tasks:
        return
    if jobs <= 1 or len(tasks) == 1:
        from kpicascade.report.printing import keeping

        with keeping():  # one browser for all the PDFs, as a worker keeps
            for task in tasks:
                done.append(build_account(task))
                if progress:
                    progress(done[-1], len(done), total)
                if fail_fast and done[-1].state == "failed":
                    return
        return
    # Fresh workers every TASKS_PER_WORKER accounts each; the executor's own max_tasks_per_child hangs on
    # Python 3.11 once the first workers retire, so batches get a pool of their own.
    batch = jobs * TASKS_PER_WORKER
    for start in range(0, len(tasks), batch):
        if not _run_batch(tasks[start : start + batch], jobs, fail_fast, progress, done, total):
            return


def _run_batch(
    tasks: list[Task], jobs: int, fail_fast: bool, progress: Progress | None, done: list[Outcome], total: int
) -> bool:
    """Build a batch of accounts in a pool of fresh workers; return False when fail-fast stopped it."""
    from kpicascade.report.printing import SCRATCH

    try:
        with ProcessPoolExecutor(
            max_workers=min(jobs, len(tasks)), mp_context=mp.get_context("spawn"), initializer=start_worker
        ) as pool:
            submitted: dict[Future[Outcome], Task] = {pool.submit(build_account, task): task for task in tasks}
            pending = set(submitted)
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    done.append(_outcome(future, submitted[future]))
                    if progress:
                        progress(done[-1], len(done), total)
                if fail_fast and any(o.state == "failed" for o in done):
                    for future in pending:
                        future.cancel()
                    return False
        return True
    finally:
        sweep_scratch(SCRATCH)  # the workers are gone, and their browsers with them (each exits as its pipe closes)


def _outcome(future: Future[Outcome], task: Task) -> Outcome:
    """Return a worker's outcome, or the account's failure when its worker process died (killed, out of memory)."""
    try:
        return future.result()
    except Exception as exc:  # BrokenProcessPool, or a result that could not be sent back
        message = f"{task.scorecard}: the process building it stopped ({type(exc).__name__}: {exc})"
        return Outcome(str(task.scorecard), str(task.folder), "failed", [message])


def _write_peers(outcomes: list[Outcome], found: dict[str, list[Standing]]) -> list[str]:
    """Write each built account's standings beside its outputs (removing stale ones); return the folders changed."""
    changed = []
    for o in outcomes:
        if o.state == "failed" or not o.folder:
            continue
        path = Path(o.folder) / PEERS
        rows = [s.as_dict() for s in found.get(o.summary.get("account_id", ""), [])]
        text = json.dumps(rows, indent=1, ensure_ascii=False) if rows else None
        old = path.read_text(encoding="utf-8") if path.is_file() else None
        if text == old:
            continue
        if text is None:
            path.unlink()
        else:
            write_text(path, text)
        changed.append(o.folder)
    return changed


def _with_peers(
    tasks: list[Task],
    outcomes: list[Outcome],
    found: dict[str, list[Standing]],
    jobs: int,
    fail_fast: bool,
    files: FileDigests | None = None,
) -> None:
    """Build the outputs held back for the standings, and rebuild those of the accounts whose standings changed.

    The stamps say which outputs those are: a held output was never stamped, one showing standings depends on them.
    """
    again_for = set(_write_peers(outcomes, found)) | {o.folder for o in outcomes if o.held}
    again = [replace(t, hold_peer_outputs=False) for t in tasks if str(t.folder) in again_for]
    rebuilt: list[Outcome] = []
    _run(again, jobs, fail_fast, None, rebuilt, files)
    by_scorecard = {o.scorecard: o for o in rebuilt}
    for i, o in enumerate(outcomes):
        new = by_scorecard.get(o.scorecard)
        if new is not None and new.state != "unchanged":
            new.written = [*o.written, *new.written]
            outcomes[i] = new


def _portfolio(
    out: Path, outcomes: list[Outcome], templates: str, found: dict[str, list[Standing]], period: str | None = None
) -> bool:
    accounts = sorted(
        (
            {
                **o.summary,
                "folder": Path(o.folder).name,
                "pdf": (Path(o.folder) / REPORT_PDF).is_file(),  # printed unless the build was told --no-pdf
                "peers": [s.as_dict() for s in found.get(o.summary["account_id"], [])],
            }
            for o in outcomes
            if o.state != "failed"
        ),
        key=lambda a: (a["account"], a["folder"]),
    )
    failures = [{"scorecard": o.scorecard, "problems": o.problems} for o in outcomes if o.state == "failed"]
    digest = combine(json.dumps([accounts, failures, period], sort_keys=True, default=str), templates)
    stamp = out / PORTFOLIO_STAMP
    files = [out / "portfolio.xlsx", out / "index.html"]
    with contextlib.suppress(OSError, ValueError):
        if json.loads(stamp.read_text(encoding="utf-8"))["digest"] == digest and all(f.is_file() for f in files):
            return False
    from kpicascade.portfolio.index import portfolio_index  # the renderers, only when the summary is written
    from kpicascade.portfolio.xlsx import portfolio
    from kpicascade.workbook import save

    save(portfolio(accounts), files[0])
    write_text(files[1], portfolio_index(accounts, failures, period=period))
    write_text(stamp, json.dumps({"digest": digest}))
    return True


def _summary(
    out: Path, outcomes: list[Outcome], found: dict[str, list[Standing]], made_by: str, period: str | None = None
) -> tuple[bool, str]:
    """Write the portfolio summary (made_by: the templates' and tool's digest); return whether written, or why not."""
    try:
        return _portfolio(out, outcomes, made_by, found, period), ""
    except (KpiCascadeError, OSError) as exc:
        return False, f"the portfolio summary was not written: {exc}"
    except Exception as exc:  # a summary that does not render must not hide the accounts that were built
        return False, f"the portfolio summary was not written: internal error ({type(exc).__name__}: {exc})"


def build(
    paths: Iterable[str | Path],
    out: Path,
    *,
    jobs: int | None = None,
    fail_fast: bool = False,
    force: bool = False,
    confine: bool = False,
    progress: Progress | None = None,
    on_wait: Callable[[], None] | None = None,
    period: str | None = None,
    grain: Calendar | None = None,
    pdf: bool = False,
    paper: str = "a4",
    min_cohort: int = MIN_COHORT,
    cohort_tags: Sequence[str] = COHORT_TAGS,
) -> BuildReport:
    """Build every scorecard under paths into out, then the portfolio summary; return what happened.

    Every account is viewed at one period: the one given, else the latest complete period all accounts have
    (portfolio.review_period), scored in grain (by quarter when a quarterly account is among monthly ones).
    With pdf, each account's report is also printed to report.pdf on paper ("a4" or "letter"); the
    command line asks for it unless told --no-pdf, the library only when asked (it runs a browser).
    Once every account is scored, each one's standings among its peers (scoring.peers: cohorts of at least
    min_cohort accounts, by cohort_tags) are written to its folder, and the outputs that show them are rebuilt
    where they changed. An account with values to compare but no standings yet (a first build) has those outputs
    held back until then, so they are written once.
    """
    report = BuildReport()
    workers = jobs or os.cpu_count() or 1
    with locked(out, on_wait):
        sweep_temporaries(out)
        # every file hashed once a build, and only when its stat changed since the build before
        digests = read_record(out)
        tool, templates = tool_digest(digest=digests), tree_digest(templates_dir(), digests)
        found_files = scorecard_files(paths)
        period, grain = review_period(
            found_files, period, grain, confine=confine, out=out, jobs=workers, tool=tool, digests=digests
        )
        report.period = period
        tasks, report.outcomes = plan(
            found_files,
            out,
            force=force,
            period=period,
            grain=grain,
            confine=confine,
            pdf=pdf,
            paper=paper,
            templates=templates,
            tool=tool,
        )
        if fail_fast and report.outcomes:
            return report
        # outputs that show standings wait for them where there are none yet, so a first build writes them once
        first = [replace(t, hold_peer_outputs=True) for t in tasks]
        _run(first, workers, fail_fast, progress, report.outcomes, digests)
        if fail_fast and report.failed:
            write_record(out, digests)
            return report
        summaries = [o.summary for o in report.outcomes if o.state != "failed"]
        found = standings(summaries, tags=cohort_tags, min_size=min_cohort)
        _with_peers(tasks, report.outcomes, found, workers, fail_fast, digests)
        refresh(tasks, report.outcomes, out)  # after the peers: a report written again shows them too
        made_by = combine(templates, tool)
        report.portfolio_written, report.portfolio_problem = _summary(out, report.outcomes, found, made_by, period)
        write_record(out, digests)
    return report


def as_dict(report: BuildReport) -> dict[str, Any]:
    """Return the build report as plain data for JSON."""
    return {
        "built": report.count("built"),
        "unchanged": report.count("unchanged"),
        "failed": report.count("failed"),
        "portfolio_written": report.portfolio_written,
        "portfolio_problem": report.portfolio_problem,
        "scorecards": [asdict(o) for o in report.outcomes],
    }
