"""kpicascade catalog: lists, searches and shows the KPI catalogue, as text for people and JSON for scripts."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from kpicascade.catalog import DATA
from kpicascade.cli import cli


def _pack_ids(*names: str) -> list[str]:
    """Return the ids of packs as their files list them, read without the catalogue's own code."""
    ids: list[str] = []
    for name in names:
        data: dict[str, Any] = yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))
        ids += [entry["id"] for entry in data["entries"]]
    return ids


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["catalog", *args])
    return result.exit_code, result.stdout, result.stderr


# (arguments, ids the JSON must list exactly)
JSON_CASES: list[tuple[list[str], list[str]]] = [
    (["--department", "hr"], _pack_ids("hr")),
    (["--department", "manufacturing"], _pack_ids("industry-manufacturing")),
    (["-d", "supply_chain"], _pack_ids("supply-chain")),
    (["attrition", "--department", "hr"], ["hr.voluntary_attrition", "hr.first_year_attrition"]),
    (["OTIF"], ["supply.otif"]),
    (["net promoter"], ["hr.enps", "cx.nps"]),
]


@pytest.mark.parametrize(("args", "ids"), JSON_CASES, ids=[" ".join(a) for a, _ in JSON_CASES])
def test_json_lists_exactly_the_entries_found(args: list[str], ids: list[str]) -> None:
    code, out, _ = _run(*args, "--format", "json")
    assert code == 0
    assert [e["id"] for e in json.loads(out)["entries"]] == ids


def test_every_entry_is_listed_without_a_search() -> None:
    code, out, _ = _run("--format", "json")
    everything = _pack_ids(
        "sales",
        "marketing",
        "support",
        "hr",
        "projects",
        "supply-chain",
        "customer-experience",
        "finance",
        "industry-manufacturing",
        "industry-software",
        "industry-healthcare",
    )
    assert (code, [e["id"] for e in json.loads(out)["entries"]]) == (0, everything)


def test_json_holds_every_part_of_an_entry() -> None:
    _, out, _ = _run("supply.otif", "--format", "json")
    [entry] = json.loads(out)["entries"]
    assert entry["source"].startswith("ASCM SCOR")
    assert (entry["unit"], entry["direction"], entry["typical"]["good"], entry["typical"]["poor"]) == (
        "percent",
        "increase",
        0.95,
        0.85,
    )
    assert [s["signal"] for s in entry["signals"]] == ["automated_orders", "forecast_runs"]


# (arguments, exit code, texts the output must hold)
TEXT_CASES: list[tuple[list[str], int, list[str]]] = [
    (["time to fill"], 0, ["hr.time_to_fill: Time to fill", "definition:", "30 days good, 60 days poor", "SHRM"]),
    (["otif"], 0, ["95.0% good, 85.0% poor", "automated_orders (+, lag 1)", "feeds:      cx.nps, cx.csat"]),
    (["-d", "hr"], 0, ["hr.enps", "hr.time_to_fill", "lower", "higher", "entries"]),
    (["teleportation"], 1, ["no catalogue entry matches 'teleportation'"]),
    (["", "--department", "legal"], 1, ["in department 'legal' (departments: sales, marketing"]),
]


@pytest.mark.parametrize(("args", "code", "texts"), TEXT_CASES, ids=[" ".join(a) for a, _, _ in TEXT_CASES])
def test_text_output(args: list[str], code: int, texts: list[str]) -> None:
    exit_code, out, err = _run(*args)
    assert exit_code == code
    assert [t for t in texts if t not in out + err] == []


def test_two_search_words_must_be_quoted() -> None:
    result = CliRunner().invoke(cli, ["catalog", "net", "promoter"])
    assert result.exit_code == 2
    assert "unexpected extra argument" in result.stderr.lower()
