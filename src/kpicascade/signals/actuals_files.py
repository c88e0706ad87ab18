"""Write computed signals as tidy actuals: one file for all accounts, or one per account beside its scorecard."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from kpicascade.actuals import SIGNALS_SUFFIX
from kpicascade.signals.values import SignalValues
from kpicascade.writing import atomic_path, write_text

SUFFIX = SIGNALS_SUFFIX


def number(value: float) -> str:
    """Return a value as CSV text: whole numbers without a decimal point, others in full precision.

    >>> number(23.0), number(0.25), number(1e-7)
    ('23', '0.25', '1e-07')
    """
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value) if math.isfinite(value) else ""


def csv_text(table: pa.Table) -> str:
    """Return a table of actuals as CSV text, numbers written by number()."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.column_names)
    columns = [table.column(c).to_pylist() for c in table.column_names]
    value_at = table.column_names.index("value")
    for row in zip(*columns, strict=True):
        writer.writerow([number(v) if i == value_at else v for i, v in enumerate(row)])
    return out.getvalue()


def one_file(values: SignalValues) -> pa.Table:
    """Return every account's rows, with the account column only when there are several accounts."""
    if len(values.accounts()) > 1:
        return values.table
    return values.table.select(["id", "period", "value"])


def write_file(values: SignalValues, target: Path) -> None:
    """Write every account's signals to one CSV or Parquet file, atomically."""
    table = one_file(values)
    if target.suffix.lower() == ".parquet":
        with atomic_path(target) as tmp:
            pq.write_table(table, tmp)
    else:
        write_text(target, csv_text(table))


def write_per_account(values: SignalValues, targets: dict[str, Path]) -> list[Path]:
    """Write each account's signals to its own actuals file (id, period, value), atomically; return the paths."""
    written = []
    for account, target in targets.items():
        write_text(target, csv_text(values.of(account)))
        written.append(target)
    return written
