"""Looking nodes and departments up by id stays right while a scorecard's lists are changed in place."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from kpicascade.model import Department, Node, Scenario, Scorecard
from tests.scoring.cards import kpi, make_card, objective


def _card() -> Scorecard:
    card = make_card([objective("obj"), kpi("kpi_a"), kpi("kpi_b")], [], {})
    card.departments = [Department(id="sales", name="Sales", owner="Ana"), Department(id="hr", name="HR")]
    return card


def _node(ident: str) -> Node:
    return Node(id=ident, name=f"Node {ident}", kind="kpi", perspective="financial")


def _append(card: Scorecard) -> None:
    card.nodes.append(_node("kpi_new"))


def _replace_in_place(card: Scorecard) -> None:
    card.nodes[1] = _node("kpi_new")


def _rename(card: Scorecard) -> None:
    card.nodes[1].id = "kpi_new"


def _new_list(card: Scorecard) -> None:
    card.nodes = [_node("kpi_new"), *card.nodes[2:]]


def _remove(card: Scorecard) -> None:
    del card.nodes[1]
    card.nodes.append(_node("kpi_new"))


# (change, ids that must be found afterwards, ids that must be gone)
CHANGES: list[tuple[Callable[[Scorecard], None], list[str], list[str]]] = [
    (_append, ["obj", "kpi_a", "kpi_b", "kpi_new"], []),
    (_replace_in_place, ["obj", "kpi_b", "kpi_new"], ["kpi_a"]),
    (_rename, ["obj", "kpi_b", "kpi_new"], ["kpi_a"]),
    (_new_list, ["kpi_b", "kpi_new"], ["obj", "kpi_a"]),
    (_remove, ["obj", "kpi_b", "kpi_new"], ["kpi_a"]),
]


@pytest.mark.parametrize(("change", "found", "gone"), CHANGES, ids=[c[0].__name__ for c in CHANGES])
def test_node_lookup_follows_changes_to_the_list(
    change: Callable[[Scorecard], None], found: list[str], gone: list[str]
) -> None:
    card = _card()
    assert [card.node(n.id).id for n in card.nodes] == ["obj", "kpi_a", "kpi_b"]  # the index is built and used
    change(card)
    for ident in found:
        node = card.node(ident)
        assert node.id == ident
        assert any(n is node for n in card.nodes)
    for ident in gone:
        with pytest.raises(KeyError):
            card.node(ident)


def test_a_node_replaced_under_the_same_id_is_the_one_returned() -> None:
    card = _card()
    card.node("kpi_a")
    fresh = _node("kpi_a")
    card.nodes[1] = fresh
    assert card.node("kpi_a") is fresh


@pytest.mark.parametrize(
    ("department", "owner"),
    [("sales", "Ana"), ("hr", None), ("nowhere", None), (None, None)],
)
def test_department_lookup(department: str | None, owner: str | None) -> None:
    card = _card()
    found = card.department(department)
    assert (found.owner if found else None) == owner
    assert (found is None) == (department not in {"sales", "hr"})


def test_department_lookup_follows_changes_to_the_list() -> None:
    card = _card()
    assert card.department("sales") is card.departments[0]
    card.departments[0] = Department(id="sales", name="Sales", owner="Bo")
    card.departments.append(Department(id="cx", name="CX", owner="Cy"))
    assert [card.department(d).owner for d in ("sales", "cx")] == ["Bo", "Cy"]  # type: ignore[union-attr]
    card.departments = []
    assert card.department("sales") is None


def test_a_copy_with_other_actuals_looks_up_its_own_nodes() -> None:
    card = _card()
    card.node("kpi_a")
    copy = card.with_measurements(card.measurements)
    copy.nodes = [_node("kpi_z")]
    assert copy.node("kpi_z").id == "kpi_z"
    assert card.node("kpi_a").id == "kpi_a"
    with pytest.raises(KeyError):
        card.node("kpi_z")


@settings(max_examples=80, deadline=None)
@given(
    percent=st.none() | st.floats(-100, 10_000, allow_nan=False),
    by=st.none() | st.floats(-1e6, 1e6, allow_nan=False),
    to=st.none() | st.floats(-1e6, 1e6, allow_nan=False),
)
def test_a_scenario_moves_its_signal_exactly_one_way(percent: float | None, by: float | None, to: float | None) -> None:
    given_ = {k: v for k, v in {"percent": percent, "by": by, "to": to}.items() if v is not None}
    data = {"id": "s", "name": "S", "signal": "sig", "from": "2026-Q4", **given_}
    if len(given_) == 1:
        scenario = Scenario.model_validate(data)
        assert scenario.start == "2026-Q4"
        assert getattr(scenario, next(iter(given_))) == next(iter(given_.values()))
    else:
        with pytest.raises(ValidationError, match="give one of percent, by or to"):
            Scenario.model_validate(data)


@pytest.mark.parametrize("percent", [-100.5, 10_000.5])
def test_a_scenario_percentage_is_bounded(percent: float) -> None:
    with pytest.raises(ValidationError):
        Scenario.model_validate({"id": "s", "name": "S", "signal": "sig", "percent": percent})
