"""Why a parent moved: its change between two periods split into its children's contributions."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from kpicascade.periods import Period
from kpicascade.scoring.engine import COMBINE, ROLLUP, fill_missing

if TYPE_CHECKING:
    from kpicascade.scoring.result import Contribution, Result


def _child_values(result: Result, node: int, children: list[int], t: int) -> np.ndarray:
    parent = np.full(len(children), node, dtype=np.int64)
    rows = fill_missing(result.arrays.cascade, parent, result.score_matrix[children])
    return np.asarray(rows[:, t])


def _shares(result: Result, node: int, children: list[int], weights: np.ndarray, t: int) -> np.ndarray:
    """Return each child's term in the parent's children-score at period t (terms sum to it)."""
    values = _child_values(result, node, children, t)
    present = ~np.isnan(values)
    if not present.any():
        return np.zeros(len(children))
    if result.arrays.cascade.rollup[node] == ROLLUP["min"]:
        terms = np.zeros(len(children))
        lowest = int(np.nanargmin(values))
        terms[lowest] = values[lowest]
        return terms
    w = np.where(present, weights, 0.0)
    return np.where(present, w * np.nan_to_num(values) / w.sum(), 0.0)


def _weights_of_parts(result: Result, node: int, t: int) -> tuple[float, float]:
    """Return the share of the node's score at t that is its own score and the share that is its children's.

    combine own (and a sum node) is all own; children is all children; blend is x and 1 - x when both are
    present, and all of the one present when the other is missing, as the engine combines them.
    """
    c = result.arrays.cascade
    if c.combine[node] == COMBINE["own"] or c.rollup[node] == ROLLUP["sum"]:
        return 1.0, 0.0
    if c.combine[node] == COMBINE["children"]:
        return 0.0, 1.0
    own_missing = math.isnan(result.arrays.own[node, t])
    children_missing = math.isnan(result.rolled.children_score(node)[t])
    if own_missing or children_missing:
        return (0.0, 1.0) if own_missing else (1.0, 0.0)
    x = float(c.blend[node])
    return x, 1.0 - x


def why_no_attribution(result: Result, node_id: str, before: Period | str, after: Period | str) -> str | None:
    """Return why a node's change between two periods cannot be split (no score in one of them), else None."""
    t0, t1 = _columns(result, before, after)
    node = result.index[node_id]
    for t in (t0, t1):
        if math.isnan(result.score_matrix[node, t]):
            return f"{node_id} has no score in {result.periods[t]}, so there is no change to explain"
    return None


def _columns(result: Result, before: Period | str, after: Period | str) -> tuple[int, int]:
    calendar = result.period.calendar
    periods = result.periods
    t0 = periods.index(before if isinstance(before, Period) else Period.parse(before, calendar))
    t1 = periods.index(after if isinstance(after, Period) else Period.parse(after, calendar))
    return t0, t1


def attribute(result: Result, node_id: str, before: Period | str, after: Period | str) -> list[Contribution]:
    """Return each child's (and the node's own) contribution to node_id's score change from before to after.

    The contributions sum exactly to the change. When the node has no score in one of the periods there is
    no change to split and the list is empty (why_no_attribution says so).
    """
    from kpicascade.scoring.result import Contribution

    t0, t1 = _columns(result, before, after)
    if why_no_attribution(result, node_id, before, after) is not None:
        return []
    c = result.arrays.cascade
    node = result.index[node_id]
    mask = c.parent == node
    children, weights = [int(x) for x in c.child[mask]], c.weight[mask]
    own0, kids0 = _weights_of_parts(result, node, t0)
    own1, kids1 = _weights_of_parts(result, node, t1)
    terms0 = _shares(result, node, children, weights, t0) * kids0
    terms1 = _shares(result, node, children, weights, t1) * kids1
    # before and after as the parent read them: a carried score is shown, as it counted
    read0, read1 = _child_values(result, node, children, t0), _child_values(result, node, children, t1)
    out = []
    for k, child in enumerate(children):
        b, a = read0[k], read1[k]
        out.append(
            Contribution(
                result.arrays.ids[child],
                float(weights[k]),
                None if math.isnan(b) else float(b),
                None if math.isnan(a) else float(a),
                float(terms1[k] - terms0[k]),
            )
        )
    own = result.arrays.own[node]
    if own0 or own1:
        term0 = own0 * float(own[t0]) if own0 else 0.0
        term1 = own1 * float(own[t1]) if own1 else 0.0
        out.append(Contribution(node_id, own1 or own0, _number(own[t0]), _number(own[t1]), term1 - term0))
    return sorted(out, key=lambda x: -abs(x.contribution))


def _number(x: float) -> float | None:
    return None if math.isnan(x) else float(x)
