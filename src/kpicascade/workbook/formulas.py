"""Excel formulas that reproduce the scoring engine, cell by cell.

A missing value is #N/A inside the hidden Calc and Links sheets, because #N/A flows through
arithmetic the way NaN does in numpy; cells people read show it as an empty cell instead.
Every function returns the text of one formula; the arguments are cell references.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from kpicascade.diagram import palette
from kpicascade.model import Metric, Scoring
from kpicascade.scoring.engine import MISSING, ROLLUP, THRESHOLD_TOLERANCE
from kpicascade.scoring.methods import DIRECTION
from kpicascade.scoring.prepare import score_bounds
from kpicascade.scoring.result import FLAT

#: Excel takes at most 255 arguments per function; longer lists are summed in chunks.
_MAX_ARGS = 200
STATUS_NAMES = '"no data","red","amber","green"'
ARROW_GLYPHS = palette.TREND_ARROWS


def num(x: float) -> str:
    """Return a number as formula text, exact to the last bit, negatives in brackets.

    >>> num(3.0), num(0.041), num(-2.5), num(1e-05)
    ('3', '0.041', '(-2.5)', '1E-05')
    """
    text = str(int(x)) if x == int(x) and abs(x) < 1e15 else repr(float(x)).upper()
    return f"({text})" if x < 0 else text


@dataclass(frozen=True)
class Terms:
    """What a node's own-score formula needs from its metric: method, baseline, band and rules."""

    method: str
    baseline: float
    direction: float
    low: float = math.nan
    high: float = math.nan
    tolerance: float = math.nan
    cap: float = math.nan
    rules: tuple[tuple[float | None, float | None, float], ...] = ()
    floor: float = math.nan

    @classmethod
    def of(cls, metric: Metric, scoring: Scoring, baseline: float, low: float, high: float, tolerance: float) -> Terms:
        """Return the terms of a metric, with the baseline, band and score bounds as the engine laid them out."""
        floor, cap = score_bounds(scoring, metric)
        return cls(
            metric.scoring_method,
            baseline,
            float(DIRECTION[metric.direction]),
            low,
            high,
            tolerance,
            cap,
            tuple((r.min, r.max, r.score) for r in metric.rules),
            floor,
        )


def actual(cell: str) -> str:
    """Return an input actual: #N/A when the cell is empty, an error when it holds text."""
    return f'=IF({cell}="",NA(),{cell}+0)'


def held_actual(cells: Sequence[str]) -> str:
    """Return an input actual, or else the latest earlier report among cells (newest first), else #N/A.

    A metric reported less often than the scorecard (a quarterly survey) holds its last report.
    """
    text = "NA()"
    for cell in reversed(cells):
        text = f'IF({cell}="",{text},{cell}+0)'
    return "=" + text


def echo(cell: str) -> str:
    """Return a copy of an input cell that stays empty when the input is empty."""
    return f'=IF({cell}="","",{cell})'


def missing() -> str:
    """Return a value that is never there: a node without a metric has no actual or own score."""
    return "=NA()"


def shown(cell: str) -> str:
    """Return a Calc value for people: empty instead of #N/A."""
    return f'=IF(ISNA({cell}),"",{cell})'


def status_name(code: str) -> str:
    """Return the status name for a status code (0 no data, 1 red, 2 amber, 3 green)."""
    return f"=CHOOSE({code}+1,{STATUS_NAMES})"


def _linear(a: str, baseline: float, target: float) -> str:
    return f"({a}-{num(baseline)})/({num(target)}-{num(baseline)})"


def own(terms: Terms, a: str, target: float, baseline: float | None = None) -> str:
    """Return a node's own score at one period from its actual, by its metric's method.

    baseline, when given, is the period's own (a partial quarter's sum metric counts fewer months).
    """
    method, b = terms.method, terms.baseline if baseline is None else baseline
    if method in {"linear", "clamped"}:
        if math.isnan(b) or math.isnan(target):
            return missing()
        return "=" + _bounded(_linear(a, b, target), terms.floor, terms.cap)
    if method == "band":
        if any(math.isnan(x) for x in (terms.low, terms.high, terms.tolerance)):
            return missing()
        outside = f"MAX({num(terms.low)}-{a},0)+MAX({a}-{num(terms.high)},0)"
        return f"=MAX(0,MIN(1,1-({outside})/{num(terms.tolerance)}))"
    if method == "binary":
        return f"=IF(ISNA({a}),NA(),{_met(terms, a, target)})"
    return f"=IF(ISNA({a}),NA(),{_rules(terms.rules, a)})"


def _bounded(score: str, floor: float, cap: float) -> str:
    held = score if math.isnan(floor) else f"MAX({num(floor)},{score})"
    return held if math.isnan(cap) else f"MIN({num(cap)},{held})"


def _met(terms: Terms, a: str, target: float) -> str:
    # numpy compares with NaN as false, so a missing target or band never counts as met
    if terms.direction == 0:
        if math.isnan(terms.low) or math.isnan(terms.high):
            return "0"
        return f"IF(AND({a}>={num(terms.low)},{a}<={num(terms.high)}),1,0)"
    if math.isnan(target):
        return "0"
    compare = ">=" if terms.direction > 0 else "<="
    return f"IF({a}{compare}{num(target)},1,0)"


def _rules(rules: Sequence[tuple[float | None, float | None, float]], a: str) -> str:
    text = "0"
    for low, high, score in reversed(rules):
        tests = ([f"{a}>={num(low)}"] if low is not None else []) + ([f"{a}<{num(high)}"] if high is not None else [])
        if not tests:
            text = num(score)
        else:
            test = tests[0] if len(tests) == 1 else f"AND({','.join(tests)})"
            text = f"IF({test},{num(score)},{text})"
    return text


def _carried(cell: str, earlier: Sequence[str], empty: str, blank: str) -> str:
    """Return cell, or else the latest of earlier (newest first) that is not empty, or else blank."""
    fallback = blank
    for previous in reversed(earlier):
        fallback = f"IF({empty.format(previous)},{fallback},{previous})"
    return f"IF({empty.format(cell)},{fallback},{cell})"


def link_value(child: str, earlier: Sequence[str] = ()) -> str:
    """Return a child's value as its parent reads it: empty when missing, or carried from earlier (newest first).

    Only a carry parent passes earlier cells, at most max_age of them and none after the last period with
    data; a zero parent counts its missing children in children_score instead.
    """
    return "=" + _carried(child, earlier, "ISNA({})", chr(34) * 2)


def link_status(code: str, earlier: Sequence[str] = ()) -> str:
    """Return a child's status code as a worst-of parent reads it: empty for no data, or carried from earlier."""
    return "=" + _carried(code, earlier, "{}=0", chr(34) * 2)


def children_score(rollup: int, weights: str, values: str, policy: int = MISSING["skip"]) -> str:
    """Return a parent's score from its children's values: weighted mean over those present, or the lowest.

    Under the zero policy a missing child counts 0 with its full weight, as long as one child is present.
    """
    none = f"COUNT({values})=0"
    if rollup == ROLLUP["min"]:
        if policy == MISSING["zero"]:
            return f"=IF({none},NA(),IF(COUNT({values})<ROWS({values}),MIN(0,MIN({values})),MIN({values})))"
        return f"=IF({none},NA(),MIN({values}))"
    if policy == MISSING["zero"]:
        return f"=IF({none},NA(),SUMPRODUCT({weights},{values})/SUM({weights}))"
    present = f"SUMPRODUCT({weights},--ISNUMBER({values}))"
    return f"=IF({present}=0,NA(),SUMPRODUCT({weights},{values})/{present})"


def weighted_sum(weights: str, values: str, policy: int = MISSING["skip"]) -> str:
    """Return a sum parent's actual: the weighted sum of its children's actuals, never a partial sum.

    One child missing (after carrying) leaves no value; under the zero policy a missing child adds 0, as long
    as one child is present.
    """
    missing = f"COUNT({values})=0" if policy == MISSING["zero"] else f"COUNT({values})<ROWS({values})"
    return f"=IF({missing},NA(),SUMPRODUCT({weights},{values}))"


def combined(mode: str, own_score: str, children: str, blend: float) -> str:
    """Return a parent's score from its own score and its children's, as the node's combine setting says."""
    if mode == "own":
        return f"={own_score}"
    if mode == "children":
        return f"={children}"
    mixed = f"{num(blend)}*{own_score}+(1-{num(blend)})*{children}"
    return f"=IF(ISNA({own_score}),{children},IF(ISNA({children}),{own_score},{mixed}))"


def at_least(threshold: float) -> str:
    """Return a status threshold less the engine's rounding tolerance, as Excel computes it.

    >>> at_least(0.9)
    '0.9-1E-09'
    """
    return f"{num(threshold)}-{num(THRESHOLD_TOLERANCE)}"


def status(score: str, green: float, amber: float) -> str:
    """Return a status code: 3 green at or above green, 2 amber at or above amber, 1 red, 0 no data."""
    return f"=IF(ISNA({score}),0,IF({score}>={at_least(green)},3,IF({score}>={at_least(amber)},2,1)))"


def worst(codes: str, policy: int = MISSING["skip"]) -> str:
    """Return the worst status code among children with data, 0 when none has; under zero a missing child is red."""
    if policy == MISSING["zero"]:
        return f"=IF(COUNT({codes})=0,0,IF(COUNT({codes})<ROWS({codes}),1,MIN({codes})))"
    return f"=IF(COUNT({codes})=0,0,MIN({codes}))"


def _nested(function: str, refs: Sequence[str]) -> str:
    if len(refs) <= _MAX_ARGS:
        return f"{function}({','.join(refs)})"
    parts = [_nested(function, refs[i : i + _MAX_ARGS]) for i in range(0, len(refs), _MAX_ARGS)]
    return f"SUM({','.join(parts)})"


def total(refs: Sequence[str]) -> str:
    """Return the sum of the numbers in refs, empty when there is none."""
    return f'=IF({_nested("COUNT", refs)}=0,"",{_nested("SUM", refs)})'


def mean(refs: Sequence[str]) -> str:
    """Return the mean of the numbers in refs, empty when there is none."""
    count = _nested("COUNT", refs)
    return f'=IF({count}=0,"",{_nested("SUM", refs)}/{count})'


def status_of_score(score: str, green: float, amber: float) -> str:
    """Return a status name from a score on a sheet people read (empty score: no data)."""
    return (
        f'=IF({score}="","no data",IF({score}>={at_least(green)},"green",IF({score}>={at_least(amber)},"amber","red")))'
    )


def roi(value_cell: str, fee: float) -> str:
    """Return the return on the vendor's fee: (value realised - fee) / fee."""
    return f"=({value_cell}-{num(fee)})/{num(fee)}"


def crosses(cell: str, thresholds: Sequence[float], digits: int) -> str:
    """Return a test: rounding the score to digits decimals of a percent moves it across a status threshold.

    >>> crosses("E5", (0.9,), 0)
    '(E5>=0.9-1E-09)<>(ROUND(E5,2)>=0.9-1E-09)'
    """
    tests = [f"({cell}>={at_least(t)})<>(ROUND({cell},{digits + 2})>={at_least(t)})" for t in thresholds]
    return tests[0] if len(tests) == 1 else f"OR({','.join(tests)})"


def shown_score(cell: str, thresholds: Sequence[float]) -> str:
    """Return a Calc score for people, empty instead of #N/A, held below a threshold it has not reached.

    As format.score: a score within a hundredth of a percent below a threshold shows its floor to a tenth.
    """
    floor = f"INT({cell}*1000)/1000"
    return f'=IF(ISNA({cell}),"",IF({crosses(cell, thresholds, 2)},{floor},{cell}))'


def trend_arrow(score: str, reported: str, intercept: float, rate: float, earlier: str) -> str:
    """Return the trend arrow at the viewed period from its score cell, as the engine draws it.

    With the period reported, the slope through the earlier points and this one is intercept + rate x score
    (least squares is linear in the last point); otherwise the arrow of the earlier points alone.
    """
    slope = f"{num(intercept)}+{num(rate)}*{score}"
    up, down, flat = ARROW_GLYPHS["up"], ARROW_GLYPHS["down"], ARROW_GLYPHS["flat"]
    arrows = f'IF(ABS({slope})<{num(FLAT)},"{flat}",IF({slope}>0,"{up}","{down}"))'
    return f'=IF({reported},{arrows},"{earlier}")'


def reported_count(cells: Sequence[str], total: int) -> str:
    """Return "3 of 4 reported" when fewer of a parent's children than all have their own data, else empty."""
    count = _nested("COUNT", cells)
    return f'IF({count}<{total},{count}&" of {total} reported","")'


def held_note(actual_input: str, actual: str) -> str:
    """Return "held from the last report" when the period's input is empty and an earlier report fills it."""
    return f'IF(AND({actual_input}="",NOT(ISNA({actual}))),"held from the last report","")'


def joined(parts: Sequence[str]) -> str:
    """Return a formula joining texts that may be empty, with "; " between those that are not.

    >>> joined(['"a"', "B1"])
    '=MID(IF("a"="","","; "&"a")&IF(B1="","","; "&B1),3,999)'
    """
    pieces = "&".join(f'IF({p}="","","; "&{p})' for p in parts)
    return f"=MID({pieces},3,999)"
