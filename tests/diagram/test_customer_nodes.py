"""The customers band: each customer objective above the cascade, linked from what serves it; text stays text."""

from __future__ import annotations

from pathlib import Path

import pygraphviz
import pytest
from defusedxml import ElementTree

import kpicascade
from kpicascade import diagram
from kpicascade.diagram import palette
from kpicascade.diagram.layout import lay_out
from kpicascade.model import CustomerObjective
from kpicascade.scoring import Result

NORTHWIND = Path(__file__).resolve().parents[2] / "scorecards" / "northwind-components.yaml"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def result() -> Result:
    """Northwind at 2026-Q3: two customers, Helios (served by OTIF and lead time) and Voltara."""
    return kpicascade.load(NORTHWIND).score()


def _edges(source: str) -> list[tuple[str, str, str]]:
    graph = pygraphviz.AGraph(string=source)
    return [(e[0], e[1], e.attr.get("label") or "") for e in graph.edges() if e[1].startswith("customer.")]


def test_cascade_links_each_serving_node_to_its_customer(result: Result) -> None:
    source = diagram.cascade(result).source
    served = sorted((a, b) for a, b, label in _edges(source) if "serves" in label)
    assert served == [
        ("kpi_lead_time", "customer.0"),
        ("kpi_otif", "customer.0"),
        ("kpi_otif", "customer.1"),
        ("kpm_ship_date_confidence", "customer.1"),
    ]
    graph = pygraphviz.AGraph(string=source)
    label = graph.get_node("customer.0").attr["label"]
    assert "CUSTOMER: Helios Wind Systems" in label
    assert "Keep turbine fleet availability" in label
    assert palette.style(result.node("kpi_otif").status).badge in label  # both servers on track


def test_band_sits_above_every_top_node(result: Result) -> None:
    graph = pygraphviz.AGraph(string=diagram.cascade(result).source)
    lifted = {e[0] for e in graph.edges() if e[1] == "customer.0" and e.attr.get("style") == "invis"}
    assert lifted == {n.id for n in result.roots()}


def test_strategy_map_goes_through_the_objectives_above_a_kpi(result: Result) -> None:
    # OTIF and lead time are not drawn on the strategy map: their links go to the objectives they feed
    # (OTIF to the reliable supplier; lead time to it and to the lean supply chain), naming them.
    edges = _edges(diagram.strategy_map(result).source)
    helios = sorted((a, label) for a, b, label in edges if b == "customer.0" and "serves" in label)
    assert [a for a, _ in helios] == ["obj_lean_flow", "obj_reliable_supplier"]
    assert "via Order-to-delivery lead time" in helios[0][1]
    assert "via OTIF / DIFOT" in helios[1][1]
    assert "Order-to-delivery lead time" in helios[1][1]


def test_no_customers_no_band(result: Result) -> None:
    card = result.card.model_copy(update={"customers": []})
    card.set_measurements(result.card.measurements)
    source = diagram.cascade(card.score()).source
    assert "customer." not in source
    assert "cluster_customers" not in source


@pytest.mark.dot
def test_hostile_customer_text_is_text_in_the_svg(result: Result) -> None:
    evil = '"];evil[label="pwned"] <script>alert(1)</script>'
    customers = [CustomerObjective(account=evil, objective="x", name=evil, served_by=["kpi_otif"])]
    card = result.card.model_copy(update={"customers": customers})
    card.set_measurements(result.card.measurements)
    source = diagram.strategy_map(card.score()).source
    assert "evil" not in pygraphviz.AGraph(string=source).nodes()
    root = ElementTree.fromstring(lay_out(source, "svg", "pygraphviz"))
    group = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "customer-0")
    text = " ".join("".join(t.itertext()) for t in group.iter(f"{SVG}text"))
    assert "<script>alert(1)</script>" in text
    assert not list(root.iter(f"{SVG}script"))
