"""Connect to the engine that runs signal queries from a URL, open the events in it, and fetch results.

Every engine is reached through ibis, so one signal definition compiles to DuckDB, Spark, Trino, BigQuery,
Snowflake or Postgres SQL. Sessions are set to UTC so that calendar periods are UTC periods everywhere.
"""

from __future__ import annotations

import contextlib
import glob
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pyarrow as pa

from kpicascade import input_files
from kpicascade._exceptions import EventsError, MissingDependencyError

DEFAULT_BACKEND = "duckdb://"

#: Text that no timestamp contains: Spark then leaves the timestamp column of a CSV file as text, which
#: lets the zone check see what was written (DuckDB is told so directly).
_NEVER_A_TIMESTAMP = "'kpicascade: read as text'"

_PARQUET = (".parquet", ".pq")
_CSV = (".csv", ".csv.gz", ".tsv")


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence deprecation notices that the engines raise inside their own code."""
    with warnings.catch_warnings():
        # pandas 3 and DuckDB 2 deprecate calls that ibis 12 and pyspark 4.0 still make; nothing for us to change
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"(duckdb|ibis|pyspark|pandas)(\.|$)")
        warnings.filterwarnings("ignore", category=FutureWarning, module=r"(pyspark|pandas)(\.|$)")
        yield


def _duckdb(path: str, options: dict[str, str]) -> Any:
    import ibis

    if not path:
        return ibis.duckdb.connect(**options)
    if not Path(path).is_file():
        raise EventsError(f"cannot reach backend duckdb://{path}: no DuckDB database file there")
    return ibis.duckdb.connect(path, read_only=True, **options)


def _spark(master: str, options: dict[str, str]) -> Any:
    import ibis
    from pyspark.sql import SparkSession

    local = master.startswith("local")
    builder = SparkSession.builder.master(master).appName("kpicascade")
    settings = {
        "spark.sql.session.timeZone": "UTC",
        "spark.ui.enabled": "false" if local else "true",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": "8" if local else "200",
        **options,
    }
    for key, value in settings.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    session.conf.set("spark.sql.session.timeZone", "UTC")  # also when an earlier session is reused
    return ibis.pyspark.connect(session)


def connect(url: str | None = None) -> Any:
    """Return an ibis connection for a backend URL: duckdb://[file], pyspark://, spark://host:port, any ibis URL.

    Query parameters are engine settings: duckdb://?memory_limit=2GB&threads=2, pyspark://?spark.executor.memory=4g.
    """
    url = url or DEFAULT_BACKEND
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if not scheme:
        raise EventsError(f"backend {url!r} is not a URL; write e.g. duckdb://, pyspark:// or postgres://host/db")
    try:
        with quiet():
            if scheme == "duckdb":
                return _duckdb(parts.netloc + parts.path, dict(parse_qsl(parts.query)))
            if scheme in ("pyspark", "spark"):
                master = f"local[{parts.netloc or '*'}]" if scheme == "pyspark" else url.split("?")[0]
                return _spark(master, dict(parse_qsl(parts.query)))
            import ibis

            return ibis.connect(url)
    except EventsError:
        raise
    except ImportError:
        name = "pyspark" if scheme == "spark" else scheme
        raise MissingDependencyError(
            f"backend {scheme}:// needs the ibis {name} backend and its driver; "
            f"install them with: pip install 'ibis-framework[{name}]'"
        ) from None
    except Exception as exc:  # every engine and driver has its own connection errors
        raise EventsError(f"cannot reach backend {url}: {_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def _files(spec: str) -> list[str]:
    if "://" in spec:
        return [spec]  # object stores: the engine resolves them
    return sorted(glob.glob(spec, recursive=True)) if glob.has_magic(spec) else ([spec] if Path(spec).exists() else [])


def _read_csv(con: Any, spec: str) -> Any:
    if con.name == "duckdb":
        # the timestamp column stays text so that a file mixing zoned and zone-less times can be told apart
        return con.read_csv(spec, types={"timestamp": "VARCHAR"})
    if con.name == "pyspark":
        return con.read_csv(spec, timestampFormat=_NEVER_A_TIMESTAMP)
    return con.read_csv(spec)


def _read(con: Any, spec: str) -> Any:
    lower = spec.lower()
    if Path(spec).is_dir():
        return con.read_parquet(spec if con.name == "pyspark" else f"{spec.rstrip('/')}/**/*.parquet")
    if lower.endswith(_PARQUET):
        return con.read_parquet(spec)
    if lower.endswith(_CSV):
        return _read_csv(con, spec)
    return con.table(spec)


def open_events(con: Any, spec: str) -> Any:
    """Return the events as an ibis table: a Parquet or CSV file, a glob, a folder of Parquet, or a table."""
    is_file = spec.lower().endswith(_PARQUET + _CSV) or glob.has_magic(spec) or Path(spec).is_dir()
    if is_file and not _files(spec):
        raise EventsError(f"{spec}: no events file found")
    for found in _files(spec) if is_file and not Path(spec).is_dir() else []:
        if "://" not in found and (reason := input_files.refusal(Path(found))) is not None:
            raise EventsError(f"{found}: the events file {reason}")  # a pipe would be waited on for ever
    try:
        with quiet():
            return _read(con, spec)
    except Exception as exc:  # engines raise their own kinds for unreadable files and unknown tables
        what = "cannot read events" if is_file else "no events file or table by that name"
        raise EventsError(f"{spec}: {what}: {_first_line(exc)}") from None


def fetch(con: Any, expr: Any, source: str) -> pa.Table:
    """Run an ibis expression on its backend and return the result as an Arrow table."""
    try:
        with quiet():
            table: pa.Table = con.to_pyarrow(expr)
    except Exception as exc:  # an engine error while reading or computing: report it against the events
        raise EventsError(f"{source}: the engine failed: {_first_line(exc)}") from None
    return table
