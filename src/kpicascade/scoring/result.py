"""The scored scorecard: every node's figures for every period, and views for one period."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from kpicascade._exceptions import PeriodError
from kpicascade.format import partial_mark
from kpicascade.model import Metric, Node, PlanItem, Scorecard
from kpicascade.periods import Period
from kpicascade.scoring import methods, timeseries
from kpicascade.scoring.actions import open_items, plan_rows
from kpicascade.scoring.chain import customer_rows
from kpicascade.scoring.engine import GREEN, ROLLUP, STATUS_NAMES, Floats, Ints, Rolled, status_of
from kpicascade.scoring.prepare import Arrays, arrays
from kpicascade.scoring.valuation import Valuation, calendar_end, valuation

if TYPE_CHECKING:
    from kpicascade.drivers import Findings

#: A score trend below this many score points per period counts as flat.
FLAT = 0.005


def _num(x: Any) -> float | None:
    x = float(x)
    return None if math.isnan(x) else x


def _target_range(metric: Metric | None) -> tuple[float | None, float | None] | None:
    """Return the range a band or thresholds metric aims for: the band, or the best-scoring rule's [min, max)."""
    if metric is None:
        return None
    if metric.scoring_method == "band" and metric.band is not None:
        return metric.band.low, metric.band.high
    if metric.scoring_method == "thresholds" and metric.rules:
        best = max(metric.rules, key=lambda r: r.score)
        return best.min, best.max
    return None


@dataclass(frozen=True)
class NodeScore:
    """One node's figures at the result's period."""

    id: str
    name: str
    kind: str
    perspective: str
    department: str | None
    owner: str | None
    unit: str | None
    direction: str | None
    method: str | None
    baseline: float | None
    target: float | None
    actual: float | None
    progress: float | None
    children_score: float | None
    score: float | None
    status: str
    change: float | None
    actual_change: float | None
    trend: float | None
    trend_arrow: str
    forecast: float | None
    forecast_target: float | None
    on_pace: bool | None
    hit_rate: float | None
    periods_measured: int
    #: The measure's improvement value as a yearly run rate (the trailing year's level against the baseline),
    #: with its 95% range and whether it is beyond noise; attributed and evidenced are the parts credited.
    value_realised: float | None
    value_rolled_up: float | None
    moment_of_truth: bool
    tags: list[str] = field(default_factory=list)
    #: Of the children scored into this node, how many had data of their own this period (None without children).
    children_reported: int | None = None
    children_total: int | None = None
    #: Whether the actual is an earlier report's, held because the metric is reported less often (quarterly).
    held: bool = False
    #: Whether the figures rest on part of the period: its own reports cover fewer months than a whole
    #: period, or a child scored into it is partial.
    partial: bool = False
    #: The months of the period its own reports cover, of `period_months` (None without reports of its own).
    months: int | None = None
    period_months: int = 1
    #: A sum whose children cover different months of the period (one a month behind): it has no value.
    mixed_months: bool = False
    #: The status thresholds on the score (green, amber), so a shown score can be rounded without crossing one.
    thresholds: tuple[float, float] = (0.9, 0.7)
    #: A target that is a range (a band, or the best-scoring thresholds rule), as (low, high); None for open.
    target_range: tuple[float | None, float | None] | None = None
    note: str | None = None
    note_author: str | None = None
    actions: list[str] = field(default_factory=list)
    #: The value's 95% range, whether it is beyond noise, and the parts attributed and evidenced (see value_realised).
    value_low: float | None = None
    value_high: float | None = None
    value_state: str | None = None
    value_attributed: float | None = None
    value_evidenced: float | None = None

    @property
    def partial_mark(self) -> str:
        """Return "2 of 3 months" for a node whose reports cover part of the period, a note for a partial roll-up."""
        return partial_mark(self.months, self.period_months, self.partial, self.mixed_months)

    @property
    def data_marks(self) -> list[str]:
        """Return what the figures rest on when not on a whole period's reports, as every output shows it.

        "3 of 4 reported" (a parent whose children did not all report), "held from the last report" (a
        metric reported less often), "2 of 3 months" or "partial: a child has part of the period".
        """
        marks = []
        if self.children_total is not None and self.children_reported != self.children_total:
            marks.append(f"{self.children_reported} of {self.children_total} reported")
        if self.held:
            marks.append("held from the last report")
        if self.partial_mark:
            marks.append(self.partial_mark)
        return marks

    def as_dict(self) -> dict[str, Any]:
        """Return the figures as plain data for JSON."""
        # every field is a number, text or None but tags; dataclasses.asdict deep-copied each of them
        data = {name: getattr(self, name) for name in _FIELDS}
        data["tags"] = list(self.tags)
        return data


_FIELDS = tuple(f.name for f in fields(NodeScore))


@dataclass
class Contribution:
    """A child's share of its parent's change between two periods."""

    id: str
    weight: float
    before: float | None
    after: float | None
    contribution: float


class Result:
    """A scorecard scored over its horizon, viewed at one period."""

    def __init__(
        self, card: Scorecard, arrays: Arrays, rolled: Rolled, period_index: int, shared: dict[str, Any] | None = None
    ) -> None:
        self.card = card
        self.arrays = arrays
        #: What every view of the same scores shares, computed once: the driver findings, the calendar's arrays.
        self._shared: dict[str, Any] = {} if shared is None else shared
        self.rolled = rolled
        self.score_matrix = rolled.score
        self.status_matrix = rolled.status
        self.t = period_index
        self.index = {ident: i for i, ident in enumerate(arrays.ids)}

    @property
    def periods(self) -> list[Period]:
        """Return every period of the horizon in the scoring grain."""
        return self.arrays.periods

    @property
    def period(self) -> Period:
        """Return the period this result is viewed at."""
        return self.arrays.periods[self.t]

    @property
    def partial(self) -> bool:
        """Return whether the viewed period is scored on fewer months than a whole period (to date)."""
        return bool(self.arrays.coverage.partial[self.t])

    @property
    def complete(self) -> bool:
        """Return whether the viewed period is complete: the data has reached its end and no metric is behind."""
        return bool(self.arrays.coverage.complete[self.t])

    @property
    def behind(self) -> list[str]:
        """Return the ids of the metrics whose reports stop inside the viewed period before its last month."""
        rows = np.flatnonzero(self.arrays.coverage.behind[:, self.t])
        return [self.arrays.ids[i] for i in rows.tolist()]

    @property
    def period_label(self) -> str:
        """Return the viewed period for people, marked when partial or not complete.

        "2026-Q3 (to date: 2 of 3 months)" when the data has not reached its end, "2026-Q3 (1 metric still to
        report: Net revenue retention)" when a metric's reports stop inside it.
        """
        cover = self.arrays.coverage
        if self.partial:
            return f"{self.period} (to date: {cover.counted[self.t]} of {cover.whole} months)"
        behind = self.behind
        if not behind:
            return str(self.period)
        names = [self.card.nodes[self.index[i]].name for i in behind]
        shown = ", ".join(names[:2]) + (f" and {len(names) - 2} more" if len(names) > 2 else "")
        metrics = "1 metric" if len(names) == 1 else f"{len(names)} metrics"
        return f"{self.period} ({metrics} still to report: {shown})"

    def at(self, period: Period | str) -> Result:
        """Return the same scores viewed at another period."""
        wanted = period if isinstance(period, Period) else Period.parse(period, self.period.calendar)
        if wanted not in self.periods:
            raise PeriodError(f"period {wanted} is outside the horizon {self.periods[0]}..{self.periods[-1]}")
        return Result(self.card, self.arrays, self.rolled, self.periods.index(wanted), self._shared)

    @cached_property
    def graph(self) -> Any:
        """Return the scorecard's networkx graph."""
        from kpicascade import graph as graphs  # networkx costs a command's start; only some callers need it

        return graphs.build(self.card)

    @cached_property
    def _links(self) -> dict[bool, tuple[dict[str, list[str]], dict[str, list[str]]]]:
        """Return each node's children and parents, over every link and over scored links only, built once."""
        out = {}
        for scored_only in (False, True):
            children: dict[str, list[str]] = {}
            parents: dict[str, list[str]] = {}
            for link in self.card.links.contributes:
                if not (scored_only and link.align_only):
                    children.setdefault(link.to, []).append(link.from_)
                    parents.setdefault(link.from_, []).append(link.to)
            out[scored_only] = (children, parents)
        return out

    def above(self, node_id: str) -> set[str]:
        """Return every node that node_id contributes to, directly or through others, over every link."""
        parents = self._links[False][1]
        found: set[str] = set()
        todo = list(parents.get(node_id, []))
        while todo:
            ident = todo.pop()
            if ident not in found:
                found.add(ident)
                todo += parents.get(ident, [])
        return found

    @cached_property
    def _met(self) -> Floats:
        a = self.arrays
        met = methods.met(a.actual, a.target, a.direction[:, None], a.low[:, None], a.high[:, None])
        no_target = np.isnan(a.target) & (a.direction[:, None] != 0)  # without a target nothing is hit or missed
        return np.where(no_target, np.nan, met)

    @cached_property
    def _figures(self) -> dict[str, Floats]:
        a, t = self.arrays, self.t
        window = self.card.scoring.trend_window
        last = len(self.periods) - 1
        hit, measured = timeseries.hit_rate(np.where(a.held, np.nan, self._met), t)
        reported_scores = np.where(a.held, np.nan, self.score_matrix)  # a held value is no new data point
        return {
            "change": timeseries.change(self.score_matrix, t),
            "actual_change": timeseries.change(a.actual, t),
            "trend": timeseries.slope(reported_scores, t, window),
            "forecast": timeseries.forecast(a.measured, t, window, last),
            "hit_rate": hit,
            "measured": measured,
        }

    @cached_property
    def _open_items(self) -> dict[str, list[PlanItem]]:
        return open_items(self)

    @property
    def findings(self) -> Findings:
        """Return the driver analysis of this account's usage-signal links (run once for every view of the scores)."""
        if "findings" not in self._shared:
            from kpicascade.drivers import analyse  # drivers read the scoring arrays: imported when first needed

            # value rests on the signal links only: a survey file is read by the report, not by scoring
            card = self.card.model_copy(update={"survey": None})
            self._shared["findings"] = analyse([card], laid_out=[self.own_calendar_arrays])
        found: Findings = self._shared["findings"]
        return found

    def use_findings(self, findings: Findings) -> None:
        """Take driver findings already computed (a portfolio's, or a report's) instead of analysing again."""
        self._shared["findings"] = findings

    @property
    def own_calendar_arrays(self) -> Arrays:
        """Return the scorecard's arrays in its own calendar: these scores', or laid out once for every view."""
        if self.period.calendar == self.card.calendar:
            return self.arrays
        if "calendar_arrays" not in self._shared:
            self._shared["calendar_arrays"] = arrays(self.card)
        laid_out: Arrays = self._shared["calendar_arrays"]
        return laid_out

    @cached_property
    def valuation(self) -> Valuation:
        """Return the account's value at the period: total, attributed and evidenced, each measure traced."""
        cal = self.own_calendar_arrays
        return valuation(self.card, cal, calendar_end(self.card, cal, self.period), self.findings)

    def value_rolled_up(self, node_id: str) -> float | None:
        """Return the value counted for a node and every node beneath it, each counted once."""
        return self._values_rolled_up[self.index[node_id]]

    @cached_property
    def _values_rolled_up(self) -> list[float | None]:
        """Return every node's value rolled up, each value carried once to each node above it (none: no value)."""
        above: list[list[int]] = [[] for _ in self.arrays.ids]
        for link in self.card.links.contributes:
            if not link.align_only and link.from_ in self.index and link.to in self.index:  # align-only never counts
                above[self.index[link.from_]].append(self.index[link.to])
        totals: list[float | None] = [None] * len(above)
        # a walk up from each valued node: a cascade is shallow, so this is about (valued nodes x levels),
        # where the set of nodes beneath each node (the first way) cost a walk down from every node
        for valued in self.valuation.nodes:
            start = self.index[valued.id]
            amount = valued.total[0]
            seen, stack = {start}, [start]
            while stack:
                i = stack.pop()
                totals[i] = amount + (totals[i] or 0.0)
                for parent in above[i]:
                    if parent not in seen:
                        seen.add(parent)
                        stack.append(parent)
        return totals

    @cached_property
    def _scored_children(self) -> list[Ints]:
        """Return each node's scored children, grouped once (a mask over every edge per node grew as n^2)."""
        c = self.arrays.cascade
        order = np.argsort(c.parent, kind="stable")
        bounds = np.searchsorted(c.parent[order], np.arange(len(self.arrays.ids) + 1)).tolist()
        children = c.child[order]
        return [children[bounds[i] : bounds[i + 1]] for i in range(len(self.arrays.ids))]

    def reported(self, node_id: str) -> tuple[int, int] | None:
        """Return how many of a parent's scored children had their own data at the period, and how many it has.

        A sum node counts children with an actual, any other node children with a score; values carried or
        counted as zero by the missing policy do not count as reported.
        """
        i, c = self.index[node_id], self.arrays.cascade
        children = self._scored_children[i]
        if not len(children):
            return None
        from_actuals = c.rollup[i] == ROLLUP["sum"]
        rows = self.arrays.actual if from_actuals else self.score_matrix
        return int((~np.isnan(rows[children, self.t])).sum()), len(children)

    def _on_pace(self, i: int, forecast: float) -> bool | None:
        a = self.arrays
        if math.isnan(forecast):
            return None
        goal = a.target[i, -1]
        if a.direction[i] == 0:
            return bool(a.low[i] <= forecast <= a.high[i])
        if math.isnan(goal):
            return None
        return bool(forecast >= goal) if a.direction[i] > 0 else bool(forecast <= goal)

    def status_of(self, node_id: str) -> str:
        """Return one node's status at the result's period (without the value and evidence node() also gives)."""
        return STATUS_NAMES[self.status_matrix[self.index[node_id], self.t]]

    def score_of(self, node_id: str) -> float | None:
        """Return one node's score at the result's period."""
        return _num(self.score_matrix[self.index[node_id], self.t])

    def actual_of(self, node_id: str) -> float | None:
        """Return one node's actual at the result's period."""
        return _num(self.arrays.actual[self.index[node_id], self.t])

    def node(self, node_id: str) -> NodeScore:
        """Return one node's figures at the result's period."""
        i, t, a, f = self.index[node_id], self.t, self.arrays, self._figures
        node = self.card.nodes[i]
        metric = node.metric
        note = self.card.note_in(node.id, self.period)
        trend = _num(f["trend"][i])
        reported = self.reported(node_id)
        arrow = "flat" if trend is None or abs(trend) < FLAT else ("up" if trend > 0 else "down")
        valued = self.valuation.node(node.id)
        attributed = valued.attributed if valued else None
        evidenced = valued.evidenced if valued else None
        return NodeScore(
            id=node.id,
            name=node.name,
            kind=node.kind,
            perspective=node.perspective,
            department=node.department,
            owner=self.card.owner_of(node),
            unit=metric.unit if metric else None,
            direction=metric.direction if metric else None,
            method=metric.scoring_method if metric else None,
            baseline=_num(a.baseline_at[i, t]),
            target=_num(a.target[i, t]),
            actual=_num(a.actual[i, t]),
            progress=_num(a.own[i, t]),
            children_score=_num(self.rolled.children_score(i)[t]),
            score=_num(self.score_matrix[i, t]),
            status=STATUS_NAMES[self.status_matrix[i, t]],
            change=_num(f["change"][i]),
            actual_change=_num(f["actual_change"][i]),
            trend=trend,
            trend_arrow=arrow,
            forecast=_num(f["forecast"][i]),
            forecast_target=_num(a.target[i, -1]),
            on_pace=self._on_pace(i, float(f["forecast"][i])) if metric else None,
            hit_rate=_num(f["hit_rate"][i]),
            periods_measured=int(f["measured"][i]),
            value_realised=valued.rate.value if valued else None,
            value_rolled_up=self.value_rolled_up(node.id),
            moment_of_truth=node.moment_of_truth,
            tags=list(node.tags),
            held=bool(a.held[i, t]),
            partial=bool(a.coverage.rolled_partial[i, t]),
            months=int(a.coverage.node_counted[i, t]) if a.coverage.node_counted[i, t] else None,
            period_months=a.coverage.whole,
            mixed_months=bool(a.coverage.mixed_sum[i, t]),
            thresholds=(float(a.cascade.green[i]), float(a.cascade.amber[i])),
            target_range=_target_range(metric),
            children_reported=reported[0] if reported else None,
            children_total=reported[1] if reported else None,
            note=note.text if note else None,
            note_author=note.author if note else None,
            actions=[item.id for item in self._open_items.get(node.id, [])],
            value_low=valued.rate.low if valued else None,
            value_high=valued.rate.high if valued else None,
            value_state=valued.rate.state if valued else None,
            value_attributed=attributed[0] if attributed else None,
            value_evidenced=evidenced[0] if evidenced else None,
        )

    def nodes(self) -> list[NodeScore]:
        """Return every node's figures, in the scorecard's order."""
        return [self.node(n.id) for n in self.card.nodes]

    def history(self) -> list[dict[str, list[Any]]]:
        """Return every node's figures in every period of the grain, as columns beside `periods` in JSON.

        A monthly scorecard viewed by quarter gives quarter rows: each metric's months aggregated as the engine
        does (sum, mean, last, min, max), the months its reports cover and whether that is part of a period.
        """
        a, cover = self.arrays, self.arrays.coverage
        columns = {
            "actual": a.actual.tolist(),
            "target": a.target.tolist(),
            "score": self.score_matrix.tolist(),
            "status": self.status_matrix.tolist(),
            "months": cover.node_counted.tolist(),
            "partial": cover.rolled_partial.tolist(),
        }
        out = []
        for i in range(len(a.ids)):
            out.append(
                {
                    "actual": [_num(x) for x in columns["actual"][i]],
                    "target": [_num(x) for x in columns["target"][i]],
                    "score": [_num(x) for x in columns["score"][i]],
                    "status": [STATUS_NAMES[c] for c in columns["status"][i]],
                    "months": columns["months"][i],
                    "partial": columns["partial"][i],
                }
            )
        return out

    def series(self, node_id: str, what: str = "score") -> list[float | None]:
        """Return one node's score, actual, target or progress over every period."""
        matrix = {
            "score": self.score_matrix,
            "actual": self.arrays.actual,
            "target": self.arrays.target,
            "progress": self.arrays.own,
        }[what]
        return [_num(x) for x in matrix[self.index[node_id]]]

    def signal_series(self, signal_id: str) -> list[float | None]:
        """Return one usage signal's values over every period."""
        return [_num(x) for x in self.arrays.signal_values[self._signal_index[signal_id]]]

    @cached_property
    def _signal_index(self) -> dict[str, int]:
        return {ident: i for i, ident in enumerate(self.arrays.signal_ids)}

    def children(self, node_id: str, *, scored_only: bool = False) -> list[Node]:
        """Return the nodes that contribute to node_id, in the scorecard's order."""
        ids = set(self._links[scored_only][0].get(node_id, []))
        return sorted((self.card.nodes[self.index[i]] for i in ids), key=lambda n: self.index[n.id])

    def roots(self, *, scored_only: bool = False) -> list[Node]:
        """Return the nodes that contribute to nothing: the top of the cascade (of its scored links, if asked)."""
        parents = self._links[scored_only][1]
        return [n for n in self.card.nodes if not parents.get(n.id)]

    def tree(self) -> list[tuple[int, Node]]:
        """Return the cascade top-down as (depth, node), a node under each parent it feeds."""
        out: list[tuple[int, Node]] = []

        def walk(node: Node, depth: int, path: frozenset[str]) -> None:
            out.append((depth, node))
            for child in self.children(node.id):
                if child.id not in path:
                    walk(child, depth + 1, path | {child.id})

        for root in self.roots():
            walk(root, 0, frozenset({root.id}))
        return out

    @property
    def overall_score(self) -> float | None:
        """Return the account's score: the mean of the top objectives' scores (align-only links never count)."""
        roots = self.roots(scored_only=True)
        tops = [self.index[n.id] for n in roots if n.kind == "objective"] or [self.index[n.id] for n in roots]
        values = self.score_matrix[tops, self.t]
        values = values[~np.isnan(values)]
        return float(values.mean()) if len(values) else None

    @property
    def overall_status(self) -> str:
        """Return the account's status from its score and the scorecard's thresholds."""
        s = self.overall_score
        th = self.card.scoring.thresholds
        code = status_of(np.array([[np.nan if s is None else s]]), np.array([th.green]), np.array([th.amber]))
        return STATUS_NAMES[int(code[0, 0])]

    @property
    def value_realised(self) -> float:
        """Return the account's total improvement value beyond noise, a yearly run rate (whoever caused it)."""
        return self.valuation.total.amount or 0.0

    @property
    def roi(self) -> float | None:
        """Return the return on the fee of the value attributed to the vendor; None without an agreed share.

        Never on the total improvement: the vendor did not cause all of it. See valuation for the evidenced one.
        """
        return self.valuation.attributed.roi

    def attribution(self, node_id: str, before: Period | str, after: Period | str | None = None) -> list[Contribution]:
        """Return how each child moved a parent's score from one period to another; shares sum to the change."""
        from kpicascade.scoring.attribution import attribute

        return attribute(self, node_id, before, after or self.period)

    def why_no_attribution(self, node_id: str, before: Period | str, after: Period | str | None = None) -> str | None:
        """Return why a node's change cannot be split into contributions (no score in a period), else None."""
        from kpicascade.scoring.attribution import why_no_attribution

        return why_no_attribution(self, node_id, before, after or self.period)

    def to_dict(self) -> dict[str, Any]:
        """Return the whole result at its period as plain data for JSON."""
        return {
            "account": self.card.account,
            "account_id": self.card.account_id,
            "period": str(self.period),
            "period_partial": self.partial,
            "period_months": int(self.arrays.coverage.months(self.t)),
            "period_complete": self.complete,
            "period_behind": self.behind,
            "periods": [str(p) for p in self.periods],
            "periods_partial": [bool(x) for x in self.arrays.coverage.partial],
            "periods_complete": [bool(x) for x in self.arrays.coverage.complete],
            "currency": self.card.currency,
            "overall_score": self.overall_score,
            "overall_status": self.overall_status,
            "value_realised": self.value_realised,
            "annual_fee": self.card.annual_fee,
            "roi": self.roi,
            "value": self.valuation.to_dict(),
            "nodes": [{**n.as_dict(), "history": h} for n, h in zip(self.nodes(), self.history(), strict=True)],
            "signals": [
                {"id": s.id, "name": s.name, "unit": s.unit, "values": self.signal_series(s.id)}
                for s in self.card.signals
            ],
            "plan": [row.as_dict() for row in plan_rows(self)],
            "notes": [note.model_dump(mode="json") for note in self.card.commentary],
            "customers": [row.as_dict() for row in customer_rows(self)],
        }

    def _repr_svg_(self) -> str | None:
        """Return the cascade diagram as SVG, for Jupyter (None when no layout engine is installed)."""
        from kpicascade.diagram.notebook import svg

        return svg(self)

    def _repr_html_(self) -> str:
        """Return the cascade diagram and a status table as HTML, for Jupyter."""
        from kpicascade.diagram.notebook import html_view

        return html_view(self)

    def is_green(self, node_id: str) -> bool:
        """Return whether a node is green at the period."""
        return bool(self.status_matrix[self.index[node_id], self.t] == GREEN)
