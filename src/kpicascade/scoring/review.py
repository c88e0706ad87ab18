"""What changed since the last review: statuses, scores, targets, actions and new red values, from two results.

Both sides are plain data as `Result.to_dict()` gives it (and a build's scores.json holds), so an
earlier review can come from a scored git revision or from a file kept by a build.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

#: A score that moved less than this (a fraction: one point) did not move.
MOVED = 0.01


@dataclass
class Author:
    """Who changed a value, and when: the commit, its author, date and subject (or not committed yet)."""

    commit: str
    author: str
    date: str
    subject: str


@dataclass
class NodeChange:
    """One node's move between the reviews."""

    id: str
    name: str
    kind: str
    unit: str | None
    status_before: str
    status: str
    score_before: float | None
    score: float | None
    target_before: Any = None
    target: Any = None
    target_changed: bool = False
    new_red: bool = False
    changed_by: Author | None = None

    @property
    def status_changed(self) -> bool:
        """Return whether the status differs."""
        return self.status_before != self.status

    @property
    def points(self) -> float | None:
        """Return the score's move, as a fraction."""
        if self.score is None or self.score_before is None:
            return None
        return self.score - self.score_before


@dataclass
class ActionChange:
    """A plan item that is new since the last review, or was closed since."""

    id: str
    action: str
    owner: str
    status: str
    due: str


@dataclass
class Review:
    """Everything that changed between an earlier review's figures and the current ones."""

    since: str
    period_before: str
    period: str
    overall_before: float | None
    overall: float | None
    nodes: list[NodeChange] = field(default_factory=list)
    new_actions: list[ActionChange] = field(default_factory=list)
    closed_actions: list[ActionChange] = field(default_factory=list)

    @property
    def new_red(self) -> list[NodeChange]:
        """Return the nodes red now that were not red at the last review."""
        return [n for n in self.nodes if n.new_red]

    @property
    def targets(self) -> list[NodeChange]:
        """Return the nodes whose target changed."""
        return [n for n in self.nodes if n.target_changed]

    def as_dict(self) -> dict[str, Any]:
        """Return the review as plain data for JSON."""
        data = asdict(self)
        for node, raw in zip(self.nodes, data["nodes"], strict=True):
            raw["points"] = node.points
            raw["status_changed"] = node.status_changed
        return data


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def compare(
    before: dict[str, Any],
    after: dict[str, Any],
    *,
    since: str,
    targets: dict[str, tuple[Any, Any]] | None = None,
) -> Review:
    """Return what changed from before to after (both as Result.to_dict()).

    targets gives each node's target definition before and after (from the two scorecards); without
    it, targets are compared at the period when both reviews view the same one.
    """
    old = {n["id"]: n for n in before["nodes"]}
    review = Review(since, before["period"], after["period"], before.get("overall_score"), after.get("overall_score"))
    same_period = before["period"] == after["period"]
    for node in after["nodes"]:
        was = old.get(node["id"])
        if was is None:
            continue
        if targets is not None:
            pair = targets.get(node["id"], (None, None))
        else:
            pair = (was.get("target"), node.get("target")) if same_period else (None, None)
        change = NodeChange(
            id=node["id"],
            name=node["name"],
            kind=node["kind"],
            unit=node.get("unit"),
            status_before=was["status"],
            status=node["status"],
            score_before=was.get("score"),
            score=node.get("score"),
            target_before=pair[0],
            target=pair[1],
            target_changed=not _same(pair[0], pair[1]),
            new_red=node["status"] == "red" and was["status"] != "red",
        )
        moved = change.points is not None and abs(change.points) >= MOVED
        if change.status_changed or moved or change.target_changed:
            review.nodes.append(change)
    plan_before = {p["id"]: p for p in before.get("plan", [])}
    for item in after.get("plan", []):
        entry = ActionChange(item["id"], item["action"], item["owner"], item["status"], item["due"])
        was_item = plan_before.get(item["id"])
        if was_item is None:
            review.new_actions.append(entry)
        elif item["status"] == "done" and was_item["status"] != "done":
            review.closed_actions.append(entry)
    return review
