"""kpicascade signals: compute, write actuals the scorecard can list, and refuse bad input cleanly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from tests.signals.portfolio import make_events, plain, write_card

import kpicascade
from kpicascade.cli import cli


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with two scorecards that list their signals files, and their events."""
    for account in ("acme", "globex"):
        card = write_card(tmp_path, account)
        card.write_text(card.read_text() + f"actuals:\n  files: [{account}.signals.csv]\n")
    pq.write_table(pa.Table.from_pylist(make_events()), tmp_path / "events.parquet")
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_writes_actuals_beside_each_scorecard_that_then_load(folder: Path) -> None:
    code, out, _ = run("signals", str(folder), "--events", str(folder / "events.parquet"))
    assert code == 0, out
    assert (folder / "acme.signals.csv").is_file()
    card = kpicascade.load(folder / "acme.yaml")
    sessions = {str(p): v for p, v in card.measurements.series("sig_sessions").items()}
    want = {p: v for (s, p), v in plain(make_events(), "acme").items() if s == "sig_sessions"}
    assert sessions == want


def test_json_for_scripts(folder: Path) -> None:
    code, out, _ = run(
        "signals", str(folder / "acme.yaml"), "--events", str(folder / "events.parquet"), "--format", "json"
    )
    report = json.loads(out)
    assert code == 0
    assert report["rows_read"] == 3000
    assert report["first"].endswith("Z")
    assert report["written"] == [{"account": "acme", "file": str(folder / "acme.signals.csv"), "rows": 36}]


def test_output_file_and_output_folder(folder: Path) -> None:
    events = str(folder / "events.parquet")
    assert run("signals", str(folder), "--events", events, "-o", str(folder / "all.csv"))[0] == 0
    assert (folder / "all.csv").read_text().startswith("account,id,period,value\n")
    assert run("signals", str(folder), "--events", events, "-o", str(folder / "out"))[0] == 0
    assert sorted(p.name for p in (folder / "out").iterdir()) == ["acme.signals.csv", "globex.signals.csv"]


@pytest.mark.parametrize(
    ("change", "args", "message"),
    [
        ("drop-user", (), "events.parquet: error: missing column 'user'"),
        ("unknown-type", (), "acme.yaml:33:66: error: signal sig_planners: event type 'plan.publish' does not occur"),
        ("none", ("--backend", "duckdb:///nowhere/x.duckdb"), "cannot reach backend duckdb:///nowhere/x.duckdb"),
        ("none", ("--backend", "mysql://localhost/db"), "pip install 'ibis-framework[mysql]'"),
    ],
)
def test_bad_input_exits_1_and_writes_nothing(folder: Path, change: str, args: tuple[str, ...], message: str) -> None:
    if change == "drop-user":
        table = pq.read_table(folder / "events.parquet")
        pq.write_table(table.drop_columns(["user"]), folder / "events.parquet")
    elif change == "unknown-type":
        card = folder / "acme.yaml"
        card.write_text(card.read_text().replace("plan.published]", "plan.publish]"))
    before = sorted(p.name for p in folder.iterdir())
    code, _, err = run("signals", str(folder), "--events", str(folder / "events.parquet"), *args)
    assert code == 1
    assert message in " ".join(err.split())
    assert "Traceback" not in err
    assert sorted(p.name for p in folder.iterdir()) == before


def test_invalid_scorecard_exits_1(folder: Path) -> None:
    shutil.copy(folder / "acme.yaml", folder / "broken.yaml")
    (folder / "broken.yaml").write_text((folder / "acme.yaml").read_text().replace("calendar: month", "calendar: x"))
    code, _, err = run("signals", str(folder / "broken.yaml"), "--events", str(folder / "events.parquet"))
    assert code == 1
    assert "broken.yaml:5" in err


def test_help_has_an_example() -> None:
    code, out, _ = run("signals", "--help")
    assert code == 0
    assert "Example:" in out
    assert "--backend" in out
