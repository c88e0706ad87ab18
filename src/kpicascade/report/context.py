"""What the report shows, as plain data for the templates: no markup here except numeric SVG sparklines."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from markupsafe import Markup

from kpicascade.diagram import palette
from kpicascade.diagram.labels import measure
from kpicascade.format import percent, span
from kpicascade.format import score as score_text
from kpicascade.model import Node
from kpicascade.report.evidence import FindingsTable
from kpicascade.report.money import ValueFigure, ValueLine
from kpicascade.report.opportunity import ScenarioView
from kpicascade.report.sparkline import sparkline
from kpicascade.scoring import NodeScore, Result
from kpicascade.scoring.actions import STATUS_WORDS, is_overdue


@dataclass
class Row:
    """One node as a table row."""

    id: str
    name: str
    kind: str
    department: str
    owner: str
    status: str
    badge: str
    colour: str
    ink: str
    fill: str
    score: str
    actual: str
    target: str
    progress: str
    progress_width: int
    trend: str
    change: str
    hit_rate: str
    value: str
    definition: str
    moment_of_truth: bool
    spark: Markup
    #: What the figures rest on when not on a full report: "3 of 4 reported", "held from an earlier report".
    note: str = ""
    commentary: str = ""
    commentary_author: str = ""
    actions: list[str] = field(default_factory=list)
    #: Whether the row carries the node's anchor (id="row-<id>"): only the first of a node shown twice does.
    anchor: bool = True


@dataclass
class PlanEntry:
    """One item of the account plan as the next-steps table shows it."""

    id: str
    due: str
    status: str
    status_word: str
    overdue: bool
    action: str
    kind: str
    owner: str
    side: str
    moves: str
    effect: str
    flags: str
    badge: str
    colour: str
    ink: str


@dataclass
class Server:
    """A node serving a customer's objective, with its status."""

    name: str
    score: str
    badge: str
    colour: str
    ink: str


@dataclass
class CustomerEntry:
    """An objective of one of the account's customers, the worst status of what serves it, and the servers."""

    account: str
    account_id: str
    objective: str
    badge: str
    colour: str
    ink: str
    served_by: list[Server]
    own_status: str = ""


@dataclass
class Reason:
    """One child's share of an objective's move between two periods."""

    name: str
    points: float
    text: str


@dataclass
class Objective:
    """An objective with the nodes that contribute to it, and why it moved."""

    row: Row
    contributors: list[Row]
    reasons: list[Reason] = field(default_factory=list)


@dataclass
class Perspective:
    """A perspective band of the scorecard with its objectives."""

    id: str
    name: str
    objectives: list[Objective]
    others: list[Row]


@dataclass
class Showstopper:
    """What it costs the customer to get past a blocker: time, money, effort."""

    row: Row
    description: str
    hours: str
    money: str
    effort: str


@dataclass
class Drive:
    """A node a usage signal is expected to move."""

    name: str
    sign: str
    lag: int
    badge: str
    colour: str
    ink: str


@dataclass
class SignalRow:
    """A usage signal with its latest value, trend and the nodes it drives."""

    id: str
    name: str
    latest: str
    change: str
    spark: Markup
    drives: list[Drive]


@dataclass
class LegendEntry:
    """One status as the legend shows it."""

    status: str
    badge: str
    colour: str
    ink: str
    fill: str
    meaning: str


@dataclass
class Moved:
    """A node's move since the last review, formatted."""

    name: str
    before_badge: str
    before_colour: str
    before_ink: str
    badge: str
    colour: str
    ink: str
    score: str
    new_red: bool
    target: str
    changed_by: str


@dataclass
class SinceReview:
    """What changed since the last review, formatted for the report."""

    since: str
    period_before: str
    overall: str
    moved: list[Moved]
    more: int
    new_actions: list[str]
    closed_actions: list[str]


@dataclass
class DepartmentView:
    """A department as the screen report's cascade section links to it: owner, statuses and its own drawing."""

    id: str
    name: str
    owner: str
    #: How many of the department's nodes have each status, in the legend's order.
    counts: list[tuple[LegendEntry, int]]
    drawing: Markup | None = None


@dataclass
class TreeLine:
    """One node of the printed cascade: its row, how deep it sits, and what drives it."""

    row: Row
    depth: int
    #: Usage signals linked to the node.
    signals: list[str] = field(default_factory=list)
    #: The parent it is drawn under already, when it contributes to several: drawn once, named elsewhere.
    drawn_under: str = ""


@dataclass
class Branch:
    """A top node of the cascade (an objective, usually) with everything beneath it, as indented lines."""

    row: Row
    lines: list[TreeLine]


@dataclass
class Report:
    """Everything the report template shows."""

    account: str
    account_id: str
    vendor: str
    description: str
    period: str
    previous: str | None
    horizon: str
    currency: str
    overall: str
    overall_status: str
    overall_badge: str
    overall_colour: str
    overall_ink: str
    #: The total improvement value and the return on the attributed value, as text (see value_figures).
    value_realised: str
    annual_fee: str
    roi: str
    counts: dict[str, int]
    moments: list[Row]
    perspectives: list[Perspective]
    #: The value in words, the three figures, and each valued measure's trace.
    value_headline: str
    value_figures: list[ValueFigure]
    value_lines: list[ValueLine]
    showstoppers: list[Showstopper]
    signals: list[SignalRow]
    findings: FindingsTable
    legend: list[LegendEntry]
    diagram: Markup | None = None
    files: list[str] = field(default_factory=list)
    plan: list[PlanEntry] = field(default_factory=list)
    done: list[PlanEntry] = field(default_factory=list)
    customers: list[CustomerEntry] = field(default_factory=list)
    since: SinceReview | None = None
    surveys: FindingsTable = field(default_factory=FindingsTable)
    scenarios: list[ScenarioView] = field(default_factory=list)
    #: The cascade as indented lines, one branch per top node: the print layout's readable cascade.
    branches: list[Branch] = field(default_factory=list)
    #: The page size the print stylesheet asks for: "A4" or "letter".
    paper: str = "A4"
    #: The screen's overview of the cascade (the strategy map: objectives by perspective), fit to the page.
    overview: Markup | None = None
    #: Each department with nodes, linked from the overview, with its own drawing at full size.
    departments: list[DepartmentView] = field(default_factory=list)


def points(change: float | None) -> str:
    """Return a score change in percentage points, signed and labelled as the score's (not the metric's).

    >>> points(0.0321), points(None)
    ('score +3.2 pts', '')
    >>> points(-0.01) == 'score ' + palette.MINUS + '1.0 pts'
    True
    """
    if change is None:
        return ""
    return f"score {'+' if change >= 0 else palette.MINUS}{abs(change) * 100:.1f} pts"


def coverage_note(s: NodeScore) -> str:
    """Return what a node's figures rest on when its data is incomplete, else nothing."""
    return "; ".join(s.data_marks)


def _target(s: NodeScore, currency: str) -> str:
    """Return a node's target for people: a number, or a range for band and thresholds metrics."""
    if s.target is None and s.target_range is not None:
        low, high = s.target_range
        return span(low, high, s.unit) if s.unit != "currency" else f"{currency} {span(low, high, s.unit)}"
    return measure(s.target, s.unit, currency)


class Builder:
    """Turns a scored result into the report's data, reading each node once.

    Without sparks its rows carry no sparkline (the deck shows none; drawing them took two thirds of a row's time).
    """

    def __init__(self, result: Result, *, sparks: bool = True) -> None:
        self.result = result
        self.card = result.card
        self.scores: dict[str, NodeScore] = {}
        self.t = result.t
        self.sparks = sparks

    def score(self, ident: str) -> NodeScore:
        """Return a node's figures, computed once."""
        if ident not in self.scores:
            self.scores[ident] = self.result.node(ident)
        return self.scores[ident]

    def spark(self, node: Node, s: NodeScore, look: palette.StatusStyle) -> Markup:
        """Return a node's trend sparkline up to the period: the actual against the target, else the score."""
        upto = self.t + 1
        periods = [str(p) for p in self.result.periods[:upto]]
        if node.metric is not None:
            actual = self.result.series(node.id, "actual")[:upto]
            label = "actual by period: " + ", ".join(
                f"{p} {measure(v, s.unit, self.card.currency)}" for p, v in zip(periods, actual, strict=True)
            )
            return Markup(
                sparkline(actual, target=self.result.series(node.id, "target")[:upto], colour=look.colour, label=label)
            )
        score = self.result.series(node.id, "score")[:upto]
        label = "score by period: " + ", ".join(f"{p} {percent(v)}" for p, v in zip(periods, score, strict=True))
        return Markup(sparkline(score, colour=look.colour, label=label))

    def row(self, node: Node) -> Row:
        """Return a node as a table row."""
        s, cur = self.score(node.id), self.card.currency
        look = palette.style(s.status)
        dept = self.card.department(node.department)
        progress = s.progress if s.progress is not None else s.score
        width = 0 if progress is None or math.isnan(progress) else max(0, min(100, round(progress * 100)))
        metric = node.metric
        return Row(
            id=node.id,
            name=node.name,
            kind=node.kind.upper(),
            department=dept.name if dept else "",
            owner=s.owner or "",
            status=s.status,
            badge=look.badge,
            colour=look.colour,
            ink=look.ink,
            fill=look.fill,
            score=score_text(s.score, s.thresholds),
            actual=measure(s.actual, s.unit, cur) if metric else "",
            target=_target(s, cur) if metric else "",
            progress=percent(progress),
            progress_width=width,
            trend=palette.TREND_ARROWS[s.trend_arrow],
            change=points(s.change),
            hit_rate=percent(s.hit_rate) if s.hit_rate is not None else "",
            value=measure(s.value_rolled_up, "currency", cur) if s.value_rolled_up else "",
            definition=(metric.formula or "") if metric else (node.description or ""),
            moment_of_truth=node.moment_of_truth,
            spark=self.spark(node, s, look) if self.sparks else Markup(""),
            note=coverage_note(s),
            commentary=s.note or "",
            commentary_author=s.note_author or "",
            actions=[self.action_line(ident) for ident in s.actions],
        )

    def action_line(self, item_id: str) -> str:
        """Return an open plan item in one line: what, who, by when, and its status."""
        item = next(i for i in self.card.plan if i.id == item_id)
        late = ", overdue" if is_overdue(item, self.result.period) else ""
        return f"{item.action} ({item.owner}, due {item.due}, {STATUS_WORDS[item.status]}{late})"
