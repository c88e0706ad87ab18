"""A diagram under construction: a graphviz.Digraph plus the scored scorecard it draws."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

import graphviz

from kpicascade.diagram import labels, palette
from kpicascade.diagram._text import tooltip
from kpicascade.diagram.figures import Figures, figures
from kpicascade.diagram.legend import legend_label
from kpicascade.diagram.structure import Structure, structure
from kpicascade.format import percent
from kpicascade.model import Node, PlanItem
from kpicascade.scoring import Result
from kpicascade.scoring.actions import STATUS_WORDS, is_overdue, open_items
from kpicascade.scoring.valuation import summary as value_summary

#: A parent with more leaf children than this gets them on STAGGER_ROWS rows (like Graphviz's unflatten).
STAGGER_FROM = 3
STAGGER_ROWS = 3
#: More top nodes than this are stacked in rows (see Canvas.wrap_roots).
WRAP_FROM = 8


def node_tip(result: Result, node: Node) -> str:
    """Return a node's tooltip: name, kind and place, then the metric's definition and source."""
    card = result.card
    dept = card.department(node.department)
    perspective = next((p.name for p in card.perspectives if p.id == node.perspective), node.perspective)
    lines = [node.name, " · ".join(x for x in (node.kind.upper(), dept.name if dept else None, perspective) if x)]
    metric = node.metric
    if metric is not None:
        lines.append(f"Definition: {metric.formula or 'not given'} (unit: {metric.unit}, {metric.direction})")
        if metric.source:
            lines.append(f"Source: {metric.source}")
    if node.description:
        lines.append(node.description)
    owner = card.owner_of(node)
    if owner:
        lines.append(f"Owner: {owner}")
    note = card.note_in(node.id, result.period)
    if note is not None:
        lines.append(f"Note ({note.period}): {note.text}" + (f" ({note.author})" if note.author else ""))
    for item in open_items(result).get(node.id, []):
        lines.append(f"Action: {item.action} ({item.owner}, due {item.due}, {STATUS_WORDS[item.status]})")
    return "\n".join(lines)


def marks(result: Result, node: Node, items: list[PlanItem]) -> list[str]:
    """Return the label rows that mark a node's open actions and its note for the period."""
    rows = []
    if items:
        overdue = sorted(i.due for i in items if is_overdue(i, result.period))
        next_due = overdue[0] if overdue else min(i.due for i in items)
        rows.append(labels.plan_row(len(items), next_due, bool(overdue)))
    note = result.card.note_in(node.id, result.period)
    if note is not None:
        rows.append(labels.note_row(note.text))
    return rows


@dataclass
class Shared:
    """What every view of one result reads alike: figures, structure, and each node's label and tooltip as drawn."""

    figures: dict[str, Figures]
    structure: Structure
    plan: dict[str, list[PlanItem]] = field(default_factory=dict)
    attrs: dict[tuple[str, bool], dict[str, str]] = field(default_factory=dict)


#: A build draws six or more views of one result; they share these instead of each working them out again.
_SHARED: WeakKeyDictionary[Result, Shared] = WeakKeyDictionary()


def shared(result: Result) -> Shared:
    """Return what the views of a result share, made on first use and dropped with the result."""
    found = _SHARED.get(result)
    if found is None:
        found = _SHARED[result] = Shared(figures(result), structure(result.card), open_items(result))
    return found


class Canvas:
    """Collects nodes, clusters and edges into one Digraph, in the scorecard's order."""

    def __init__(self, result: Result, view: str, *, rankdir: str = "BT") -> None:
        self.result = result
        self.card = result.card
        self.view = view
        self._shared = shared(result)
        self.figures = self._shared.figures
        self.structure = self._shared.structure
        self.shown: dict[str, bool] = {}
        self.graph = graphviz.Digraph(
            name=f"{self.card.account_id}-{view}",
            graph_attr={
                "rankdir": rankdir,
                "newrank": "true",
                "fontname": palette.FONT,
                "labelloc": "t",
                "labeljust": "l",
                "nodesep": "0.25",
                "ranksep": "0.5",
                "bgcolor": "#FFFFFF",
                "id": f"diagram-{view}",
            },
            node_attr={"shape": "plain", "fontname": palette.FONT, "fontsize": "10"},
            edge_attr={"fontname": palette.FONT, "color": palette.LINK, "arrowsize": "0.7"},
        )

    def title(self, heading: str) -> None:
        """Set the diagram's title: account, view and period, then the overall score and the three value figures."""
        r = self.result
        look = palette.style(r.overall_status)
        summary = f"Overall {percent(r.overall_score)} {look.badge} · {value_summary(r.valuation)}"
        self.graph.attr(label=labels.title_label([f"{self.card.account}: {heading}, {r.period_label}", summary]))

    def node_attrs(self, node: Node, *, context: bool, hidden: Mapping[str, int] | None) -> dict[str, str]:
        """Return a node's label, id, tooltip and class; the same node in another view of the result reuses them."""
        if hidden:
            return self._node_attrs(node, context=context, hidden=hidden)
        made = self._shared.attrs.get((node.id, context))
        if made is None:
            made = self._shared.attrs[(node.id, context)] = self._node_attrs(node, context=context, hidden=None)
        return dict(made)

    def _node_attrs(self, node: Node, *, context: bool, hidden: Mapping[str, int] | None) -> dict[str, str]:
        fig = self.figures[node.id]
        label = labels.node_label(
            node,
            fig,
            currency=self.card.currency,
            owner=self.card.owner_of(node),
            children=fig.reported[1],  # scored children: align-only links contribute nothing
            hidden=hidden,
            context=context,
            marks=None if context else marks(self.result, node, self._shared.plan.get(node.id, [])),
        )
        actions = " has-actions" if self._shared.plan.get(node.id) and not context else ""
        return {
            "label": label,
            "id": f"node-{node.id}",
            "tooltip": tooltip(node_tip(self.result, node)),
            "class": f"status-{fig.status.replace(' ', '-')} kind-{node.kind}{actions}",
        }

    def add_nodes(
        self,
        ids: Iterable[str],
        *,
        context: Iterable[str] = (),
        by_department: bool = True,
        hidden: Mapping[str, Counter[str]] | None = None,
    ) -> None:
        """Add nodes, clustered by department when asked; context nodes are drawn muted."""
        wanted = set(ids)
        muted = set(context)
        hidden = hidden or {}
        groups: dict[str | None, list[Node]] = {}
        for node in self.card.nodes:
            if node.id in wanted:
                key = node.department if by_department and self.card.department(node.department) else None
                groups.setdefault(key, []).append(node)
                self.shown[node.id] = True
        for dept_id, nodes in groups.items():
            target = self.graph
            if dept_id is None:
                self._emit(target, nodes, muted, hidden)
                continue
            dept = self.card.department(dept_id)
            assert dept is not None
            with self.graph.subgraph(name=f"cluster_dept_{dept_id}") as cluster:
                cluster.attr(
                    label=labels.cluster_label(dept.name, dept.owner),
                    style="rounded,filled",
                    labelloc="b",
                    fillcolor="#F7F7F7",
                    color="#BBBBBB",
                    id=f"department-{dept_id}",
                )
                self._emit(cluster, nodes, muted, hidden)

    def _emit(
        self, target: graphviz.Digraph, nodes: list[Node], muted: set[str], hidden: Mapping[str, Counter[str]]
    ) -> None:
        for node in nodes:
            target.node(node.id, **self.node_attrs(node, context=node.id in muted, hidden=hidden.get(node.id)))

    def _staggered(self) -> dict[tuple[str, str], int]:
        """Return a longer edge for every other leaf of a parent with many, so rows wrap instead of widen."""
        shown, children = self.shown, self.structure.children
        out: dict[tuple[str, str], int] = {}
        for parent in shown:
            leaves = [c for c in children[parent] if c in shown and not any(g in shown for g in children[c])]
            if len(leaves) > STAGGER_FROM:
                out.update({(leaf, parent): 1 + k % STAGGER_ROWS for k, leaf in enumerate(leaves)})
        return out

    def contributes(self) -> None:
        """Draw the contributes links between shown nodes: child to parent, dotted when aligned only."""
        stagger = self._staggered()
        for link in self.card.links.contributes:
            if link.from_ in self.shown and link.to in self.shown:
                attrs: dict[str, str] = {}
                if stagger.get((link.from_, link.to), 1) > 1:
                    attrs["minlen"] = str(stagger[(link.from_, link.to)])
                if link.weight != 1:
                    attrs["label"] = labels.edge_label(f"w {link.weight:g}", palette.LINK)
                if link.align_only:
                    attrs["style"] = "dotted"
                self.graph.edge(link.from_, link.to, **attrs)

    def drives(self, *, constraint: bool) -> bool:
        """Draw drives links (cause to effect) between shown nodes; return whether any was drawn."""
        drawn = False
        for link in self.card.links.drives:
            if link.from_ in self.shown and link.to in self.shown:
                attrs = {"color": palette.DRIVES, "penwidth": "2.2", "arrowhead": "vee", "arrowsize": "1"}
                if not constraint:
                    attrs["constraint"] = "false"
                self.graph.edge(link.from_, link.to, **attrs)
                drawn = True
        return drawn

    def wrap_roots(self, levels: int) -> bool:
        """Stack the top nodes in rows when there are many, so a large cascade is a block, not a ribbon.

        Return whether it did. Drives links must then be left out: Graphviz (2.43 and 14 alike) fails to
        route a flat, unconstrained edge across the invisible edges that stack the rows.
        """
        roots = [i for i in self.shown if not any(p in self.shown for p in self.structure.parents[i])]
        if len(roots) <= WRAP_FROM:
            return False
        per_row = math.ceil(math.sqrt(len(roots)))
        # rankdir BT puts an edge's tail below its head: each row hangs below the whole row above it.
        for upper, lower in zip(roots, roots[per_row:], strict=False):
            self.graph.edge(lower, upper, style="invis", minlen=str(levels + STAGGER_ROWS))
        return True

    def legend(self, *, signals: bool, drives: bool, customers: bool = False) -> None:
        """Add the legend."""
        self.graph.node(
            "legend",
            label=legend_label(
                self.card, signals=signals, drives=drives, customers=customers, plan=bool(self._shared.plan)
            ),
            id="legend",
            tooltip=tooltip("Legend"),
        )
