"""HTML-like labels for nodes, signals, clusters and titles; every scorecard text goes through html_text."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from kpicascade.diagram import palette
from kpicascade.diagram._text import html_text
from kpicascade.diagram.figures import Figures
from kpicascade.format import number, percent, score
from kpicascade.model import Node

#: Label lines wrap at this many characters; longer names are cut (the tooltip has them whole).
WIDTH = 34
MAX_NAME = 130


def wrap(text: str, width: int = WIDTH, limit: int = MAX_NAME) -> str:
    """Return text cut to limit characters and wrapped to width, keeping the text's own line breaks.

    >>> wrap("Grow revenue 10% a year at a gross margin of 34%", 20)
    'Grow revenue 10% a\\nyear at a gross\\nmargin of 34%'
    """
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    lines = []
    for line in text.split("\n"):
        lines.extend(textwrap.wrap(line, width, break_on_hyphens=False) or [""])
    return "\n".join(lines)


#: Units that number() shows by itself (a percent sign, days) or that need no word after the figure.
_BARE_UNITS = {"percent", "%", "pct", "currency", "days", "hours", "count", "ratio", "score"}


def measure(value: float | None, unit: str | None, currency: str) -> str:
    """Return a value formatted for its unit, money with its currency, other units named.

    >>> measure(0.912, "percent", "EUR"), measure(1500, "currency", "EUR"), measure(3, "users", "EUR")
    ('91.2%', 'EUR 1,500', '3 users')
    """
    text = number(value, unit)
    if value is None:
        return text
    if unit == "currency":
        return f"{currency} {text}"
    return text if unit is None or unit in _BARE_UNITS else f"{text} {unit}"


def _row(content: str, size: int = 10, colour: str | None = None, bold: bool = False) -> str:
    font = f'<FONT POINT-SIZE="{size}"' + (f' COLOR="{colour}"' if colour else "") + ">"
    inner = f"<B>{content}</B>" if bold else content
    return f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{font}{inner}</FONT></TD></TR>'


def _table(rows: list[str], colour: str, fill: str, border: int, dashed: bool) -> str:
    style = "ROUNDED,DASHED" if dashed else "ROUNDED"
    return (
        f'<<TABLE BORDER="{border}" STYLE="{style}" COLOR="{colour}" BGCOLOR="{fill}" CELLBORDER="0" '
        f'CELLSPACING="0" CELLPADDING="3">{"".join(rows)}</TABLE>>'
    )


def _figures_rows(node: Node, fig: Figures, currency: str, children: int) -> list[str]:
    rows = []
    if node.metric is not None:
        unit = node.metric.unit
        rows.append(
            _row(
                f"{html_text(measure(fig.actual, unit, currency))} vs target "
                f"{html_text(measure(fig.target, unit, currency))}"
            )
        )
        rows.append(_row(f"progress {percent(fig.progress)} · score {score(fig.score, fig.thresholds)}"))
    else:
        rows.append(_row(f"score {score(fig.score, fig.thresholds)} from {children} contributing"))
    reported, total = fig.reported
    if reported < total:
        rows.append(_row(f"{reported} of {total} reported", 9, palette.MUTED))
    if fig.partial:
        rows.append(_row(html_text(fig.partial), 9, palette.MUTED))
    return rows


def hidden_rows(counts: Mapping[str, int]) -> list[str]:
    """Return the rows that stand for collapsed nodes: how many, and how many of each status."""
    total = sum(counts.values())
    parts = [f"{palette.style(s).glyph} {counts[s]}" for s in palette.STATUSES if counts.get(s)]
    return [_row(f"▾ {total} more below: {'  '.join(parts)}", 9, palette.MUTED, bold=True)]


#: The colour of the open-actions mark: the palette's vermillion when one is overdue, else the accent blue.
PLAN_COLOUR = "#1F3A5F"
OVERDUE_COLOUR = "#B63E00"


def plan_row(actions: int, next_due: str, overdue: bool) -> str:
    """Return the mark of a node with open actions: how many, and the next due date or that one is overdue."""
    plural = "s" if actions != 1 else ""
    when = f"OVERDUE since {next_due}" if overdue else f"next due {next_due}"
    return _row(f"<B>▶ {actions} open action{plural}</B> · {when}", 9, OVERDUE_COLOUR if overdue else PLAN_COLOUR)


def note_row(note: str) -> str:
    """Return a node's note for the period, short, in italics."""
    return _row(f"<I>✎ {html_text(wrap(note, WIDTH + 6, 90))}</I>", 9, "#333333")


def node_label(
    node: Node,
    fig: Figures,
    *,
    currency: str,
    owner: str | None,
    children: int,
    hidden: Mapping[str, int] | None = None,
    context: bool = False,
    marks: list[str] | None = None,
) -> str:
    """Return a node's label: status badge and kind, name, actual vs target, progress, owner, marks, collapsed count.

    marks are rows made by plan_row and note_row.
    """
    look = palette.style(fig.status)
    header = f"<B>{look.badge}</B>  {node.kind.upper()}"
    if node.moment_of_truth:
        header += f"  {palette.MOMENT_OF_TRUTH} MOMENT OF TRUTH"
    rows = [
        f'<TR><TD ALIGN="LEFT" BGCOLOR="{look.colour}"><FONT POINT-SIZE="9" COLOR="{look.ink}">{header}'
        "</FONT></TD></TR>",
        _row(html_text(wrap(node.name)), 11, bold=True),
    ]
    if not context:
        rows += _figures_rows(node, fig, currency, children)
        if owner and node.kind == "mbo":
            rows.append(_row(f"Owner: {html_text(wrap(owner))}", 9, "#444444"))
        rows += marks or []
    if hidden:
        rows += hidden_rows(hidden)
    if context:
        return _table(rows, palette.MUTED, "#FFFFFF", 1, dashed=True)
    return _table(rows, look.colour, look.fill, look.border, look.dashed)


def signal_label(name: str, latest: str, change: str | None) -> str:
    """Return a usage signal's label: a distinct header, its name and latest value."""
    rows = [
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="{palette.SIGNAL}"><B>◆ USAGE SIGNAL</B></FONT></TD></TR>',
        _row(html_text(wrap(name)), 11, bold=True),
        _row(html_text(latest + (f" ({change} on previous)" if change else ""))),
    ]
    return _table(rows, palette.SIGNAL, palette.SIGNAL_FILL, 1, dashed=True)


def cluster_label(name: str, note: str | None = None) -> str:
    """Return a cluster's title, with an optional second line (the owner)."""
    text = f"<B>{html_text(wrap(name, 60))}</B>"
    if note:
        text += f'<BR/><FONT POINT-SIZE="9" COLOR="#444444">{html_text(wrap(note, 60))}</FONT>'
    return f"<{text}>"


def title_label(lines: list[str]) -> str:
    """Return the diagram's title: the first line large and bold, the rest smaller."""
    head, *rest = lines
    text = f'<FONT POINT-SIZE="16"><B>{html_text(head)}</B></FONT>'
    for line in rest:
        text += f'<BR/><FONT POINT-SIZE="11">{html_text(line)}</FONT>'
    return f"<{text}>"


def edge_label(text: str, colour: str) -> str:
    """Return a small edge label in the edge's colour."""
    return f'<<FONT POINT-SIZE="9" COLOR="{colour}">{html_text(text)}</FONT>>'
