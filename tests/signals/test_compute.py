"""Signals computed on DuckDB equal the same signals computed row by row in plain Python."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpicascade
from kpicascade.periods import Period
from kpicascade.signals import SignalValues, compute, compute_signals, connect, open_events, queries, requests
from kpicascade.signals.grid import units

from .portfolio import TYPES, Portfolio, plain, write_card, write_parquet

Values = dict[tuple[str, str, str], float]


def as_dict(values: SignalValues) -> Values:
    return {(r["account"], r["id"], r["period"]): r["value"] for r in values.table.to_pylist()}


def expected(rows: list[dict[str, Any]], accounts: tuple[str, ...], calendar: str = "month") -> Values:
    return {(a, s, p): v for a in accounts for (s, p), v in plain(rows, a, calendar).items()}


def assert_same(got: Values, want: Values) -> None:
    assert got.keys() == want.keys()
    for key, value in want.items():
        assert got[key] == pytest.approx(value, rel=1e-12), key


def load(paths: list[Path]) -> list[kpicascade.Scorecard]:
    return [kpicascade.load(p, read_measurements=False) for p in paths]


def test_parquet_matches_plain_computation(portfolio: Portfolio) -> None:
    values = compute_signals(load(portfolio.cards), str(portfolio.events))
    assert_same(as_dict(values), expected(portfolio.rows, ("acme", "globex")))
    assert values.rows_read == len(portfolio.rows)
    assert values.problems == []


def test_csv_with_offsets_matches_plain_computation(portfolio: Portfolio) -> None:
    rows = [
        {**r, "timestamp": r["timestamp"].astimezone(timezone(timedelta(hours=-5))).isoformat()} for r in portfolio.rows
    ]
    pacsv.write_csv(pa.Table.from_pylist(rows), portfolio.folder / "events.csv")
    values = compute_signals(load(portfolio.cards), str(portfolio.folder / "events.csv"))
    assert_same(as_dict(values), expected(portfolio.rows, ("acme", "globex")))


def test_glob_of_files_reads_them_all(portfolio: Portfolio) -> None:
    write_parquet(portfolio.rows[:1000], portfolio.folder / "part-1.parquet")
    write_parquet(portfolio.rows[1000:], portfolio.folder / "part-2.parquet")
    values = compute_signals(load(portfolio.cards), str(portfolio.folder / "part-*.parquet"))
    assert_same(as_dict(values), expected(portfolio.rows, ("acme", "globex")))


def test_folder_of_parquet_is_one_dataset(portfolio: Portfolio) -> None:
    (portfolio.folder / "ds").mkdir()
    write_parquet(portfolio.rows[:1500], portfolio.folder / "ds" / "a.parquet")
    write_parquet(portfolio.rows[1500:], portfolio.folder / "ds" / "b.parquet")
    values = compute_signals(load(portfolio.cards), str(portfolio.folder / "ds"))
    assert_same(as_dict(values), expected(portfolio.rows, ("acme", "globex")))


def test_quarterly_and_monthly_scorecards_in_one_run(portfolio: Portfolio, card_writer: Callable[..., Path]) -> None:
    quarterly = card_writer("globex", calendar="quarter", start="2025-Q1", end="2025-Q4")
    values = as_dict(compute_signals(load([portfolio.cards[0], quarterly]), str(portfolio.events)))
    want = {**expected(portfolio.rows, ("acme",)), **expected(portfolio.rows, ("globex",), "quarter")}
    assert_same({k: v for k, v in values.items() if k[1] != "sig_weekly_planners" or k[0] == "acme"}, want)
    assert {k[2] for k in values if k[0] == "globex"} == {"2025-Q1", "2025-Q2"}


def test_horizon_limits_the_periods(portfolio: Portfolio, card_writer: Callable[..., Path]) -> None:
    short = card_writer("acme", start="2025-03", end="2025-04")
    values = compute_signals(load([short]), str(portfolio.events))
    assert set(values.table.column("period").to_pylist()) == {"2025-03", "2025-04"}


def test_a_database_table_is_read_through_a_backend_url(portfolio: Portfolio) -> None:
    import duckdb

    path = portfolio.folder / "warehouse.duckdb"
    with duckdb.connect(str(path)) as db:
        db.execute(f"CREATE TABLE product_events AS SELECT * FROM read_parquet('{portfolio.events}')")
    values = compute_signals(load(portfolio.cards), "product_events", backend=f"duckdb:///{path}")
    assert_same(as_dict(values), expected(portfolio.rows, ("acme", "globex")))


@pytest.mark.parametrize("few", [50, 0])  # the accounts filtered in the query, or every account grouped
def test_only_the_scorecards_accounts_are_computed(
    portfolio: Portfolio, monkeypatch: pytest.MonkeyPatch, few: int
) -> None:
    monkeypatch.setattr(queries, "FEW_ACCOUNTS", few)
    values = as_dict(compute_signals(load(portfolio.cards[:1]), str(portfolio.events)))
    assert {k[0] for k in values} == {"acme"}
    assert_same(values, expected(portfolio.rows, ("acme",)))


def test_account_without_events_gets_zeros_and_a_warning(
    portfolio: Portfolio, card_writer: Callable[..., Path]
) -> None:
    values = compute_signals(load([card_writer("initech")]), str(portfolio.events))
    counts = [r["value"] for r in values.table.to_pylist() if r["id"] == "sig_sessions"]
    assert counts == [0.0] * 6
    assert [p.code for p in values.problems] == ["events-account"]
    assert "initech.yaml:2" in str(values.problems[0].location)


def test_events_without_account_or_timestamp_are_left_out(portfolio: Portfolio) -> None:
    rows = [{**r, "account": None} for r in portfolio.rows[:3]] + [
        {**r, "timestamp": None} for r in portfolio.rows[3:5]
    ]
    write_parquet(rows + portfolio.rows[5:], portfolio.events)
    values = compute_signals(load(portfolio.cards), str(portfolio.events))
    assert_same(as_dict(values), expected(portfolio.rows[5:], ("acme", "globex")))


@pytest.mark.parametrize(
    ("moment", "month"),
    [
        (datetime(2025, 1, 31, 23, 30, tzinfo=timezone(timedelta(hours=-2))), "2025-02"),  # 01:30 UTC on 1 Feb
        (datetime(2025, 2, 1, 0, 30, tzinfo=timezone(timedelta(hours=2))), "2025-01"),  # 22:30 UTC on 31 Jan
        (datetime(2025, 1, 31, 23, 59, 59), "2025-01"),  # no zone: UTC
    ],
)
def test_periods_are_utc_calendar_months(tmp_path: Path, moment: datetime, month: str) -> None:
    rows = [{"account": "acme", "user": "u1", "timestamp": moment, "event_type": "session.started"}]
    signals = "signals:\n  - {id: sig_sessions, name: S, events: {measure: count, event_types: [session.started]}}\n"
    card = write_card(tmp_path, "acme", signals=signals)
    values = compute_signals(load([card]), str(write_parquet(rows, tmp_path / "e.parquet")))
    assert as_dict(values) == {("acme", "sig_sessions", month): 1.0}


@pytest.mark.parametrize(
    ("period", "window", "n"),
    [
        ("2025-01", None, 1),
        ("2025-01", "day", 31),
        ("2024-02", "day", 29),
        ("2025-Q1", "day", 90),
        ("2025-01", "week", 4),  # Mondays 6, 13, 20, 27
        ("2025-03", "week", 5),  # Mondays 3, 10, 17, 24, 31
        ("2025-09", "week", 5),  # Monday 1 September counts
        ("2025-Q1", "week", 13),
        ("2025-12", "week", 5),
    ],
)
def test_units_in_a_period(period: str, window: Any, n: int) -> None:
    assert units(Period.parse(period), window) == n


def test_lower_level_api_runs_requests_on_a_connection(portfolio: Portfolio) -> None:
    con = connect("duckdb://")
    wanted = requests(load(portfolio.cards))
    values = compute(con, open_events(con, str(portfolio.events)), "events", wanted)
    assert len({r.signal for r in wanted}) == 6
    assert values.accounts() == ["acme", "globex"]
    assert values.of("acme").column_names == ["id", "period", "value"]


event = st.fixed_dictionaries(
    {
        "account": st.sampled_from(["acme", "globex"]),
        "user": st.sampled_from([f"u{i}" for i in range(5)]),
        "timestamp": st.datetimes(datetime(2025, 1, 1), datetime(2025, 12, 31, 23, 59)).map(
            lambda d: d.replace(tzinfo=UTC)
        ),
        "event_type": st.sampled_from(TYPES),
        "prop_role": st.sampled_from(["planner", "buyer"]),
        "prop_release_mode": st.sampled_from(["auto", "manual"]),
        "prop_lines": st.integers(0, 50),
    }
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(event, min_size=1, max_size=60))
def test_any_events_match_plain_computation(
    tmp_path_factory: pytest.TempPathFactory, rows: list[dict[str, Any]]
) -> None:
    folder = tmp_path_factory.mktemp("events")
    cards = load([write_card(folder, "acme"), write_card(folder, "globex")])
    every_type = [{**rows[0], "account": "other", "event_type": kind} for kind in TYPES]
    pq.write_table(pa.Table.from_pylist(rows + every_type), folder / "e.parquet")
    got = as_dict(compute_signals(cards, str(folder / "e.parquet")))
    want = expected(rows + every_type, ("acme", "globex"))
    assert_same(got, want)
