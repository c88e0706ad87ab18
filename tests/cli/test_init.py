"""kpicascade init: a new scorecard from each example, that check accepts; nothing overwritten by accident."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import kpicascade
from kpicascade.cli import cli
from kpicascade.resources import TEMPLATE_ALIASES


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["init", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("template", sorted(TEMPLATE_ALIASES))
def test_init_writes_a_scorecard_that_check_accepts(tmp_path: Path, template: str) -> None:
    code, out, _ = run("acme-foods", "--template", template, "--dir", str(tmp_path))
    assert code == 0, out
    names = ("acme-foods.yaml", "acme-foods.actuals.csv", "acme-foods.notes.csv")
    lines = out.splitlines()
    assert lines[:4] == [*(f"wrote {tmp_path / name}" for name in names), "next steps:"]
    assert f"kpicascade serve {tmp_path / 'acme-foods.yaml'}" in lines[4]
    assert f"kpicascade check {tmp_path / 'acme-foods.yaml'}" in out
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "acme-foods.yaml")])
    assert result.exit_code == 0, result.output
    card = kpicascade.load(tmp_path / "acme-foods.yaml")
    assert (card.account, card.account_id) == ("Acme Foods", "acme-foods")
    assert len(card.measurements) == 0
    assert (tmp_path / "acme-foods.actuals.csv").read_text() == "id,period,value\n"
    assert (tmp_path / "acme-foods.yaml").read_text().startswith("# Acme Foods: started from the ")


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    assert run("acme-foods", "--dir", str(tmp_path))[0] == 0
    mine = tmp_path / "acme-foods.yaml"
    mine.write_text("# my own work\n")
    code, _, err = run("acme-foods", "--dir", str(tmp_path), "--template", "software")
    assert code == 1
    assert "exists; pass --force to overwrite it" in err
    assert mine.read_text() == "# my own work\n"
    assert run("acme-foods", "--dir", str(tmp_path), "--template", "software", "--force")[0] == 0
    assert "acme-foods" in mine.read_text()
    written = ["acme-foods.actuals.csv", "acme-foods.notes.csv", "acme-foods.yaml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == written  # no temp files


def test_init_refuses_when_only_the_actuals_file_exists(tmp_path: Path) -> None:
    (tmp_path / "acme-foods.actuals.csv").write_text("id,period,value\nkpi_x,2026-Q1,3\n")
    assert run("acme-foods", "--dir", str(tmp_path))[0] == 1
    assert not (tmp_path / "acme-foods.yaml").exists()


@pytest.mark.parametrize("name", ["Acme", "acme foods", "../acme", "acme_foods", "9acme", ""])
def test_init_refuses_a_name_that_is_not_a_slug(tmp_path: Path, name: str) -> None:
    code, _, err = run(name, "--dir", str(tmp_path))
    assert code == 1
    assert "use lower-case letters, digits and dashes" in err
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_template_is_bad_usage(tmp_path: Path) -> None:
    assert run("acme-foods", "--template", "bakery", "--dir", str(tmp_path))[0] == 2


def test_init_creates_the_folder(tmp_path: Path) -> None:
    assert run("acme-foods", "--dir", str(tmp_path / "new" / "cards"))[0] == 0
    assert (tmp_path / "new" / "cards" / "acme-foods.yaml").is_file()


#: (options, answers typed on the terminal, expected (account, vendor, calendar))
ASKED = [
    (
        ["--account", "Acme Foods plc", "--vendor", 'Lattice: Plan, v2 "Pro"', "--calendar", "month"],
        None,
        ("Acme Foods plc", 'Lattice: Plan, v2 "Pro"', "month"),
    ),
    ([], "Acme Foods plc\nLattice Systems\nmonth\n", ("Acme Foods plc", "Lattice Systems", "month")),
    ([], "\n\n\n", ("Acme Foods", "Lattice Systems (Lattice Plan, supply-chain planning)", "quarter")),
    (
        ["--vendor", "Halcyon"],
        "<script>alert(1)</script>\nquarter\n",
        ("<script>alert(1)</script>", "Halcyon", "quarter"),
    ),
]


@pytest.mark.parametrize(("options", "typed", "expected"), ASKED)
def test_init_asks_on_a_terminal_or_takes_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: list[str], typed: str | None, expected: tuple[str, ...]
) -> None:
    monkeypatch.setattr("kpicascade.cli._cmd_init.on_terminal", lambda: typed is not None)
    keep_departments = "\n" * 10  # Enter for each of the example's departments, then for no more
    result = CliRunner().invoke(
        cli, ["init", "acme-foods", "--dir", str(tmp_path), *options], input=typed and typed + keep_departments
    )
    assert result.exit_code == 0, result.output
    path = tmp_path / "acme-foods.yaml"
    assert CliRunner().invoke(cli, ["check", str(path)]).exit_code == 0
    card = kpicascade.load(path)
    assert (card.account, card.vendor, card.calendar) == expected


def test_a_calendar_the_example_does_not_keep_is_refused(tmp_path: Path) -> None:
    code, _, err = run("acme-foods", "--template", "manufacturing", "--calendar", "month", "--dir", str(tmp_path))
    assert code == 2
    assert "the manufacturing example is by quarter; for a calendar by month, start from healthcare, software" in err
    assert not (tmp_path / "acme-foods.yaml").exists()


@pytest.mark.parametrize("account", ["Acme\x00Foods", "Acme\u2028Foods", "  "])
def test_an_account_name_that_cannot_be_written_plainly_is_refused(tmp_path: Path, account: str) -> None:
    code, _, err = run("acme-foods", "--account", account, "--dir", str(tmp_path))
    assert code == 1
    assert "account" in err
    assert not (tmp_path / "acme-foods.yaml").exists()


def test_departments_given_as_options_replace_the_examples_in_order(tmp_path: Path) -> None:
    options = ["--department", "Leadership=Ana Ruiz, CEO", "--department", "Money & Risk", "--department", "Growth"]
    code, out, _ = run("acme-foods", "--template", "software", "--dir", str(tmp_path), *options)
    assert code == 0, out
    assert "departments:\n  Leadership (leadership): in place of Executive Team, " in out
    assert "  Money & Risk (money_risk): in place of Finance, " in out
    path = tmp_path / "acme-foods.yaml"
    assert CliRunner().invoke(cli, ["check", str(path)]).exit_code == 0
    card = kpicascade.load(path)
    assert [(d.id, d.owner) for d in card.departments[:3]] == [
        ("leadership", "Ana Ruiz, CEO"),
        ("money_risk", None),
        ("growth", None),
    ]
    assert [d.id for d in card.departments[3:]] == ["revops", "marketing", "cs", "people"]


def test_departments_are_asked_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kpicascade.cli._cmd_init.on_terminal", lambda: True)
    # account, vendor, calendar; then one answer per example department (Enter keeps it), an owner for each renamed
    # one, one more department with its owner, and Enter to finish
    typed = "Acme\nLattice\nmonth\n\n\nRevenue\nKim Lo, CRO\n\n\n\n\nProcurement\n\n\n"
    result = CliRunner().invoke(cli, ["init", "acme-foods", "--dir", str(tmp_path)], input=typed)
    assert result.exit_code == 0, result.output
    card = kpicascade.load(tmp_path / "acme-foods.yaml")
    assert [(d.id, d.name, d.owner) for d in card.departments] == [
        ("exec", "Executive Team", "Maya Chen, CEO"),
        ("finance", "Finance", "Tom Whitfield, CFO"),
        ("revenue", "Revenue", "Kim Lo, CRO"),
        ("revops", "Revenue Operations", "Lena Hoffmann, Director Revenue Operations"),
        ("marketing", "Marketing", "Sofia Marquez, CMO"),
        ("cs", "Customer Success", "Ravi Shankar, VP Customer Success"),
        ("people", "People", "Amara Nwosu, VP People"),
        ("procurement", "Procurement", None),
    ]
    assert "sales" not in {n.department for n in card.nodes}
    assert CliRunner().invoke(cli, ["check", str(tmp_path / "acme-foods.yaml")]).exit_code == 0


def test_keeping_every_department_on_a_terminal_leaves_the_example_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kpicascade.cli._cmd_init.on_terminal", lambda: True)
    typed = "Acme\nLattice\nquarter\n" + "\n" * 9
    result = CliRunner().invoke(cli, ["init", "acme-foods", "--dir", str(tmp_path)], input=typed)
    assert result.exit_code == 0, result.output
    assert "departments:" not in result.stdout
    text = (tmp_path / "acme-foods.yaml").read_text()
    assert '  - {id: supply_chain, name: Supply Chain & Logistics, owner: "Dana Ruiz, VP Supply Chain"}\n' in text


@pytest.mark.parametrize("given", ["=Ana Ruiz", "Sales\tEast"])
def test_a_department_option_that_cannot_be_written_is_refused(tmp_path: Path, given: str) -> None:
    code, _, err = run("acme-foods", "--department", given, "--dir", str(tmp_path))
    assert code == 1
    assert "department" in err
    assert not (tmp_path / "acme-foods.yaml").exists()


# (options, exit code, words of the output or error)
CATALOG_CASES: list[tuple[list[str], int, str]] = [
    (["--from-catalog", "supply.otif,supply.fill_rate,cx.nps"], 0, "kpicascade check"),
    (["--from-catalog", "supply.otif", "--calendar", "month"], 0, "--origins"),
    (["--from-catalog", "supply.otfi"], 1, "did you mean 'supply.otif'?"),
    (["--from-catalog", "supply.otif", "--template", "software"], 2, "leave out --template and --department"),
    (["--pick"], 2, "--pick asks on a terminal"),
]


@pytest.mark.parametrize(("options", "code", "words"), CATALOG_CASES, ids=[" ".join(c[0]) for c in CATALOG_CASES])
def test_init_from_the_catalogue(tmp_path: Path, options: list[str], code: int, words: str) -> None:
    exit_code, out, err = run("acme-foods", "--dir", str(tmp_path), *options)
    assert (exit_code, words in out + err) == (code, True), out + err
    if code == 0:
        result = CliRunner().invoke(cli, ["check", str(tmp_path / "acme-foods.yaml")])
        assert result.exit_code == 0, result.output
        card = kpicascade.load(tmp_path / "acme-foods.yaml")
        ids = options[1].split(",")
        assert [n.catalog for n in card.nodes if n.catalog] == ids


def test_pick_searches_the_catalogue_and_adds_the_ids_typed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kpicascade.cli._cmd_init.on_terminal", lambda: True)
    # search "otif", add it; search "time to fill", add it; Enter when done; then the account and the calendar
    typed = "otif\nsupply.otif\ntime to fill\nhr.time_to_fill\n\nAcme Foods plc\nmonth\n"
    result = CliRunner().invoke(cli, ["init", "acme-foods", "--dir", str(tmp_path), "--pick"], input=typed)
    assert result.exit_code == 0, result.output
    assert "supply.otif" in result.stdout
    assert "On time in full (OTIF / DIFOT)" in result.stdout
    card = kpicascade.load(tmp_path / "acme-foods.yaml")
    assert [n.catalog for n in card.nodes if n.catalog] == ["supply.otif", "hr.time_to_fill"]
    assert (card.account, card.calendar) == ("Acme Foods plc", "month")
