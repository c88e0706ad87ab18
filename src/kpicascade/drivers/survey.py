"""Survey drivers: read responses (an outcome such as NPS or CSAT, and driver questions) and rank the drivers.

A response file is a CSV with one row per respondent: optional respondent, account and period columns, the
outcome column the scorecard's survey section names, and one numeric column per driver question. When it has
an account column, only the rows of the scorecard's account_id are used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from kpicascade import csv_table, hints, input_files
from kpicascade import graph as graphs
from kpicascade._exceptions import ScorecardError
from kpicascade.drivers.findings import SurveyDriver, SurveyFinding, coefficient_verdict
from kpicascade.drivers.importance import decompose
from kpicascade.drivers.series import Floats
from kpicascade.drivers.stats import coefficients, correlation, weight_intervals
from kpicascade.model import Scorecard, Survey
from kpicascade.problems import Location, Problem

RESERVED = ("respondent", "account", "period")
MAX_BYTES = 200 * 1024 * 1024
#: Problems reported for one file: a file of garbage must not print a million lines.
MAX_PROBLEMS = 100


@dataclass(frozen=True)
class Responses:
    """An account's survey responses: the outcome and each driver question as numbers (NaN where unanswered)."""

    file: str
    outcome: Floats
    questions: dict[str, Floats]


def _number(text: str) -> float:
    text = text.strip()
    if hints.is_unanswered(text):  # N/A, don't know, a blank: see hints.UNANSWERED
        return math.nan
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _columns(survey: Survey, header: list[str], file: str) -> tuple[list[str], list[Problem]]:
    wanted = list(survey.drivers) or [c for c in header if c not in (*RESERVED, survey.outcome)]
    missing = [c for c in (survey.outcome, *wanted) if c not in header]
    # the columns found are not listed: the file may be anything, and its text is not ours to repeat
    problems = [
        Problem(
            "error", "survey-column", f"missing column {c!r} ({len(header)} columns found)", Location(file, 1), (c,)
        )
        for c in missing
    ]
    return wanted, problems


def _table(path: Path) -> csv_table.CsvTable:
    file = str(path)
    if (reason := input_files.refusal(path)) is not None:
        message = "survey responses file not found" if reason == "not found" else f"the survey file {reason}"
        raise ScorecardError([Problem("error", "survey-file", message, Location(file))])
    try:
        return csv_table.read(path, (), MAX_BYTES)
    except csv_table.CsvFileError as exc:
        raise ScorecardError([Problem("error", "survey-file", exc.message, exc.location)]) from None
    except OSError as exc:
        raise ScorecardError(
            [Problem("error", "survey-file", f"cannot read: {exc.strerror}", Location(file))]
        ) from None


def read_responses(card: Scorecard, path: Path) -> Responses:
    """Return the responses of the scorecard's account in a survey CSV; raise ScorecardError naming bad cells."""
    survey = card.survey or Survey(outcome="nps")
    file = str(path)
    table = _table(path)
    header = table.header.values
    questions, problems = _columns(survey, header, file)
    if problems:
        raise ScorecardError(problems)
    at = {c: header.index(c) for c in (survey.outcome, *questions)}
    account = header.index("account") if "account" in header else None
    values: dict[str, list[float]] = {c: [] for c in at}
    for record in table.rows():
        row = record.values
        if account is not None and (row[account] if account < len(row) else "") != card.account_id:
            continue
        for column, found in values.items():
            try:
                found.append(_number(row[at[column]] if at[column] < len(row) else ""))
            except ValueError:
                where = Location(file, record.line)
                problems.append(Problem("error", "survey-value", "the answer is not a number", where, (column,)))
                if len(problems) >= MAX_PROBLEMS:
                    raise ScorecardError(problems) from None
    if problems:
        raise ScorecardError(problems)
    arrays = {c: np.array(v, dtype=np.float64) for c, v in values.items()}
    return Responses(file, arrays.pop(survey.outcome), arrays)


def _under(card: Scorecard, node_ids: list[str]) -> tuple[str, ...]:
    """Return the measured nodes at and beneath the given nodes of the cascade, in the scorecard's order."""
    graph = graphs.build(card)
    below = set(node_ids)
    for ident in node_ids:
        below |= graphs.descendants(graph, ident)
    return tuple(n.id for n in card.nodes if n.id in below and n.metric is not None)


def _bounds(values: Floats | None, j: int) -> float | None:
    if values is None or not math.isfinite(float(values[j])):
        return None
    return float(values[j])


def rank(card: Scorecard, responses: Responses) -> SurveyFinding:
    """Return the survey's driver questions ranked by their share of R², each judged on its partial effect.

    Each question's standardised coefficient comes from one regression of the outcome on every question, over
    the respondents who answered them all; a question is confirmed when its coefficient's interval lies above 0.
    """
    survey = card.survey or Survey(outcome="nps")
    questions = list(responses.questions)
    rows = np.column_stack([*responses.questions.values(), responses.outcome]) if questions else np.zeros((0, 1))
    complete = rows[~np.isnan(rows).any(axis=1)]
    split = decompose(survey.outcome, [(q, 0) for q in questions], complete, "account", (card.account_id,))
    weights = {w.driver: w for w in split.weights}
    fitted = coefficients(complete) if split.r2 is not None else None
    low_w, high_w = weight_intervals(complete) if split.r2 is not None else (None, None)
    drivers = []
    for j, q in enumerate(questions):
        known = ~(np.isnan(responses.questions[q]) | np.isnan(responses.outcome))
        c = correlation(responses.questions[q][known], responses.outcome[known])
        beta, low, high = (None, None, None) if fitted is None else (float(v[j]) for v in fitted)
        word, reason = coefficient_verdict(beta, low, high, len(complete))
        w = weights.get(q)
        nodes = survey.drivers.get(q, [])
        drivers.append(
            SurveyDriver(
                q,
                0,
                c,
                w.weight if w else None,
                w.share if w else None,
                w.shapley if w else None,
                word,
                reason,
                tuple(nodes),
                _under(card, nodes),
                beta,
                low,
                high,
                _bounds(low_w, j),
                _bounds(high_w, j),
            )
        )
    drivers.sort(key=lambda d: (d.weight is None, -(d.weight or 0.0), -abs(d.correlation.r or 0.0)))
    ranked = tuple(replace(d, rank=i + 1) for i, d in enumerate(drivers))
    return SurveyFinding(
        card.account_id,
        responses.file,
        survey.outcome,
        survey.node,
        len(responses.outcome),
        split.r2,
        ranked,
        split.note,
    )
