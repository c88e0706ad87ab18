"""End-customer chains across a portfolio: Helios <- Northwind <- Carpathia, in the index and in the reports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from lxml import html  # type: ignore[import-untyped]

from kpicascade.portfolio import build
from kpicascade.portfolio.chains import chains

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parents[1] / "scorecards"


def _record(
    ident: str, customers: list[dict[str, Any]], objectives: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {
        "account": ident.title(),
        "account_id": ident,
        "folder": ident,
        "customers": customers,
        "objectives": objectives or [],
    }


def _serves(customer: str, objective: str = "o", status: str = "green") -> dict[str, Any]:
    return {
        "account": customer.title(),
        "account_id": customer,
        "objective": objective,
        "name": objective,
        "status": status,
    }


# (case, records, chains as account ids, end customer first)
CASES = [
    ("no links", [_record("a", []), _record("b", [])], []),
    ("a <- b <- c", [_record("a", []), _record("b", [_serves("a")]), _record("c", [_serves("b")])], [["a", "b", "c"]]),
    (
        "two suppliers of one customer",
        [_record("a", []), _record("b", [_serves("a")]), _record("c", [_serves("a")])],
        [["a", "b"], ["a", "c"]],
    ),
    ("a customer outside the portfolio", [_record("b", [_serves("zz")])], []),
    (
        "accounts serving each other in a loop start no chain",
        [_record("a", [_serves("b")]), _record("b", [_serves("a")]), _record("x", [_serves("a")])],
        [],
    ),
]


@pytest.mark.parametrize(("case", "records", "expected"), CASES, ids=[c[0] for c in CASES])
def test_chains(case: str, records: list[dict[str, Any]], expected: list[list[str]]) -> None:
    assert [[link.account_id for link in chain] for chain in chains(records)] == expected


def test_a_link_carries_the_customers_own_status() -> None:
    a = _record("a", [], [{"id": "o", "status": "red"}])
    found = chains([a, _record("b", [_serves("a", "o", "green")])])
    assert found[0][1].serves[0]["customer_status"] == "red"  # Helios's own view, not Northwind's measures
    assert found[0][1].serves[0]["status"] == "green"


def test_a_three_tier_build(tmp_path: Path) -> None:
    cards = tmp_path / "cards"
    cards.mkdir()
    for path in [*HERE.glob("chain/*.yaml"), *EXAMPLES.glob("northwind-components.*")]:
        shutil.copy(path, cards / path.name)
    out = tmp_path / "out"
    report = build([cards], out, jobs=1)
    assert not [o for o in report.outcomes if o.state == "failed"]
    index = html.fromstring((out / "index.html").read_text())
    shown = [li.text_content() for li in index.xpath('//section[@id="chains"]//li')]
    assert len(shown) == 1
    assert shown[0].startswith("Helios Wind Systems AS ← Northwind Components GmbH (serves Keep turbine fleet")
    assert (
        "← Carpathia Castings s.r.o. (serves Be the most reliable supplier of precision components in Europe"
        in shown[0]
    )
    links = [a.get("href") for a in index.xpath('//section[@id="chains"]//a')]
    assert links == ["helios-wind/report.html", "northwind-components/report.html", "carpathia-castings/report.html"]
    # Northwind's report shows Helios's own status of the objective it serves. Availability 95.8% (baseline
    # 95.5%, target 97%: 20%) and repair time 8.1 days (baseline 9, target 5: 22.5%) make it red in 2026-Q3.
    page = html.fromstring((out / "northwind-components" / "report.html").read_text())
    own = page.xpath('string(//section[@id="customers"]//div[contains(@class, "own-status")])')
    assert own == "in Helios Wind Systems's own scorecard: red at 2026-Q3"


def _own_status(report: Path) -> str:
    page = html.fromstring(report.read_text(encoding="utf-8"))
    return str(page.xpath('string(//section[@id="customers"]//div[contains(@class, "own-status")])'))


def test_a_report_shows_its_customers_status_whatever_order_the_build_took(tmp_path: Path) -> None:
    cards = tmp_path / "cards"
    cards.mkdir()
    for path in [*HERE.glob("chain/*.yaml"), *EXAMPLES.glob("northwind-components.*")]:
        shutil.copy(path, cards / path.name)
    out = tmp_path / "out"
    build([cards], out, jobs=1)  # alphabetical: Carpathia is built before Northwind, the customer it serves
    northwind = json.loads((out / "northwind-components" / "scores.json").read_text(encoding="utf-8"))
    objective = next(n for n in northwind["nodes"] if n["id"] == "obj_reliable_supplier")
    expected = f"in Northwind Components GmbH's own scorecard: {objective['status']} at {northwind['period']}"
    assert _own_status(out / "carpathia-castings" / "report.html") == expected
    # Helios reaches both targets in 2026-Q3 (availability 97%, repair time 5 days: scores 1.0 and 1.0, green):
    # Northwind's files did not change, yet its report now shows Helios green
    helios = cards / "helios-wind.yaml"
    text = helios.read_text(encoding="utf-8")
    text = text.replace("period: 2026-Q3, value: 0.958}", "period: 2026-Q3, value: 0.97}")
    helios.write_text(text.replace("period: 2026-Q3, value: 8.1}", "period: 2026-Q3, value: 5.0}"), encoding="utf-8")
    again = build([cards], out, jobs=2)
    states = {Path(o.folder).name: o.state for o in again.outcomes}
    assert states == {"helios-wind": "built", "northwind-components": "built", "carpathia-castings": "unchanged"}
    assert _own_status(out / "northwind-components" / "report.html") == (
        "in Helios Wind Systems's own scorecard: green at 2026-Q3"
    )
    # and once every view is current, a build changes nothing
    report = out / "northwind-components" / "report.html"
    before = report.stat().st_mtime_ns
    assert {o.state for o in build([cards], out, jobs=1).outcomes} == {"unchanged"}
    assert report.stat().st_mtime_ns == before
