"""The end-customer band: the objectives of the account's own customers, above the objectives that serve them."""

from __future__ import annotations

from kpicascade.diagram import labels, palette
from kpicascade.diagram._text import html_text, tooltip
from kpicascade.diagram.canvas import Canvas
from kpicascade.scoring.chain import CustomerRow, customer_rows

#: The colour of serves links and of the band's header.
CUSTOMER = "#6A3D9A"
CUSTOMER_FILL = "#F5F0FA"


def _label(row: CustomerRow) -> str:
    look = palette.style(row.status)
    head = f"<B>◀ CUSTOMER: {html_text(labels.wrap(row.account, 40))}</B>"
    return (
        f'<<TABLE BORDER="2" STYLE="ROUNDED" COLOR="{CUSTOMER}" BGCOLOR="{CUSTOMER_FILL}" CELLBORDER="0" '
        f'CELLSPACING="0" CELLPADDING="3">'
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="{CUSTOMER}">{head}</FONT></TD></TR>'
        f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="11"><B>{html_text(labels.wrap(row.name))}</B>'
        "</FONT></TD></TR>"
        f'<TR><TD ALIGN="LEFT" BGCOLOR="{look.colour}"><FONT POINT-SIZE="9" COLOR="{look.ink}">'
        f"<B>{look.badge}</B> served by {len(row.served_by)} measure{'s' if len(row.served_by) != 1 else ''}"
        "</FONT></TD></TR></TABLE>>"
    )


def _tip(row: CustomerRow) -> str:
    lines = [f"{row.account}: {row.name}", "An objective of the account's own customer"]
    lines += [f"Served by {s.name}: {s.status}" for s in row.served_by]
    return "\n".join(lines)


def band(canvas: Canvas) -> bool:
    """Add the customers' objectives in a band above everything, linked from what serves them; return whether any."""
    structure = canvas.structure
    rows = customer_rows(canvas.result)
    if not rows:
        return False
    with canvas.graph.subgraph(name="cluster_customers") as cluster:
        cluster.attr(
            label=labels.cluster_label("THE ACCOUNT'S CUSTOMERS", "end-customer objectives its measures serve"),
            style="rounded,filled",
            fillcolor="#FBF9FD",
            color=CUSTOMER,
            labelloc="t",
            id="customer-band",  # not "customers": the report holding this drawing has a section of that id
        )
        with cluster.subgraph() as top:
            top.attr(rank="max")  # rankdir BT: the highest rank is drawn at the top
            for k, row in enumerate(rows):
                top.node(f"customer.{k}", label=_label(row), id=f"customer-{k}", tooltip=tooltip(_tip(row)))
    # rank=max alone leaves the band beside a tall cascade; an invisible edge from each top node lifts it above.
    for ident in canvas.shown:
        if not any(p in canvas.shown for p in structure.parents[ident]):
            canvas.graph.edge(ident, "customer.0", style="invis")
    for k, row in enumerate(rows):
        targets: dict[str, list[str]] = {}
        for server in row.served_by:
            for shown in structure.nearest_shown(server.id, canvas.shown):
                targets.setdefault(shown, []).append(server.name if shown != server.id else "")
        for ident, via in targets.items():
            names = [v for v in via if v]
            text = "serves" + (f" via {labels.wrap(', '.join(names), 40)}" if names else "")
            canvas.graph.edge(
                ident,
                f"customer.{k}",
                style="dashed",
                color=CUSTOMER,
                penwidth="1.5",
                arrowhead="vee",
                label=labels.edge_label(text, CUSTOMER),
            )
    return True
