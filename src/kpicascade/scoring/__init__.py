"""Score a scorecard: own scores by method, roll-up through the cascade, figures over time."""

from __future__ import annotations

import numpy as np

from kpicascade._exceptions import PeriodError
from kpicascade.model import Scorecard
from kpicascade.periods import Calendar, Period
from kpicascade.scoring.engine import roll_up
from kpicascade.scoring.prepare import arrays
from kpicascade.scoring.result import Contribution, NodeScore, Result

__all__ = ["Contribution", "NodeScore", "Result", "score"]


def _latest_with_data(actual: np.ndarray) -> int:
    measured = np.flatnonzero((~np.isnan(actual)).any(axis=0))
    return int(measured[-1]) if len(measured) else 0


def score(card: Scorecard, period: str | Period | None = None, grain: Calendar | None = None) -> Result:
    """Return the scorecard scored over its horizon, viewed at period (the latest with data by default)."""
    laid_out = arrays(card, grain)
    rolled = roll_up(laid_out.cascade, laid_out.own)
    if period is None:
        t = _latest_with_data(laid_out.actual)
    else:
        wanted = period if isinstance(period, Period) else Period.parse(period, grain or card.calendar)
        if wanted not in laid_out.periods:
            span = f"{laid_out.periods[0]}..{laid_out.periods[-1]}"
            raise PeriodError(f"period {wanted} is outside the horizon {span}")
        t = laid_out.periods.index(wanted)
    return Result(card, laid_out, rolled, t)
