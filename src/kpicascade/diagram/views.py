"""The diagram views: cascade (whole or collapsed below a depth), strategy map and department."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import graphviz

from kpicascade.diagram import labels
from kpicascade.diagram.canvas import Canvas
from kpicascade.diagram.customer_nodes import band
from kpicascade.diagram.signal_nodes import chosen_signals, overlay, signal_edges
from kpicascade.diagram.structure import Structure
from kpicascade.scoring import Result

#: A cascade is drawn whole up to this many nodes.
READABLE = 600
#: A larger cascade collapses to the deepest depth that shows at most this many nodes (the roots at least).
OVERVIEW = 400


def overview_depth(structure: Structure, readable: int = READABLE, budget: int = OVERVIEW) -> int | None:
    """Return the depth to collapse a cascade to, or None when it is small enough to draw whole."""
    if len(structure.nodes) <= readable:
        return None
    per_depth = Counter(structure.depths().values())
    shown, depth = 0, 0
    for d in sorted(per_depth):
        shown += per_depth[d]
        if shown > budget:
            break
        depth = d
    return depth


def _hidden(canvas: Canvas) -> dict[str, Counter[str]]:
    """Return, for each shown node with hidden nodes below it, their count by status."""
    structure, shown = canvas.structure, canvas.shown
    out: dict[str, Counter[str]] = {}
    for ident in shown:
        if any(child not in shown for child in structure.children[ident]):
            below = structure.below(ident).difference(shown)
            out[ident] = Counter(canvas.figures[i].status for i in below)
    return out


def _finish(
    canvas: Canvas,
    *,
    signals: bool,
    legend: bool,
    drives: bool = True,
    drives_constraint: bool = False,
    customers: bool = False,
    signal_limit: int | None = None,
    signal_links: dict[tuple[str, str], list[str]] | None = None,
) -> graphviz.Digraph:
    drew_drives = canvas.drives(constraint=drives_constraint) if drives else False
    drew_signals = overlay(canvas, signal_limit, signal_links) if signals else False
    drew_customers = band(canvas) if customers else False
    if legend:
        canvas.legend(signals=drew_signals, drives=drew_drives, customers=drew_customers)
    return canvas.graph


def cascade(
    result: Result, *, signals: bool = False, depth: int | None = None, legend: bool = True, auto: bool = True
) -> graphviz.Digraph:
    """Return the cascade top-down, clustered by department; or, with a depth, an overview collapsed below it.

    With auto, a cascade of more than READABLE nodes becomes an overview at the deepest depth that shows
    at most OVERVIEW nodes. An overview counts the hidden nodes by status on the node above them, stacks
    the top nodes in rows, and leaves departments and drives links to the department and strategy views.
    A whole cascade with more than a few top nodes stacks them in rows too, and leaves drives links to the
    strategy map.
    """
    canvas = Canvas(result, "cascade")
    structure = canvas.structure
    if depth is None and auto:
        depth = overview_depth(structure)
    depths = structure.depths()
    ids = [i for i in structure.nodes if depth is None or depths.get(i, 0) <= depth]
    canvas.shown = dict.fromkeys(ids, True)
    if len(ids) > READABLE:
        # past what a page can show, bound Graphviz's network simplex (ranks, then positions) to one pass
        # per node: 5,000 nodes lay out in 5 s instead of 16 s, and a picture that size is read by zooming anyway
        canvas.graph.attr(nslimit="1", nslimit1="1")
    if depth is None:
        canvas.title("cascade")
        canvas.add_nodes(ids)
        canvas.contributes()
        wrapped = canvas.wrap_roots(max((depths.get(i, 0) for i in ids), default=0) + 1)
        return _finish(canvas, signals=signals, legend=legend, drives=not wrapped, customers=True)
    # the overview's budget holds its signals too: past it, those driving the most shown nodes are drawn and the title
    # says how many are left out (400 signals fanned in to 500 objectives took Graphviz 6 s and showed a hairball)
    limit = max(OVERVIEW - len(ids), 0)
    heading = f"cascade overview to depth {depth} ({len(ids):,} of {len(structure.nodes):,} nodes"
    links = signal_edges(canvas) if signals else None
    if links:
        linked = len(chosen_signals(canvas, links, None))
        if linked > limit:
            heading += f"; {linked - limit:,} of {linked:,} usage signals left out"
    canvas.title(heading + ")")
    canvas.add_nodes(ids, hidden=_hidden(canvas), by_department=False)
    canvas.contributes()
    canvas.wrap_roots(max((depths.get(i, 0) for i in ids), default=0) + 1)
    return _finish(
        canvas, signals=signals, legend=legend, drives=False, customers=True, signal_limit=limit, signal_links=links
    )


def strategy_map(result: Result, *, signals: bool = False, legend: bool = True) -> graphviz.Digraph:
    """Return the strategy map: objectives in perspective bands, financial on top, drives as arrows."""
    canvas = Canvas(result, "strategy-map")
    card, structure = canvas.card, canvas.structure
    ids = [n.id for n in card.nodes if n.kind == "objective" or not structure.parents[n.id]]
    canvas.shown = dict.fromkeys(ids, True)
    canvas.title("strategy map")
    below = None
    # Perspectives are listed top first; with rankdir BT the bottom band is ranked first.
    for perspective in reversed(card.perspectives):
        members = [n for n in card.nodes if n.id in canvas.shown and n.perspective == perspective.id]
        band = f"band.{perspective.id}"
        with canvas.graph.subgraph(name=f"cluster_perspective_{perspective.id}") as cluster:
            cluster.attr(
                label="", style="filled", fillcolor="#F4F6F8", color="#D0D5DA", id=f"perspective-{perspective.id}"
            )
            cluster.node(
                band,
                label=labels.cluster_label(perspective.name.upper()),
                shape="plaintext",
                id=f"band-{perspective.id}",
            )
            with cluster.subgraph() as row:
                row.attr(rank="same")
                row.node(band)
                for node in members:
                    row.node(node.id, **canvas.node_attrs(node, context=False, hidden=None))
        if below is not None:
            canvas.graph.edge(below, band, style="invis", weight="100")
        below = band
    canvas.contributes()
    return _finish(canvas, signals=signals, legend=legend, drives_constraint=True, customers=True)


def department(result: Result, department_id: str, *, signals: bool = False, legend: bool = True) -> graphviz.Digraph:
    """Return one department's nodes with the objectives they serve (drawn muted) above them."""
    canvas = Canvas(result, f"department-{department_id}")
    card, structure = canvas.card, canvas.structure
    dept = card.department(department_id)
    if dept is None:
        known = ", ".join(d.id for d in card.departments) or "none"
        raise KeyError(f"no department {department_id!r} in {card.account_id} (departments: {known})")
    own = [n.id for n in card.nodes if n.department == department_id]
    served: set[str] = set()
    for ident in own:
        served |= structure.above(ident)
    context = served.difference(own)
    ids = [i for i in structure.nodes if i in served or i in own]
    canvas.shown = dict.fromkeys(ids, True)
    canvas.title(f"{dept.name}")
    canvas.add_nodes(ids, context=context)
    canvas.contributes()
    return _finish(canvas, signals=signals, legend=legend)


def department_pages(result: Result, *, signals: bool = False) -> Iterator[tuple[str, graphviz.Digraph]]:
    """Yield (department id, page) for each department that has nodes, each page made as it is asked for."""
    used = {n.department for n in result.card.nodes}
    for dept in result.card.departments:
        if dept.id in used:
            yield dept.id, department(result, dept.id, signals=signals)


def departments(result: Result, *, signals: bool = False) -> dict[str, graphviz.Digraph]:
    """Return one page per department that has nodes, by department id."""
    return dict(department_pages(result, signals=signals))
