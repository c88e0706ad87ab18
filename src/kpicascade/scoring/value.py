"""Value realised: improvement over baseline times value per unit, rolled up, and ROI."""

from __future__ import annotations

import numpy as np

from kpicascade.scoring.engine import Floats


def realised(actual: Floats, baseline: Floats, direction: Floats, value_per_unit: Floats) -> Floats:
    """Return money realised per node and period: improvement in the metric's direction times value per unit.

    A band metric has no direction of improvement and realises nothing; a worsening realises a negative value.
    """
    improvement = (actual - baseline[:, None]) * direction[:, None]
    return np.where(direction[:, None] == 0, np.nan, improvement * value_per_unit[:, None])


def roi(value: float, fee: float | None) -> float | None:
    """Return (value - fee) / fee, or None without a fee."""
    if not fee:
        return None
    return (value - fee) / fee
