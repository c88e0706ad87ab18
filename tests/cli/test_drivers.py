"""kpicascade drivers: verdicts for people and for scripts, surveys, and clean errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.drivers.synthetic import Planted, write_portfolio
from tests.drivers.test_survey import SURVEY, write_responses

from kpicascade.cli import cli


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve accounts made by the planted model, the first with a survey."""
    path = tmp_path_factory.mktemp("portfolio")
    write_portfolio(path, 12, Planted())
    first = path / "acct-000.yaml"
    first.write_text(first.read_text() + SURVEY.format(file="survey.csv"))
    write_responses(path / "survey.csv")
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_json_for_scripts(folder: Path) -> None:
    code, out, _ = run("drivers", str(folder), "--format", "json", "--window", "3")
    data = json.loads(out)
    assert code == 0
    assert data["window"] == 3
    pooled = {f["signal"]: f["verdict"] for f in data["links"] if f["scope"] == "portfolio"}
    assert pooled["sig_drives"] == "confirmed"
    assert pooled["sig_hurts"] == "contradicted"
    assert data["surveys"][0]["drivers"][0]["question"] == "q_ship_dates"


def test_tables_for_people(folder: Path) -> None:
    code, out, _ = run("drivers", str(folder))
    assert code == 0
    assert "portfolio of 12" in out
    assert "contradicted" in out
    assert "Relative importance for kpi_otif (portfolio of 12)" in out
    assert "Survey drivers of nps for acct-000" in out
    assert "acct-005" not in out  # per-account rows only on request
    assert "acct-005" in run("drivers", str(folder), "--per-account")[1]


def test_levels_flag(folder: Path) -> None:
    data = json.loads(run("drivers", str(folder), "--format", "json", "--levels")[1])
    assert data["method"] == "levels"


def test_bad_survey_file_exits_1(folder: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("respondent,nps\nr1,9\n")
    code, _, err = run("drivers", str(folder / "acct-000.yaml"), "--survey", str(bad))
    assert code == 1
    assert "bad.csv:1: error: missing column 'q_ship_dates'" in err
    assert "Traceback" not in err


def test_invalid_scorecard_exits_1(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("account: X\naccount_id: x\n")
    code, _, err = run("drivers", str(tmp_path / "x.yaml"))
    assert code == 1
    assert "x.yaml" in err


def test_help_has_an_example() -> None:
    code, out, _ = run("drivers", "--help")
    assert code == 0
    assert "Example:" in out
