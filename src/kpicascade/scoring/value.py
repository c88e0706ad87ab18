"""Value: a measure's improvement over its baseline as a yearly run rate, with a range from the series' own noise.

The level is the mean of the measure's reports over the trailing year (12 months or 4 quarters, in the
scorecard's calendar), so the same data gives the same value whether it is viewed by month or by quarter.
The range is that mean's 95% interval: the noise of one report is estimated from the changes between
consecutive reports (half their mean square: a slow trend barely moves it, unlike the plain spread), and
an improvement whose interval includes zero is within noise: no money.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from kpicascade.scoring.engine import Floats

#: Reporting periods in a year, by calendar: a flow (a metric that adds up) is valued per unit over a year.
PERIODS_PER_YEAR = {"month": 12, "quarter": 4}


def money_per_unit(value_per_unit: float, aggregation: str, calendar: str) -> float:
    """Return the money a year that one unit of a measure's level is worth, in the scorecard's own periods.

    A level (a rate, a share, a time) is worth value_per_unit a year as it stands; a flow (aggregation sum: orders,
    spend per period) repeats every period, so one more unit each period is worth value_per_unit times the periods
    in a year. The value figures, the what-if projections and the workbook's Scenarios sheet all use this.
    """
    return value_per_unit * (PERIODS_PER_YEAR[calendar] if aggregation == "sum" else 1)


#: Fewer reports in the trailing year than this cannot tell a change from noise.
MIN_REPORTS = 3
#: Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom.
_T95 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip

State = Literal["beyond noise", "within noise", "too few reports", "no reports"]


def t95(df: int) -> float:
    """Return the two-sided 95% quantile of Student's t (Cornish-Fisher expansion above 30 degrees of freedom).

    >>> t95(11), round(t95(60), 3)
    (2.201, 2.0)
    """
    if df < 1:
        raise ValueError("t needs at least one degree of freedom")
    if df <= len(_T95):
        return _T95[df - 1]
    z = 1.959964
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


@dataclass(frozen=True)
class RunRate:
    """One measure's yearly value: its trailing level against the baseline, the noise, and the 95% range."""

    level: float | None
    reports: int
    #: The noise of one report (in the metric's unit), from consecutive changes; None with fewer than 3 reports.
    noise: float | None
    #: (level - baseline) in the direction of improvement, in the metric's unit per reporting period.
    improvement: float | None
    #: Money per unit of improvement over a year: value per unit, times the periods in a year for a flow.
    money_per_unit: float
    value: float | None
    low: float | None
    high: float | None
    state: State

    @property
    def counted(self) -> tuple[float, float, float]:
        """Return the value, low and high that count as money: zero unless the value is beyond noise."""
        if self.state != "beyond noise" or self.value is None or self.low is None or self.high is None:
            return 0.0, 0.0, 0.0
        return self.value, self.low, self.high


def noise(reports: Floats) -> tuple[float, int] | None:
    """Return the noise of one report from the changes between consecutive reports, and how many changes.

    sigma^2 = sum(d^2) / (2m) over m changes d: for independent noise around a level each change has
    variance 2 sigma^2; a trend adds only its slope squared.

    >>> noise(np.array([10.0, 12.0, 10.0, 12.0]))
    (1.4142135623730951, 3)
    """
    changes = np.diff(reports[~np.isnan(reports)])
    if len(changes) < 2:
        return None
    return math.sqrt(float(changes @ changes) / (2 * len(changes))), len(changes)


def run_rate(history: Floats, window: int, baseline: float, direction: float, money_per_unit: float) -> RunRate:
    """Return the run rate of a measure whose reports up to the viewed period are history (NaN: no report)."""
    recent = history[max(len(history) - window, 0) :]
    recent = recent[~np.isnan(recent)]
    if not len(recent):
        return RunRate(None, 0, None, None, money_per_unit, None, None, None, "no reports")
    level = float(recent.mean())
    improvement = (level - baseline) * direction
    value = improvement * money_per_unit
    found = noise(history)
    if found is None or len(recent) < MIN_REPORTS:
        return RunRate(level, len(recent), None, improvement, money_per_unit, value, None, None, "too few reports")
    sigma, changes = found
    half = t95(max(changes - 1, 1)) * sigma / math.sqrt(len(recent)) * abs(money_per_unit)
    low, high = value - half, value + half
    state: State = "beyond noise" if low > 0 or high < 0 else "within noise"
    return RunRate(level, len(recent), sigma, improvement, money_per_unit, value, low, high, state)


def roi(value: float, fee: float | None) -> float | None:
    """Return (value - fee) / fee, or None without a fee."""
    if not fee:
        return None
    return (value - fee) / fee
