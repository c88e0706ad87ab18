"""A scorecard composed from catalogue entries: its cascade, objectives, strategy map and signals, and it loads."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

import kpicascade
from kpicascade._exceptions import KpiCascadeError
from kpicascade.catalog import catalog
from kpicascade.skeleton import compose, new_skeleton

TODAY = datetime.date(2026, 12, 2)


def _load(tmp_path: Path, text: str) -> kpicascade.Scorecard:
    path = tmp_path / "acme-foods.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "acme-foods.actuals.csv").write_text("id,period,value\n")
    (tmp_path / "acme-foods.notes.csv").write_text("node,period,text,author\n")
    return kpicascade.load(path)


# (entries chosen, contributes links, objectives, drives links, signals), worked out from the packs by hand:
# fill rate feeds OTIF (a KPM under a KPI), OTIF feeds NPS (KPI beside KPI), NPS feeds retention (not chosen);
# self-service (a KPI) feeds cost per ticket (a KPM, which may not be its parent), so it goes to its objective.
CASES: list[tuple[list[str], set[tuple[str, str]], list[str], list[tuple[str, str]], list[str]]] = [
    (
        ["supply.fill_rate", "supply.otif", "cx.nps"],
        {("supply_fill_rate", "supply_otif"), ("supply_otif", "cx_nps"), ("cx_nps", "obj_customer")},
        ["obj_customer"],
        [],
        ["automated_orders", "forecast_runs", "surveys_sent"],
    ),
    (
        ["support.self_service_rate", "support.cost_per_ticket"],
        {
            ("support_self_service_rate", "obj_internal_process"),
            ("support_cost_per_ticket", "obj_financial"),
        },
        ["obj_financial", "obj_internal_process"],
        [("obj_internal_process", "obj_financial")],
        ["self_service_sessions"],
    ),
    (
        ["hr.time_to_fill", " hr.time_to_fill", "fin.revenue_growth"],
        {("hr_time_to_fill", "obj_learning_growth"), ("fin_revenue_growth", "obj_financial")},
        ["obj_financial", "obj_learning_growth"],
        [("obj_learning_growth", "obj_financial")],
        ["workflows_automated", "approvals_in_app"],
    ),
]


@pytest.mark.parametrize(("ids", "contributes", "objectives", "drives", "signals"), CASES)
def test_the_cascade_follows_what_each_entry_feeds(
    tmp_path: Path,
    ids: list[str],
    contributes: set[tuple[str, str]],
    objectives: list[str],
    drives: list[tuple[str, str]],
    signals: list[str],
) -> None:
    card = _load(tmp_path, compose(ids, "acme-foods", today=TODAY))
    assert {(link.from_, link.to) for link in card.links.contributes} == contributes
    assert [n.id for n in card.nodes if n.kind == "objective"] == objectives
    assert [(link.from_, link.to) for link in card.links.drives] == drives
    assert [s.id for s in card.signals] == signals
    assert {(link.signal, link.node) for link in card.links.signals} == {
        (s.signal, e.id.replace(".", "_")) for e in map(catalog().entry, {i.strip() for i in ids}) for s in e.signals
    }


def test_each_node_names_its_entry_and_starts_from_the_typical_values(tmp_path: Path) -> None:
    card = _load(tmp_path, compose(["supply.otif", "hr.time_to_fill"], "acme-foods", today=TODAY))
    otif, fill = card.node("supply_otif"), card.node("hr_time_to_fill")
    assert (
        otif.catalog,
        otif.department,
        otif.metric and otif.metric.baseline,
        otif.metric and otif.metric.target,
    ) == (
        "supply.otif",
        "supply_chain",
        0.85,
        0.95,
    )
    assert (fill.metric and fill.metric.baseline, fill.metric and fill.metric.target) == (60, 30)
    assert [(d.id, d.name) for d in card.departments] == [("supply_chain", "Supply chain"), ("hr", "Human resources")]


@pytest.mark.parametrize(
    ("calendar", "start", "end"), [("quarter", "2026-Q1", "2027-Q4"), ("month", "2026-01", "2027-12")]
)
def test_the_horizon_is_this_year_and_the_next(tmp_path: Path, calendar: str, start: str, end: str) -> None:
    card = _load(tmp_path, compose(["cx.nps"], "acme-foods", calendar=calendar, today=TODAY))
    assert (card.calendar, card.horizon.start, card.horizon.end) == (calendar, start, end)


def test_the_account_and_vendor_are_quoted_whatever_they_hold(tmp_path: Path) -> None:
    text = compose(["cx.nps"], "acme-foods", account='Acme: "Foods", plc', vendor="Lattice # Plan", today=TODAY)
    card = _load(tmp_path, text)
    assert (card.account, card.vendor) == ('Acme: "Foods", plc', "Lattice # Plan")


def test_every_entry_alone_composes_a_scorecard_that_loads(tmp_path: Path) -> None:
    failing = {}
    for ident in catalog().entries:
        try:
            _load(tmp_path, compose([ident], "acme-foods", today=TODAY))
        except KpiCascadeError as exc:
            failing[ident] = str(exc)
    assert failing == {}


def test_every_entry_together_composes_one_acyclic_scorecard(tmp_path: Path) -> None:
    card = _load(tmp_path, compose(list(catalog().entries), "acme-foods", today=TODAY))
    assert len([n for n in card.nodes if n.catalog]) == len(catalog().entries)
    assert len([n for n in card.nodes if n.kind == "objective"]) == 4


@pytest.mark.parametrize(
    ("ids", "words"),
    [
        (["supply.otfi"], "no catalogue entry 'supply.otfi'; did you mean 'supply.otif'?"),
        (["cx.nps", "legal.nda"], "no catalogue entry 'legal.nda'; `kpicascade catalog WORD` lists the entries"),
        ([" ", ""], "name at least one catalogue entry"),
    ],
)
def test_unknown_or_no_entries_are_refused(ids: list[str], words: str) -> None:
    with pytest.raises(KpiCascadeError, match=words.replace("?", r"\?").replace("`", ".")):
        compose(ids, "acme-foods", today=TODAY)


def test_new_skeleton_writes_three_files_and_never_overwrites_unasked(tmp_path: Path) -> None:
    written = new_skeleton("acme-foods", ["cx.nps"], tmp_path)
    assert [p.name for p in written] == ["acme-foods.yaml", "acme-foods.actuals.csv", "acme-foods.notes.csv"]
    with pytest.raises(KpiCascadeError, match="exists; pass --force"):
        new_skeleton("acme-foods", ["cx.nps"], tmp_path)
    with pytest.raises(KpiCascadeError, match="use lower-case letters"):
        new_skeleton("Acme Foods", ["cx.nps"], tmp_path)
