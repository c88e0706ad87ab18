"""Loading: shape errors with plain messages and places, bad files, multi-file scorecards, the loaded card."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import kpicascade
from kpicascade.problems import FieldPath, Location, Problem
from tests.cards import BASE, write_card

_NPS_METRIC = "metric: {unit: points, direction: increase, baseline: 12, target: 30}"

# (case, replacements with « before the expected spot, code, field path, words the message must hold)
SHAPES = [
    (
        "unknown top-level key",
        [("annual_fee: 900000", "annual_fee: 900000\n«anual_fee: 3")],
        "unknown-key",
        ("anual_fee",),
        "did you mean 'annual_fee'",
    ),
    (
        "unknown key in a node",
        [("    timing: lagging\n", "    «timeing: lagging\n")],
        "unknown-key",
        ("nodes", 1, "timeing"),
        "did you mean 'timing'",
    ),
    (
        "unknown key with nothing close",
        [("    timing: lagging\n", "    timing: lagging\n    «colour: red\n")],
        "unknown-key",
        ("nodes", 1, "colour"),
        "allowed here: id, name, kind",
    ),
    ("missing key", [("account: Fjord Foods ASA\n", "«")], "missing-key", ("account",), "'account'"),
    (
        "missing key in a node",
        [("  - id: kpi_nps\n    name: Net promoter score\n", "  - «id: kpi_nps\n")],
        "missing-key",
        ("nodes", 2, "name"),
        "'name'",
    ),
    (
        "text where a number belongs",
        [("annual_fee: 900000", "annual_fee: «lots")],
        "wrong-type",
        ("annual_fee",),
        "must be a number, got 'lots'",
    ),
    (
        "quoted number",
        [("baseline: 12,", 'baseline: «"12",')],
        "wrong-type",
        ("nodes", 2, "metric", "baseline"),
        "remove the quotes",
    ),
    (
        "true where a weight belongs",
        [("weight: 1}", "weight: «true}")],
        "wrong-type",
        ("links", "contributes", 1, "weight"),
        "got true/false",
    ),
    (
        "true where text belongs",
        [('owner: "Mia Dahl, Head of CX"', "owner: «true")],
        "wrong-type",
        ("departments", 2, "owner"),
        "put the text in quotes",
    ),
    (
        "number where text belongs",
        [("name: Net promoter score", "name: «2025")],
        "wrong-type",
        ("nodes", 2, "name"),
        "put it in quotes",
    ),
    (
        "a mapping where a list belongs",
        [("tags: [moment_of_truth]", "tags: «{a: 1}")],
        "wrong-type",
        ("nodes", 2, "tags"),
        "must be a list",
    ),
    (
        "text where a mapping belongs",
        [("horizon: {start: 2025-Q1, end: 2026-Q4}", "horizon: «2025")],
        "wrong-type",
        ("horizon",),
        "must be a mapping",
    ),
    ("fractional lag", [("lag: 2}", "lag: «1.5}")], "wrong-type", ("links", "signals", 1, "lag"), "whole number"),
    (
        "a list as a target",
        [("baseline: 12, target: 30", "baseline: 12, target: «[30]")],
        "wrong-type",
        ("nodes", 2, "metric", "target"),
        "must be a number or a mapping, got a list",
    ),
    (
        "text inside a phased target",
        [("{2025-Q4: 0.9,", "{2025-Q4: «high,")],
        "wrong-type",
        ("nodes", 1, "metric", "target", "2025-Q4"),
        "target[2025-Q4] must be a number",
    ),
    ("unknown kind", [("kind: kpm", "kind: «process")], "not-a-choice", ("nodes", 3, "kind"), "'objective', 'kpi'"),
    ("unknown calendar", [("calendar: quarter", "calendar: «week")], "not-a-choice", ("calendar",), "'month'"),
    ("lag too long", [("lag: 2}", "lag: «30}")], "out-of-range", ("links", "signals", 1, "lag"), "at most 24"),
    ("negative fee", [("annual_fee: 900000", "annual_fee: «-1")], "out-of-range", ("annual_fee",), "at least 0"),
    ("NaN baseline", [("baseline: 12,", "baseline: «.nan,")], "not-finite", ("nodes", 2, "metric", "baseline"), "NaN"),
    (
        "infinite value per unit",
        [("value_per_unit: 4000000", "value_per_unit: «.inf")],
        "not-finite",
        ("nodes", 1, "metric", "value_per_unit"),
        "infinity",
    ),
    (
        "NaN in an inline actual",
        [("value: 0.83}", "value: «.NaN}")],
        "not-finite",
        ("actuals", "rows", 0, "value"),
        "NaN",
    ),
    (
        "id with a space",
        [("  - id: kpi_nps\n", "  - id: «kpi nps\n")],
        "bad-id",
        ("nodes", 2, "id"),
        "letters, digits, '_', '.' or '-'",
    ),
    (
        "id starting with a digit",
        [("{id: cx,", "{id: «9cx,")],
        "bad-id",
        ("departments", 2, "id"),
        "start with a letter",
    ),
    (
        "currency in words",
        [("currency: NOK", "currency: «kroner")],
        "bad-currency",
        ("currency",),
        "a three-letter ISO code like EUR",
    ),
    ("lower-case currency", [("currency: NOK", "currency: «nok")], "bad-currency", ("currency",), "like EUR"),
    ("empty name", [("name: Net promoter score", 'name: «""')], "empty-text", ("nodes", 2, "name"), "empty"),
    (
        "amber above green",
        [(_NPS_METRIC, _NPS_METRIC[:-1] + ", thresholds: «{green: 0.6, amber: 0.8}}")],
        "invalid",
        ("nodes", 2, "metric", "thresholds"),
        "amber (0.8) must not be above green (0.6)",
    ),
    (
        "a rule with min above max",
        [(_NPS_METRIC, "metric: {unit: points, method: thresholds, rules: [«{min: 10, max: 5, score: 1}]}")],
        "invalid",
        ("nodes", 2, "metric", "rules", 0),
        "min (10) must be below max (5)",
    ),
]


@pytest.mark.parametrize(("case", "changes", "code", "path", "words"), SHAPES, ids=[c[0] for c in SHAPES])
def test_shape_error(
    tmp_path: Path, case: str, changes: list[tuple[str, str]], code: str, path: FieldPath, words: str
) -> None:
    caught = _one_problem_at(tmp_path, changes, code, path, words)
    assert "Input should" not in str(caught)  # pydantic's own wording never reaches people


def _one_problem_at(
    tmp_path: Path, changes: list[tuple[str, str]], code: str, path: FieldPath, words: str
) -> kpicascade.ScorecardError:
    """Load the card with changes; check it fails with one problem of code, at the marked place and path."""
    card, where = write_card(tmp_path, changes)
    with pytest.raises(kpicascade.ScorecardError) as caught:
        kpicascade.load(card)
    found = [p for p in caught.value.problems if p.code == code]
    assert [(p.location, p.path) for p in found] == [(where, path)], [str(p) for p in caught.value.problems]
    assert words in found[0].message
    return caught.value


def test_a_refused_tag_is_reported_once(tmp_path: Path) -> None:
    card, where = write_card(tmp_path, [("vendor: Lattice Systems", "vendor: «!!python/object/apply:os.system [ls]")])
    with pytest.raises(kpicascade.ScorecardError) as caught:
        kpicascade.load(card)
    assert [(p.code, p.location) for p in caught.value.problems] == [("yaml-tag", where)]


# Files that are not scorecards at all: each a ScorecardError naming the file, never another exception.
BAD_FILES = [
    ("malformed", b"account: [Fjord\n", "yaml"),
    ("empty", b"", "empty"),
    ("binary", bytes(range(256)) * 4, "binary"),
    ("not UTF-8", "account: Fjörd\n".encode("latin-1"), "encoding"),
    ("a list", b"- account: x\n", "not-a-mapping"),
    ("deep", b"a: " + b"[" * 10_000 + b"]" * 10_000, "yaml-depth"),
    ("object tag", b"account: !!python/object/apply:os.system ['echo hi']\n", "yaml-tag"),
    (
        "alias bomb",
        b"a: &a [x,x,x,x,x,x,x,x,x,x]\n"
        + b"".join(b"%c: &%c [%s]\n" % (c, c, b",".join([b"*" + bytes([c - 1])] * 10)) for c in b"bcdefghi"),
        "too-large",
    ),
]


@pytest.mark.parametrize(("case", "raw", "code"), BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_a_bad_file_is_a_scorecard_error_naming_it(tmp_path: Path, case: str, raw: bytes, code: str) -> None:
    path = tmp_path / "card.yaml"
    path.write_bytes(raw)
    with pytest.raises(kpicascade.ScorecardError) as caught:
        kpicascade.load(path)
    assert code in {p.code for p in caught.value.problems}
    assert all(p.location.file == str(path) for p in caught.value.problems)
    assert str(path) in str(caught.value)


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(4 * 1024**3)  # sparse: 4 GB that cost no disk
    with pytest.raises(kpicascade.ScorecardError, match="larger than 10 MB"):
        kpicascade.load(path)


def test_a_missing_file_and_a_folder(tmp_path: Path) -> None:
    for path in (tmp_path / "nowhere.yaml", tmp_path):
        with pytest.raises(kpicascade.ScorecardError) as caught:
            kpicascade.load(path)
        assert [p.code for p in caught.value.problems] == ["unreadable"]


# --- a scorecard in several files -------------------------------------------------------------

PART = """\
nodes:
  - id: kpi_fill_rate
    name: Order fill rate
    kind: kpi
    perspective: customer
    department: supply
    metric: {unit: percent, baseline: 0.9, target: 0.97}
links:
  contributes:
    - {from: kpi_fill_rate, to: obj_reliable}
  signals:
    - {signal: sig_auto_orders, node: kpi_fill_rate}
actuals:
  files: [fill.csv]
"""


def _split_card(folder: Path, part: str = PART) -> Path:
    (folder / "parts").mkdir(exist_ok=True)
    (folder / "parts" / "supply.yaml").write_text(part, encoding="utf-8")
    (folder / "parts" / "fill.csv").write_text("id,period,value\nkpi_fill_rate,2025-Q1,0.91\n", encoding="utf-8")
    card, _ = write_card(folder, [("departments:\n", "include: [parts/supply.yaml]\ndepartments:\n")])
    return card


def test_an_included_file_adds_nodes_links_and_actuals(tmp_path: Path) -> None:
    card = kpicascade.load(_split_card(tmp_path))
    assert [n.id for n in card.nodes][-1] == "kpi_fill_rate"
    assert card.links.contributes[-1].from_ == "kpi_fill_rate"
    assert card.include == ["parts/supply.yaml"]
    assert card.files == [str(tmp_path / "card.yaml"), str(tmp_path / "parts" / "supply.yaml")]
    assert card.measurements.series("kpi_fill_rate") == {kpicascade.Period.parse("2025-Q1"): 0.91}
    assert card.source.locate(("nodes", 5, "metric")) == Location(str(tmp_path / "parts" / "supply.yaml"), 7, 13)


# (case, change to the part with « before the expected spot, code, field path in the merged scorecard)
PART_ERRORS = [
    (
        "unknown reference",
        ("to: obj_reliable}", "to: «obj_reliabel}"),
        "unknown-reference",
        ("links", "contributes", 4, "to"),
    ),
    ("unknown key", ("    department: supply\n", "    «dept: supply\n"), "unknown-key", ("nodes", 5, "dept")),
    ("duplicate id", ("  - id: kpi_fill_rate", "  - id: «kpi_otif"), "duplicate-id", ("nodes", 5, "id")),
    (
        "wrong side of the baseline",
        ("target: 0.97}", "target: «0.8}"),
        "target-direction",
        ("nodes", 5, "metric", "target"),
    ),
    ("a key only the main file may hold", ("nodes:\n", "«currency: EUR\nnodes:\n"), "include-key", ("currency",)),
    ("a section that is not a list", ("nodes:\n", "signals: «none\nnodes:\n"), "wrong-type", ("signals",)),
    (
        "links that are not a mapping",
        ("links:\n  contributes:", "links: «[]\nlinkz:\n  contributes:"),
        "wrong-type",
        ("links",),
    ),
    ("include that is not a list", ("nodes:\n", "include: «other.yaml\nnodes:\n"), "wrong-type", ("include",)),
    (
        "an included file that is missing",
        ("nodes:\n", "include: [«other.yaml]\nnodes:\n"),
        "include-missing",
        ("include", 0),
    ),
    ("a file included twice", ("nodes:\n", "include: [«supply.yaml]\nnodes:\n"), "include-cycle", ("include", 0)),
    ("malformed YAML", ("    kind: kpi\n    perspective:", "    kind: [kpi\n    perspective«:"), "yaml", ()),
]


@pytest.mark.parametrize(("case", "change", "code", "path"), PART_ERRORS, ids=[c[0] for c in PART_ERRORS])
def test_an_error_in_an_included_file_names_that_file_and_line(
    tmp_path: Path, case: str, change: tuple[str, str], code: str, path: FieldPath
) -> None:
    old, new = change
    assert old in PART
    part = PART.replace(old, new, 1)
    at = part.index("«")
    where = Location(str(tmp_path / "parts" / "supply.yaml"), part.count("\n", 0, at) + 1, at - part.rfind("\n", 0, at))
    with pytest.raises(kpicascade.ScorecardError) as caught:
        kpicascade.load(_split_card(tmp_path, part.replace("«", "")))
    found = [p for p in caught.value.problems if p.code == code]
    assert [(p.location, p.path) for p in found] == [(where, path)], [str(p) for p in caught.value.problems]


def test_an_included_file_may_include_another_beside_it(tmp_path: Path) -> None:
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "more.yaml").write_text(
        "signals:\n  - {id: sig_edi, name: EDI messages}\n"
        "links:\n  signals:\n    - {signal: sig_edi, node: kpi_otif}\n",
        encoding="utf-8",
    )
    card = kpicascade.load(_split_card(tmp_path, PART.replace("actuals:\n", "include: [more.yaml]\nactuals:\n")))
    assert card.signals[-1].id == "sig_edi"
    assert card.files[-1] == str(tmp_path / "parts" / "more.yaml")


# --- the loaded scorecard ---------------------------------------------------------------------


def test_warnings_ride_on_the_loaded_card(tmp_path: Path) -> None:
    path, _ = write_card(tmp_path, [("links:\n", "  - {id: sig_api, name: API calls}\nlinks:\n")])
    card = kpicascade.load(path)
    assert [(p.severity, p.code) for p in card.problems] == [("warning", "signal-unlinked")]


def test_lint_can_be_turned_off(tmp_path: Path) -> None:
    path, _ = write_card(tmp_path, [("links:\n", "  - {id: sig_api, name: API calls}\nlinks:\n")])
    assert kpicascade.load(path, lint=False).problems == []


def test_measurements_can_be_left_unread(tmp_path: Path) -> None:
    path, _ = write_card(tmp_path, [])
    assert len(kpicascade.load(path).measurements) == 2
    assert len(kpicascade.load(path, read_measurements=False).measurements) == 0


def test_every_problem_prints_file_line_column_and_field(tmp_path: Path) -> None:
    path, _ = write_card(tmp_path, [("weight: 1}", "weight: 0}")])
    with pytest.raises(kpicascade.ScorecardError) as caught:
        kpicascade.load(path)
    problem: Problem = caught.value.problems[0]
    assert str(problem) == (
        f"{path}:{problem.location.line}:{problem.location.column}: error: weight must be "
        "greater than 0; got 0 [links.contributes[1].weight] (out-of-range)"
    )
    assert problem.as_dict()["field"] == "links.contributes[1].weight"


def test_the_scorecard_error_is_a_value_error_and_lists_at_most_twenty(tmp_path: Path) -> None:
    signals = "".join(f"  - {{id: s{i}, name: Signal {i}, colour: red}}\n" for i in range(30))
    path = tmp_path / "card.yaml"
    path.write_text(BASE.replace("links:\n", signals + "links:\n"), encoding="utf-8")
    with pytest.raises(ValueError, match="and 10 more") as caught:
        kpicascade.load(path)
    assert isinstance(caught.value, kpicascade.ScorecardError)
    assert len(caught.value.problems) == 30
    assert len(str(caught.value).splitlines()) == 21


def test_load_accepts_text_and_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, _ = write_card(tmp_path, [])
    monkeypatch.chdir(tmp_path)
    assert kpicascade.load("card.yaml").account_id == kpicascade.load(path).account_id == "fjord-foods"


# (case, replacements with « before the spot the problem names, code, field path, words the message must hold):
# problems found after the YAML is read, placed through the loaded card's map of places.
LATER_PROBLEMS = [
    (
        "a reference to no node",
        [("{from: kpi_otif, to: obj_reliable", "{from: «kpi_ottif, to: obj_reliable")],
        "unknown-reference",
        ("links", "contributes", 0, "from"),
        "did you mean 'kpi_otif'",
    ),
    (
        "an inline actuals row given twice",
        [
            (
                "    - {id: sig_planners, period: 2025-Q1, value: 14}",
                "    - «{id: kpi_otif, period: 2025-Q1, value: 0.9}",
            )
        ],
        "actuals-period",
        ("period",),
        "kpi_otif 2025-Q1 is given twice (first at ",
    ),
]


@pytest.mark.parametrize(
    ("case", "changes", "code", "path", "words"), LATER_PROBLEMS, ids=[c[0] for c in LATER_PROBLEMS]
)
def test_a_problem_found_after_reading_names_the_place_it_was_written(
    tmp_path: Path, case: str, changes: list[tuple[str, str]], code: str, path: FieldPath, words: str
) -> None:
    _one_problem_at(tmp_path, changes, code, path, words)


def test_an_actuals_row_given_twice_names_the_first_row_by_file_line_and_column(tmp_path: Path) -> None:
    first = BASE.index("    - {id: kpi_otif, period: 2025-Q1")
    line = BASE.count("\n", 0, first) + 1
    path, _ = write_card(
        tmp_path,
        [("    - {id: sig_planners, period: 2025-Q1, value: 14}", "    - {id: kpi_otif, period: 2025-Q1, value: 0.9}")],
    )
    with pytest.raises(kpicascade.ScorecardError) as caught:
        kpicascade.load(path)
    assert [p.message for p in caught.value.problems] == [f"kpi_otif 2025-Q1 is given twice (first at {path}:{line}:7)"]


def test_loading_leaves_the_collector_as_it_was(tmp_path: Path) -> None:
    path, _ = write_card(tmp_path, [])
    assert gc.isenabled()
    kpicascade.load(path)
    assert gc.isenabled()
    gc.disable()
    try:
        kpicascade.load(path)
        assert not gc.isenabled()
    finally:
        gc.enable()
