"""kpicascade score: partial periods, incomplete roll-ups, each node's note and open actions, then next steps."""

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


NORTHWIND = Path(__file__).resolve().parents[2] / "scorecards" / "northwind-components.yaml"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["score", *args], env={"COLUMNS": "220"})
    return result.exit_code, result.stdout


def test_tree_shows_notes_and_open_actions() -> None:
    code, out = _run(str(NORTHWIND))
    assert code == 0
    line = next(x for x in out.splitlines() if "Planners certified (CPIM" in x)
    assert "▶ 1 open action" in line
    assert "Cohort 2 exams moved to October" in out
    assert "(Priya Nair)" in out


def test_next_steps_list_open_actions_by_due_date_and_mark_overdue() -> None:
    out = _run(str(NORTHWIND))[1]
    steps = out.split("Next steps", 1)[1]
    dues = [d for d in ("2026-08-31", "2026-09-15", "2026-10-31", "2026-11-30", "2026-12-15") if d in steps]
    assert dues == ["2026-08-31", "2026-09-15", "2026-10-31", "2026-11-30", "2026-12-15"]
    assert [steps.index(d) for d in dues] == sorted(steps.index(d) for d in dues)
    assert "2026-06-30" not in steps  # done
    assert steps.count("overdue") == 2  # finite scheduling (in progress) and the talent pool (blocked)


def test_json_has_plan_notes_and_customers() -> None:
    code, out = _run(str(NORTHWIND), "--format", "json", "--period", "2026-Q2")
    data = json.loads(out)
    assert code == 0
    otif = next(n for n in data["nodes"] if n["id"] == "kpi_otif")
    assert otif["note"] == "Held above target despite the Brno line move."
    assert [p["id"] for p in data["plan"]][-1] == "promise_dates_live"  # done, so last
    assert {c["account_id"] for c in data["customers"]} == {"helios-wind", None}


def test_customers_follow_the_next_steps() -> None:
    out = _run(str(NORTHWIND))[1]
    customers = out.split("The account's customers", 1)[1]
    assert "Helios Wind Systems: Keep turbine fleet availability above 97%" in customers
    assert "OTIF / DIFOT (delivered in full, on time) green" in customers
