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
#: How far below a status threshold a score may fall from rounding alone and still reach it.
THRESHOLD_TOLERANCE = 1e-9


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
    #: How many periods a carried value lasts after the child's last own value.
    max_age: int = 2
    #: The last period with any data: zero and carry fill nothing after it (None: no such limit).
    last_data: int | None = None

    def __post_init__(self) -> None:
        n = self.size
        defaults = {
            "rollup": (np.int8, 0),
            "missing": (np.int8, 0),
            "combine": (np.int8, 1),
            "blend": (np.float64, 0.5),
            "green": (np.float64, 0.9),
            "amber": (np.float64, 0.7),
        }
        for name, (dtype, value) in defaults.items():
            if len(getattr(self, name)) != n:
                setattr(self, name, np.full(n, value, dtype=dtype))
        self.levels = levels_of(n, self.child, self.parent)
        # timsort is adaptive: cascades usually arrive nearly sorted by parent, which makes this cheap
        order = np.argsort(self.levels[self.parent] * max(self.size, 1) + self.parent, kind="stable")
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


def carry_forward(values: Floats, max_age: int | None = None) -> Floats:
    """Return values with each gap filled by the last value before it, along the period axis, at most max_age on."""
    periods = np.arange(values.shape[1])
    idx = np.where(np.isnan(values), 0, periods)
    np.maximum.accumulate(idx, axis=1, out=idx)
    filled = values[np.arange(values.shape[0])[:, None], idx]
    if max_age is not None:
        filled[periods - idx > max_age] = np.nan
    return np.asarray(filled, dtype=np.float64)


def _edge_segments(parent: Ints) -> tuple[Ints, Ints]:
    """Return each parent's first edge and, per edge, the number of its parent's segment."""
    starts, _ = _segments(parent)
    segment = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(parent)]))
    return starts, segment


def fill_missing(cascade: Cascade, parent: Ints, rows: Floats, zero: float = 0.0) -> Floats:
    """Return children's rows (one per edge, edges grouped by parent) filled as each parent's missing policy says.

    carry: a child's last value, for at most max_age periods; zero: `zero` for a missing child, but only where
    a sibling has a value (every child missing leaves no score). Neither fills after the last period with data.
    """
    out = rows.copy()
    if not len(parent):
        return out
    policy = cascade.missing[parent]
    open_ = np.ones(rows.shape[1], dtype=bool)
    if cascade.last_data is not None:
        open_[cascade.last_data + 1 :] = False
    carry = policy == MISSING["carry"]
    if carry.any():
        out[carry] = np.where(open_, carry_forward(rows[carry], cascade.max_age), rows[carry])
    is_zero = policy == MISSING["zero"]
    if is_zero.any():
        starts, segment = _edge_segments(parent)
        present = ~np.isnan(out)
        some = np.logical_or.reduceat(present, starts, axis=0)[segment]
        fill = is_zero[:, None] & ~present & some & open_
        out[fill] = zero
    return out


def status_of(scores: Floats, green: Floats, amber: Floats) -> npt.NDArray[np.int8]:
    """Return status codes (no data, red, amber, green) for scores against per-node thresholds.

    A score within THRESHOLD_TOLERANCE below a threshold counts as reaching it: (17.4 - 12) / 6 is
    0.8999999999999998 in binary floating point, and must be green at a 0.9 threshold, as it is in
    a spreadsheet (the workbook's status formulas use the same tolerance).
    """
    status = np.full(scores.shape, RED, dtype=np.int8)
    with np.errstate(invalid="ignore"):
        np.add(status, scores >= amber[:, None] - THRESHOLD_TOLERANCE, out=status, casting="unsafe")
        np.add(status, scores >= green[:, None] - THRESHOLD_TOLERANCE, out=status, casting="unsafe")
    status[np.isnan(scores)] = NO_DATA
    return status


def _segments(parents: Ints) -> tuple[Ints, Ints]:
    starts = np.flatnonzero(np.r_[True, parents[1:] != parents[:-1]])
    return starts, parents[starts]


def sum_values(cascade: Cascade, values: Floats, blank: npt.NDArray[np.bool_] | None = None) -> Floats:
    """Return values where each node that rolls up by sum holds the weighted sum of its children.

    blank [node, period] marks where a sum has no value whatever its children (they cover different months).
    """
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
        contrib = fill_missing(cascade, parent, out[child]) * weight[:, None]
        # a sum is never partial: one child still missing after the policy's fill leaves the parent without a value
        out[parents] = np.add.reduceat(contrib, starts, axis=0)
        if blank is not None:
            out[parents] = np.where(blank[parents], np.nan, out[parents])
    return out


@dataclass
class Rolled:
    """Scores after the roll-up: every node's score and status, and the parents' score from children."""

    score: Floats
    status: npt.NDArray[np.int8]
    parent_row: Ints
    from_children: Floats

    def children_score(self, node: int) -> Floats:
        """Return a node's score from its children per period (all NaN for a node without children)."""
        row = self.parent_row[node]
        if row < 0:
            return np.full(self.score.shape[1], np.nan)
        found: Floats = self.from_children[row]
        return found


#: Edges handled at once: scratch buffers stay a few MB, reused, instead of level-sized temporaries
#: whose first touch (page faults) costs more than the arithmetic on a million nodes.
CHUNK_EDGES = 1 << 15


def _chunks(parent: Ints, lo: int, hi: int) -> list[tuple[int, int]]:
    """Return edge ranges of about CHUNK_EDGES within [lo, hi), never splitting one parent's edges."""
    out, cut, level_parents = [], lo, parent[lo:hi]
    while cut < hi:
        end = min(cut + CHUNK_EDGES, hi)
        if end < hi:
            boundary = lo + int(np.searchsorted(level_parents, parent[end], side="left"))
            end = boundary if boundary > cut else lo + int(np.searchsorted(level_parents, parent[end], side="right"))
        out.append((cut, end))
        cut = end
    return out


def roll_up(cascade: Cascade, own: Floats, *, in_place: bool = False) -> Rolled:
    """Return every node's score and status from the nodes' own scores, rolled up level by level.

    With in_place the own array becomes the score array (a parent's own score is read before its
    score is written), which saves a copy on large portfolios.
    """
    size, periods = own.shape
    score = own if in_place else own.copy()
    parents_with_children = np.unique(cascade.parent)
    parent_row = np.full(size, -1, dtype=np.int64)
    parent_row[parents_with_children] = np.arange(len(parents_with_children))
    from_children = np.full((len(parents_with_children), periods), np.nan)
    bounds = cascade.level_bounds
    for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        for a, b in _chunks(cascade.parent, lo, hi):
            _roll_chunk(cascade, score, from_children, parent_row, a, b)
    status = status_of(score, cascade.green, cascade.amber)
    _worst_of(cascade, status)
    return Rolled(score, status, parent_row, from_children)


def _roll_chunk(cascade: Cascade, score: Floats, from_children: Floats, parent_row: Ints, lo: int, hi: int) -> None:
    """Roll up the parents whose edges are lo..hi (all of one level) into score, in place."""
    child, parent, weight = cascade.child[lo:hi], cascade.parent[lo:hi], cascade.weight[lo:hi, None]
    starts, parents = _segments(parent)
    values = fill_missing(cascade, parent, score[child])
    kinds = cascade.rollup[parents]
    is_min = kinds == ROLLUP["min"]
    lowest = np.fmin.reduceat(values, starts, axis=0) if is_min.any() else None
    present = ~np.isnan(values)
    den = np.add.reduceat(present * weight, starts, axis=0)
    np.multiply(values, weight, out=values)
    values[~present] = 0.0
    total = np.add.reduceat(values, starts, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / den  # 0/0 is NaN: every child missing
    if lowest is not None:
        mean[is_min] = lowest[is_min]
    from_children[parent_row[parents]] = mean
    simple = (cascade.combine[parents] == COMBINE["children"]) & (kinds != ROLLUP["sum"])
    if simple.all():
        score[parents] = mean
    else:
        score[parents] = _combine(cascade, parents, score[parents], mean)


def _worst_of(cascade: Cascade, status: npt.NDArray[np.int8]) -> None:
    """Give each worst-of node the worst status among its children, level by level, in place."""
    worst = cascade.rollup == ROLLUP["worst"]
    if not worst.any():
        return
    for lo, hi in zip(cascade.level_bounds[:-1], cascade.level_bounds[1:], strict=True):
        sel = slice(int(lo), int(hi))
        child, parent = cascade.child[sel], cascade.parent[sel]
        keep = worst[parent]
        if hi == lo or not keep.any():
            continue
        child, parent = child[keep], parent[keep]
        starts, parents = _segments(parent)
        # a worst-of parent reads its children's statuses filled by its missing policy, as it reads their scores
        codes = np.where(status[child] == NO_DATA, np.nan, status[child].astype(np.float64))
        codes = fill_missing(cascade, parent, codes, zero=float(RED))
        child_status = np.where(np.isnan(codes), 99, codes).astype(np.int64)
        lowest = np.minimum.reduceat(child_status, starts, axis=0)
        status[parents] = np.where(lowest == 99, NO_DATA, lowest).astype(np.int8)


def _combine(cascade: Cascade, parents: Ints, own: Floats, children: Floats) -> Floats:
    mode = cascade.combine[parents][:, None]
    is_sum = (cascade.rollup[parents] == ROLLUP["sum"])[:, None]
    blend = cascade.blend[parents][:, None]
    blended = np.where(np.isnan(own), children, np.where(np.isnan(children), own, blend * own + (1 - blend) * children))
    use_own = (mode == COMBINE["own"]) | is_sum
    return np.where(use_own, own, np.where(mode == COMBINE["blend"], blended, children))
