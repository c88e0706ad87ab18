"""The end-customer chain: each customer objective with the worst status of the nodes serving it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kpicascade
from kpicascade.scoring import Result
from kpicascade.scoring.chain import customer_rows, worst
from tests.cards import write_card

_CUSTOMERS = """customers:
  - account: FreshMart
    account_id: freshmart
    objective: full_shelves
    name: No empty chilled shelves
    served_by: [kpi_otif, kpm_expedited]
  - account: Kiwi Stores
    objective: fresh_on_arrival
    served_by: [kpm_expedited]
actuals:
  rows:
    - {id: kpi_otif, period: 2025-Q2, value: 0.82}
    - {id: kpm_expedited, period: 2025-Q2, value: 0.04}
"""


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [(["green", "red"], "red"), (["green", "amber"], "amber"), (["no data", "green"], "green"), ([], "no data")],
)
def test_worst(statuses: list[str], expected: str) -> None:
    assert worst(statuses) == expected


def _result(tmp_path: Path) -> Result:
    path, _ = write_card(tmp_path, [("actuals:\n  rows:\n", _CUSTOMERS)])
    return kpicascade.load(path).score(period="2025-Q2")


def test_rows(tmp_path: Path) -> None:
    rows = customer_rows(_result(tmp_path))
    # OTIF sits at its baseline (progress 0: red); expedited shipments at 4% beat the 5% target (green).
    assert [(r.label, r.status, [(s.id, s.status) for s in r.served_by]) for r in rows] == [
        ("FreshMart: No empty chilled shelves", "red", [("kpi_otif", "red"), ("kpm_expedited", "green")]),
        ("Kiwi Stores: fresh_on_arrival", "green", [("kpm_expedited", "green")]),
    ]
    assert rows[0].account_id == "freshmart"
    assert rows[1].account_id is None


def test_json_carries_customers_plan_and_notes(tmp_path: Path) -> None:
    data = json.loads(json.dumps(_result(tmp_path).to_dict()))
    assert [c["objective"] for c in data["customers"]] == ["full_shelves", "fresh_on_arrival"]
    assert data["customers"][0]["served_by"][0] == {
        "id": "kpi_otif",
        "name": "On time in full",
        "status": "red",
        "score": 0.0,
    }
    assert data["plan"] == []
    assert data["notes"] == []
    assert all({"note", "note_author", "actions"} <= set(n) for n in data["nodes"])
