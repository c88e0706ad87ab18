"""Series for driver analysis: a scorecard's node actuals and signal values per period, as changes or levels."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kpicascade.model import Scorecard
from kpicascade.periods import Period
from kpicascade.scoring.prepare import COVERS, Arrays, arrays

Floats = np.ndarray[Any, np.dtype[np.float64]]


@dataclass(frozen=True)
class Series:
    """One account's node actuals and signal values over its horizon, in the scorecard's calendar."""

    account: str
    periods: list[Period]
    nodes: dict[str, Floats]
    signals: dict[str, Floats]
    #: As changes, a metric reported less often than the scorecard (a quarterly survey): the periods one report
    #: covers. Its changes run from report to report, and a signal's are taken over as many periods (`pair_with`).
    every: dict[str, int] = field(default_factory=dict)

    def pair_with(self, signal: str, node: str) -> Floats:
        """Return the signal's series as it pairs with the node: over a report's periods for a sparse metric."""
        values = self.signals[signal]
        return trailing(values, self.every[node]) if node in self.every else values


def series_of(card: Scorecard, levels: bool = False, laid_out: Arrays | None = None) -> Series:
    """Return a scorecard's series: period-on-period changes (or levels), missing periods as NaN.

    A metric reported less often than the scorecard changes from one report to the next (its held months are
    no data): a quarterly survey's changes are its reports' differences three months apart. laid_out is the
    card's scoring arrays in its own calendar when they are already made.
    """
    laid_out = laid_out if laid_out is not None else arrays(card)
    shape = changes if not levels else (lambda v: v)
    every = {}
    for n in card.nodes:
        covers = COVERS.get((card.calendar, n.metric.frequency)) if n.metric and n.metric.frequency else None
        if covers is not None and not levels:
            every[n.id] = covers
    nodes = {
        ident: report_changes(laid_out.measured[i], every[ident]) if ident in every else shape(laid_out.measured[i])
        for i, ident in enumerate(laid_out.ids)
    }
    signals = {ident: shape(laid_out.signal_values[i]) for i, ident in enumerate(laid_out.signal_ids)}
    return Series(card.account_id, laid_out.periods, nodes, signals, every)


def report_changes(values: Floats, every: int) -> Floats:
    """Return each report's change from the report `every` periods before it; none after a missing report.

    >>> report_changes(np.array([22.0, np.nan, np.nan, 31.0, np.nan, np.nan, 37.0]), 3).tolist()
    [nan, nan, nan, 9.0, nan, nan, 6.0]
    """
    out = np.full(len(values), np.nan)
    out[every:] = values[every:] - values[:-every]
    return out


def trailing(values: Floats, periods: int) -> Floats:
    """Return each period's change over the last `periods` periods, from one-period changes (none with a gap).

    >>> trailing(np.array([np.nan, 1.0, 2.0, 3.0, 4.0]), 2).tolist()
    [nan, nan, 3.0, 5.0, 7.0]
    """
    out = np.full(len(values), np.nan)
    for k in range(periods - 1, len(values)):
        out[k] = values[k - periods + 1 : k + 1].sum()
    return out


def changes(values: Floats) -> Floats:
    """Return period-on-period changes; the first period, and any after a gap, has none.

    >>> changes(np.array([1.0, 3.0, np.nan, 4.0, 6.0])).tolist()
    [nan, 2.0, nan, nan, 2.0]
    """
    out = np.full(len(values), np.nan)
    out[1:] = values[1:] - values[:-1]
    return out


def lagged(x: Floats, y: Floats, lag: int) -> tuple[Floats, Floats]:
    """Return the pairs (x at t - lag, y at t) where both are known.

    >>> lagged(np.array([1.0, 2.0, 3.0, 4.0]), np.array([10.0, 20.0, 30.0, 40.0]), 1)
    (array([1., 2., 3.]), array([20., 30., 40.]))
    """
    if lag >= len(y):
        return np.zeros(0), np.zeros(0)
    xs, ys = x[: len(x) - lag], y[lag:]
    known = ~(np.isnan(xs) | np.isnan(ys))
    return xs[known], ys[known]
