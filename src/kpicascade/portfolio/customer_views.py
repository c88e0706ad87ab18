"""Bring each account's view of its customers up to date once every account of a build is scored.

B's report shows the status of the objectives of A that B serves, read from A's scores in the same
build folder. Accounts are built in any order and in parallel, so B may be built before A (or while A
changes): when every account is done, each report that shows customers is checked against the
customers' scores as they now are, and the ones that differ are written again. Scores never depend on
a customer's status, so one pass settles every chain, loops included.
"""

from __future__ import annotations

import json
from pathlib import Path

from kpicascade._exceptions import KpiCascadeError
from kpicascade.portfolio.account import Outcome, Task
from kpicascade.portfolio.outputs import CUSTOMER_VIEW, customer_statuses, outputs_for


def _shown(folder: Path) -> dict[tuple[str, str], str] | None:
    """Return what an account's report showed of its customers, or None when it showed none (or cannot tell)."""
    try:
        rows = json.loads((folder / CUSTOMER_VIEW).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(rows, list) or not all(isinstance(r, list) and len(r) == 3 for r in rows):
        return None
    return {(str(a), str(o)): str(s) for a, o, s in rows}


def stale(outcome: Outcome, out: Path) -> bool:
    """Return whether an account's report shows its customers' objectives otherwise than their scores now say."""
    shown = _shown(Path(outcome.folder))
    if outcome.state == "failed" or shown is None:
        return False
    now = customer_statuses(list(shown), out)
    return any(now.get(key, "") != status for key, status in shown.items())


def refresh(tasks: list[Task], outcomes: list[Outcome], out: Path) -> None:
    """Write again the report (and its PDF) of every account whose view of its customers is out of date."""
    by_folder = {str(t.folder): t for t in tasks}
    for outcome in outcomes:
        task = by_folder.get(outcome.folder)
        if task is None or not stale(outcome, out):
            continue
        from kpicascade.loader import load  # only for a report to write again

        try:
            result = load(task.scorecard, confine=task.confine).score(period=task.period, grain=task.grain)
            writers = outputs_for(task)
            written = [
                p
                for kind in ("report", "pdf")
                if kind in writers
                for p in writers[kind](result, task.folder, task.scorecard)
            ]
        except (KpiCascadeError, OSError) as exc:
            outcome.state = "failed"
            outcome.problems.append(f"{task.scorecard}: its report could not show its customers' status: {exc}")
            continue
        outcome.state = "built"
        outcome.written += [str(p) for p in written if str(p) not in outcome.written]
