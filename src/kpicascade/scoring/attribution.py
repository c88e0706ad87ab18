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


def attribute(result: Result, node_id: str, before: Period | str, after: Period | str) -> list[Contribution]:
    """Return each child's contribution to node_id's score change from before to after."""
    from kpicascade.scoring.result import Contribution

    periods = result.periods
    calendar = result.period.calendar
    t0 = periods.index(before if isinstance(before, Period) else Period.parse(before, calendar))
    t1 = periods.index(after if isinstance(after, Period) else Period.parse(after, calendar))
    c = result.arrays.cascade
    node = result.index[node_id]
    mask = c.parent == node
    children, weights = [int(x) for x in c.child[mask]], c.weight[mask]
    scale = 1.0
    if c.combine[node] == COMBINE["own"] or c.rollup[node] == ROLLUP["sum"]:
        scale = 0.0
    elif c.combine[node] == COMBINE["blend"]:
        scale = 1.0 - float(c.blend[node])
    terms0 = _shares(result, node, children, weights, t0) * scale
    terms1 = _shares(result, node, children, weights, t1) * scale
    out = []
    for k, child in enumerate(children):
        b, a = result.score_matrix[child, t0], result.score_matrix[child, t1]
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
    if scale < 1.0 and not (math.isnan(own[t0]) or math.isnan(own[t1])):
        out.append(
            Contribution(node_id, 1.0 - scale, float(own[t0]), float(own[t1]), (1.0 - scale) * float(own[t1] - own[t0]))
        )
    return sorted(out, key=lambda x: -abs(x.contribution))
