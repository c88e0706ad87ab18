"""kpicascade whatif: projections as tables or JSON, unknown scenarios and bad scenarios named, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.whatif.test_projection import write_exact

from kpicascade.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def card(tmp_path: Path) -> Path:
    return write_exact(tmp_path, "  - {id: plus20, name: Planners +20%, signal: sig_users, percent: 20}")


def test_tables_say_what_each_link_carries(card: Path) -> None:
    code, out, _ = run("whatif", str(card))
    assert code == 0
    assert "Planners +20%" in out
    assert "nothing: not confirmed" in out  # the link with too few periods
    assert "worth USD 134,000 (134,000 to 134,000) a year, 134% (134% to 134%) of the annual fee" in out


def test_json_for_scripts(card: Path) -> None:
    code, out, _ = run("whatif", str(card), "--scenario", "plus20", "--format", "json")
    assert code == 0
    data = json.loads(out)
    [projection] = data["scenarios"]
    assert projection["scenario"] == {"id": "plus20", "name": "Planners +20%", "signal": "sig_users", "percent": 20.0}
    assert [link["contributes"] for link in projection["links"]] == [True, False]
    assert projection["value"]["value"] == pytest.approx(134_000)
    assert data["period"] == "2026-01"


def test_unknown_scenario_is_a_usage_error(card: Path) -> None:
    code, _, err = run("whatif", str(card), "--scenario", "nope")
    assert code == 2
    assert "no scenario 'nope' (scenarios: plus20)" in err


def test_a_bad_scenario_names_file_and_line(tmp_path: Path) -> None:
    path = write_exact(tmp_path, "  - {id: both, name: Both, signal: sig_users, by: 3, to: 5}")
    code, _, err = run("whatif", str(path))
    assert code == 1
    assert "acme.yaml:28:5" in err  # the scenario's line
    assert "give one of percent, by or to (found by, to)" in err
    assert "Traceback" not in err


def test_no_scenarios_says_how_to_add_them(tmp_path: Path) -> None:
    code, out, _ = run("whatif", str(write_exact(tmp_path, "  []")))
    assert code == 0
    assert "no scenarios" in out


def test_the_bundled_example_projects_through_its_confirmed_link() -> None:
    example = Path(__file__).resolve().parents[2] / "scorecards" / "northwind-components.yaml"
    code, out, _ = run("whatif", str(example), "--format", "json")
    assert code == 0
    planners = {p["scenario"]["id"]: p for p in json.loads(out)["scenarios"]}["planners_plus_20"]
    carried = [link for link in planners["links"] if link["contributes"]]
    assert [link["node"] for link in carried] == ["kpm_manual_overrides"]
    assert carried[0]["verdict"] == "confirmed"
