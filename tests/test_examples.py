"""The bundled examples follow the KPI catalogue and score as they did when they wrote every definition out.

Each example's KPIs and KPMs name their catalogue entry (catalog:) and leave out what the entry says alike; the
scores below are worked by hand from the example's actuals, baseline and target, with the direction, frequency
or aggregation the node now takes from its entry. In the demo's portfolio the examples stand among the 50
generated accounts: their percentiles are counted here from the actuals files.
"""

from __future__ import annotations

import csv
import functools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

import kpicascade
from kpicascade.catalog import CatalogEntry, catalog
from kpicascade.cli import cli
from kpicascade.portfolio.review_period import review_period
from kpicascade.scoring.peers import benchmark_values, standings

ROOT = Path(__file__).resolve().parent.parent
SCORECARDS = ROOT / "scorecards"
#: The fields a catalogue entry gives a node, and the fields of its metric, as the entry holds them.
NODE_FIELDS = {"name": "name", "kind": "kind", "perspective": "perspective", "timing": "timing"}
METRIC_FIELDS = {"unit": "unit", "direction": "direction", "aggregation": "aggregation", "formula": "formula"}


def _written(path: Path) -> dict[str, dict[str, Any]]:
    """Return the example's nodes as its file writes them, by id."""
    nodes: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))["nodes"]
    return {n["id"]: n for n in nodes}


def _named(path: Path) -> dict[str, CatalogEntry]:
    """Return the entry each node of the example names, by node id."""
    return {i: catalog().entry(n["catalog"]) for i, n in _written(path).items() if "catalog" in n}


def test_every_entry_an_example_names_fills_what_the_node_leaves_out(example_path: Path) -> None:
    card = kpicascade.load(example_path)
    written = _written(example_path)
    named = _named(example_path)
    assert len(named) >= 10  # most KPIs and KPMs of each example are catalogue metrics
    for ident, entry in named.items():
        node, own = card.node(ident), written[ident]
        assert node.catalog == entry.id
        expected = {"description": entry.definition, **{k: getattr(entry, v) for k, v in NODE_FIELDS.items()}}
        for field, value in expected.items():
            assert getattr(node, field) == own.get(field, value), (ident, field)
        assert node.metric is not None
        for field, attr in METRIC_FIELDS.items():
            given = own["metric"].get(field, getattr(entry, attr))
            assert getattr(node.metric, field) == given, (ident, field)


def test_no_example_restates_what_its_entry_says(example_path: Path) -> None:
    written = _written(example_path)
    for ident, entry in _named(example_path).items():
        own = written[ident]
        alike = [f for f, a in NODE_FIELDS.items() if own.get(f) == getattr(entry, a)]
        alike += [f"metric.{f}" for f, a in METRIC_FIELDS.items() if own["metric"].get(f) == getattr(entry, a)]
        assert alike == [], ident


def test_each_example_says_what_the_account_is_for_cohorts(example: kpicascade.Scorecard) -> None:
    assert set(example.tags) == {"industry", "size", "region"}


@functools.cache
def _origins(stem: str) -> dict[str, dict[str, str]]:
    path = SCORECARDS / f"{stem}.yaml"
    result = CliRunner().invoke(cli, ["check", str(path), "--origins", "--format", "json"])
    assert result.exit_code == 0, result.stdout
    [checked] = json.loads(result.stdout)["files"]
    origins: dict[str, dict[str, str]] = checked["origins"]
    return origins


# (example, node, field, where it comes from: the entry, or the example's own file)
ORIGIN_CASES = [
    ("northwind-components", "kpi_otif", "metric.unit", "catalog supply.otif"),
    ("northwind-components", "kpi_otif", "kind", "catalog supply.otif"),
    ("northwind-components", "kpi_otif", "name", "file"),
    ("northwind-components", "kpi_otif", "description", "file"),  # stricter than the entry's, and says so
    ("northwind-components", "kpi_otif", "metric.baseline", "file"),
    ("northwind-components", "kpi_cost_to_serve", "metric.direction", "catalog fin.cost_to_serve"),
    ("northwind-components", "kpi_revenue_growth", "metric.formula", "catalog fin.revenue_growth"),
    ("northwind-components", "kpi_revenue_growth", "metric.method", "file"),
    ("northwind-components", "kpm_changeover_hours", "metric.unit", "file"),  # hours, not the entry's minutes
    ("brightloop-software", "kpi_nrr", "metric.unit", "catalog sw.net_revenue_retention"),
    ("brightloop-software", "kpi_nrr", "description", "file"),
    ("brightloop-software", "kpi_win_rate", "metric.aggregation", "catalog sales.win_rate"),
    ("meridian-health", "kpi_enps", "metric.frequency", "catalog hr.enps"),
    ("meridian-health", "kpm_milestones_on_time", "metric.aggregation", "file"),  # cumulative: last, not mean
    ("meridian-health", "kpm_vacancy_rate", "name", "catalog hr.vacancy_rate"),
]


@pytest.mark.parametrize(("stem", "node", "field", "origin"), ORIGIN_CASES)
def test_check_origins_names_the_catalogue_for_what_a_node_inherits(
    stem: str, node: str, field: str, origin: str
) -> None:
    shown = _origins(stem)[node][field]
    if origin == "file":
        assert shown.startswith(f"{SCORECARDS / stem}.yaml:"), shown
    else:
        assert shown == origin


def test_check_origins_lists_exactly_the_nodes_that_name_an_entry(example_path: Path) -> None:
    assert set(_origins(example_path.stem)) == set(_named(example_path))


# (example, period, node, actual, score by hand, status): the direction, frequency or aggregation from the entry
SCORE_CASES = [
    # fin.cost_to_serve says decrease: (baseline - actual) / (baseline - target)
    ("northwind-components", "2026-Q3", "kpi_cost_to_serve", 0.0822, (0.094 - 0.0822) / (0.094 - 0.080), "amber"),
    ("northwind-components", "2026-Q3", "kpi_lead_time", 14.6, (21 - 14.6) / (21 - 14), "green"),
    ("northwind-components", "2026-Q3", "kpi_otif", 0.9557, (0.9557 - 0.86) / (0.94 - 0.86), "green"),
    ("northwind-components", "2026-Q2", "kpi_inventory_turns", 5.43, (5.43 - 4.2) / (5.5 - 4.2), "green"),
    ("brightloop-software", "2026-08", "kpi_nrr", 1.099, (1.099 - 1.04) / (1.12 - 1.04), "amber"),
    ("brightloop-software", "2026-09", "kpm_ae_time_to_fill", 56.1, (62 - 56.1) / (62 - 45), "red"),
    ("meridian-health", "2026-04", "kpm_vacancy_rate", 0.0674, (0.09 - 0.0674) / (0.09 - 0.05), "red"),
    ("meridian-health", "2026-04", "kpi_attrition", 0.1582, (0.21 - 0.1582) / (0.21 - 0.15), "amber"),
    # hr.enps is a quarterly pulse: January's -8 holds in March, when nothing is reported
    ("meridian-health", "2026-03", "kpi_enps", -8, (-8 - -8) / (10 - -8), "red"),
    ("meridian-health", "2026-04", "kpi_enps", -7, (-7 - -8) / (10 - -8), "red"),
]


@pytest.mark.parametrize(("stem", "period", "node", "actual", "score", "status"), SCORE_CASES)
def test_example_scores_are_those_worked_by_hand(
    stem: str, period: str, node: str, actual: float, score: float, status: str
) -> None:
    figures = kpicascade.load(SCORECARDS / f"{stem}.yaml").score(period=period).node(node)
    assert figures.actual == pytest.approx(actual)
    assert figures.score == pytest.approx(score)
    assert figures.status == status


def _by_hand(values: dict[str, float], account: str, *, lower_is_better: bool = False) -> float:
    """Return 100 x (accounts worse + half of those equal, itself included) / accounts, counted one by one."""
    sign = -1 if lower_is_better else 1
    mine = sign * values[account]
    worse = sum(1 for v in values.values() if sign * v < mine)
    equal = sum(1 for v in values.values() if sign * v == mine)
    return 100 * (worse + 0.5 * equal) / len(values)


def _reported(folder: Path, node: str, period: str) -> dict[str, tuple[str, float]]:
    """Return each account's industry and its value of node at period, read from the files."""
    found = {}
    for path in sorted(folder.glob("*.yaml")):
        tags = yaml.safe_load(path.read_text(encoding="utf-8")).get("tags", {})
        with path.with_suffix(".actuals.csv").open(encoding="utf-8") as rows:
            for row in csv.DictReader(rows):
                if row["id"] == node and row["period"] == period:
                    found[path.stem] = (tags["industry"], float(row["value"]))
    return found


@pytest.fixture(scope="module")
def demo_standings(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, dict[str, list[Any]]]:
    """The demo's portfolio: the examples among the 50 generated accounts, scored at its review period."""
    folder = tmp_path_factory.mktemp("demo") / "catalog-accounts"
    script = ROOT / "benchmarks" / "catalog_portfolio.py"
    subprocess.run([sys.executable, str(script), str(folder)], check=True, capture_output=True, timeout=120)
    paths = [*sorted(folder.glob("*.yaml")), *sorted(SCORECARDS.glob("*.yaml"))]
    period, grain = review_period(paths, None, None)
    assert period is not None
    summaries = []
    for path in paths:
        result = kpicascade.load(path).score(period=period, grain=grain)
        card = result.card
        summaries.append({"account_id": card.account_id, "tags": card.tags, "benchmarks": benchmark_values(result)})
    return folder, period, standings(summaries)


@pytest.mark.slow
def test_the_demo_views_the_examples_among_the_generated_accounts_at_one_quarter(
    demo_standings: tuple[Path, str, dict[str, list[Any]]],
) -> None:
    _, period, found = demo_standings
    assert period == "2026-Q1"  # Meridian's actuals end in 2026-04, the generated accounts' in 2026-Q4
    keys = {account: {s.key for s in found.get(account, []) if s.cohort == "all customers"} for account in found}
    assert keys["northwind-components"] == {
        "supply.otif",
        "supply.fill_rate",
        "supply.inventory_turns",
        "fin.gross_margin",
    }
    assert keys["brightloop-software"] == {"sw.net_revenue_retention"}
    assert keys["meridian-health"] == {"cx.nps", "hr.voluntary_attrition"}


@pytest.mark.slow
def test_northwind_s_otif_percentile_among_manufacturers_is_counted_from_the_files(
    demo_standings: tuple[Path, str, dict[str, list[Any]]],
) -> None:
    folder, period, found = demo_standings
    makers = {
        a: v for a, (industry, v) in _reported(folder, "supply_otif", period).items() if industry == "manufacturing"
    }
    makers["northwind-components"] = _reported(SCORECARDS, "kpi_otif", period)["northwind-components"][1]
    [standing] = [
        s for s in found["northwind-components"] if (s.key, s.cohort) == ("supply.otif", "industry: manufacturing")
    ]
    assert (standing.size, standing.value) == (len(makers), makers["northwind-components"])
    assert standing.percentile == pytest.approx(_by_hand(makers, "northwind-components"))


@pytest.mark.slow
def test_meridian_s_attrition_percentile_among_all_customers_is_counted_from_the_files(
    demo_standings: tuple[Path, str, dict[str, list[Any]]],
) -> None:
    folder, period, found = demo_standings
    everyone = {a: v for a, (_, v) in _reported(folder, "hr_voluntary_attrition", period).items()}
    # a monthly account viewed by quarter: its attrition is the quarter's last month (aggregation last)
    everyone["meridian-health"] = 0.1663
    [standing] = [
        s for s in found["meridian-health"] if (s.key, s.cohort) == ("hr.voluntary_attrition", "all customers")
    ]
    assert (standing.size, standing.value) == (len(everyone), pytest.approx(0.1663))
    assert standing.percentile == pytest.approx(_by_hand(everyone, "meridian-health", lower_is_better=True))
