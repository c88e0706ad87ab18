"""Roll-up through the cascade, hand-computed: kinds, missing-data policies, combine, status."""

from __future__ import annotations

import math

import pytest

from tests.scoring.cards import kpi, link, make_card, objective


def scores(card, period: str = "2025-Q1") -> dict[str, float | None]:  # type: ignore[no-untyped-def]
    result = card.score(period=period)
    return {n.id: n.score for n in result.nodes()}


def test_weighted_mean() -> None:
    card = make_card(
        [objective("top"), kpi("a"), kpi("b")], [link("a", "top", 3), link("b", "top", 1)], {"a": [80], "b": [40]}
    )
    assert scores(card)["top"] == pytest.approx((3 * 0.8 + 1 * 0.4) / 4)


def test_decrease_is_better_kpi_rolls_up() -> None:
    card = make_card(
        [objective("top"), kpi("lead", 20, 10), kpi("otif", 0.8, 0.9)],
        [link("lead", "top"), link("otif", "top")],
        {"lead": [15], "otif": [0.9]},
    )
    assert scores(card)["top"] == pytest.approx((0.5 + 1.0) / 2)


def test_child_feeding_two_parents_counts_in_both() -> None:
    card = make_card(
        [objective("p1"), objective("p2"), kpi("shared"), kpi("own1")],
        [link("shared", "p1"), link("own1", "p1"), link("shared", "p2")],
        {"shared": [50], "own1": [100]},
    )
    got = scores(card)
    assert got["p1"] == pytest.approx(0.75)
    assert got["p2"] == pytest.approx(0.5)


def test_align_only_links_are_not_scored() -> None:
    card = make_card(
        [objective("top"), kpi("a"), kpi("b")],
        [link("a", "top"), link("b", "top", align_only=True)],
        {"a": [100], "b": [0]},
    )
    assert scores(card)["top"] == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("policy", "expected"),
    [("skip", 0.8), ("zero", 0.4), ("carry", (0.8 + 0.6) / 2)],
)
def test_missing_data_policy(policy: str, expected: float) -> None:
    card = make_card(
        [objective("top", missing=policy), kpi("a"), kpi("b")],
        [link("a", "top"), link("b", "top")],
        {"a": [70, 80], "b": [60, None]},
    )
    assert scores(card, "2025-Q2")["top"] == pytest.approx(expected)


def test_scorecard_policy_is_default_and_node_overrides_it() -> None:
    nodes = [objective("top"), objective("other", missing="skip"), kpi("a"), kpi("b")]
    links = [link("a", "top"), link("b", "top"), link("a", "other"), link("b", "other")]
    card = make_card(nodes, links, {"a": [80], "b": [None]}, scoring={"missing": "zero"})
    got = scores(card)
    assert got["top"] == pytest.approx(0.4)
    assert got["other"] == pytest.approx(0.8)


def test_all_children_missing_means_no_data() -> None:
    card = make_card(
        [objective("top"), kpi("a"), kpi("b")], [link("a", "top"), link("b", "top")], {"a": [None, 10], "b": [None, 10]}
    )
    result = card.score(period="2025-Q1")
    assert result.node("top").score is None
    assert result.node("top").status == "no data"


def test_min_rollup() -> None:
    card = make_card(
        [objective("top", rollup="min"), kpi("a"), kpi("b")],
        [link("a", "top"), link("b", "top")],
        {"a": [90], "b": [30]},
    )
    assert scores(card)["top"] == pytest.approx(0.3)


def test_worst_of_takes_worst_status_and_mean_score() -> None:
    card = make_card(
        [objective("top", rollup="worst"), kpi("a"), kpi("b"), kpi("c")],
        [link("a", "top"), link("b", "top"), link("c", "top")],
        {"a": [100], "b": [100], "c": [75]},
    )
    node = card.score(period="2025-Q1").node("top")
    assert node.score == pytest.approx(275 / 300)  # green by score...
    assert node.status == "amber"  # ...but amber, as its worst child


def test_sum_rollup_scores_the_summed_value_against_the_parents_target() -> None:
    team = kpi("team", 0, 300, rollup="sum", kind="kpi")
    card = make_card(
        [team, kpi("ae1", 0, 100, kind="mbo"), kpi("ae2", 0, 100, kind="mbo")],
        [link("ae1", "team"), link("ae2", "team")],
        {"ae1": [120], "ae2": [60]},
    )
    result = card.score(period="2025-Q1")
    assert result.node("team").actual == pytest.approx(180)
    assert result.node("team").score == pytest.approx(0.6)


@pytest.mark.parametrize(("combine", "expected"), [("own", 0.2), ("children", 1.0), ("blend", 0.25 * 0.2 + 0.75)])
def test_node_with_own_measure_and_children(combine: str, expected: float) -> None:
    parent = kpi("parent", combine=combine, blend=0.25)
    card = make_card([parent, kpi("child", kind="kpm")], [link("child", "parent")], {"parent": [20], "child": [100]})
    assert scores(card)["parent"] == pytest.approx(expected)


def test_measured_node_defaults_to_its_own_score() -> None:
    card = make_card(
        [kpi("parent"), kpi("child", kind="kpm")], [link("child", "parent")], {"parent": [20], "child": [100]}
    )
    assert scores(card)["parent"] == pytest.approx(0.2)


@pytest.mark.parametrize(
    ("value", "status"), [(95, "green"), (90, "green"), (89.9, "amber"), (70, "amber"), (69, "red"), (None, "no data")]
)
def test_status_from_default_thresholds(value: float | None, status: str) -> None:
    card = make_card([kpi("a")], [], {"a": [value]})
    assert card.score(period="2025-Q1").node("a").status == status


def test_status_from_the_nodes_own_thresholds() -> None:
    card = make_card([kpi("a", thresholds={"green": 0.5, "amber": 0.3})], [], {"a": [55]})
    assert card.score(period="2025-Q1").node("a").status == "green"


def test_deep_chain_rolls_up_through_every_level() -> None:
    nodes = [objective("o"), kpi("k"), kpi("m", kind="kpm"), kpi("i", kind="mbo")]
    for n in nodes[1:3]:
        n["combine"] = "children"
    card = make_card(nodes, [link("k", "o"), link("m", "k"), link("i", "m")], {"i": [40]})
    assert scores(card)["o"] == pytest.approx(0.4)
    assert not math.isnan(scores(card)["o"] or math.nan)
