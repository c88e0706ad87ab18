"""Score a scorecard: own scores by method, roll-up through the cascade, figures over time.

numpy, the model and the engine are imported on first use: a build that finds every account up to date ranks
peers (scoring.peers) from the summaries its stamps hold, and needs none of them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from kpicascade._exceptions import PeriodError
from kpicascade.periods import Calendar, Period

if TYPE_CHECKING:
    import numpy as np

    from kpicascade.model import Scorecard
    from kpicascade.scoring.result import Contribution, NodeScore, Result

__all__ = ["Contribution", "NodeScore", "Result", "score"]
#: The names of scoring.result offered here, imported when first used.
_LAZY = {"Contribution", "NodeScore", "Result"}


def __getattr__(name: str) -> Any:
    """Import a public name of scoring.result on first use."""
    if name not in _LAZY:
        raise AttributeError(f"module 'kpicascade.scoring' has no attribute {name!r}")
    value = getattr(importlib.import_module("kpicascade.scoring.result"), name)
    globals()[name] = value
    return value


def _review_period(actual: np.ndarray, complete: np.ndarray, reached: np.ndarray) -> int:
    """Return the default period to review: the latest complete one with data.

    Else the latest the data has reached the end of (a metric still to report in it), else the latest with data.
    """
    import numpy as np

    measured = (~np.isnan(actual)).any(axis=0)
    for candidates in (measured & complete, measured & reached, measured):
        found = np.flatnonzero(candidates)
        if len(found):
            return int(found[-1])
    return 0


def score(card: Scorecard, period: str | Period | None = None, grain: Calendar | None = None) -> Result:
    """Return the scorecard scored over its horizon, viewed at period (by default the latest complete one with data).

    A partial period (a quarter with two of its months in) is scored like with like and viewed on request.
    """
    from kpicascade.scoring.engine import roll_up
    from kpicascade.scoring.prepare import arrays
    from kpicascade.scoring.result import Result

    laid_out = arrays(card, grain)
    rolled = roll_up(laid_out.cascade, laid_out.own)
    if period is None:
        cover = laid_out.coverage
        t = _review_period(laid_out.actual, cover.complete, (cover.counted == cover.due) & (cover.due > 0))
    else:
        wanted = period if isinstance(period, Period) else Period.parse(period, grain or card.calendar)
        if wanted not in laid_out.periods:
            span = f"{laid_out.periods[0]}..{laid_out.periods[-1]}"
            raise PeriodError(f"period {wanted} is outside the horizon {span}")
        t = laid_out.periods.index(wanted)
    return Result(card, laid_out, rolled, t)
