"""Driver series and their pairs: a metric reported less often than the scorecard pairs over its reports."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kpicascade.drivers.links import instances_by_link
from kpicascade.drivers.series import lagged, series_of
from kpicascade.measurements import Measurement, Measurements
from kpicascade.model import Scorecard
from kpicascade.periods import Period

#: Monthly usage from January to October: one-period changes 5, 10, 15, ..., 45.
USERS = [100, 105, 115, 130, 150, 175, 205, 240, 280, 325]
#: A quarterly survey in January, April, July and October: changes 9, 6, 3 from one survey to the next.
NPS = {"2026-01": 22, "2026-04": 31, "2026-07": 37, "2026-10": 40}


def _card(frequency: str | None) -> Scorecard:
    metric = {"unit": "points", "baseline": 10, "target": 40, **({"frequency": frequency} if frequency else {})}
    card = Scorecard.model_validate(
        {
            "account": "Survey",
            "account_id": "survey",
            "vendor": "Vendor",
            "currency": "EUR",
            "calendar": "month",
            "horizon": {"start": "2026-01", "end": "2026-12"},
            "nodes": [{"id": "nps", "name": "NPS", "kind": "kpi", "perspective": "customer", "metric": metric}],
            "signals": [{"id": "users", "name": "Active users"}],
            "links": {"signals": [{"signal": "users", "node": "nps", "lag": 0}]},
        }
    )
    first = Period.parse("2026-01")
    rows = [Measurement("users", first + j, float(v)) for j, v in enumerate(USERS)]
    rows += [Measurement("nps", Period.parse(p), float(v)) for p, v in NPS.items()]
    card.set_measurements(Measurements(rows))
    return card


def _pairs(card: Scorecard, lag: int, levels: bool = False) -> list[tuple[float, float]]:
    series = series_of(card, levels)
    [(x, y)] = [
        (x, y) for _, x, y in instances_by_link([(series, [("users", "nps", "+", lag)])])[("users", "nps", "+", lag)]
    ]
    px, py = lagged(x, y, lag)
    return list(zip(px.tolist(), py.tolist(), strict=True))


# (case, frequency, lag, levels, expected pairs (signal, node), by hand)
PAIRS = [
    (
        "quarterly survey, lag 0: users' change over each survey's three months",
        "quarter",
        0,
        False,
        [(5 + 10 + 15, 31 - 22), (20 + 25 + 30, 37 - 31), (35 + 40 + 45, 40 - 37)],
    ),
    (
        "quarterly survey, lag 1: the three months before, one month earlier (January's change is unknown)",
        "quarter",
        1,
        False,
        [(15 + 20 + 25, 37 - 31), (30 + 35 + 40, 40 - 37)],
    ),
    (
        "quarterly survey, levels: the surveys against usage in the same month",
        "quarter",
        0,
        True,
        [(100, 22), (130, 31), (205, 37), (325, 40)],
    ),
    ("no frequency declared: months between surveys are gaps, so no change pairs", None, 0, False, []),
]


@pytest.mark.parametrize(("case", "frequency", "lag", "levels", "expected"), PAIRS, ids=[p[0] for p in PAIRS])
def test_a_sparse_metric_pairs_over_its_reports(
    case: str, frequency: str | None, lag: int, levels: bool, expected: list[tuple[float, float]]
) -> None:
    assert _pairs(_card(frequency), lag, levels) == expected  # whole numbers: exact


def test_a_missing_survey_leaves_out_the_change_across_it() -> None:
    card = _card("quarter")
    rows = [m for m in card.measurements if str(m.period) != "2026-07"]  # July's survey was not run
    card.set_measurements(Measurements(rows))
    # April -> October spans six months: no change of one survey's span, so only January -> April pairs
    assert _pairs(card, 0) == [(5 + 10 + 15, 31 - 22)]
    assert math.isnan(series_of(card).nodes["nps"][9])
    assert np.isnan(series_of(card).nodes["nps"][6])
