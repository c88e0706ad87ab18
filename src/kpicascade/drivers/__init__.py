"""Driver analysis: does the data confirm that each usage signal moves the node it is linked to?

For every signal -> node link: the correlation of the signal, lagged as declared, with the node's actual,
its number of periods and 95% interval, and the best lag within a window; per account and pooled across the
accounts of a portfolio. For nodes with several signal drivers, their relative importance. For survey
outcomes, the driver questions ranked the same way, with the measurements that sit under each.

Series are period-on-period changes by default: two series that both trend over time correlate in levels
whether or not one drives the other, while their changes correlate only when they move together.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kpicascade.drivers.findings import (
    MIN_PAIRS,
    VERDICTS,
    Effect,
    Findings,
    Importance,
    LinkFinding,
    SurveyDriver,
    SurveyFinding,
    Verdict,
    Weight,
    verdict,
)
from kpicascade.drivers.importance import Driver, importance
from kpicascade.drivers.links import Key, link_findings
from kpicascade.drivers.series import series_of
from kpicascade.drivers.stats import Correlation
from kpicascade.drivers.survey import Responses, rank, read_responses
from kpicascade.model import Scorecard
from kpicascade.scoring.prepare import Arrays

__all__ = [
    "MIN_PAIRS",
    "VERDICTS",
    "Correlation",
    "Effect",
    "Findings",
    "Importance",
    "LinkFinding",
    "Responses",
    "SurveyDriver",
    "SurveyFinding",
    "Verdict",
    "Weight",
    "analyse",
    "rank",
    "read_responses",
    "survey_path",
    "verdict",
]


def survey_path(card: Scorecard) -> Path | None:
    """Return the survey responses file a scorecard names, relative to the scorecard's own file."""
    if card.survey is None or card.survey.file is None:
        return None
    return Path(card.source.main_file).parent / card.survey.file


def _links(card: Scorecard) -> tuple[list[Key], dict[str, list[Driver]]]:
    keys: list[Key] = [(s.signal, s.node, s.sign, s.lag) for s in card.links.signals]
    by_node: dict[str, list[Driver]] = {}
    for signal, node, _, lag in keys:
        drivers = by_node.setdefault(node, [])
        if signal not in (d[0] for d in drivers):
            drivers.append((signal, lag))
    return keys, by_node


def analyse(
    cards: Sequence[Scorecard],
    *,
    window: int = 4,
    levels: bool = False,
    survey: Path | None = None,
    laid_out: Sequence[Arrays] | None = None,
) -> Findings:
    """Return the driver findings of scorecards (with their actuals): links, relative importance, surveys.

    laid_out, when given, holds each card's scoring arrays in its own calendar, already made (a Result's).

    Survey responses are read from each scorecard's survey.file, or from survey when given (for every
    scorecard with a survey section); raise ScorecardError naming file, line and column if they are unreadable.
    """
    given = laid_out if laid_out is not None else [None] * len(cards)
    prepared = [(card, series_of(card, levels, a), *_links(card)) for card, a in zip(cards, given, strict=True)]
    links = link_findings([(s, keys) for _, s, keys, _ in prepared], window)
    weights = importance([(s, by_node) for _, s, _, by_node in prepared])
    surveys = []
    for card in cards:
        path = survey if survey is not None and card.survey is not None else survey_path(card)
        if path is not None:
            surveys.append(rank(card, read_responses(card, path)))
    return Findings(links, weights, surveys, "levels" if levels else "changes", window)
