"""One review period for the whole portfolio: the latest complete period every account has."""

from __future__ import annotations

from pathlib import Path

import pytest

import kpicascade
from kpicascade.periods import Period
from kpicascade.portfolio.review_period import common_period, review_period
from tests.conftest import ROOT

EXAMPLES = {p.stem: p for p in sorted((ROOT / "scorecards").glob("*.yaml"))}


@pytest.mark.parametrize(
    ("names", "period", "grain"),
    [
        # Meridian's actuals end in 2026-04, Brightloop's in 2026-09: the earlier month is complete in both
        (["brightloop-software", "meridian-health"], "2026-04", None),
        # Northwind is quarterly: every account by quarter; Meridian's 2026-04 leaves 2026-Q2 one month in,
        # so its latest complete quarter, and the portfolio's, is 2026-Q1
        (["brightloop-software", "meridian-health", "northwind-components"], "2026-Q1", "quarter"),
        # Brightloop by quarter: a metric still has to report 2026-Q3, so 2026-Q2; Northwind's is 2026-Q3
        (["brightloop-software", "northwind-components"], "2026-Q2", "quarter"),
        (["northwind-components"], "2026-Q3", "quarter"),
    ],
)
def test_the_earliest_latest_complete_period_of_all_accounts(names: list[str], period: str, grain: str | None) -> None:
    cards = [kpicascade.load(EXAMPLES[n]) for n in names]
    found, chosen = common_period(cards)
    assert (str(found), chosen) == (period, grain)
    assert found == Period.parse(period)


def test_no_accounts_no_period() -> None:
    assert common_period([]) == (None, None)


@pytest.mark.parametrize(
    ("given", "grain", "expected"),
    [
        ("2026-Q2", None, ("2026-Q2", "quarter")),  # a quarter asked for: monthly accounts by quarter
        ("2026-05", None, ("2026-05", None)),
        ("2026-Q2", "quarter", ("2026-Q2", "quarter")),
        ("not a period", None, ("not a period", None)),  # each account's build says what is wrong with it
    ],
)
def test_a_period_given_is_used_for_every_account(given: str, grain: str | None, expected: tuple[str, str]) -> None:
    assert review_period([], given, grain) == expected  # type: ignore[arg-type]


def test_accounts_that_do_not_load_are_left_to_their_own_build(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("account: [\n", encoding="utf-8")
    paths = [broken, EXAMPLES["brightloop-software"], EXAMPLES["meridian-health"]]
    assert review_period(paths, None, None) == ("2026-04", None)
