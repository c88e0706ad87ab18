"""The account plan against the scores: overdue, expected effect reached, and the plan's lints, by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import kpicascade
from kpicascade.periods import Period
from kpicascade.scoring import Result
from kpicascade.scoring.actions import effect_text, is_overdue, open_items, period_end, plan_problems, plan_rows
from tests.cards import write_card

_ACTUALS = """actuals:
  rows:
    - {id: kpi_otif, period: 2025-Q1, value: 0.83}
    - {id: sig_planners, period: 2025-Q1, value: 14}
"""

# At 2025-Q2: NPS at its baseline (a red moment of truth), OTIF at its baseline (red), expedited shipments
# at 4% against a 5% target (green, and past what action a1 expected).
_PLAN = """plan:
  - id: a1
    action: Weekly expedite review with the carriers
    owner: "Lars Berg, VP Supply Chain"
    side: customer
    due: 2025-05-15
    status: in_progress
    nodes: [kpm_expedited]
    expect: {node: kpm_expedited, to: 0.05, by: 2025-Q4}
  - id: a2
    action: Promoter call-backs
    owner: Lattice CSM
    due: 2025-01-10
    status: done
    nodes: [kpi_nps]
  - id: m1
    kind: milestone
    action: Carrier portal live
    owner: Lattice CSM
    due: 2025-09-30
    nodes: [kpi_otif]
actuals:
  rows:
    - {id: kpi_otif, period: 2025-Q2, value: 0.82}
    - {id: kpi_nps, period: 2025-Q2, value: 12}
    - {id: kpm_expedited, period: 2025-Q2, value: 0.04}
notes:
  rows:
    - {node: kpi_otif, period: 2025-Q2, text: Two carriers failed in the heatwave, author: Lars Berg}
"""


def _result(tmp_path: Path, extra: list[tuple[str, str]] | None = None) -> Result:
    path, _ = write_card(tmp_path, [(_ACTUALS, _PLAN), *(extra or [])])
    return kpicascade.load(path).score(period="2025-Q2")


@pytest.mark.parametrize(
    ("period", "last_day"),
    [("2026-Q3", date(2026, 9, 30)), ("2025-Q4", date(2025, 12, 31)), ("2024-02", date(2024, 2, 29))],
)
def test_period_end(period: str, last_day: date) -> None:
    assert period_end(Period.parse(period)) == last_day


def test_overdue_only_while_open_and_due_before_the_period_ends(tmp_path: Path) -> None:
    result = _result(tmp_path)
    items = {i.id: i for i in result.card.plan}
    assert is_overdue(items["a1"], Period.parse("2025-Q2"))  # due mid-May, still in progress
    assert not is_overdue(items["a1"], Period.parse("2025-Q1"))  # not yet due at the end of March
    assert not is_overdue(items["a2"], Period.parse("2025-Q2"))  # done
    assert not is_overdue(items["m1"], Period.parse("2025-Q2"))  # due in September


def test_rows_open_first_by_due_date_with_flags(tmp_path: Path) -> None:
    rows = plan_rows(_result(tmp_path))
    assert [r.id for r in rows] == ["a1", "m1", "a2"]
    a1 = rows[0]
    assert a1.flags == ["overdue", "expected effect reached"]
    assert a1.effect == "Share of expedited shipments to 5.0% by 2025-Q4"
    assert a1.node_names == ["Share of expedited shipments"]
    assert a1.worst_status == "green"
    assert rows[1].worst_status == "red"
    assert rows[1].flags == []


def test_open_items_by_node_and_on_node_scores(tmp_path: Path) -> None:
    result = _result(tmp_path)
    assert {k: [i.id for i in v] for k, v in open_items(result).items()} == {
        "kpm_expedited": ["a1"],
        "kpi_otif": ["m1"],
    }
    assert result.node("kpi_otif").actions == ["m1"]
    assert result.node("kpi_nps").actions == []  # a2 is done
    assert result.node("kpi_otif").note == "Two carriers failed in the heatwave"
    assert result.node("kpi_otif").note_author == "Lars Berg"
    assert result.node("kpi_nps").note is None


def test_effect_text_without_a_period(tmp_path: Path) -> None:
    result = _result(
        tmp_path, [("expect: {node: kpm_expedited, to: 0.05, by: 2025-Q4}", "expect: {node: kpm_expedited, to: 0.07}")]
    )
    assert effect_text(result.card.plan[0], result) == "Share of expedited shipments to 7.0%"


def _codes(result: Result) -> list[tuple[str, tuple[str | int, ...]]]:
    return sorted((p.code, p.path) for p in plan_problems(result))


def test_plan_lints(tmp_path: Path) -> None:
    # NPS is a red moment of truth whose only action is done; OTIF is red but m1 (and a1 beneath it) move it.
    assert _codes(_result(tmp_path)) == [
        ("action-effect-reached", ("plan", 0, "status")),
        ("action-overdue", ("plan", 0, "due")),
        ("red-without-action", ("nodes", 2)),
    ]


def test_an_action_beneath_a_red_kpi_covers_it(tmp_path: Path) -> None:
    # Without m1, OTIF is still covered: a1 moves expedited shipments, which feed OTIF.
    result = _result(tmp_path, [("    nodes: [kpi_otif]\n", "    nodes: [kpi_nps]\n")])
    assert ("red-without-action", ("nodes", 1)) not in _codes(result)
    assert ("red-without-action", ("nodes", 2)) not in _codes(result)


def test_note_on_red(tmp_path: Path) -> None:
    # Red at 2025-Q2: the objective (both children at 0), OTIF (noted) and NPS; expedited shipments are green.
    result = _result(tmp_path, [("notes:\n", "scoring: {note_on_red: true}\nnotes:\n")])
    missing = [p.path for p in plan_problems(result) if p.code == "red-without-note"]
    assert missing == [("nodes", 0), ("nodes", 2)]


def test_lint_places_name_the_plan_lines(tmp_path: Path) -> None:
    path, _ = write_card(tmp_path, [(_ACTUALS, _PLAN)])
    result = kpicascade.load(path).score(period="2025-Q2")
    lines = path.read_text().splitlines()
    overdue = next(p for p in plan_problems(result) if p.code == "action-overdue")
    assert overdue.location.line is not None
    assert lines[overdue.location.line - 1].strip() == "due: 2025-05-15"
