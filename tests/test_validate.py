"""Every validation rule and lint, one row each: the code, its file:line:column and its field path."""

from __future__ import annotations

from pathlib import Path

import pytest

import kpicascade
from kpicascade.problems import FieldPath, Problem
from kpicascade.validate import validate
from tests.cards import write_card

_OTIF_LINK = "{from: kpm_expedited, to: kpi_otif}"
_NPS_METRIC = "metric: {unit: points, direction: increase, baseline: 12, target: 30}"
_CX = '{id: cx, name: Customer experience, owner: "Mia Dahl, Head of CX"}'
_LINKS_END = "  drives:\n"
_OTIF_ROW = "    - {id: kpi_otif, period: 2025-Q1, value: 0.83}\n"


def _link(line: str) -> tuple[str, str]:
    """Return a replacement that adds a contributes link (the line is placed before drives:)."""
    return _LINKS_END, f"    - {line}\n{_LINKS_END}"


_SCENARIO = "actuals:\n  rows:\n"


def _scenario(line: str, second: str = "") -> tuple[str, str]:
    """Return a replacement that adds scenarios (before actuals:)."""
    return _SCENARIO, f"scenarios:\n  - {line}\n{second}{_SCENARIO}"


# (case, replacements with « before the expected spot, code, field path)
ERRORS = [
    (
        "a scenario of an unknown signal",
        [_scenario("{id: more, name: More, signal: «sig_planer, percent: 20}")],
        "unknown-reference",
        ("scenarios", 0, "signal"),
    ),
    (
        "a scenario starting at a period that is none",
        [_scenario("{id: more, name: More, signal: sig_planners, percent: 20, from: «2026-13}")],
        "period",
        ("scenarios", 0, "from"),
    ),
    (
        "a scenario listed twice",
        [
            _scenario(
                "{id: more, name: More, signal: sig_planners, by: 2}",
                "  - {id: «more, name: Again, signal: sig_planners, to: 40}\n",
            )
        ],
        "duplicate-id",
        ("scenarios", 1, "id"),
    ),
    (
        "a scenario that moves its signal two ways",
        [_scenario("«{id: more, name: More, signal: sig_planners, by: 2, to: 40}")],
        "invalid",
        ("scenarios", 0),
    ),
    (
        "an empty time-phased target",
        [("target: {2025-Q4: 0.9, 2026-Q4: 0.95}", "target: «{}")],
        "target-missing",
        ("nodes", 1, "metric", "target"),
    ),
    (
        "unknown node in a link",
        [(_OTIF_LINK, "{from: kpm_expedited, to: «kpi_otf}")],
        "unknown-reference",
        ("links", "contributes", 2, "to"),
    ),
    (
        "a signal where a node belongs",
        [(_OTIF_LINK, "{from: «sig_auto_orders, to: kpi_otif}")],
        "unknown-reference",
        ("links", "contributes", 2, "from"),
    ),
    (
        "unknown perspective",
        [("perspective: customer\n    department: supply", "perspective: «custmer\n    department: supply")],
        "unknown-reference",
        ("nodes", 1, "perspective"),
    ),
    ("unknown department", [("department: cx", "department: «c_x")], "unknown-reference", ("nodes", 2, "department")),
    (
        "unknown signal",
        [("{signal: sig_planners,", "{signal: «sig_planner,")],
        "unknown-reference",
        ("links", "signals", 1, "signal"),
    ),
    (
        "unknown node of a signal link",
        [("node: kpi_nps", "node: «kpi_np")],
        "unknown-reference",
        ("links", "signals", 1, "node"),
    ),
    (
        "unknown node in a drives link",
        [("{from: kpi_otif, to: kpi_nps,", "{from: kpi_otif, to: «kpi_npx,")],
        "unknown-reference",
        ("links", "drives", 0, "to"),
    ),
    (
        "unknown node serving a customer",
        [("actuals:\n", "customers:\n  - {account: Rema 1000, objective: fresh, served_by: [«kpi_otiff]}\nactuals:\n")],
        "unknown-reference",
        ("customers", 0, "served_by", 0),
    ),
    ("duplicate node id", [("  - id: kpi_nps\n", "  - id: «kpi_otif\n")], "duplicate-id", ("nodes", 2, "id")),
    ("signal id that a department has", [("{id: sig_planners,", "{id: «cx,")], "duplicate-id", ("signals", 1, "id")),
    (
        "duplicate perspective",
        [
            (
                "departments:\n",
                "perspectives:\n  - {id: customer, name: Customer}\n"
                "  - {id: financial, name: Financial}\n  - {id: «customer, name: Clients}\n"
                "  - {id: internal_process, name: Internal}\ndepartments:\n",
            )
        ],
        "duplicate-id",
        ("perspectives", 2, "id"),
    ),
    (
        "cycle in the cascade",
        [_link("«{from: kpi_otif, to: kpi_nps}"), _link("{from: kpi_nps, to: kpi_otif}")],
        "cycle",
        ("links", "contributes", 4),
    ),
    (
        "contributes to itself",
        [(_OTIF_LINK, "«{from: kpm_expedited, to: kpm_expedited}")],
        "cycle",
        ("links", "contributes", 2),
    ),
    ("objective feeds a KPI", [_link("«{from: obj_reliable, to: kpi_nps}")], "kind-rule", ("links", "contributes", 4)),
    (
        "MBO feeds nothing lower, KPI cannot feed an MBO",
        [_link("«{from: kpi_nps, to: mbo_vp_supply}")],
        "kind-rule",
        ("links", "contributes", 4),
    ),
    (
        "level on a KPI",
        [
            (
                "kind: kpi\n    perspective: customer\n    department: supply\n",
                "kind: kpi\n    level: «business\n    perspective: customer\n    department: supply\n",
            )
        ],
        "kind-rule",
        ("nodes", 1, "level"),
    ),
    (
        "MBO without an owner",
        [('    owner: "Lars Berg, VP Supply Chain"\n', ""), ("  - id: mbo_vp_supply", "  - «id: mbo_vp_supply")],
        "mbo-owner",
        ("nodes", 4),
    ),
    (
        "an attribution share above one",
        [
            (
                "      value_per_unit: 4000000\n",
                "      value_per_unit: 4000000\n    attribution: {share: «40, basis: agreed}\n",
            )
        ],
        "out-of-range",
        ("nodes", 1, "attribution", "share"),
    ),
    (
        "an attribution without its basis",
        [("      value_per_unit: 4000000\n", "      value_per_unit: 4000000\n    attribution: «{share: 0.4}\n")],
        "missing-key",
        ("nodes", 1, "attribution", "basis"),
    ),
    ("weight of zero", [("weight: 1}", "weight: «0}")], "out-of-range", ("links", "contributes", 1, "weight")),
    ("negative weight", [("weight: 2}", "weight: «-2}")], "out-of-range", ("links", "contributes", 0, "weight")),
    (
        "a reporting frequency equal to the calendar",
        [
            (
                "metric: {unit: points, direction: increase, baseline: 12, target: 30}",
                "metric: {unit: points, direction: increase, baseline: 12, target: 30, frequency: «quarter}",
            )
        ],
        "frequency",
        ("nodes", 2, "metric", "frequency"),
    ),
    (
        "monthly and quarterly rows for one id",
        [(_OTIF_ROW, _OTIF_ROW + "    - «{id: kpi_otif, period: 2025-04, value: 0.84}\n")],
        "actuals-grain",
        ("period",),
    ),
    (
        "target equals baseline",
        [("baseline: 12, target: 30", "baseline: 12, target: «12")],
        "target-equals-baseline",
        ("nodes", 2, "metric", "target"),
    ),
    (
        "a phased target equals baseline",
        [("{2025-Q4: 0.9,", "{2025-Q4: «0.82,")],
        "target-equals-baseline",
        ("nodes", 1, "metric", "target", "2025-Q4"),
    ),
    (
        "decrease with target above baseline",
        [("baseline: 0.12, target: 0.05}", "baseline: 0.12, target: «0.2}")],
        "target-direction",
        ("nodes", 3, "metric", "target"),
    ),
    (
        "increase with target below baseline",
        [("baseline: 12, target: 30", "baseline: 12, target: «5")],
        "target-direction",
        ("nodes", 2, "metric", "target"),
    ),
    (
        "a phased target on the wrong side",
        [("2026-Q4: 0.95}", "2026-Q4: «0.8}")],
        "target-direction",
        ("nodes", 1, "metric", "target", "2026-Q4"),
    ),
    (
        "target period outside the horizon",
        [("2026-Q4: 0.95}", "«2027-Q1: 0.95}")],
        "period",
        ("nodes", 1, "metric", "target", "2027-Q1"),
    ),
    (
        "target month in a quarter calendar",
        [("{2025-Q4: 0.9,", "{«2025-10: 0.9,")],
        "period",
        ("nodes", 1, "metric", "target", "2025-10"),
    ),
    (
        "target period that does not parse",
        [("{2025-Q4: 0.9,", "{«Q4-2025: 0.9,")],
        "period",
        ("nodes", 1, "metric", "target", "Q4-2025"),
    ),
    ("horizon period that does not parse", [("end: 2026-Q4}", "end: «2026-Q5}")], "period", ("horizon", "end")),
    ("horizon in the wrong calendar", [("start: 2025-Q1,", "start: «2025-01,")], "period", ("horizon", "start")),
    ("horizon ends before it starts", [("end: 2026-Q4}", "end: «2024-Q4}")], "period", ("horizon", "end")),
    (
        "band without bounds",
        [(_NPS_METRIC, "metric: «{unit: points, direction: band}")],
        "band-bounds",
        ("nodes", 2, "metric", "band"),
    ),
    (
        "band with one bound",
        [(_NPS_METRIC, "metric: {unit: points, direction: band, band: «{low: 20}}")],
        "band-bounds",
        ("nodes", 2, "metric", "band"),
    ),
    (
        "band low above high",
        [(_NPS_METRIC, "metric: {unit: points, direction: band, band: «{low: 40, high: 20}}")],
        "band-bounds",
        ("nodes", 2, "metric", "band"),
    ),
    (
        "thresholds method without rules",
        [(_NPS_METRIC, "metric: «{unit: points, method: thresholds}")],
        "rules-missing",
        ("nodes", 2, "metric", "rules"),
    ),
    (
        "linear without a target",
        [(_NPS_METRIC, "metric: «{unit: points, baseline: 12}")],
        "target-missing",
        ("nodes", 2, "metric", "target"),
    ),
    (
        "linear without a baseline",
        [(_NPS_METRIC, "metric: «{unit: points, target: 30}")],
        "baseline-missing",
        ("nodes", 2, "metric", "baseline"),
    ),
    (
        "combine own without a metric",
        [("    level: strategic\n", "    level: strategic\n    combine: «own\n")],
        "combine",
        ("nodes", 0, "combine"),
    ),
    (
        "rollup sum without a metric",
        [("    level: strategic\n", "    level: strategic\n    rollup: «sum\n")],
        "rollup-sum",
        ("nodes", 0, "rollup"),
    ),
    (
        "a node drives itself",
        [("{from: kpi_otif, to: kpi_nps,", "«{from: kpi_otif, to: kpi_otif,")],
        "drives-itself",
        ("links", "drives", 0),
    ),
    (
        "a link given twice",
        [_link("«{from: kpi_nps, to: obj_reliable}")],
        "duplicate-link",
        ("links", "contributes", 4),
    ),
    (
        "a signal link given twice",
        [("lag: 2}\n", "lag: 2}\n    - «{signal: sig_planners, node: kpi_nps}\n")],
        "duplicate-link",
        ("links", "signals", 2),
    ),
]

# (case, replacements, code, field path): warnings, which a valid scorecard may have.
_OTIF_SERIES = "".join(
    f"    - {{id: kpi_otif, period: {p}, value: {v}}}\n"
    for p, v in (("2025-Q1", 0.93), ("2025-Q2", 0.94), ("2025-Q3", 0.95), ("2025-Q4", 0.94))
)
WARNINGS = [
    (
        "a scenario of a signal linked to nothing",
        [
            (
                "  - {id: sig_planners, name: Weekly",
                "  - {id: sig_spare, name: Spare}\n  - {id: sig_planners, name: Weekly",
            ),
            _scenario("{id: more, name: More, signal: «sig_spare, percent: 20}"),
        ],
        "scenario-unlinked",
        ("scenarios", 0, "signal"),
    ),
    (
        "a percent metric whose values are points",
        [(_OTIF_ROW, "    - «{id: kpi_otif, period: 2025-Q1, value: 83}\n")],
        "percent-as-points",
        ("value",),
    ),
    (
        "a weight on a link into a sum node",
        [
            ("    - {from: kpm_expedited, to: kpi_otif}", "    - {from: kpm_expedited, to: kpi_otif, weight: «2}"),
            ("    timing: lagging\n", "    timing: lagging\n    rollup: sum\n"),
        ],
        "sum-weight",
        ("links", "contributes", 2, "weight"),
    ),
    (
        "a sum node's own actuals",
        [
            ("    timing: lagging\n", "    timing: lagging\n    rollup: sum\n"),
            (_OTIF_ROW, "    - «{id: kpi_otif, period: 2025-Q1, value: 0.83}\n"),
        ],
        "sum-actual-ignored",
        ("id",),
    ),
    (
        "an actual far outside its series (0.41 typed for 0.941)",
        [(_OTIF_ROW, _OTIF_SERIES + "    - «{id: kpi_otif, period: 2026-Q1, value: 0.41}\n")],
        "actual-typo",
        ("value",),
    ),
    (
        "objective with nothing measured beneath",
        [
            (
                "signals:\n  - {id: sig_auto",
                "  - «id: obj_growth\n"
                "    name: Grow revenue 8% a year\n    kind: objective\n"
                "    perspective: financial\n    department: exec\n"
                "signals:\n  - {id: sig_auto",
            )
        ],
        "unmeasured-objective",
        ("nodes", 5),
    ),
    (
        "KPI with no signal linked to it or below",
        [("node: kpi_nps", "node: obj_reliable"), ("  - id: kpi_nps", "  - «id: kpi_nps")],
        "kpi-without-signal",
        ("nodes", 2),
    ),
    (
        "signal linked to nothing",
        [("links:\n", "  - «{id: sig_api_calls, name: API calls}\nlinks:\n")],
        "signal-unlinked",
        ("signals", 2),
    ),
    (
        "node without an owner",
        [(_CX, "{id: cx, name: Customer experience}"), ("  - id: kpi_nps", "  - «id: kpi_nps")],
        "no-owner",
        ("nodes", 2),
    ),
    (
        "sibling weights that sum to 99",
        [("weight: 2}", "weight: «60}"), ("weight: 1}", "weight: 39}")],
        "weights-typo",
        ("links", "contributes", 0, "weight"),
    ),
    (
        "sibling fractions that sum to 0.9",
        [("weight: 2}", "weight: «0.6}"), ("weight: 1}", "weight: 0.3}")],
        "weights-typo",
        ("links", "contributes", 0, "weight"),
    ),
    (
        "value per unit on a node and on one beneath it",
        [
            (
                "metric: {unit: percent, direction: decrease, baseline: 0.12, target: 0.05}",
                "metric: {unit: percent, direction: decrease, baseline: 0.12, target: 0.05, value_per_unit: 90000}",
            ),
            ("      value_per_unit: 4000000", "      value_per_unit: «4000000"),
        ],
        "value-counted-twice",
        ("nodes", 1, "metric", "value_per_unit"),
    ),
    (
        "an attribution on a node without value",
        [
            (
                "    metric: {unit: points, direction: increase, baseline: 12, target: 30}\n",
                "    metric: {unit: points, direction: increase, baseline: 12, target: 30}\n"
                "    attribution: «{share: 0.5, basis: the CX team agreed half}\n",
            )
        ],
        "attribution-without-value",
        ("nodes", 2, "attribution"),
    ),
    (
        "one weight far above its siblings",
        [
            ("weight: 1}", "weight: 1}\n    - {from: kpm_expedited, to: obj_reliable, weight: «20}"),
            ("weight: 2}", "weight: 1}"),
        ],
        "weights-typo",
        ("links", "contributes", 2, "weight"),
    ),
]


def _problems(path: Path) -> list[Problem]:
    try:
        return kpicascade.load(path).problems
    except kpicascade.ScorecardError as exc:
        return exc.problems


def _assert_reported(problems: list[Problem], code: str, severity: str, where: object, path: FieldPath) -> None:
    found = [p for p in problems if p.code == code]
    assert found, f"no {code} among {[str(p) for p in problems]}"
    assert any(p.location == where and p.path == path and p.severity == severity for p in found), (
        f"expected {severity} {code} at {where} {path}; got {[str(p) for p in found]}"
    )


def test_the_base_card_is_clean(tmp_path: Path) -> None:
    path, _ = write_card(tmp_path, [])
    assert _problems(path) == []


@pytest.mark.parametrize(("case", "changes", "code", "path"), ERRORS, ids=[c[0] for c in ERRORS])
def test_error(tmp_path: Path, case: str, changes: list[tuple[str, str]], code: str, path: FieldPath) -> None:
    card, where = write_card(tmp_path, changes)
    with pytest.raises(kpicascade.ScorecardError) as caught:
        kpicascade.load(card)
    _assert_reported(caught.value.problems, code, "error", where, path)
    assert code in str(caught.value)


@pytest.mark.parametrize(("case", "changes", "code", "path"), WARNINGS, ids=[c[0] for c in WARNINGS])
def test_warning(tmp_path: Path, case: str, changes: list[tuple[str, str]], code: str, path: FieldPath) -> None:
    card, where = write_card(tmp_path, changes)
    loaded = kpicascade.load(card)
    _assert_reported(loaded.problems, code, "warning", where, path)
    assert all(p.severity == "warning" for p in loaded.problems)


def test_every_error_is_collected_not_just_the_first(tmp_path: Path) -> None:
    changes = [
        row[1][0]
        for row in ERRORS
        if row[0] in {"unknown department", "target equals baseline", "decrease with target above baseline"}
    ]
    card, _ = write_card(tmp_path, [(old, new.replace("«", "")) for old, new in changes])
    with pytest.raises(kpicascade.ScorecardError) as caught:
        kpicascade.load(card)
    codes = {p.code for p in caught.value.problems}
    assert {"unknown-reference", "target-equals-baseline", "target-direction"} <= codes


def test_the_cycle_is_printed(tmp_path: Path) -> None:
    card, _ = write_card(tmp_path, [_link("{from: kpi_otif, to: kpi_nps}"), _link("{from: kpi_nps, to: kpi_otif}")])
    with pytest.raises(kpicascade.ScorecardError) as caught:
        kpicascade.load(card)
    cycle = next(p for p in caught.value.problems if p.code == "cycle")
    assert "kpi_otif -> kpi_nps -> kpi_otif" in cycle.message or "kpi_nps -> kpi_otif -> kpi_nps" in cycle.message


def test_a_misspelt_reference_suggests_the_id(tmp_path: Path) -> None:
    card, _ = write_card(tmp_path, [(_OTIF_LINK, "{from: kpm_expedited, to: kpi_otf}")])
    with pytest.raises(kpicascade.ScorecardError, match="did you mean 'kpi_otif'"):
        kpicascade.load(card)


def test_a_hold_target_says_how_to_write_it(tmp_path: Path) -> None:
    card, _ = write_card(tmp_path, [("baseline: 12, target: 30", "baseline: 12, target: 12")])
    with pytest.raises(kpicascade.ScorecardError) as caught:
        kpicascade.load(card)
    assert "direction: band" in str(caught.value)


def test_direction_errors_name_target_and_baseline(tmp_path: Path) -> None:
    card, _ = write_card(tmp_path, [("baseline: 0.12, target: 0.05}", "baseline: 0.12, target: 0.2}")])
    with pytest.raises(kpicascade.ScorecardError, match=r"target 0.2 is above the baseline 0.12"):
        kpicascade.load(card)


def test_lint_is_skipped_when_there_are_errors(tmp_path: Path) -> None:
    card, _ = write_card(
        tmp_path, [(_CX, "{id: cx, name: Customer experience}"), ("department: cx", "department: c_x")]
    )
    with pytest.raises(kpicascade.ScorecardError) as caught:
        kpicascade.load(card)
    assert {p.severity for p in caught.value.problems} == {"error"}


def test_validate_without_lint_returns_no_warnings(tmp_path: Path) -> None:
    card, _ = write_card(tmp_path, [(_CX, "{id: cx, name: Customer experience}")])
    loaded = kpicascade.load(card)
    assert [p.code for p in loaded.problems] == ["no-owner"]
    assert validate(loaded, lint=False) == []


_PLAN_ITEM = "  - {id: a1, action: Weekly expedite review, owner: Lars Berg, due: 2025-05-15, nodes: [kpm_expedited]}\n"

# (case, the plan item's replacements with « before the expected spot, code, severity, field path)
PLAN_CASES = [
    (
        "unknown node",
        [("nodes: [kpm_expedited]", "nodes: [«kpm_expedite]")],
        "unknown-reference",
        "error",
        ("plan", 0, "nodes", 0),
    ),
    ("not a day", [("due: 2025-05-15", "due: «2025-02-30")], "bad-date", "error", ("plan", 0, "due")),
    (
        "an expected value on an objective",
        [("nodes: [kpm_expedited]", "expect: {node: «obj_reliable, to: 1}")],
        "kind-rule",
        "error",
        ("plan", 0, "expect", "node"),
    ),
    (
        "an expected value outside the horizon",
        [("nodes: [kpm_expedited]", "expect: {node: kpm_expedited, to: 0.05, by: «2030-Q1}")],
        "period",
        "error",
        ("plan", 0, "expect", "by"),
    ),
    (
        "the same id twice",
        [
            (
                "nodes: [kpm_expedited]}\n",
                "nodes: [kpm_expedited]}\n  - {id: «a1, action: x, owner: y, due: 2025-06-01, nodes: [kpi_otif]}\n",
            )
        ],
        "duplicate-id",
        "error",
        ("plan", 1, "id"),
    ),
    (
        "no node to move",
        [("- {id: a1", "- «{id: a1"), (", nodes: [kpm_expedited]", "")],
        "plan-no-node",
        "warning",
        ("plan", 0),
    ),
]


@pytest.mark.parametrize(("case", "changes", "code", "severity", "path"), PLAN_CASES, ids=[c[0] for c in PLAN_CASES])
def test_plan(
    tmp_path: Path, case: str, changes: list[tuple[str, str]], code: str, severity: str, path: FieldPath
) -> None:
    item = _PLAN_ITEM
    for old, new in changes:
        item = item.replace(old, new, 1)
    card, where = write_card(tmp_path, [("actuals:\n", f"plan:\n{item}actuals:\n")])
    _assert_reported(_problems(card), code, severity, where, path)


def test_a_due_date_must_be_written_as_a_day(tmp_path: Path) -> None:
    item = _PLAN_ITEM.replace("due: 2025-05-15", "due: next week")
    card, _ = write_card(tmp_path, [("actuals:\n", f"plan:\n{item}actuals:\n")])
    assert [p.path for p in _problems(card) if p.severity == "error"] == [("plan", 0, "due")]
