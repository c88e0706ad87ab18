"""Series for driver analysis: a scorecard's node actuals and signal values per period, as changes or levels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from kpicascade.model import Scorecard
from kpicascade.periods import Period
from kpicascade.scoring.prepare import arrays

Floats = np.ndarray[Any, np.dtype[np.float64]]


@dataclass(frozen=True)
class Series:
    """One account's node actuals and signal values over its horizon, in the scorecard's calendar."""

    account: str
    periods: list[Period]
    nodes: dict[str, Floats]
    signals: dict[str, Floats]


def series_of(card: Scorecard, levels: bool = False) -> Series:
    """Return a scorecard's series: period-on-period changes (or levels), missing periods as NaN."""
    laid_out = arrays(card)
    shape = changes if not levels else (lambda v: v)
    nodes = {ident: shape(laid_out.measured[i]) for i, ident in enumerate(laid_out.ids)}
    signals = {ident: shape(laid_out.signal_values[i]) for i, ident in enumerate(laid_out.signal_ids)}
    return Series(card.account_id, laid_out.periods, nodes, signals)


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
