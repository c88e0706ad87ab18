"""Bad events, definitions and backends: every problem is reported with its place, and nothing is computed."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

import kpicascade
from kpicascade import EventsError, MissingDependencyError
from kpicascade.signals import compute_signals

from .portfolio import SIGNALS, Portfolio, write_card

Rows = list[dict[str, Any]]
Edit = Callable[[Rows], Rows]


def drop(column: str) -> Edit:
    return lambda rows: [{k: v for k, v in r.items() if k != column} for r in rows]


def put(column: str, value: Any) -> Edit:
    return lambda rows: [{**r, column: value} for r in rows]


#: (case, change to the rows, problem code, field named, text in the message)
PARQUET_CASES: list[tuple[str, Edit, str, str, str]] = [
    ("no user column", drop("user"), "events-column", "user", "missing column 'user'"),
    ("no timestamp column", drop("timestamp"), "events-column", "timestamp", "missing column 'timestamp'"),
    ("account is a number", put("account", 42), "events-type", "account", "holds int64, expected text"),
    ("timestamp is a number", put("timestamp", 1_700_000_000), "events-type", "timestamp", "expected a timestamp"),
    (
        "no property column",
        drop("prop_role"),
        "events-property",
        "signals[1].events.where.role",
        "needs a column 'prop_role'",
    ),
    (
        "filter value of another type",
        put("prop_role", 3),
        "events-type",
        "signals[1].events.where.role",
        "'planner' cannot be compared with column 'prop_role'",
    ),
    (
        "summed property is text",
        put("prop_lines", "many"),
        "events-type",
        "signals[3].events.property",
        "cannot be summed",
    ),
]


def load(paths: list[Path]) -> list[kpicascade.Scorecard]:
    return [kpicascade.load(p, read_measurements=False) for p in paths]


def problems_of(cards: list[Path], events: Path | str, backend: str | None = None) -> list[tuple[str, str, str]]:
    with pytest.raises(EventsError) as caught:
        compute_signals(load(cards), str(events), backend)
    return [(p.code, p.path_text, p.message) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("edit", "code", "field", "text"), [c[1:] for c in PARQUET_CASES], ids=[c[0] for c in PARQUET_CASES]
)
def test_bad_parquet_events(portfolio: Portfolio, edit: Edit, code: str, field: str, text: str) -> None:
    pq.write_table(pa.Table.from_pylist(edit(portfolio.rows)), portfolio.folder / "bad.parquet")
    found = problems_of(portfolio.cards, portfolio.folder / "bad.parquet")
    assert any(c == code and f == field and text in m for c, f, m in found), found


def csv_events(portfolio: Portfolio, stamps: list[str]) -> Path:
    rows = [{**r, "timestamp": stamps[i % len(stamps)]} for i, r in enumerate(portfolio.rows)]
    path = portfolio.folder / "events.csv"
    pacsv.write_csv(pa.Table.from_pylist(rows), path)
    return path


def test_timestamps_in_mixed_zones_are_refused(portfolio: Portfolio) -> None:
    path = csv_events(portfolio, ["2025-01-05T10:00:00+02:00", "2025-01-05T10:00:00"])
    [(code, field, message)] = problems_of(portfolio.cards, path)
    assert (code, field) == ("events-zones", "timestamp")
    assert "1500 carry a UTC offset and 1500 do not (e.g. '2025-01-05T10:00:00')" in message


def test_different_offsets_are_normalised(portfolio: Portfolio) -> None:
    path = csv_events(portfolio, ["2025-01-05T10:00:00+02:00", "2025-01-05T03:00:00-05:00", "2025-01-05T08:00:00Z"])
    values = compute_signals(load(portfolio.cards), str(path))
    assert set(values.table.column("period").to_pylist()) == {"2025-01"}
    assert values.first == values.last == datetime(2025, 1, 5, 8, 0)


def test_unreadable_timestamps_are_named(portfolio: Portfolio) -> None:
    path = csv_events(portfolio, ["2025-01-05T10:00:00Z", "yesterday"])
    [(code, field, message)] = problems_of(portfolio.cards, path)
    assert (code, field) == ("events-timestamp", "timestamp")
    assert "1500 timestamps are not ISO 8601, e.g. 'yesterday'" in message


def test_unknown_event_type_names_the_definition(portfolio: Portfolio, card_writer: Callable[..., Path]) -> None:
    card = card_writer("acme", signals=SIGNALS.replace("plan.published]", "plan.publish]"))
    with pytest.raises(EventsError) as caught:
        compute_signals(load([card]), str(portfolio.events))
    problem, weekly = caught.value.problems  # sig_planners and sig_weekly_planners share the filter
    assert weekly.path_text == "signals[2].events.event_types[1]"
    assert problem.code == "events-unknown-type"
    assert problem.path_text == "signals[1].events.event_types[1]"
    assert "'plan.publish' does not occur" in problem.message
    assert "did you mean 'plan.published'?" in problem.message
    assert (problem.location.file, problem.location.line) == (str(card), 33)


def test_unknown_event_type_in_a_denominator(portfolio: Portfolio, card_writer: Callable[..., Path]) -> None:
    card = card_writer(
        "acme",
        signals=SIGNALS.replace(
            "{measure: count, event_types: [po.released]}", "{measure: count, event_types: [po.cancelled]}"
        ),
    )
    [(code, field, _)] = problems_of([card], portfolio.events)
    assert (code, field) == ("events-unknown-type", "signals[4].events.denominator.event_types[0]")


def test_two_scorecards_for_one_account(portfolio: Portfolio, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    twin = write_card(tmp_path / "sub", "acme")
    [(code, field, message)] = problems_of([portfolio.cards[0], twin], portfolio.events)
    assert (code, field) == ("duplicate-account", "account_id")
    assert "also used by" in message


def test_no_events_at_all(portfolio: Portfolio) -> None:
    pq.write_table(pa.Table.from_pylist(portfolio.rows).slice(0, 0), portfolio.folder / "empty.parquet")
    found = problems_of(portfolio.cards, portfolio.folder / "empty.parquet")
    assert ("events-empty", "", "there are no events") in found


@pytest.mark.parametrize(
    ("events", "backend", "error", "text"),
    [
        ("missing.parquet", None, EventsError, "missing.parquet: no events file found"),
        ("nothing-*.parquet", None, EventsError, "no events file found"),
        ("no_such_table", None, EventsError, "no_such_table: no events file or table by that name"),
        ("events.parquet", "duckdb:///no/such/warehouse.duckdb", EventsError, "cannot reach backend duckdb:///no/such"),
        ("events.parquet", "nosuch://host/db", EventsError, "cannot reach backend nosuch://host/db"),
        ("events.parquet", "warehouse", EventsError, "is not a URL"),
        (
            "events.parquet",
            "postgres://localhost:1/db",
            MissingDependencyError,
            "pip install 'ibis-framework[postgres]'",
        ),
    ],
)
def test_unusable_events_or_backend(
    portfolio: Portfolio,
    monkeypatch: pytest.MonkeyPatch,
    events: str,
    backend: str | None,
    error: type[Exception],
    text: str,
) -> None:
    monkeypatch.chdir(portfolio.folder)
    with pytest.raises(error, match=re.escape(text)):
        compute_signals(load(portfolio.cards), events, backend)


def test_unreadable_events_file(portfolio: Portfolio) -> None:
    (portfolio.folder / "broken.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(EventsError, match=r"broken\.parquet: cannot read events"):
        compute_signals(load(portfolio.cards), str(portfolio.folder / "broken.parquet"))


def test_no_signal_from_events(portfolio: Portfolio, card_writer: Callable[..., Path]) -> None:
    card = card_writer("acme", signals="signals:\n  - {id: sig_manual, name: Manual}\n")
    with pytest.raises(EventsError, match="none of the scorecards defines a signal from events"):
        compute_signals(load([card]), str(portfolio.events))


def test_naive_parquet_timestamps_are_utc(portfolio: Portfolio) -> None:
    rows = [{**r, "timestamp": r["timestamp"].astimezone(UTC).replace(tzinfo=None)} for r in portfolio.rows]
    pq.write_table(pa.Table.from_pylist(rows), portfolio.folder / "naive.parquet")
    naive = compute_signals(load(portfolio.cards), str(portfolio.folder / "naive.parquet")).table
    assert naive.equals(compute_signals(load(portfolio.cards), str(portfolio.events)).table)
