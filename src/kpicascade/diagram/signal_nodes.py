"""The signals overlay: usage signals as side nodes with dashed links to the shown nodes they drive."""

from __future__ import annotations

import math

from kpicascade.diagram import labels, palette
from kpicascade.diagram._text import tooltip
from kpicascade.diagram.canvas import Canvas
from kpicascade.format import percent
from kpicascade.model import Signal


def _latest(canvas: Canvas, signal: Signal) -> tuple[str, str | None]:
    a, t = canvas.result.arrays, canvas.result.t
    row = a.signal_values[a.signal_ids.index(signal.id)]
    now = float(row[t])
    if math.isnan(now):
        return f"no value in {canvas.result.period}", None
    latest = f"{labels.measure(now, signal.unit, canvas.card.currency)} in {canvas.result.period}"
    before = float(row[t - 1]) if t > 0 else math.nan
    if math.isnan(before) or before == 0:
        return latest, None
    return latest, f"{'+' if now >= before else ''}{percent(now / before - 1)}"


def _tip(signal: Signal, vendor: str) -> str:
    lines = [signal.name, f"Usage signal of {vendor}"]
    lines += [text for text in (signal.description, signal.source and f"Source: {signal.source}") if text]
    return "\n".join(lines)


def signal_edges(canvas: Canvas) -> dict[tuple[str, str], list[str]]:
    """Return (signal, shown node) -> the notes of the signal's links to it (or, through the cascade, below it)."""
    card, structure = canvas.card, canvas.structure
    edges: dict[tuple[str, str], list[str]] = {}
    for link in card.links.signals:
        if link.node not in structure.nodes:
            continue
        for target in structure.nearest_shown(link.node, canvas.shown):
            note = f"{'+' if link.sign == '+' else palette.MINUS} lag {link.lag}"
            if target != link.node:
                note += f" via {structure.nodes[link.node].name}"
            edges.setdefault((link.signal, target), []).append(note)
    return edges


def chosen_signals(canvas: Canvas, edges: dict[tuple[str, str], list[str]], limit: int | None) -> list[Signal]:
    """Return the signals to draw: every linked one, or at most limit, those linked to the most shown nodes first."""
    reach: dict[str, int] = {}
    for signal, _ in edges:
        reach[signal] = reach.get(signal, 0) + 1
    signals = [s for s in canvas.card.signals if s.id in reach]
    if limit is None or len(signals) <= limit:
        return signals
    order = {s.id: k for k, s in enumerate(signals)}
    kept = {s.id for s in sorted(signals, key=lambda s: (-reach[s.id], order[s.id]))[:limit]}
    return [s for s in signals if s.id in kept]


def overlay(canvas: Canvas, limit: int | None = None, edges: dict[tuple[str, str], list[str]] | None = None) -> bool:
    """Add the signals linked to a shown node (or, through the cascade, to a shown ancestor); return whether any.

    With limit, at most that many signals are drawn (an overview's budget), those linked to the most shown
    nodes first. edges are signal_edges(canvas), when the caller has them already.
    """
    edges = signal_edges(canvas) if edges is None else edges
    signals = chosen_signals(canvas, edges, limit)
    if not signals:
        return False
    drawn = {s.id for s in signals}
    edges = {key: notes for key, notes in edges.items() if key[0] in drawn}
    card = canvas.card
    # No cluster: each signal sits beside the nodes it drives, told apart by its colour, dashes and header.
    for signal in signals:
        latest, change = _latest(canvas, signal)
        canvas.graph.node(
            f"signal.{signal.id}",
            label=labels.signal_label(signal.name, latest, change),
            id=f"signal-{signal.id}",
            tooltip=tooltip(_tip(signal, card.vendor)),
            **{"class": "signal"},
        )
    for (signal_id, target), notes in edges.items():
        canvas.graph.edge(
            f"signal.{signal_id}",
            target,
            style="dashed",
            color=palette.SIGNAL,
            arrowhead="empty",
            label=labels.edge_label("; ".join(labels.wrap(n, 40) for n in notes), palette.SIGNAL),
        )
    return True
