"""The legend: what each status, mark and line means, with the scorecard's own thresholds."""

from __future__ import annotations

from kpicascade.diagram import palette
from kpicascade.format import percent
from kpicascade.model import Scorecard


def _swatch(status: str, meaning: str) -> str:
    look = palette.style(status)
    style = ' STYLE="DASHED"' if look.dashed else ""
    return (
        f'<TR><TD BGCOLOR="{look.colour}"{style}><FONT COLOR="{look.ink}" POINT-SIZE="9"><B>{look.badge}</B>'
        f'</FONT></TD><TD ALIGN="LEFT"><FONT POINT-SIZE="9">{meaning}</FONT></TD></TR>'
    )


def _line(mark: str, colour: str, meaning: str) -> str:
    return (
        f'<TR><TD><FONT COLOR="{colour}" POINT-SIZE="9"><B>{mark}</B></FONT></TD>'
        f'<TD ALIGN="LEFT"><FONT POINT-SIZE="9">{meaning}</FONT></TD></TR>'
    )


def legend_label(card: Scorecard, *, signals: bool, drives: bool, customers: bool = False, plan: bool = False) -> str:
    """Return the legend as an HTML-like label."""
    th = card.scoring.thresholds
    green, amber = percent(th.green), percent(th.amber)
    rows = [
        '<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Legend</B></TD></TR>',
        _swatch("green", f"score {green} or more"),
        _swatch("amber", f"score {amber} to {green}"),
        _swatch("red", f"score below {amber}"),
        _swatch("no data", "no actual for the period"),
        _line(f"{palette.MOMENT_OF_TRUTH}", "#000000", "moment of truth: the customer may leave here"),
        _line("───▶", "#555555", "contributes to (weight shown when not 1)"),
        _line("┈┈▶", "#555555", "aligned only, not scored"),
    ]
    if drives:
        rows.append(_line("━━▶", palette.DRIVES, "drives (cause and effect)"))
    if signals:
        rows.append(_line("╌╌▶", palette.SIGNAL, "usage signal expected to move it (sign, lag)"))
    if customers:
        rows.append(_line("╌╌▶", "#6A3D9A", "serves an objective of the account's own customer"))
    if plan:
        rows.append(_line("▶", "#1F3A5F", "open actions in the account plan (next due date, or overdue)"))
    if card.commentary:
        rows.append(_line("✎", "#333333", "a note on the figure for the period"))
    return (
        f'<<TABLE BORDER="1" COLOR="#BBBBBB" BGCOLOR="#FFFFFF" CELLBORDER="0" CELLSPACING="2" '
        f'CELLPADDING="3">{"".join(rows)}</TABLE>>'
    )
