"""The catalogue shipped with kpicascade: every entry valid, the departments the design names all there, search."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kpicascade._exceptions import KpiCascadeError
from kpicascade.catalog import DATA, PACKS, catalog, read_catalog

#: The departments the design names, as the catalogue spells their ids.
DEPARTMENTS = [
    "sales",
    "marketing",
    "support",
    "hr",
    "project_management",
    "supply_chain",
    "customer_experience",
    "finance",
]


def test_the_shipped_catalogue_holds_at_least_80_valid_entries() -> None:
    entries = read_catalog().entries  # reads and validates every pack afresh
    assert len(entries) >= 80


def test_every_department_of_the_design_has_entries() -> None:
    counts = Counter(e.department for e in catalog().entries.values())
    assert {d: counts[d] >= 5 for d in DEPARTMENTS} == dict.fromkeys(DEPARTMENTS, True)
    assert len(counts) >= 8


def test_each_industry_pack_has_entries() -> None:
    counts = Counter(e.industry for e in catalog().entries.values() if e.industry)
    assert {i: n >= 6 for i, n in counts.items()} == {"manufacturing": True, "software": True, "healthcare": True}


def test_every_pack_file_is_read() -> None:
    files = {p.stem for p in DATA.glob("*.yaml")} - {"signals"}
    assert sorted(files) == sorted(PACKS)


def test_every_entry_names_its_source_and_says_more_than_its_name() -> None:
    loose = [e.id for e in catalog().entries.values() if len(e.source) < 10 or e.definition.strip() == e.name]
    assert loose == []


def test_no_two_entries_share_a_definition_or_a_name() -> None:
    entries = catalog().entries.values()
    for field in ("definition", "name", "formula"):
        counts = Counter(getattr(e, field) for e in entries)
        assert [text for text, n in counts.items() if n > 1] == [], field


def test_every_usage_signal_drives_some_entry() -> None:
    used = {s.signal for e in catalog().entries.values() for s in e.signals}
    assert sorted(set(catalog().signals) - used) == []


# (words, department, ids that must be found, ids that must not)
SEARCHES: list[tuple[str, str | None, list[str], list[str]]] = [
    ("otif", None, ["supply.otif"], ["cx.nps"]),
    ("On Time", None, ["supply.otif"], []),
    ("time to fill", None, ["hr.time_to_fill"], ["hr.enps"]),
    ("attrition", "hr", ["hr.voluntary_attrition", "hr.first_year_attrition"], ["supply.otif"]),
    ("", "project_management", ["pm.cpi", "pm.spi"], ["fin.roic"]),
    ("", "manufacturing", ["mfg.oee"], ["sw.availability"]),
    ("retention", "software", ["sw.net_revenue_retention"], ["cx.retention_rate"]),
    ("promoter", None, ["cx.nps", "hr.enps"], ["supply.otif"]),
    ("no such words anywhere", None, [], ["supply.otif"]),
]


@pytest.mark.parametrize(("words", "department", "found", "absent"), SEARCHES)
def test_search_matches_every_word_in_id_name_or_definition(
    words: str, department: str | None, found: list[str], absent: list[str]
) -> None:
    ids = [e.id for e in catalog().search(words, department)]
    assert set(found) <= set(ids)
    assert set(absent) & set(ids) == set()


def test_a_department_filter_returns_only_that_department() -> None:
    hits = catalog().search("", "supply_chain")
    assert len(hits) >= 8
    assert {e.department for e in hits} == {"supply_chain"}


@pytest.mark.parametrize(
    ("ident", "hint"), [("supply.otfi", "did you mean 'supply.otif'?"), ("nothing.like_it", "no catalogue entry")]
)
def test_an_unknown_id_names_the_closest_one(ident: str, hint: str) -> None:
    with pytest.raises(KeyError, match=hint):
        catalog().entry(ident)


ENTRY = """\
  - id: {id}
    name: {name}
    kind: kpm
    department: supply_chain
    perspective: internal_process
    definition: {name} defined.
    formula: a / b
    unit: percent
    direction: increase
    aggregation: mean
    timing: leading
    typical: {{good: 0.9, poor: 0.5}}
    signals: [{{signal: {signal}}}]
    feeds: [{feeds}]
    source: A public reference
"""

# (entries as (id, signal, fed id), words of the error)
FAULTS: list[tuple[list[tuple[str, str, str]], str]] = [
    ([("x.a", "active_users", ""), ("x.a", "active_users", "")], "x.a is defined twice"),
    ([("x.a", "telepathy", "")], "x.a names unknown signal telepathy"),
    ([("x.a", "active_users", "x.zz")], "x.a feeds unknown entry x.zz"),
]


@pytest.mark.parametrize(("rows", "words"), FAULTS, ids=[w for _, w in FAULTS])
def test_an_inconsistent_catalogue_is_refused(tmp_path: Path, rows: list[tuple[str, str, str]], words: str) -> None:
    (tmp_path / "signals.yaml").write_text((DATA / "signals.yaml").read_text())
    body = "".join(ENTRY.format(id=i, name=f"Metric {n}", signal=s, feeds=f) for n, (i, s, f) in enumerate(rows))
    (tmp_path / "x.yaml").write_text(f"pack: x\ntitle: X\nprefix: x\nentries:\n{body}")
    with pytest.raises(KpiCascadeError, match=words):
        read_catalog(tmp_path, ["x"])


def test_a_malformed_pack_names_its_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "signals.yaml").write_text((DATA / "signals.yaml").read_text())
    (tmp_path / "x.yaml").write_text("pack: x\ntitle: X: the pack\n")
    with pytest.raises(KpiCascadeError, match=r"x\.yaml:2:\d+: error: malformed YAML"):
        read_catalog(tmp_path, ["x"])
