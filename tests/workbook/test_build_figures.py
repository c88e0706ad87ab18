"""Trend terms: the engine's trend slope as a straight line in the viewed period's live score."""

from __future__ import annotations

import pytest

import kpicascade
from kpicascade.workbook.build_figures import arrows, trend_terms
from tests.workbook.conftest import CARDS


def test_trend_terms_are_the_least_squares_line_through_the_earlier_reports() -> None:
    result = kpicascade.load(CARDS / "live.yaml").score(period="2026-04")
    terms = trend_terms(result)
    fill = terms[result.index["kpi_fill"]]
    # earlier scores 0.1, 0.2, 0.3 at months 0, 1, 2 and the live one at 3: mean month 1.5,
    # Sxx = 2.25 + 0.25 + 0.25 + 2.25 = 5; intercept (-1.5 x 0.1 - 0.5 x 0.2 + 0.5 x 0.3) / 5 = -0.02,
    # rate (3 - 1.5) / 5 = 0.3: at the score 0.4, slope -0.02 + 0.12 = 0.1 a month
    assert fill.intercept == pytest.approx(-0.02)
    assert fill.rate == pytest.approx(0.3)
    assert fill.earlier == "up"  # 0.1, 0.2, 0.3 alone rise too
    survey = terms[result.index["kpi_survey"]]
    # one earlier report (0.7 in February, month 1): mean month (1 + 3) / 2 = 2, Sxx = 1 + 1 = 2;
    # intercept (1 - 2) x 0.7 / 2 = -0.35, rate (3 - 2) / 2 = 0.5; one report alone has no trend: flat
    assert survey.intercept == pytest.approx(-0.35)
    assert survey.rate == pytest.approx(0.5)
    assert survey.earlier == "flat"
    speed = terms[result.index["kpi_speed"]]
    assert (speed.intercept, speed.rate, speed.earlier) == (0.0, 0.0, "flat")  # no earlier report


def test_arrows_leave_held_months_out_as_the_engine() -> None:
    result = kpicascade.load(CARDS / "live.yaml").score(period="2026-04")
    found = arrows(result)
    assert [found[result.index[n.id]] for n in result.nodes()] == [n.trend_arrow for n in result.nodes()]
