"""Actuals from CSV, Parquet and inline rows: good rows read, every bad row reported with its file and line."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import kpicascade
from kpicascade.periods import Period
from kpicascade.problems import Location, Problem
from tests.cards import write_card

HEADER = "id,period,value\n"


def _card_with(folder: Path, file_name: str, changes: list[tuple[str, str]] | None = None) -> Path:
    path, _ = write_card(folder, [("actuals:\n", f"actuals:\n  files: [{file_name}]\n"), *(changes or [])])
    return path


def _problems(path: Path) -> list[Problem]:
    try:
        return kpicascade.load(path).problems
    except kpicascade.ScorecardError as exc:
        return exc.problems


# (case, the bad data row, code, words in the message); the row is line 3 of the CSV, after a good row.
BAD_ROWS = [
    ("unknown id", "kpi_unknown,2025-Q2,1", "actuals-id", "not a measured node or signal"),
    ("node without a metric", "obj_reliable,2025-Q2,1", "actuals-id", "has no metric"),
    ("empty id", ",2025-Q2,1", "actuals-id", "id is missing"),
    ("period after the horizon", "kpi_nps,2027-Q1,20", "actuals-period", "outside the horizon 2025-Q1..2026-Q4"),
    ("month before the horizon", "kpi_nps,2024-12,20", "actuals-period", "outside the horizon"),
    ("period that does not parse", "kpi_nps,Q2 2025,20", "actuals-period", "is not a period"),
    ("a date, not a period", "kpi_nps,2025-04-01,20", "actuals-period", "is not a period"),
    ("duplicate of a row above", "kpi_nps,2025-Q2,21", "actuals-period", "given twice (first at"),
    ("duplicate of an inline row", "kpi_otif,2025-Q1,0.9", "actuals-period", "card.yaml:"),
    ("text as value", "kpi_nps,2025-Q3,twenty", "actuals-value", "'twenty' is not a number"),
    ("too large a value", "kpi_nps,2025-Q3,1.7e308", "actuals-value", "is too large: numbers may be at most 10^15"),
    ("NaN as value", "kpi_nps,2025-Q3,nan", "actuals-value", "NaN and infinity are not allowed"),
    ("infinity as value", "kpi_nps,2025-Q3,-inf", "actuals-value", "NaN and infinity are not allowed"),
    ("empty value", "kpi_nps,2025-Q3,", "actuals-value", "value is missing"),
    ("short row", "kpi_nps,2025-Q3", "actuals-value", "value is missing"),
]


@pytest.mark.parametrize(("case", "row", "code", "words"), BAD_ROWS, ids=[c[0] for c in BAD_ROWS])
def test_a_bad_csv_row_is_reported_at_its_line(tmp_path: Path, case: str, row: str, code: str, words: str) -> None:
    (tmp_path / "acts.csv").write_text(f"{HEADER}kpi_nps,2025-Q2,20\n{row}\n", encoding="utf-8")
    problems = _problems(_card_with(tmp_path, "acts.csv"))
    assert [(p.code, p.location) for p in problems] == [(code, Location(str(tmp_path / "acts.csv"), 3))]
    assert words in problems[0].message
    assert problems[0].path == (code.removeprefix("actuals-"),)


def test_every_bad_row_is_reported_not_only_the_first(tmp_path: Path) -> None:
    rows = [row for case, row, _, _ in BAD_ROWS if case != "duplicate of a row above"]  # needs the good row
    (tmp_path / "acts.csv").write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    problems = _problems(_card_with(tmp_path, "acts.csv"))
    assert sorted(p.location.line or 0 for p in problems) == list(range(2, len(rows) + 2))


def test_good_rows_become_measurements(tmp_path: Path) -> None:
    (tmp_path / "acts.csv").write_text(
        "\ufeffid,period,value,note\nkpi_nps,2025-Q2,20,survey of May\nmbo_vp_supply,2025-08, 0.09 ,monthly pulse\n"
        "sig_auto_orders,2025-Q2,1200,\n",
        encoding="utf-8",
    )
    card = kpicascade.load(_card_with(tmp_path, "acts.csv"))
    assert card.measurements.series("kpi_nps") == {Period.parse("2025-Q2"): 20.0}
    assert card.measurements.series("mbo_vp_supply") == {Period.parse("2025-08"): 0.09}  # months on a quarterly card
    assert card.measurements.series("sig_auto_orders") == {Period.parse("2025-Q2"): 1200.0}
    assert len(card.measurements) == 5  # and the two inline rows


# (case, file bytes, words in the message, line)
BAD_FILES = [
    ("missing a column", b"id,when,value\nkpi_nps,2025-Q2,20\n", "missing column(s) period", 1),
    ("empty", b"", "the file is empty; it needs the columns id, period, value", 1),
    ("not UTF-8", b"id,period,value\nkpi_n\xf6s,2025-Q2,20\n", "byte 0xf6 is not UTF-8; save the file as CSV UTF-8", 2),
    ("UTF-16", "id,period,value\n".encode("utf-16"), "the file is UTF-16; save it as CSV UTF-8", 1),
    (
        "a column twice",
        b"id,period,value,value\nkpi_nps,2025-Q2,20,30\n",
        "column value appears 2 times (columns 3, 4)",
        1,
    ),
    ("an open quote", b'id,period,value\nkpi_nps,2025-Q2,"20\n', "not a readable CSV file: unexpected end of data", 2),
    ("binary", b"id,period,value\n\x00\x01\x02\n", "binary file, not a CSV", None),
    ("a workbook", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "binary file, not a CSV", None),
]


@pytest.mark.parametrize(("case", "raw", "words", "line"), BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_a_bad_actuals_file_is_one_clear_error(
    tmp_path: Path, case: str, raw: bytes, words: str, line: int | None
) -> None:
    (tmp_path / "acts.csv").write_bytes(raw)
    problems = _problems(_card_with(tmp_path, "acts.csv"))
    assert [p.code for p in problems] == ["actuals-file"]
    assert words in problems[0].message
    assert problems[0].location == Location(str(tmp_path / "acts.csv"), line)


def test_a_missing_actuals_file_is_reported_where_it_is_listed(tmp_path: Path) -> None:
    path, where = write_card(tmp_path, [("actuals:\n", "actuals:\n  files: [«nowhere.csv]\n")])
    problems = _problems(path)
    assert [(p.code, p.location) for p in problems] == [("actuals-file", where)]
    assert "nowhere.csv not found" in problems[0].message


def test_a_quarter_in_a_monthly_calendar_is_refused(tmp_path: Path) -> None:
    (tmp_path / "acts.csv").write_text(f"{HEADER}kpi_nps,2025-Q2,20\n", encoding="utf-8")
    changes = [
        ("calendar: quarter", "calendar: month"),
        ("{start: 2025-Q1, end: 2026-Q4}", "{start: 2025-01, end: 2026-12}"),
        ("{2025-Q4: 0.9, 2026-Q4: 0.95}", "{2025-12: 0.9, 2026-12: 0.95}"),
        ("period: 2025-Q1", "period: 2025-01"),
        ("period: 2025-Q1", "period: 2025-01"),
    ]
    problems = _problems(_card_with(tmp_path, "acts.csv", changes))
    assert [p.code for p in problems] == ["actuals-period"]
    assert "the calendar is by month" in problems[0].message


# --- Parquet ------------------------------------------------------------------------------------


def _parquet(path: Path, columns: dict[str, list[object]]) -> None:
    pq.write_table(pa.table(columns), path)


def test_parquet_actuals_are_read(tmp_path: Path) -> None:
    _parquet(
        tmp_path / "acts.parquet",
        {
            "id": ["kpi_nps", "kpi_nps", "sig_planners"],
            "period": ["2025-Q2", "2025-Q3", "2025-Q2"],
            "value": [20, 22.5, 16],
        },
    )
    card = kpicascade.load(_card_with(tmp_path, "acts.parquet"))
    assert card.measurements.series("kpi_nps") == {Period.parse("2025-Q2"): 20.0, Period.parse("2025-Q3"): 22.5}


# (case, columns, code, row of the bad value (1 = first row), words)
BAD_PARQUET = [
    (
        "unknown id",
        {"id": ["kpi_nps", "kpi_x"], "period": ["2025-Q2", "2025-Q2"], "value": [1.0, 2.0]},
        "actuals-id",
        2,
        "'kpi_x'",
    ),
    (
        "text values",
        {"id": ["kpi_nps", "kpi_nps"], "period": ["2025-Q2", "2025-Q3"], "value": ["20", "high"]},
        "actuals-value",
        2,
        "'high' is not a number",
    ),
    ("NaN", {"id": ["kpi_nps"], "period": ["2025-Q2"], "value": [float("nan")]}, "actuals-value", 1, "NaN"),
    (
        "null value",
        {"id": ["kpi_nps"], "period": ["2025-Q2"], "value": pa.array([None], pa.float64())},
        "actuals-value",
        1,
        "value is missing",
    ),
    (
        "duplicate",
        {"id": ["kpi_nps", "kpi_nps"], "period": ["2025-Q2", "2025-Q2"], "value": [1.0, 2.0]},
        "actuals-period",
        2,
        "given twice",
    ),
    (
        "period outside the horizon",
        {"id": ["kpi_nps"], "period": ["2030-Q1"], "value": [1.0]},
        "actuals-period",
        1,
        "outside the horizon",
    ),
    (
        "dates for periods",
        {"id": ["kpi_nps"], "period": pa.array([19_000], pa.date32()), "value": [1.0]},
        "actuals-period",
        1,
        "period must be text",
    ),
]


@pytest.mark.parametrize(("case", "columns", "code", "row", "words"), BAD_PARQUET, ids=[c[0] for c in BAD_PARQUET])
def test_a_bad_parquet_row_is_reported_by_row(
    tmp_path: Path, case: str, columns: dict[str, list[object]], code: str, row: int, words: str
) -> None:
    _parquet(tmp_path / "acts.parquet", columns)
    problems = _problems(_card_with(tmp_path, "acts.parquet"))
    assert [(p.code, p.location) for p in problems] == [(code, Location(str(tmp_path / "acts.parquet"), row))]
    assert words in problems[0].message


@pytest.mark.parametrize(
    ("case", "write", "words"),
    [
        ("missing a column", lambda p: _parquet(p, {"id": ["kpi_nps"], "value": [1.0]}), "missing column(s) period"),
        ("not Parquet", lambda p: p.write_text("id,period,value\n"), "not a readable Parquet file"),
    ],
    ids=["missing a column", "not Parquet"],
)
def test_a_bad_parquet_file_is_one_clear_error(tmp_path: Path, case: str, write: object, words: str) -> None:
    write(tmp_path / "acts.parquet")  # type: ignore[operator]
    problems = _problems(_card_with(tmp_path, "acts.parquet"))
    assert [p.code for p in problems] == ["actuals-file"]
    assert words in problems[0].message
