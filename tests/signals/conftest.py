"""Fixtures: a small portfolio of scorecards with product events."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .portfolio import Portfolio, make_events, write_card, write_parquet


@pytest.fixture
def portfolio(tmp_path: Path) -> Portfolio:
    """Two monthly scorecards (acme, globex) and 3,000 events over January to June 2025."""
    rows = make_events()
    cards = [write_card(tmp_path, "acme"), write_card(tmp_path, "globex")]
    return Portfolio(tmp_path, cards, rows, write_parquet(rows, tmp_path / "events.parquet"))


@pytest.fixture
def card_writer(tmp_path: Path) -> Callable[..., Path]:
    """Write a scorecard into the test's folder."""
    return lambda account, **kw: write_card(tmp_path, account, **kw)
