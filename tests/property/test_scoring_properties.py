"""Properties of the scoring engine over random cascades (hypothesis)."""

from __future__ import annotations

import math
import random
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kpicascade.scoring.engine import COMBINE, MISSING, ROLLUP, Cascade, roll_up
from tests.scoring.cards import kpi, link, make_card, objective

PERIODS = 4
MAX_AGE = 2


@st.composite
def cascades(draw: st.DrawFn) -> dict[str, Any]:
    """Draw a random acyclic cascade: node i may feed any node j < i; leaves carry actuals."""
    n = draw(st.integers(2, 12))
    edges = []
    for i in range(1, n):
        parents = draw(st.sets(st.integers(0, i - 1), min_size=0, max_size=min(3, i)))
        edges += [(i, j, draw(st.floats(0.1, 10))) for j in sorted(parents)]
    values = [[draw(st.one_of(st.none(), st.floats(-50, 150))) for _ in range(PERIODS)] for _ in range(n)]
    missing = [draw(st.sampled_from(["skip", "zero", "carry"])) for _ in range(n)]
    rollup = [draw(st.sampled_from(["mean", "min"])) for _ in range(n)]
    return {"n": n, "edges": edges, "values": values, "missing": missing, "rollup": rollup}


def engine_scores(case: dict[str, Any]) -> np.ndarray:
    n, edges = case["n"], case["edges"]
    children_of = {j for _, j, _ in edges}
    own = np.array([[math.nan if v is None else v / 100 for v in row] for row in case["values"]])
    own[sorted(children_of)] = math.nan  # parents are scored from their children
    child = np.array([e[0] for e in edges], dtype=np.int64)
    parent = np.array([e[1] for e in edges], dtype=np.int64)
    cascade = Cascade(
        n,
        child,
        parent,
        np.array([e[2] for e in edges]),
        rollup=np.array([ROLLUP[r] for r in case["rollup"]], np.int8),
        missing=np.array([MISSING[m] for m in case["missing"]], np.int8),
        combine=np.full(n, COMBINE["children"], np.int8),
    )
    return roll_up(cascade, own).score


def reference_scores(case: dict[str, Any]) -> np.ndarray:
    """Score node by node, recursively, the plain way."""
    n, edges = case["n"], case["edges"]
    kids: dict[int, list[tuple[int, float]]] = {j: [] for j in range(n)}
    for i, j, w in edges:
        kids[j].append((i, w))
    memo: dict[tuple[int, int], float] = {}

    def value(node: int, t: int) -> float:
        if (node, t) in memo:
            return memo[(node, t)]
        if not kids[node]:
            raw = case["values"][node][t]
            result = math.nan if raw is None else raw / 100
        else:
            pairs = []
            some = any(not math.isnan(value(child, t)) for child, _ in kids[node])
            for child, w in kids[node]:
                v = value(child, t)
                if math.isnan(v) and case["missing"][node] == "carry":
                    earlier = [value(child, s) for s in range(max(0, t - MAX_AGE), t)]  # at most MAX_AGE periods old
                    known = [x for x in earlier if not math.isnan(x)]
                    v = known[-1] if known else math.nan
                if math.isnan(v) and case["missing"][node] == "zero" and some:  # every child missing: no score
                    v = 0.0
                if not math.isnan(v):
                    pairs.append((v, w))
            if not pairs:
                result = math.nan
            elif case["rollup"][node] == "min":
                result = min(v for v, _ in pairs)
            else:
                result = sum(v * w for v, w in pairs) / sum(w for _, w in pairs)
        memo[(node, t)] = result
        return result

    return np.array([[value(i, t) for t in range(PERIODS)] for i in range(n)])


@settings(max_examples=300, deadline=None)
@given(cascades())
def test_engine_matches_node_by_node_reference(case: dict[str, Any]) -> None:
    np.testing.assert_allclose(engine_scores(case), reference_scores(case), rtol=1e-9, atol=1e-12)


def _card(case: dict[str, Any], order: list[int], scale: float = 1.0, bump: tuple[int, float] | None = None) -> Any:
    n, edges = case["n"], case["edges"]
    parents = {j for _, j, _ in edges}
    nodes = [objective(f"n{i}", missing=case["missing"][i]) if i in parents else kpi(f"n{i}", 0, 100) for i in range(n)]
    actuals = {f"n{i}": list(case["values"][i]) for i in range(n) if i not in parents}
    if bump is not None:
        node, amount = bump
        actuals[f"n{node}"] = [None if v is None else v + amount for v in actuals[f"n{node}"]]
    links = [link(f"n{i}", f"n{j}", w * scale) for i, j, w in edges]
    random.Random(len(order)).shuffle(links)
    return make_card([nodes[i] for i in order], links, actuals)


def _scores(card: Any) -> dict[str, list[float | None]]:
    result = card.score(period="2025-Q4")
    return {n.id: result.series(n.id) for n in card.nodes}


def _close(a: dict[str, list[float | None]], b: dict[str, list[float | None]]) -> bool:
    return all(
        (x is None and y is None)
        or (x is not None and y is not None and math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12))
        for k in a
        for x, y in zip(a[k], b[k], strict=True)
    )


@settings(max_examples=100, deadline=None)
@given(cascades(), st.randoms())
def test_permuting_node_order_changes_nothing(case: dict[str, Any], rnd: random.Random) -> None:
    order = list(range(case["n"]))
    shuffled = order[:]
    rnd.shuffle(shuffled)
    assert _close(_scores(_card(case, order)), _scores(_card(case, shuffled)))


@settings(max_examples=100, deadline=None)
@given(cascades(), st.floats(0.01, 100))
def test_scaling_all_weights_changes_nothing(case: dict[str, Any], scale: float) -> None:
    order = list(range(case["n"]))
    assert _close(_scores(_card(case, order)), _scores(_card(case, order, scale=min(scale, 1e6 / 10))))


@settings(max_examples=100, deadline=None)
@given(cascades(), st.data())
def test_improving_a_child_never_lowers_a_weighted_mean_parent(case: dict[str, Any], data: st.DataObject) -> None:
    parents = {j for _, j, _ in case["edges"]}
    leaves = [i for i in range(case["n"]) if i not in parents]
    case = {**case, "rollup": ["mean"] * case["n"]}
    leaf = data.draw(st.sampled_from(leaves))
    amount = data.draw(st.floats(0.1, 100))
    order = list(range(case["n"]))
    before, after = _scores(_card(case, order)), _scores(_card(case, order, bump=(leaf, amount)))
    for node, series in before.items():
        for x, y in zip(series, after[node], strict=True):
            if x is not None and y is not None:
                assert y >= x - 1e-12


@settings(max_examples=100, deadline=None)
@given(cascades(), st.integers(0, PERIODS - 1), st.integers(0, PERIODS - 1))
def test_attribution_sums_exactly_to_every_change(case: dict[str, Any], before: int, after: int) -> None:
    card = _card(case, list(range(case["n"])))
    result = card.score()
    periods = [str(p) for p in result.periods]
    for node in card.nodes:
        parts = result.attribution(node.id, periods[before], periods[after])
        start, end = result.series(node.id)[before], result.series(node.id)[after]
        if start is None or end is None:
            assert parts == []
            assert result.why_no_attribution(node.id, periods[before], periods[after]) is not None
        else:
            assert math.isclose(sum(p.contribution for p in parts), end - start, rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["linear", "clamped", "band", "binary", "thresholds"]),
    st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=8),
)
def test_scores_stay_within_the_methods_range(method: str, values: list[float]) -> None:
    metric: dict[str, Any] = {"method": method, "cap": 1.3}
    if method == "band":
        metric |= {"direction": "band", "band": {"low": 10, "high": 20, "tolerance": 5}}
    if method == "thresholds":
        metric |= {"rules": [{"min": 50, "score": 1.0}, {"min": 0, "max": 50, "score": 0.5}]}
    card = make_card([kpi("a", 0, 100, **metric)], [], {"a": values[:4]})
    got = [s for s in card.score().series("a") if s is not None]
    high = 1.3 if method in {"linear", "clamped"} else 1.0  # linear is bounded by default, by the metric's cap
    assert all(0.0 <= s <= high for s in got)


@st.composite
def monthly_reports(draw: st.DrawFn) -> dict[str, Any]:
    """Draw a random cascade whose leaves report in random months of January to June, viewed by quarter."""
    case = draw(cascades())
    months = [[draw(st.booleans()) for _ in range(6)] for _ in range(case["n"])]
    return {**case, "months": months}


def _reference_partial(case: dict[str, Any]) -> tuple[list[list[bool]], list[bool]]:
    """Return, by the definitions in docs/scoring.md, each node's partial flag per quarter and each quarter's
    completeness: a leaf is partial with 1 or 2 of a quarter's months; a parent when a child is; a quarter is
    complete when the data reaches its end and no leaf stops inside it at most two months before the data's end."""
    n, edges = case["n"], case["edges"]
    parents = {j for _, j, _ in edges}
    present = [[m and i not in parents for m in case["months"][i]] for i in range(n)]
    last_data = max((k for i in range(n) for k in range(6) if present[i][k]), default=-1)
    own = [[0 < sum(present[i][3 * q : 3 * q + 3]) < 3 for q in range(2)] for i in range(n)]
    kids: dict[int, list[int]] = {j: [i for i, p, _ in edges if p == j] for j in range(n)}

    def partial(i: int, q: int) -> bool:
        return own[i][q] or any(partial(c, q) for c in kids[i])

    complete = []
    for q in range(2):
        behind = False
        for i in range(n):
            reported = [k for k in range(6) if present[i][k]]
            if reported and any(present[i][3 * q : 3 * q + 3]):
                last = reported[-1]
                behind |= last < 3 * q + 2 and last_data - last <= 2
        complete.append(last_data >= 3 * q + 2 and not behind)
    return [[partial(i, q) for q in range(2)] for i in range(n)], complete


@given(monthly_reports())
@settings(max_examples=60, deadline=None)
def test_partial_and_complete_follow_their_definitions(case: dict[str, Any]) -> None:
    n, edges = case["n"], case["edges"]
    parents = {j for _, j, _ in edges}
    nodes = [objective(f"n{i}") if i in parents else kpi(f"n{i}", 0, 100, aggregation="sum") for i in range(n)]
    links = [link(f"n{i}", f"n{j}", w) for i, j, w in edges]
    actuals = {f"n{i}": [1.0 if m else None for m in case["months"][i]] for i in range(n) if i not in parents}
    card = make_card(nodes, links, actuals, calendar="month", start="2026-01", end="2026-06")
    cover = card.score(grain="quarter").arrays.coverage
    partial, complete = _reference_partial(case)
    assert cover.rolled_partial.tolist() == partial
    assert cover.complete.tolist() == complete
