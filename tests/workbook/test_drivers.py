"""The Drivers sheet, the extension point for the driver analysis: findings as plain records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

import kpicascade
from kpicascade.workbook import render
from kpicascade.workbook.drivers_sheet import HEADER


@dataclass
class Correlation:
    r: float | None
    n: int


@dataclass
class Finding:
    signal: str
    node: str
    lag: int
    at_lag: Correlation
    verdict: str


FINDINGS = [
    Finding("sig_users", "kpi_rev", 1, Correlation(0.62, 18), "confirmed"),
    {"signal": "=cmd", "node": "kpi_nps", "lag": 0, "at_lag": {"r": None, "n": 4}, "verdict": "not enough data"},
]


def test_findings_become_a_table_after_signals(coverage_path: Path) -> None:
    wb = render(kpicascade.load(coverage_path).score(), findings=FINDINGS)
    assert wb.sheetnames.index("Drivers") == wb.sheetnames.index("Signals") + 1
    ws = wb["Drivers"]
    assert [c.value for c in ws[HEADER]] == ["Signal", "Node", "Lag", "At lag r", "At lag n", "Verdict"]
    assert [c.value for c in ws[HEADER + 1]] == ["sig_users", "kpi_rev", 1, 0.62, 18, "confirmed"]
    assert [c.value for c in ws[HEADER + 2]][3:] == [None, 4, "not enough data"]
    assert ws.cell(row=HEADER + 2, column=1).data_type == "s"
    assert any("F" in str(rule.sqref) for rule in ws.conditional_formatting)


def test_a_workbook_without_findings_has_no_drivers_sheet(coverage_path: Path) -> None:
    assert "Drivers" not in render(kpicascade.load(coverage_path).score()).sheetnames


def test_a_finding_of_unknown_shape_is_refused(coverage_path: Path) -> None:
    with pytest.raises(TypeError, match="mapping, a dataclass"):
        render(kpicascade.load(coverage_path).score(), findings=[object()])


SURVEY_ROWS = [
    {
        "verdict": "confirmed",
        "question": "q_ship_dates",
        "coefficient": "+0.52 (+0.41 to +0.63)",
        "measurements_under_it": "OTIF, Expedited shipments",
    },
    {
        "verdict": "no sign of an effect yet",
        "question": "=q_portal",
        "coefficient": "-0.04 (-0.15 to +0.07)",
        "measurements_under_it": "none",
    },
]


def test_survey_drivers_alone_make_the_sheet(coverage_path: Path) -> None:
    wb = render(kpicascade.load(coverage_path).score(), surveys=SURVEY_ROWS)
    ws = wb["Drivers"]
    assert ws.cell(row=HEADER - 1, column=1).value == "Survey drivers: which answers move the outcome"
    assert [c.value for c in ws[HEADER]] == ["Verdict", "Question", "Coefficient", "Measurements under it"]
    assert [c.value for c in ws[HEADER + 1]] == [
        "confirmed",
        "q_ship_dates",
        "+0.52 (+0.41 to +0.63)",
        "OTIF, Expedited shipments",
    ]
    assert ws.cell(row=HEADER + 2, column=2).value == "=q_portal"
    assert ws.cell(row=HEADER + 2, column=2).data_type == "s"  # text, never a formula


def test_survey_drivers_follow_the_signal_findings(coverage_path: Path) -> None:
    wb = render(kpicascade.load(coverage_path).score(), findings=FINDINGS, surveys=SURVEY_ROWS)
    ws = wb["Drivers"]
    below = HEADER + len(FINDINGS) + 3
    assert ws.cell(row=below - 1, column=1).value == "Survey drivers: which answers move the outcome"
    assert ws.cell(row=below, column=2).value == "Question"
    assert ws.cell(row=below + 1, column=1).value == "confirmed"
    assert ws.auto_filter.ref == f"A{HEADER}:F{HEADER + len(FINDINGS)}"
