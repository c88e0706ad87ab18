"""Roll scores up a cascade on arrays, one level at a time: no Python loop over nodes.

Nodes are rows of [node, period] arrays; the cascade is three edge arrays (child, parent, weight).
A node's level is 0 when nothing feeds it and otherwise one more than its highest child, so every
level only reads levels below it, and each level is a handful of vectorised numpy operations.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

ROLLUP = {"mean": 0, "min": 1, "worst": 2, "sum": 3}
MISSING = {"skip": 0, "zero": 1, "carry": 2}
COMBINE = {"own": 0, "children": 1, "blend": 2}
NO_DATA, RED, AMBER, GREEN = 0, 1, 2, 3
STATUS_NAMES = ("no data", "red", "amber", "green")


@dataclass
class Cascade:
    """The scored cascade as arrays: edges child -> parent and each node's roll-up settings."""

    size: int
    child: Ints
    parent: Ints
    weight: Floats
    rollup: npt.NDArray[np.int8] = field(default_factory=lambda: np.zeros(0, np.int8))
    missing: npt.NDArray[np.int8] = field(default_factory=lambda: np.zeros(0, np.int8))
    combine: npt.NDArray[np.int8] = field(default_factory=lambda: np.zeros(0, np.int8))
    blend: Floats = field(default_factory=lambda: np.zeros(0))
    green: Floats = field(default_factory=lambda: np.zeros(0))
    amber: Floats = field(default_factory=lambda: np.zeros(0))

    def __post_init__(self) -> None:
        n = self.size
        defaults = {"rollup": (np.int8, 0), "missing": (np.int8, 0), "combine": (np.int8, 1),
                    "blend": (np.float64, 0.5), "green": (np.float64, 0.9), "amber": (np.float64, 0.7)}
        for name, (dtype, value) in defaults.items():
            if len(getattr(self, name)) != n:
                setattr(self, name, np.full(n, value, dtype=dtype))
        self.levels = levels_of(n, self.child, self.parent)
        order = np.lexsort((self.parent, self.levels[self.parent]))
        self.child, self.parent, self.weight = self.child[order], self.parent[order], self.weight[order]
        edge_levels = self.levels[self.parent]
        self.level_bounds = np.searchsorted(edge_levels, np.arange(1, int(self.levels.max(initial=0)) + 2))


def levels_of(size: int, child: Ints, parent: Ints) -> Ints:
    """Return each node's level: 0 with no children, else one more than its highest child."""
    levels = np.zeros(size, dtype=np.int64)
    for _ in range(size + 1):
        proposed = np.zeros(size, dtype=np.int64)
        np.maximum.at(proposed, parent, levels[child] + 1)
        if np.array_equal(proposed, levels):
            return levels
        levels = proposed
    raise ValueError("the cascade has a cycle")


def carry_forward(values: Floats) -> Floats:
    """Return values with each gap filled by the last value before it, along the period axis."""
    idx = np.where(np.isnan(values), 0, np.arange(values.shape[1]))
    np.maximum.accumulate(idx, axis=1, out=idx)
    filled = values[np.arange(values.shape[0])[:, None], idx]
    return np.asarray(filled, dtype=np.float64)


def status_of(scores: Floats, green: Floats, amber: Floats) -> npt.NDArray[np.int8]:
    """Return status codes (no data, red, amber, green) for scores against per-node thresholds."""
    status = np.where(scores >= green[:, None], GREEN, np.where(scores >= amber[:, None], AMBER, RED))
    return np.where(np.isnan(scores), NO_DATA, status).astype(np.int8)


def _segments(parents: Ints) -> tuple[Ints, Ints]:
    starts = np.flatnonzero(np.r_[True, parents[1:] != parents[:-1]])
    return starts, parents[starts]


def sum_values(cascade: Cascade, values: Floats) -> Floats:
    """Return values where each node that rolls up by sum holds the weighted sum of its children."""
    out = values.copy()
    is_sum = cascade.rollup == ROLLUP["sum"]
    if not is_sum.any():
        return out
    for lo, hi in zip(cascade.level_bounds[:-1], cascade.level_bounds[1:], strict=True):
        sel = slice(int(lo), int(hi))
        keep = is_sum[cascade.parent[sel]]
        if hi == lo or not keep.any():
            continue
        child, parent, weight = cascade.child[sel][keep], cascade.parent[sel][keep], cascade.weight[sel][keep]
        starts, parents = _segments(parent)
        contrib = out[child] * weight[:, None]
        present = ~np.isnan(contrib)
        total = np.add.reduceat(np.where(present, contrib, 0.0), starts, axis=0)
        any_present = np.logical_or.reduceat(present, starts, axis=0)
        out[parents] = np.where(any_present, total, np.nan)
    return out


def roll_up(cascade: Cascade, own: Floats) -> tuple[Floats, npt.NDArray[np.int8], Floats]:
    """Return (score, status, children's score) for every node and period from the nodes' own scores."""
    score = own.copy()
    status = status_of(score, cascade.green, cascade.amber)
    from_children = np.full_like(own, np.nan)
    for lo, hi in zip(cascade.level_bounds[:-1], cascade.level_bounds[1:], strict=True):
        if hi == lo:
            continue
        sel = slice(int(lo), int(hi))
        child, parent, weight = cascade.child[sel], cascade.parent[sel], cascade.weight[sel]
        values = score[child]
        policy = cascade.missing[parent]
        carry = policy == MISSING["carry"]
        if carry.any():
            values[carry] = carry_forward(score[child[carry]])
        values[(policy == MISSING["zero"])[:, None] & np.isnan(values)] = 0.0
        starts, parents = _segments(parent)
        present = ~np.isnan(values)
        w = np.where(present, weight[:, None], 0.0)
        mean = np.add.reduceat(w * np.where(present, values, 0.0), starts, axis=0)
        den = np.add.reduceat(w, starts, axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(den > 0, mean / np.where(den > 0, den, 1.0), np.nan)
        kinds = cascade.rollup[parents]
        is_min = kinds == ROLLUP["min"]
        if is_min.any():
            lowest = np.fmin.reduceat(values, starts, axis=0)
            mean[is_min] = lowest[is_min]
        from_children[parents] = mean
        score[parents] = _combine(cascade, parents, own[parents], mean)
        level_status = status_of(score[parents], cascade.green[parents], cascade.amber[parents])
        worst = kinds == ROLLUP["worst"]
        if worst.any():
            child_status = np.where(status[child] == NO_DATA, 99, status[child])
            lowest_status = np.minimum.reduceat(child_status, starts, axis=0)
            level_status[worst] = np.where(lowest_status[worst] == 99, NO_DATA, lowest_status[worst])
        status[parents] = level_status
    return score, status, from_children


def _combine(cascade: Cascade, parents: Ints, own: Floats, children: Floats) -> Floats:
    mode = cascade.combine[parents][:, None]
    is_sum = (cascade.rollup[parents] == ROLLUP["sum"])[:, None]
    blend = cascade.blend[parents][:, None]
    blended = np.where(np.isnan(own), children, np.where(np.isnan(children), own, blend * own + (1 - blend) * children))
    use_own = (mode == COMBINE["own"]) | is_sum
    return np.where(use_own, own, np.where(mode == COMBINE["blend"], blended, children))
