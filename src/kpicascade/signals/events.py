"""The events format: required columns and their types, property columns, and timestamps in UTC.

An events table has one row per product event: account (the scorecard's account_id), user, timestamp,
event_type, and one column per event property named prop_<name> (prop_role, prop_release_mode, ...).
Timestamps are instants: a timestamp type with a zone is converted to UTC; a timestamp type without a zone
is taken as UTC; text (CSV) is read as ISO 8601, where explicit offsets are converted to UTC and text
without an offset is UTC, but a file that mixes the two is refused: its zone-less times are ambiguous.
"""

from __future__ import annotations

from typing import Any

import ibis.expr.datatypes as dt

from kpicascade.problems import Location, Problem

PROPERTY_PREFIX = "prop_"

#: Required columns, and the types each may have, for messages.
COLUMNS = {
    "account": "text",
    "user": "text or integer",
    "timestamp": "a timestamp, or ISO 8601 text",
    "event_type": "text",
}

#: A time of day followed by a UTC offset or Z: the text of a zoned timestamp.
ZONED = r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)$"


def property_column(name: str) -> str:
    """Return the column that holds an event property."""
    return f"{PROPERTY_PREFIX}{name}"


def _type_ok(column: str, dtype: dt.DataType) -> bool:
    if column == "user":
        return bool(dtype.is_string() or dtype.is_integer())
    if column == "timestamp":
        return bool(dtype.is_timestamp() or dtype.is_string())
    return bool(dtype.is_string())


def check_columns(schema: Any, source: str) -> list[Problem]:
    """Return a problem for every required column that is missing or of the wrong type."""
    where = Location(source)
    problems = []
    for column, wanted in COLUMNS.items():
        if column not in schema:
            found = ", ".join(schema.names)
            problems.append(
                Problem("error", "events-column", f"missing column {column!r} (found: {found})", where, (column,))
            )
        elif not _type_ok(column, schema[column]):
            problems.append(
                Problem(
                    "error",
                    "events-type",
                    f"column {column!r} holds {schema[column]}, expected {wanted}",
                    where,
                    (column,),
                )
            )
    return problems


def literal_fits(value: object, dtype: dt.DataType) -> bool:
    """Return whether a filter value can be compared with a column of this type."""
    if isinstance(value, bool):
        return bool(dtype.is_boolean())
    if isinstance(value, int | float):
        return bool(dtype.is_numeric())
    return bool(dtype.is_string())


def utc(table: Any) -> Any:
    """Return the timestamp column as a zone-less timestamp in UTC."""
    raw = table.timestamp
    dtype = raw.type()
    if dtype.is_string():
        # the session zone is UTC, so a zone-less text time is read as UTC and an offset is honoured
        return raw.try_cast(dt.Timestamp(timezone="UTC")).cast(dt.Timestamp())
    if dtype.timezone is not None:
        return raw.cast(dt.Timestamp())
    return raw


def prepare(table: Any, properties: set[str], users: bool = True) -> Any:
    """Return the events with only the columns a query uses: account, user as text, ts in UTC, event_type, props."""
    columns = {"account": table.account, "ts": utc(table), "event_type": table.event_type}
    if users:
        columns["user"] = table.user if table.user.type().is_string() else table.user.cast(dt.string)
    columns.update({property_column(p): table[property_column(p)] for p in sorted(properties)})
    return table.select(**columns)
