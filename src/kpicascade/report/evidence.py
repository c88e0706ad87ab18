"""Driver-analysis findings as a table for the report, from plain records.

The report takes findings as records so that the driver analysis and the report need not know each
other's classes (the workbook's Drivers sheet does the same): each finding is a mapping, a dataclass,
or has an as_dict() method; each key becomes a column, in the order first seen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kpicascade.diagram import palette
from kpicascade.drivers import Correlation, Findings, SurveyDriver
from kpicascade.format import percent
from kpicascade.model import Scorecard
from kpicascade.plain_records import record

#: Columns whose words say how a link fared; the template colours them.
VERDICT_KEYS = ("verdict", "status", "result")


@dataclass
class FindingsTable:
    """Findings as column titles and rows of text, with the verdict column's index if there is one."""

    titles: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    verdict: int | None = None


def cell(value: object) -> str:
    """Return a finding's value as text: numbers to two decimals, intervals as low to high.

    >>> cell(0.4567), cell(12), cell((0.1, 0.62)), cell(None), cell(True)
    ('0.46', '12', '0.10 to 0.62', '\u2013', 'yes')
    """
    if value is None:
        return palette.DASH
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, list | tuple):
        if len(value) == 2 and all(isinstance(v, int | float) for v in value):
            return f"{cell(float(value[0]))} to {cell(float(value[1]))}"
        return ", ".join(cell(v) for v in value)
    return str(value)


def table(findings: Sequence[object]) -> FindingsTable:
    """Return the findings as a table: a column per key, a row per finding."""
    records = [record(f) for f in findings]
    keys: list[str] = []
    for rec in records:
        keys += [k for k in rec if k not in keys]
    verdict = next((k for k, key in enumerate(keys) if key in VERDICT_KEYS), None)
    return FindingsTable(
        [k.replace("_", " ").strip().capitalize() for k in keys],
        [[cell(rec.get(k)) for k in keys] for rec in records],
        verdict,
    )


def _correlation(c: Correlation) -> str:
    if c.r is None:
        return palette.DASH
    if c.low is None or c.high is None:
        return f"{c.r:+.2f}"
    return f"{c.r:+.2f} ({c.low:+.2f} to {c.high:+.2f})"


def from_drivers(card: Scorecard, found: Findings) -> list[dict[str, object]]:
    """Return the driver analysis of one scorecard as report records: one per signal -> measure link."""
    names = {n.id: n.name for n in card.nodes} | {s.id: s.name for s in card.signals}
    shares = {(i.node, w.driver): w.share for i in found.importance for w in i.weights}
    rows: list[dict[str, object]] = []
    for link in found.links:
        share = shares.get((link.node, link.signal))
        best = f"{link.best_lag}" if link.best_lag is not None and link.best_lag != link.lag else ""
        rows.append(
            {
                "verdict": link.verdict,
                "signal": names.get(link.signal, link.signal),
                "measure": names.get(link.node, link.node),
                "expected": f"{'+' if link.sign == '+' else palette.MINUS}, lag {link.lag}",
                "correlation_(95%_interval)": _correlation(link.at_lag),
                "n": link.at_lag.n,
                "best_lag": best or palette.DASH,
                "share_of_drivers": percent(share) if share is not None else palette.DASH,
                "why": link.reason.rsplit(": ", 1)[-1],
            }
        )
    return rows


def _span(value: float | None, low: float | None, high: float | None, fmt: str) -> str:
    if value is None:
        return palette.DASH
    if low is None or high is None:
        return format(value, fmt)
    return f"{format(value, fmt)} ({format(low, fmt)} to {format(high, fmt)})"


def _share(d: SurveyDriver, r2: float | None) -> str:
    if d.share is None:
        return palette.DASH
    if d.weight_low is None or d.weight_high is None or not r2:
        return percent(d.share)
    return f"{percent(d.share)} ({percent(d.weight_low / r2)} to {percent(d.weight_high / r2)})"


def from_surveys(card: Scorecard, found: Findings) -> list[dict[str, object]]:
    """Return the survey drivers of one scorecard as report records: one per question, with the measurements under it.

    The coefficient is the question's partial effect (standard deviations of the outcome per standard deviation
    of the answer, the other questions held equal) with its 95% interval; the share is its relative weight.
    """
    names = {n.id: n.name for n in card.nodes}
    rows: list[dict[str, object]] = []
    for survey in found.surveys:
        outcome = names.get(survey.node, survey.outcome) if survey.node else survey.outcome
        for d in survey.drivers:
            rows.append(
                {
                    "verdict": d.verdict,
                    "question": d.question,
                    "outcome": outcome,
                    "coefficient_(95%_interval)": _span(d.beta, d.beta_low, d.beta_high, "+.2f"),
                    "share_of_R²_(95%_interval)": _share(d, survey.r2),
                    "correlation": _correlation(d.correlation),
                    "respondents": d.correlation.n,
                    "measurements_under_it": ", ".join(names.get(m, m) for m in d.measurements) or palette.DASH,
                }
            )
    return rows
