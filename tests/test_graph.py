"""The scorecard as a graph: edge kinds kept apart, the cascade, its order, ancestors and cycles."""

from __future__ import annotations

from pathlib import Path

import pytest

import kpicascade
from kpicascade import graph as graphs
from kpicascade.model import Scorecard
from tests.cards import write_card


@pytest.fixture
def card(tmp_path: Path) -> Scorecard:
    """The base card, with one KPM feeding two parents and an align-only link."""
    path, _ = write_card(
        tmp_path,
        [
            (
                "  drives:\n",
                "    - {from: kpm_expedited, to: kpi_nps, weight: 0.5}\n"
                "    - {from: mbo_vp_supply, to: obj_reliable, align_only: true}\n"
                "  drives:\n",
            )
        ],
    )
    return kpicascade.load(path)


def test_edge_kinds_are_kept_apart(card: Scorecard) -> None:
    graph = graphs.build(card)
    kinds = sorted((u, v, k) for u, v, k in graph.edges(keys=True))
    assert ("kpi_otif", "kpi_nps", "drives") in kinds
    assert ("sig_auto_orders", "kpm_expedited", "signal") in kinds
    assert ("kpm_expedited", "kpi_otif", "contributes") in kinds
    assert sum(k == "contributes" for _, _, k in kinds) == len(card.links.contributes)
    assert graph.nodes["sig_planners"]["role"] == "signal"
    assert graph.nodes["kpi_nps"]["model"] is card.node("kpi_nps")


def test_two_kinds_between_the_same_pair_are_two_edges(tmp_path: Path) -> None:
    path, _ = write_card(tmp_path, [("{from: kpi_otif, to: kpi_nps, note", "{from: kpm_expedited, to: kpi_otif, note")])
    graph = graphs.build(kpicascade.load(path))
    assert set(graph["kpm_expedited"]["kpi_otif"]) == {"contributes", "drives"}


def test_the_cascade_holds_contributes_edges_and_no_signals(card: Scorecard) -> None:
    cascade = graphs.cascade(graphs.build(card))
    assert "sig_planners" not in cascade
    assert set(cascade.edges) == {(link.from_, link.to) for link in card.links.contributes}
    scored = graphs.cascade(graphs.build(card), scored_only=True)
    assert ("mbo_vp_supply", "obj_reliable") not in scored.edges
    assert scored.edges["kpm_expedited", "kpi_nps"]["weight"] == 0.5


def test_a_child_may_feed_several_parents(card: Scorecard) -> None:
    graph = graphs.build(card)
    assert graphs.ancestors(graph, "kpm_expedited") == {"kpi_otif", "kpi_nps", "obj_reliable"}
    assert graphs.descendants(graph, "obj_reliable") == {"kpi_otif", "kpi_nps", "kpm_expedited", "mbo_vp_supply"}
    assert graphs.descendants(graph, "mbo_vp_supply") == set()


def test_topological_order_puts_children_first_and_is_stable(card: Scorecard) -> None:
    graph = graphs.build(card)
    order = graphs.topological_order(graph)
    assert order == graphs.topological_order(graphs.build(card))
    for link in card.links.contributes:
        assert order.index(link.from_) < order.index(link.to)
    assert order[-1] == "obj_reliable"


def test_find_cycle_returns_the_cycle_closed(card: Scorecard) -> None:
    assert graphs.find_cycle(graphs.build(card)) is None
    graph = graphs.build(card)
    graph.add_edge("obj_reliable", "mbo_vp_supply", key="contributes")
    cycle = graphs.find_cycle(graph)
    assert cycle is not None
    assert cycle[0] == cycle[-1]
    assert {"obj_reliable", "mbo_vp_supply"} <= set(cycle)


def test_a_drives_loop_is_not_a_cascade_cycle(card: Scorecard) -> None:
    graph = graphs.build(card)
    graph.add_edge("kpi_nps", "kpi_otif", key="drives")
    assert graphs.find_cycle(graph) is None
