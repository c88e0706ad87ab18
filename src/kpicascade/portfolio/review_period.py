"""One review period for the whole portfolio: the latest complete period every account has."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kpicascade._exceptions import KpiCascadeError
from kpicascade.loader import load
from kpicascade.model import Scorecard
from kpicascade.periods import Calendar, Period


def common_period(cards: Sequence[Scorecard], grain: Calendar | None = None) -> tuple[Period | None, Calendar | None]:
    """Return the latest complete period all cards have, and the grain to score them in.

    Each card's own default is its latest complete period with data; the portfolio's is the earliest of
    those, so no account is viewed at a period it has not finished. With a quarterly card among monthly
    ones (or grain quarter), every card is scored by quarter, so all show the same quarter.
    """
    if not cards:
        return None, grain
    by_quarter = grain == "quarter" or any(card.calendar == "quarter" for card in cards)
    chosen: Calendar | None = "quarter" if by_quarter else grain
    defaults = []
    for card in cards:
        try:
            defaults.append(card.score(grain=chosen).period)
        except KpiCascadeError:
            continue  # the account's own build reports what is wrong with it
    return (min(defaults, key=lambda p: p.ordinal) if defaults else None), chosen


def review_period(
    paths: Sequence[Path], period: str | None, grain: Calendar | None, *, confine: bool = False
) -> tuple[str | None, Calendar | None]:
    """Return the period and grain every account of a build is viewed at.

    A period given is used as it is (a quarter scores monthly accounts by quarter); else the portfolio's
    common period, from the accounts that load (the others fail in their own build with their message).
    """
    if period is not None:
        quarter = Period.parse(period).calendar == "quarter" if _is_period(period) else False
        return period, "quarter" if quarter and grain is None else grain
    cards = []
    for path in paths:
        try:
            cards.append(load(path, lint=False, confine=confine))
        except (KpiCascadeError, OSError):
            continue
    found, chosen = common_period(cards, grain)
    return (str(found) if found else None), chosen


def _is_period(text: str) -> bool:
    try:
        Period.parse(text)
    except KpiCascadeError:
        return False
    return True
