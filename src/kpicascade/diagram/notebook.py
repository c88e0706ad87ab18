"""Show a scored scorecard in Jupyter: its cascade diagram and a status table."""

from __future__ import annotations

import html
from weakref import WeakKeyDictionary

from kpicascade._exceptions import MissingDependencyError
from kpicascade.diagram import palette
from kpicascade.diagram.figures import figures
from kpicascade.diagram.inline import inline_svg
from kpicascade.diagram.labels import measure
from kpicascade.diagram.layout import lay_out
from kpicascade.diagram.structure import structure
from kpicascade.diagram.views import cascade
from kpicascade.format import percent
from kpicascade.scoring import Result

#: The status table lists at most this many nodes, top-down.
ROWS = 300

_drawn: WeakKeyDictionary[Result, str | None] = WeakKeyDictionary()


def svg(result: Result) -> str | None:
    """Return the cascade diagram as SVG text, or None when no layout engine is installed."""
    if result not in _drawn:
        try:
            _drawn[result] = lay_out(cascade(result, signals=True).source, "svg").decode("utf-8")
        except MissingDependencyError:
            _drawn[result] = None
    return _drawn[result]


def _rows(result: Result) -> list[str]:
    figs, shape, card = figures(result), structure(result.card), result.card
    depths = shape.depths()
    order = sorted(shape.nodes, key=lambda i: depths.get(i, 0))
    rows = []
    for ident in order[:ROWS]:
        node, fig = shape.nodes[ident], figs[ident]
        look = palette.style(fig.status)
        unit = node.metric.unit if node.metric else None
        dept = card.department(node.department)
        cells = [
            html.escape(node.name),
            node.kind,
            html.escape(dept.name if dept else ""),
            f'<span style="color:{look.colour};font-weight:bold">{look.badge}</span>',
            percent(fig.score),
            html.escape(measure(fig.actual, unit, card.currency)),
            html.escape(measure(fig.target, unit, card.currency)),
        ]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    if len(order) > ROWS:
        rows.append(f'<tr><td colspan="7">… and {len(order) - ROWS:,} more nodes</td></tr>')
    return rows


def html_view(result: Result) -> str:
    """Return the cascade diagram (inline SVG) and a status table of every node, top-down, as HTML."""
    drawn = svg(result)
    title = (
        f"{result.card.account}, {result.period}: overall {percent(result.overall_score)} "
        f"{palette.style(result.overall_status).badge}"
    )
    picture = (
        inline_svg(drawn, f"Cascade of {result.card.account}")
        if drawn
        else "<p>(No Graphviz layout engine: <code>pip install pygraphviz</code> to see the diagram.)</p>"
    )
    head = "".join(f"<th>{h}</th>" for h in ("Node", "Kind", "Department", "Status", "Score", "Actual", "Target"))
    return (
        f'<div><h3>{html.escape(title)}</h3><div style="overflow:auto;max-height:600px">{picture}</div>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(_rows(result))}</tbody></table></div>"
    )
