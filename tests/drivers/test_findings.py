"""Verdict words an executive reads correctly: the figures behind each, and no range where there is none."""

from __future__ import annotations

from typing import Literal

import pytest

from kpicascade.drivers import VERDICTS, Correlation, verdict
from kpicascade.drivers.findings import coefficient_verdict


@pytest.mark.parametrize(
    ("c", "sign", "word", "reason"),
    [
        (
            Correlation(20, -0.17, -0.65, 0.38, 0.5, 20.0),
            "+",
            "no sign of an effect yet",
            "r = -0.17, between -0.65 and +0.38, 20 periods: the range includes 0",
        ),
        (
            Correlation(20, 0.45, -0.62, 0.94, 0.4, 6.6),
            "+",
            "no sign of an effect yet",
            "r = +0.45, between -0.62 and +0.94, 20 periods, worth about 7 independent ones: the range includes 0",
        ),
        (
            Correlation(24, 0.61, 0.22, 0.83, 0.003, 23.0),
            "+",
            "confirmed",
            "r = +0.61, between +0.22 and +0.83, 24 periods, worth about 23 independent ones: positive, as expected",
        ),
        (
            Correlation(24, 0.61, 0.22, 0.83, 0.003, 23.8),
            "-",
            "contradicted",
            "r = +0.61, between +0.22 and +0.83, 24 periods: the data say positive, not negative",
        ),
        (Correlation(5, 0.9, None, None, None, 5.0), "+", "too few periods", "5 periods; at least 6 needed"),
        (Correlation(12), "+", "too few periods", "12 periods, but one of the series does not change"),
        (
            Correlation(8, 0.8, None, None, None, 2.1),
            "+",
            "too few periods",
            "8 periods, worth about 2 independent ones: too few to compute an interval",
        ),
    ],
)
def test_link_verdicts(c: Correlation, sign: Literal["+", "-"], word: str, reason: str) -> None:
    assert verdict(c, sign) == (word, reason)


def test_survey_words_count_respondents() -> None:
    assert verdict(Correlation(4), "+", "respondents")[0] == "too few respondents"
    assert coefficient_verdict(None, None, None, 5) == (
        "too few respondents",
        "5 respondents with every question answered: too few for the regression",
    )


@pytest.mark.parametrize(
    ("beta", "low", "high", "word"),
    [
        (0.54, 0.43, 0.64, "confirmed"),
        (-0.06, -0.17, 0.04, "no sign of an effect yet"),
        (-0.3, -0.4, -0.2, "contradicted"),
        (0.1, 0.0, 0.2, "no sign of an effect yet"),  # a range touching 0 does not exclude it
    ],
)
def test_survey_verdict_is_on_the_coefficient(beta: float, low: float, high: float, word: str) -> None:
    found, reason = coefficient_verdict(beta, low, high, 400)
    assert found == word
    assert reason.startswith(f"coefficient {beta:+.2f}, between {low:+.2f} and {high:+.2f}, 400 respondents")
    assert found in VERDICTS
