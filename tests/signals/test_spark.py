"""The scale-out path: the same signal definitions on a local Spark session give DuckDB's numbers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest
from tests.signals.portfolio import Portfolio

import kpicascade
from kpicascade import EventsError
from kpicascade.signals import compute_signals

pytestmark = [
    pytest.mark.spark,
    pytest.mark.slow,
    # py4j leaves a socket to the JVM for the garbage collector to close
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

SPARK = "pyspark://2"


@pytest.fixture(scope="module", autouse=True)
def _stop_spark() -> Iterator[None]:
    yield
    from pyspark.sql import SparkSession

    session = SparkSession.getActiveSession()
    if session is not None:
        session.stop()


def both(cards: list[Path], events: Path) -> tuple[pa.Table, pa.Table]:
    loaded = [kpicascade.load(p, read_measurements=False) for p in cards]
    return compute_signals(loaded, str(events)).table, compute_signals(loaded, str(events), SPARK).table


def assert_same(duck: pa.Table, spark: pa.Table) -> None:
    assert duck.num_rows > 0
    assert duck.select(["account", "id", "period"]).equals(spark.select(["account", "id", "period"]))
    assert spark.column("value").to_pylist() == pytest.approx(duck.column("value").to_pylist(), rel=1e-12)


def test_parquet_monthly_and_quarterly(portfolio: Portfolio, card_writer: Callable[..., Path]) -> None:
    quarterly = card_writer("globex", calendar="quarter", start="2025-Q1", end="2025-Q4")
    assert_same(*both([portfolio.cards[0], quarterly], portfolio.events))


def test_csv_with_offsets(portfolio: Portfolio) -> None:
    zone = timezone(timedelta(hours=5, minutes=30))
    rows = [{**r, "timestamp": r["timestamp"].astimezone(zone).isoformat()} for r in portfolio.rows]
    pacsv.write_csv(pa.Table.from_pylist(rows), portfolio.folder / "events.csv")
    assert_same(*both(portfolio.cards, portfolio.folder / "events.csv"))


def test_mixed_zones_are_refused_on_spark_too(portfolio: Portfolio) -> None:
    stamps = ["2025-01-05T10:00:00+02:00", "2025-01-05T10:00:00"]
    rows = [{**r, "timestamp": stamps[i % 2]} for i, r in enumerate(portfolio.rows)]
    pacsv.write_csv(pa.Table.from_pylist(rows), portfolio.folder / "mixed.csv")
    cards = [kpicascade.load(p, read_measurements=False) for p in portfolio.cards]
    with pytest.raises(EventsError) as caught:
        compute_signals(cards, str(portfolio.folder / "mixed.csv"), SPARK)
    assert [p.code for p in caught.value.problems] == ["events-zones"]
