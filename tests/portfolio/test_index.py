"""The portfolio's HTML index, read back as a DOM: its review period and the statuses' glyphs."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import html  # type: ignore[import-untyped]

from kpicascade.portfolio.index import portfolio_index


def _account(name: str, period: str, status: str) -> dict[str, Any]:
    return {
        "account": name,
        "account_id": name.lower(),
        "folder": name.lower(),
        "period": period,
        "score": 0.5,
        "status": status,
        "value_realised": 1000.0,
        "value_attributed": None,
        "value_evidenced": None,
        "currency": "EUR",
        "roi": None,
        "roi_evidenced": None,
        "tags": [],
        "red_kpis": [],
    }


@pytest.mark.parametrize(
    ("status", "badge"),
    [("green", "✔ on track"), ("amber", "▲ at risk"), ("red", "✖ off track"), ("no data", "○ no data")],
)
def test_statuses_wear_the_glyphs_of_every_output(status: str, badge: str) -> None:
    page = html.fromstring(portfolio_index([_account("Acme", "2026-Q1", status)], []))
    assert [s.text_content() for s in page.xpath("//td/span[contains(@class, 'status')]")] == [badge]
    assert "●" not in html.tostring(page, encoding="unicode")


def test_the_review_period_heads_the_index() -> None:
    accounts = [_account("Acme", "2026-Q1", "green"), _account("Bolt", "2026-Q1", "red")]
    page = html.fromstring(portfolio_index(accounts, [], period="2026-Q1"))
    (lead,) = page.xpath("//p[contains(@class, 'period')]")
    assert lead.text_content() == "Review period 2026-Q1 for every account."


def test_mixed_periods_are_said_to_be_mixed() -> None:
    accounts = [_account("Acme", "2026-Q1", "green"), _account("Bolt", "2026-09", "red")]
    page = html.fromstring(portfolio_index(accounts, []))
    (lead,) = page.xpath("//p[contains(@class, 'period')]")
    assert lead.text_content() == "Accounts are viewed at different periods: 2026-09, 2026-Q1."


def test_an_account_printed_to_pdf_links_its_pdf_beside_its_report() -> None:
    printed, unprinted = _account("Acme", "2026-Q1", "green"), _account("Bolt", "2026-Q1", "red")
    printed["pdf"] = True
    page = html.fromstring(portfolio_index([printed, unprinted], []))
    links = [a.get("href") for a in page.xpath("//a")]
    assert "acme/report.pdf" in links
    assert "bolt/report.html" in links
    assert "bolt/report.pdf" not in links
