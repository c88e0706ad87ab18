"""kpicascade score: the tree marks partial periods and incomplete roll-ups; JSON says the same."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kpicascade.cli import cli

RULES = Path(__file__).resolve().parents[1] / "workbook" / "cards" / "rules.yaml"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["score", *args], env={"COLUMNS": "200"})
    return result.exit_code, result.stdout


def test_a_sum_whose_region_is_late_says_how_many_reported() -> None:
    code, out = run(str(RULES))
    assert code == 0
    quota = next(line for line in out.splitlines() if "Team quota" in line)
    assert "no data" in quota
    assert "3 of 4 reported" in quota


def test_json_carries_the_counts_and_the_partial_flag() -> None:
    code, out = run(str(RULES), "--format", "json")
    assert code == 0
    data = json.loads(out)
    quota = next(n for n in data["nodes"] if n["id"] == "kpi_quota")
    assert (quota["children_reported"], quota["children_total"], quota["score"]) == (3, 4, None)
    assert data["period"] == "2026-05"
    assert data["period_partial"] is False


def test_a_partial_quarter_is_marked_in_the_title() -> None:
    # the rules card has data from January to May: Q2 has April and May in
    code, out = run(str(RULES), "--by", "quarter", "--period", "2026-Q2")
    assert code == 0
    assert "2026-Q2 (to date: 2 of 3 months)" in out.splitlines()[0]
    code, out = run(str(RULES), "--by", "quarter", "--format", "json")
    assert json.loads(out)["period"] == "2026-Q1"  # the latest complete quarter by default
