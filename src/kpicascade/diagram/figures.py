"""Every node's figures at the result's period, read from the score matrices in one pass."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from kpicascade.format import partial_mark
from kpicascade.scoring import Result
from kpicascade.scoring.engine import ROLLUP, STATUS_NAMES


@dataclass(frozen=True)
class Figures:
    """One node's actual, target, own progress, rolled-up score and status at a period."""

    actual: float | None
    target: float | None
    progress: float | None
    score: float | None
    status: str
    #: The status thresholds (green, amber), so the shown score never rounds across one.
    thresholds: tuple[float, ...] = ()
    #: Of the scored children, how many reported at the period and how many there are (0, 0 without children).
    reported: tuple[int, int] = (0, 0)
    #: What part of the period the figures rest on when not all of it ("2 of 3 months"), else "".
    partial: str = ""


def _column(values: list[float]) -> list[float | None]:
    return [None if math.isnan(v) else v for v in values]


def figures(result: Result) -> dict[str, Figures]:
    """Return every node's figures by id, without per-node work beyond reading the matrices."""
    a, t = result.arrays, result.t
    actual = _column(a.actual[:, t].tolist())
    target = _column(a.target[:, t].tolist())
    progress = _column(a.own[:, t].tolist())
    score = _column(result.score_matrix[:, t].tolist())
    status = [STATUS_NAMES[int(s)] for s in result.status_matrix[:, t].tolist()]
    c = a.cascade
    is_sum = c.rollup[c.parent] == ROLLUP["sum"]
    child_values = np.where(is_sum, a.actual[c.child, t], result.score_matrix[c.child, t])
    reported = np.bincount(c.parent, weights=~np.isnan(child_values), minlength=c.size).astype(int).tolist()
    total = np.bincount(c.parent, minlength=c.size).tolist()
    cover = a.coverage
    counted = cover.node_counted[:, t].tolist()
    rolled = cover.rolled_partial[:, t].tolist()
    mixed = cover.mixed_sum[:, t].tolist()
    partial = [partial_mark(counted[i] or None, cover.whole, rolled[i], mixed[i]) for i in range(len(counted))]
    return {
        ident: Figures(
            actual[i],
            target[i],
            progress[i],
            score[i],
            status[i],
            (float(c.green[i]), float(c.amber[i])),
            (reported[i], total[i]),
            partial[i],
        )
        for i, ident in enumerate(a.ids)
    }
