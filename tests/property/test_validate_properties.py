"""Validation's walk of the cascade agrees with networkx on random graphs (hypothesis)."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from kpicascade.model import Scorecard, SignalLink
from kpicascade.validate import _Beneath, _find_cycle
from tests.scoring.cards import kpi, link, make_card, objective


@st.composite
def cards(draw: st.DrawFn, acyclic: bool) -> Scorecard:
    """Draw a scorecard of up to 14 nodes and random contributes links (acyclic: node i feeds only j < i)."""
    n = draw(st.integers(1, 14))
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
    edges = {(i, j) for i, j in draw(st.lists(pairs, max_size=3 * n)) if not acyclic or j < i}
    nodes: list[dict[str, Any]] = []
    for i in range(n):
        node = kpi(f"n{i:02d}") if draw(st.booleans()) else objective(f"n{i:02d}")
        if "metric" in node and draw(st.booleans()):
            node["metric"]["value_per_unit"] = 10.0
        nodes.append(node)
    links = [link(f"n{i:02d}", f"n{j:02d}") for i, j in sorted(edges)]
    signalled = draw(st.sets(st.integers(0, n - 1), max_size=3))
    card = make_card(nodes, links, {})
    card.links.signals = [SignalLink(signal="sig", node=f"n{i:02d}") for i in sorted(signalled)]
    return card


def _graph(card: Scorecard) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(n.id for n in card.nodes)
    graph.add_edges_from((c.from_, c.to) for c in card.links.contributes)
    return graph


@given(cards(acyclic=False))
def test_a_cycle_is_found_exactly_when_networkx_finds_one(card: Scorecard) -> None:
    graph = _graph(card)
    cycle = _find_cycle(card)
    assert (cycle is None) == nx.is_directed_acyclic_graph(graph)
    if cycle is not None:
        assert cycle[0] == cycle[-1]
        assert len(set(cycle[:-1])) == len(cycle) - 1  # a simple cycle
        assert all(graph.has_edge(u, v) for u, v in pairwise(cycle))


@given(cards(acyclic=True))
def test_what_lies_beneath_each_node_agrees_with_networkx(card: Scorecard) -> None:
    graph = _graph(card)
    beneath = _Beneath(card)
    measured = {n.id for n in card.nodes if n.metric is not None}
    valued = {n.id for n in card.nodes if n.metric is not None and n.metric.value_per_unit is not None}
    signalled = {s.node for s in card.links.signals}
    for node in card.nodes:
        below = nx.ancestors(graph, node.id)
        assert beneath.measured[node.id] == bool((below | {node.id}) & measured)
        assert beneath.signalled[node.id] == bool((below | {node.id}) & signalled)
        assert beneath.valued[node.id] == sorted(below & valued)[:3]
