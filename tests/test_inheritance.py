"""A node naming a catalogue entry inherits its definition; its own fields win, the metric merged key by key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import kpicascade
from kpicascade._exceptions import ScorecardError
from kpicascade.inheritance import origins
from tests.cards import marked

HEAD = """\
account: Fjord Foods ASA
account_id: fjord-foods
vendor: Lattice Systems
currency: NOK
calendar: {calendar}
horizon: {horizon}
nodes:
  - id: obj
    name: Be the most reliable supplier
    kind: objective
    perspective: customer
    owner: Ingrid Solberg
  - id: kpi
{node}
links:
  contributes:
    - {{from: kpi, to: obj}}
"""
QUARTERS = "{start: 2025-Q1, end: 2026-Q4}"
MONTHS = "{start: 2025-01, end: 2026-12}"


def _write(folder: Path, node: str, calendar: str = "quarter") -> tuple[Path, Any]:
    horizon = QUARTERS if calendar == "quarter" else MONTHS
    text, where = marked(HEAD.format(calendar=calendar, horizon=horizon, node=node), str(folder / "card.yaml"))
    path = folder / "card.yaml"
    path.write_text(text, encoding="utf-8")
    return path, where


OTIF_DEFINITION = (
    "Share of order lines delivered complete, in the quantity ordered, on the date committed to the customer."
)
OTIF_FORMULA = "order lines delivered on the committed date and in full / order lines due in the period"

# (case, the node's lines, calendar, {attribute path: expected value}); the expected values are the entries' text
CASES: list[tuple[str, str, str, dict[str, Any]]] = [
    (
        "everything but baseline and target from the entry",
        "    catalog: supply.otif\n    metric: {baseline: 0.82, target: 0.95}",
        "quarter",
        {
            "name": "On time in full (OTIF / DIFOT)",
            "kind": "kpi",
            "perspective": "customer",
            "timing": "lagging",
            "description": OTIF_DEFINITION,
            "metric.unit": "percent",
            "metric.direction": "increase",
            "metric.aggregation": "mean",
            "metric.formula": OTIF_FORMULA,
            "metric.baseline": 0.82,
            "metric.target": 0.95,
            "catalog": "supply.otif",
            "benchmark_key": "supply.otif",
        },
    ),
    (
        "own name, kind, timing and aggregation win; the rest of the metric is inherited",
        "    catalog: supply.otif\n    name: OTIF to key accounts\n    kind: kpm\n    timing: leading\n"
        "    metric: {baseline: 0.82, target: 0.95, aggregation: last, formula: lines on time / lines}",
        "quarter",
        {
            "name": "OTIF to key accounts",
            "kind": "kpm",
            "timing": "leading",
            "metric.aggregation": "last",
            "metric.formula": "lines on time / lines",
            "metric.unit": "percent",
            "metric.direction": "increase",
            "description": OTIF_DEFINITION,
        },
    ),
    (
        "own perspective and description win",
        "    catalog: hr.time_to_fill\n    perspective: internal_process\n"
        "    description: Days to fill a planner role.\n    metric: {baseline: 60, target: 35}",
        "quarter",
        {
            "perspective": "internal_process",
            "description": "Days to fill a planner role.",
            "metric.direction": "decrease",
            "metric.unit": "days",
        },
    ),
    (
        "a quarterly survey keeps its frequency on a monthly scorecard",
        "    catalog: cx.nps\n    metric: {baseline: 10, target: 40}",
        "month",
        {"metric.frequency": "quarter", "metric.aggregation": "last", "metric.unit": "points"},
    ),
    (
        "unless the account reports it every month: the calendar's own frequency overrides the entry's",
        "    catalog: cx.nps\n    metric: {baseline: 10, target: 40, frequency: month}",
        "month",
        {"metric.frequency": "month", "metric.aggregation": "last", "metric.unit": "points"},
    ),
    (
        "and leaves it out on a quarterly one, where it is the calendar",
        "    catalog: cx.nps\n    metric: {baseline: 10, target: 40}",
        "quarter",
        {"metric.frequency": None},
    ),
    (
        "a benchmark key of its own",
        "    catalog: cx.nps\n    benchmark: nps_key_accounts\n    metric: {baseline: 10, target: 40}",
        "quarter",
        {"benchmark_key": "nps_key_accounts", "catalog": "cx.nps"},
    ),
    (
        "a node without an entry is untouched",
        "    name: OTIF\n    kind: kpi\n    perspective: customer\n"
        "    metric: {unit: percent, baseline: 0.8, target: 0.9}",
        "quarter",
        {"description": None, "metric.formula": None, "metric.aggregation": "last", "benchmark_key": None},
    ),
]


def _attribute(obj: object, dotted: str) -> object:
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


@pytest.mark.parametrize(("case", "node", "calendar", "expected"), CASES, ids=[c[0] for c in CASES])
def test_a_node_inherits_what_it_leaves_out(
    tmp_path: Path, case: str, node: str, calendar: str, expected: dict[str, Any]
) -> None:
    path, _ = _write(tmp_path, node, calendar)
    kpi = kpicascade.load(path).node("kpi")
    assert {key: _attribute(kpi, key) for key in expected} == expected


# (case, the node's lines with « before the place the error names, code, words of the message, field path)
ERRORS: list[tuple[str, str, str, str, str]] = [
    (
        "a misspelt entry",
        "    catalog: «supply.otfi\n    metric: {baseline: 0.8, target: 0.9}",
        "unknown-catalog",
        "no catalogue entry 'supply.otfi'; did you mean 'supply.otif'?",
        "nodes[1].catalog",
    ),
    (
        "an entry far from any",
        "    catalog: «legal.contracts_signed",
        "unknown-catalog",
        "no catalogue entry 'legal.contracts_signed'; `kpicascade catalog WORD` lists the entries",
        "nodes[1].catalog",
    ),
    (
        "an id that is no catalogue id at all",
        "    catalog: «OTIF",
        "unknown-catalog",
        "no catalogue entry 'OTIF'",
        "nodes[1].catalog",
    ),
    (
        "the entry gives no target: it is the account's own, named at the catalog line",
        "    catalog: «supply.otif",
        "target-missing",
        "the linear method needs a target of the account's own (catalog supply.otif gives only the definition)",
        "nodes[1].metric.target",
    ),
    (
        "a target the inherited direction makes wrong, named where it is written",
        "    catalog: hr.time_to_fill\n    metric: {baseline: 30, target: «60}",
        "target-direction",
        "target 60 is above the baseline 30, but the direction is decrease",
        "nodes[1].metric.target",
    ),
    (
        "a catalogue entry is not a number",
        "    catalog: «12\n    name: x\n    kind: kpi\n    perspective: customer",
        "wrong-type",
        "catalog must be text, got 12",
        "nodes[1].catalog",
    ),
]


@pytest.mark.parametrize(("case", "node", "code", "words", "field"), ERRORS, ids=[e[0] for e in ERRORS])
def test_a_faulty_reference_is_one_error_at_its_place(
    tmp_path: Path, case: str, node: str, code: str, words: str, field: str
) -> None:
    path, where = _write(tmp_path, node)
    with pytest.raises(ScorecardError) as caught:
        kpicascade.load(path)
    errors = [p for p in caught.value.problems if p.severity == "error"]
    first = errors[0]
    assert (first.code, first.location, first.path_text) == (code, where, field)
    assert words in first.message
    # an unknown entry is reported once: not again as the name, kind and perspective the node then lacks
    assert [p.code for p in errors if p.code == "missing-key"] == []


def test_origins_name_the_file_or_the_entry_of_every_field(tmp_path: Path) -> None:
    node = "    catalog: supply.otif\n    name: OTIF to key accounts\n    metric: {baseline: 0.82, target: 0.95}"
    path, _ = _write(tmp_path, node)
    card = kpicascade.load(path)
    found = dict(origins(card, 1))
    here = str(path)
    # the heading takes 12 lines, so "  - id: kpi" is line 13 and the node's lines as written above follow it
    assert found == {
        "id": f"{here}:13:9",
        "catalog": f"{here}:14:14",
        "name": f"{here}:15:11",
        "kind": "catalog supply.otif",
        "perspective": "catalog supply.otif",
        "description": "catalog supply.otif",
        "timing": "catalog supply.otif",
        "metric.unit": "catalog supply.otif",
        "metric.direction": "catalog supply.otif",
        "metric.aggregation": "catalog supply.otif",
        "metric.formula": "catalog supply.otif",
        "metric.baseline": f"{here}:16:24",
        "metric.target": f"{here}:16:38",
    }


@pytest.mark.parametrize(
    ("frequency", "february"),
    [
        # asked every month: February has no report of its own (January and April have), so no score
        ("month", None),
        # the entry's quarterly survey: January's report holds for the quarter's months, (20 - 10) / (40 - 10)
        (None, 1 / 3),
    ],
)
def test_a_monthly_survey_on_a_quarterly_entry_is_not_held_over_the_quarter(
    tmp_path: Path, frequency: str | None, february: float | None
) -> None:
    own = f", frequency: {frequency}" if frequency else ""
    path, _ = _write(tmp_path, f"    catalog: cx.nps\n    metric: {{baseline: 10, target: 40{own}}}", "month")
    path.write_text(path.read_text(encoding="utf-8") + "actuals: {files: [card.csv]}\n", encoding="utf-8")
    (tmp_path / "card.csv").write_text("id,period,value\nkpi,2025-01,20\nkpi,2025-04,40\n", encoding="utf-8")
    result = kpicascade.load(path).score(period="2025-02")
    assert result.score_of("kpi") == (pytest.approx(february) if february is not None else None)
