"""kpicascade score: partial periods, incomplete roll-ups, each node's note and open actions, then next steps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
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


def _json(*args: str) -> dict[str, object]:
    code, out = run(str(RULES), *args, "--format", "json")
    assert code == 0
    data: dict[str, object] = json.loads(out)
    return data


#: Pick accuracy's March, the last it reported (baseline 0.9, target 0.99), carried into April and May.
PICK = (0.91 - 0.9) / (0.99 - 0.9)
#: The top objective in May: OTIF floored at 0 (0.41 typed for 0.941), automated orders at their cap 1.5
#: ((400 - 100) / 100 = 3), spot freight unbounded (140 - 100) / (80 - 100), the team quota carried from April
#: (4 x 95 - 300) / 100; fill rate last reported in February is past max_age; the align-only child not counted.
TOP = (0.0 + 1.5 + (140 - 100) / (80 - 100) + (4 * 95 - 300) / 100) / 4
#: Be easy to buy from (a root of the scored cascade: its only link up is align-only): portal orders, the key
#: account quota with Key account two carried (100 + 90), the partner quota with Partner two as zero (100 + 0).
SECOND = ((55 - 10) / (50 - 10) + (190 - 100) / (200 - 100) + (100 - 100) / (200 - 100)) / 3
#: Keep customers (missing: zero): CSAT met, renewals missing counts 0, NPS held from April; portal is align-only.
KEEP = ((0.9 - 0.7) / (0.9 - 0.7) + 0 + (31 - 10) / (40 - 10)) / 3

# The issue's cases through the command line, on the rules card viewed in May (figures by hand).
# (case, node, field, expected)
ISSUE_CASES = [
    ("the 0.41 typo floors at 0", "kpi_otif", "score", 0.0),
    ("the typo's objective is not negative", "obj_top", "score", TOP),
    ("a missing sum child: no value", "kpi_quota", "score", None),
    ("a missing sum child: 3 of 4 reported", "kpi_quota", "children_reported", 3),
    ("worst-of with carry: the carried red counts in the score", "obj_ops", "score", (1.0 + PICK) / 2),
    ("worst-of with carry: and in the status", "obj_ops", "status", "red"),
    ("zero with every child missing: no score", "obj_empty", "score", None),
    ("zero with every child missing: no data", "obj_empty", "status", "no data"),
    ("carry within max_age fills a sum", "kpi_quota_carry", "actual", 100 + 90),
    ("zero fills a sum as long as a child reported", "kpi_quota_zero", "actual", 100 + 0),
    ("a quarterly survey holds in May", "kpi_nps", "actual", 31),
]


@pytest.mark.parametrize(("case", "node", "field", "expected"), ISSUE_CASES, ids=[c[0] for c in ISSUE_CASES])
def test_the_issues_cases_read_as_documented(case: str, node: str, field: str, expected: object) -> None:
    data = _json()
    found = next(n for n in data["nodes"] if n["id"] == node)  # type: ignore[attr-defined]
    assert found[field] == (pytest.approx(expected) if isinstance(expected, float) else expected)


def test_align_only_links_never_count_in_the_overall_score() -> None:
    data = _json()
    # the roots of the scored cascade: the top objective, Be easy to buy from (align-only to the top), the worst-of
    # operations objective and Keep customers; Train planners has no score
    assert data["overall_score"] == pytest.approx((TOP + SECOND + (1.0 + PICK) / 2 + KEEP) / 4)
