"""Computed signals written as actuals: one file for every account, or one per account."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kpicascade.signals import SignalValues
from kpicascade.signals.actuals_files import csv_text, number, write_file, write_per_account

TABLE = pa.table(
    {
        "account": ["acme", "acme", "globex"],
        "id": ["sig_a", "sig_b", "sig_a"],
        "period": ["2025-01", "2025-01", "2025-02"],
        "value": [3.0, 0.125, 12345678.0],
    }
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (3.0, "3"),
        (0.0, "0"),
        (-2.0, "-2"),
        (0.125, "0.125"),
        (1 / 3, "0.3333333333333333"),
        (1e16, "1e+16"),
        (12345678.0, "12345678"),
    ],
)
def test_number(value: float, text: str) -> None:
    assert number(value) == text
    assert float(text) == value


def test_one_file_for_several_accounts_has_an_account_column(tmp_path: Path) -> None:
    write_file(SignalValues(TABLE), tmp_path / "all.csv")
    assert (tmp_path / "all.csv").read_text().splitlines() == [
        "account,id,period,value",
        "acme,sig_a,2025-01,3",
        "acme,sig_b,2025-01,0.125",
        "globex,sig_a,2025-02,12345678",
    ]


def test_one_file_for_one_account_is_plain_actuals(tmp_path: Path) -> None:
    write_file(SignalValues(TABLE.slice(0, 2)), tmp_path / "acme.csv")
    assert (tmp_path / "acme.csv").read_text().splitlines()[0] == "id,period,value"


def test_parquet_reads_back(tmp_path: Path) -> None:
    write_file(SignalValues(TABLE), tmp_path / "all.parquet")
    assert pq.read_table(tmp_path / "all.parquet").equals(TABLE)


def test_one_file_per_account(tmp_path: Path) -> None:
    values = SignalValues(TABLE)
    written = write_per_account(values, {"acme": tmp_path / "a.csv", "globex": tmp_path / "g.csv"})
    assert written == [tmp_path / "a.csv", tmp_path / "g.csv"]
    assert (tmp_path / "g.csv").read_text() == "id,period,value\nsig_a,2025-02,12345678\n"
    assert values.accounts() == ["acme", "globex"]
    assert values.of("nobody").num_rows == 0


def test_csv_text_of_an_empty_table() -> None:
    assert csv_text(TABLE.slice(0, 0).select(["id", "period", "value"])) == "id,period,value\n"
