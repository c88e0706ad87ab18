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


def test_align_only_never_counts_in_the_overall_score_nor_in_value() -> None:
    # two top objectives; "second" is also drawn under "first" by an align-only link
    nodes = [objective("first"), objective("second"), kpi("a", value_per_unit=10), kpi("b", value_per_unit=1000)]
    links = [link("a", "first"), link("b", "second"), link("second", "first", align_only=True)]
    card = make_card(nodes, links, {"a": [100] * 3, "b": [40] * 3})  # three reports: enough to value
    result = card.score("2025-Q3")
    assert result.node("first").score == pytest.approx(1.0)
    assert result.overall_score == pytest.approx((1.0 + 0.4) / 2)  # both objectives stay tops
    assert result.node("first").value_rolled_up == pytest.approx(100 * 10)  # b's 40 * 1000 is not first's
    assert result.value_realised == pytest.approx(100 * 10 + 40 * 1000)  # each node once for the account


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


# Children a (80 every quarter) and b (60 in Q1 only) under a mean parent; c, outside the cascade, has data in
# every quarter so that Q2..Q4 are periods with data. Expected scores worked out by hand.
CARRY = [
    ("carried one quarter", "carry", {}, "2025-Q2", (0.8 + 0.6) / 2),
    ("carried two quarters: max_age 2", "carry", {}, "2025-Q3", (0.8 + 0.6) / 2),
    ("three quarters old: too old to carry", "carry", {}, "2025-Q4", 0.8),
    ("max_age 0 carries nothing", "carry", {"max_age": 0}, "2025-Q2", 0.8),
    ("max_age 3 carries into Q4", "carry", {"max_age": 3}, "2025-Q4", (0.8 + 0.6) / 2),
    ("zero counts b as 0", "zero", {}, "2025-Q4", (0.8 + 0) / 2),
]


@pytest.mark.parametrize(("case", "policy", "scoring", "period", "expected"), CARRY, ids=[c[0] for c in CARRY])
def test_carry_has_an_age_limit(case: str, policy: str, scoring: dict[str, int], period: str, expected: float) -> None:
    card = make_card(
        [objective("top", missing=policy), kpi("a"), kpi("b"), kpi("c")],
        [link("a", "top"), link("b", "top")],
        {"a": [80, 80, 80, 80], "b": [60, None, None, None], "c": [1, 1, 1, 1]},
        scoring=scoring,
    )
    assert scores(card, period)["top"] == pytest.approx(expected)


@pytest.mark.parametrize("policy", ["carry", "zero"])
def test_nothing_is_filled_after_the_last_period_with_data(policy: str) -> None:
    card = make_card(
        [objective("top", missing=policy), kpi("a"), kpi("b")],
        [link("a", "top"), link("b", "top")],
        {"a": [80, None, None, None], "b": [60, None, None, None]},
    )
    assert scores(card, "2025-Q1")["top"] == pytest.approx(0.7)
    node = card.score("2025-Q2").node("top")
    assert (node.score, node.status) == (None, "no data")


@pytest.mark.parametrize("policy", ["zero", "carry"])
def test_zero_or_carry_with_every_child_missing_is_no_score(policy: str) -> None:
    # c has data in Q2, so Q2 is inside the data; a and b never reported
    card = make_card(
        [objective("top", missing=policy), kpi("a"), kpi("b"), kpi("c")],
        [link("a", "top"), link("b", "top")],
        {"a": [None, None], "b": [None, None], "c": [1, 1]},
    )
    node = card.score("2025-Q2").node("top")
    assert (node.score, node.status) == (None, "no data")
    assert (node.children_reported, node.children_total) == (0, 2)


# worst-of: a is green (100) in every quarter, b is red (30) in Q1 and missing in Q2 (c keeps Q2 inside the data)
WORST = [
    ("skip leaves b out: green", "skip", {"a": [100, 100], "b": [30, None]}, 1.0, "green"),
    ("carry carries b's red status with its score", "carry", {"a": [100, 100], "b": [30, None]}, 0.65, "red"),
    ("zero counts b as 0, red", "zero", {"a": [100, 100], "b": [30, None]}, 0.5, "red"),
    ("every child carried keeps a status", "carry", {"a": [100, None], "b": [30, None]}, 0.65, "red"),
]


@pytest.mark.parametrize(("case", "policy", "actuals", "score", "status"), WORST, ids=[w[0] for w in WORST])
def test_worst_of_reads_children_filled_by_the_policy(
    case: str, policy: str, actuals: dict[str, list[float | None]], score: float, status: str
) -> None:
    card = make_card(
        [objective("top", rollup="worst", missing=policy), kpi("a"), kpi("b"), kpi("c")],
        [link("a", "top"), link("b", "top")],
        {**actuals, "c": [1, 1]},
    )
    node = card.score("2025-Q2").node("top")
    assert node.score == pytest.approx(score)
    assert node.status == status


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


# A team quota (target 400) over four regions; Wisconsin (r4) reported 90 in Q1 and is late in Q2.
SUM = [
    ("skip: no score, 3 of 4 reported", "skip", None, None),
    ("zero: the late region counts 0", "zero", 110 + 105 + 115 + 0, (110 + 105 + 115) / 400),
    ("carry: Wisconsin's Q1 value holds", "carry", 110 + 105 + 115 + 90, (110 + 105 + 115 + 90) / 400),
]


@pytest.mark.parametrize(("case", "policy", "actual", "score"), SUM, ids=[c[0] for c in SUM])
def test_sum_roll_up_honours_the_missing_policy(
    case: str, policy: str, actual: float | None, score: float | None
) -> None:
    team = kpi("team", 0, 400, rollup="sum", missing=policy)
    regions = [kpi(f"r{k}", 0, 100, kind="mbo") for k in range(1, 5)]
    card = make_card(
        [team, *regions],
        [link(f"r{k}", "team") for k in range(1, 5)],
        {"r1": [100, 110], "r2": [100, 105], "r3": [100, 115], "r4": [90, None]},
    )
    node = card.score("2025-Q2").node("team")
    assert node.actual == (None if actual is None else pytest.approx(actual))
    assert node.score == (None if score is None else pytest.approx(score))
    assert (node.children_reported, node.children_total) == (3, 4)


def test_a_sum_with_every_child_missing_has_no_value_even_with_zero() -> None:
    team = kpi("team", 0, 400, rollup="sum", missing="zero")
    card = make_card(
        [team, kpi("r1", kind="mbo"), kpi("r2", kind="mbo"), kpi("other")],
        [link("r1", "team"), link("r2", "team")],
        {"r1": [100, None], "r2": [100, None], "other": [1, 1]},
    )
    assert card.score("2025-Q2").node("team").actual is None


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
