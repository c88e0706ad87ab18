"""The scorecard as a networkx MultiDiGraph, with contributes, drives and signal edges kept apart."""

from __future__ import annotations

from typing import Literal

import networkx as nx

from kpicascade.model import Scorecard

EdgeKind = Literal["contributes", "drives", "signal"]
CONTRIBUTES: EdgeKind = "contributes"
DRIVES: EdgeKind = "drives"
SIGNAL: EdgeKind = "signal"


def build(card: Scorecard) -> nx.MultiDiGraph:
    """Return the scorecard's graph: nodes and signals, edges keyed by their kind."""
    graph = nx.MultiDiGraph(account=card.account_id)
    for node in card.nodes:
        graph.add_node(node.id, role="node", kind=node.kind, model=node)
    for signal in card.signals:
        graph.add_node(signal.id, role="signal", kind="signal", model=signal)
    for link in card.links.contributes:
        graph.add_edge(link.from_, link.to, key=CONTRIBUTES, weight=link.weight, align_only=link.align_only)
    for drive in card.links.drives:
        graph.add_edge(drive.from_, drive.to, key=DRIVES)
    for sig in card.links.signals:
        graph.add_edge(sig.signal, sig.node, key=SIGNAL, sign=sig.sign, lag=sig.lag)
    return graph


def edges_of(graph: nx.MultiDiGraph, kind: EdgeKind) -> nx.DiGraph:
    """Return a plain digraph of the edges of one kind (every node kept)."""
    view = nx.DiGraph()
    view.add_nodes_from(graph.nodes(data=True))
    view.add_edges_from((u, v, d) for u, v, k, d in graph.edges(keys=True, data=True) if k == kind)
    return view


def cascade(graph: nx.MultiDiGraph, *, scored_only: bool = False) -> nx.DiGraph:
    """Return the cascade: contributes edges child -> parent, optionally without align-only links."""
    view = edges_of(graph, CONTRIBUTES)
    if scored_only:
        view.remove_edges_from([(u, v) for u, v, d in view.edges(data=True) if d.get("align_only")])
    view.remove_nodes_from([n for n, d in graph.nodes(data=True) if d.get("role") == "signal"])
    return view


def topological_order(graph: nx.MultiDiGraph) -> list[str]:
    """Return the cascade's nodes children first, ties broken by id so the order is stable."""
    return list(nx.lexicographical_topological_sort(cascade(graph)))


def descendants(graph: nx.MultiDiGraph, node_id: str) -> set[str]:
    """Return every node that contributes to node_id, directly or not."""
    return set(nx.ancestors(cascade(graph), node_id))


def ancestors(graph: nx.MultiDiGraph, node_id: str) -> set[str]:
    """Return every node that node_id contributes to, directly or not."""
    return set(nx.descendants(cascade(graph), node_id))


def find_cycle(graph: nx.MultiDiGraph) -> list[str] | None:
    """Return the nodes of one cycle in the cascade, first node repeated at the end, or None."""
    try:
        edges = nx.find_cycle(cascade(graph))
    except nx.NetworkXNoCycle:
        return None
    return [u for u, _v in edges] + [edges[0][0]]
