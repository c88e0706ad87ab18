"""The account plan against the scores: which actions are overdue or done in effect, and plan lints."""

from __future__ import annotations

import calendar as months
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from kpicascade.format import number
from kpicascade.model import PlanItem
from kpicascade.periods import Period
from kpicascade.problems import Problem

if TYPE_CHECKING:
    from kpicascade.scoring.result import Result

#: How each status reads to people.
STATUS_WORDS = {"planned": "planned", "in_progress": "in progress", "blocked": "blocked", "done": "done"}


def period_end(period: Period) -> date:
    """Return the last day of a period.

    >>> period_end(Period.parse("2026-Q3")), period_end(Period.parse("2024-02"))
    (datetime.date(2026, 9, 30), datetime.date(2024, 2, 29))
    """
    last = period.months()[-1]
    year, month = last.year, last.index_in_year
    return date(year, month, months.monthrange(year, month)[1])


def is_overdue(item: PlanItem, period: Period) -> bool:
    """Return whether an open item was due before the end of the period under review."""
    return item.is_open and date.fromisoformat(item.due) < period_end(period)


def targets(item: PlanItem) -> list[str]:
    """Return the nodes an item is meant to move, each once, in the order written."""
    ids = [*item.nodes, *([item.expect.node] if item.expect else [])]
    return list(dict.fromkeys(ids))


def effect_reached(item: PlanItem, result: Result) -> bool | None:
    """Return whether the expected node's actual has reached the expected value (None: nothing to judge)."""
    effect = item.expect
    if effect is None:
        return None
    node = result.card.node(effect.node)
    actual = result.actual_of(effect.node)
    if node.metric is None or actual is None or node.metric.direction == "band":
        return None
    return actual >= effect.to if node.metric.direction == "increase" else actual <= effect.to


def effect_text(item: PlanItem, result: Result) -> str:
    """Return the expected effect in words, like 'Expedited shipments to 5.0% by 2026-Q4'."""
    effect = item.expect
    if effect is None:
        return ""
    node = result.card.node(effect.node)
    unit = node.metric.unit if node.metric else None
    by = f" by {effect.by}" if effect.by else ""
    return f"{node.name} to {number(effect.to, unit)}{by}"


@dataclass(frozen=True)
class PlanRow:
    """One plan item as the outputs show it, with what the scores say about it."""

    id: str
    action: str
    kind: str
    owner: str
    side: str
    due: str
    status: str
    nodes: list[str]
    node_names: list[str]
    effect: str
    overdue: bool
    effect_reached: bool | None
    open: bool
    worst_status: str = "no data"
    flags: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Return the row as plain data for JSON."""
        return asdict(self)


_WORST = ("red", "amber", "green", "no data")


def _row(item: PlanItem, result: Result) -> PlanRow:
    ids = targets(item)
    statuses = [result.status_of(i) for i in ids]
    worst = next((s for s in _WORST if s in statuses), "no data")
    overdue, reached = is_overdue(item, result.period), effect_reached(item, result)
    flags = [*(["overdue"] if overdue else []), *(["expected effect reached"] if reached and item.is_open else [])]
    return PlanRow(
        id=item.id,
        action=item.action,
        kind=item.kind,
        owner=item.owner,
        side=item.side,
        due=item.due,
        status=item.status,
        nodes=ids,
        node_names=[result.card.node(i).name for i in ids],
        effect=effect_text(item, result),
        overdue=overdue,
        effect_reached=reached,
        open=item.is_open,
        worst_status=worst,
        flags=flags,
    )


def plan_rows(result: Result) -> list[PlanRow]:
    """Return the plan's items: open ones first by due date, then done ones, each with its flags."""
    rows = [_row(item, result) for item in result.card.plan]
    return sorted(rows, key=lambda r: (not r.open, r.due, r.id))


def open_items(result: Result) -> dict[str, list[PlanItem]]:
    """Return the open plan items by the node they are meant to move."""
    out: dict[str, list[PlanItem]] = {}
    for item in result.card.plan:
        if item.is_open:
            for ident in targets(item):
                out.setdefault(ident, []).append(item)
    return out


def _covered(result: Result) -> set[str]:
    """Return the nodes an open action moves, directly or through a node beneath them."""
    moved = set(open_items(result))
    covered = set(moved)
    for ident in moved:
        covered |= result.above(ident)
    return covered


def plan_problems(result: Result) -> list[Problem]:
    """Return the plan's lints at the result's period: red without action, overdue, effect reached, red without note."""
    card, problems = result.card, []
    covered = _covered(result)
    locate = card.source.locate
    period = str(result.period)
    for i, node in enumerate(card.nodes):
        if result.status_of(node.id) != "red":
            continue
        what = "moment of truth" if node.moment_of_truth else node.kind.upper()
        if (node.kind == "kpi" or node.moment_of_truth) and node.id not in covered:
            message = f"{what} {node.id!r} is red in {period} and no open action in the plan is meant to move it"
            problems.append(Problem("warning", "red-without-action", message, locate(("nodes", i)), ("nodes", i)))
        if card.scoring.note_on_red and card.note_in(node.id, result.period) is None:
            message = f"{node.id!r} is red in {period} with no note saying why (scoring: note_on_red)"
            problems.append(Problem("warning", "red-without-note", message, locate(("nodes", i)), ("nodes", i)))
    for i, item in enumerate(card.plan):
        path = ("plan", i)
        if is_overdue(item, result.period):
            message = f"plan item {item.id!r} was due {item.due} and is still {STATUS_WORDS[item.status]}"
            problems.append(Problem("warning", "action-overdue", message, locate((*path, "due")), (*path, "due")))
        if item.is_open and effect_reached(item, result):
            message = f"plan item {item.id!r}: {effect_text(item, result)} is reached in {period}; is it done?"
            problems.append(
                Problem("warning", "action-effect-reached", message, locate((*path, "status")), (*path, "status"))
            )
    return problems
