"""Starting a scorecard from an example: new account, own empty actuals, the example's structure."""

from __future__ import annotations

from pathlib import Path

import pytest

import kpicascade
from kpicascade._exceptions import KpiCascadeError
from kpicascade.resources import TEMPLATE_ALIASES, example_scorecards
from kpicascade.starter import Department, example_departments, new_scorecard, plan_departments, starter_text


def test_every_alias_names_a_bundled_example() -> None:
    assert set(TEMPLATE_ALIASES.values()) <= set(example_scorecards())


@pytest.mark.parametrize("example", sorted(example_scorecards()))
def test_starter_text_keeps_the_structure_and_changes_the_account(tmp_path: Path, example: str) -> None:
    text = starter_text(example, "acme-foods")
    assert text.count("\naccount_id: acme-foods\n") == 1
    assert "\nactuals:\n  files: [acme-foods.actuals.csv]\n" in text
    assert f"{example}.actuals.csv" not in text
    assert "\nnotes:\n  files: [acme-foods.notes.csv]\n" in text
    assert f"{example}.notes.csv" not in text
    (tmp_path / "acme-foods.actuals.csv").write_text("id,period,value\n")
    (tmp_path / "acme-foods.notes.csv").write_text("node,period,text,author\n")
    (tmp_path / "acme-foods.yaml").write_text(text)
    card = kpicascade.load(tmp_path / "acme-foods.yaml")
    original = kpicascade.load(example_scorecards()[example])
    assert [n.id for n in card.nodes] == [n.id for n in original.nodes]
    assert card.links == original.links
    assert len(card.measurements) == 0
    assert card.commentary == []
    assert card.plan == original.plan  # the example's plan stays, to be rewritten for the account


def test_new_scorecard_writes_both_files_atomically(tmp_path: Path) -> None:
    written = new_scorecard("acme-foods", "northwind-components", tmp_path)
    names = ["acme-foods.yaml", "acme-foods.actuals.csv", "acme-foods.notes.csv"]
    assert written == [tmp_path / name for name in names]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)


def test_new_scorecard_refuses_to_overwrite(tmp_path: Path) -> None:
    new_scorecard("acme-foods", "northwind-components", tmp_path)
    with pytest.raises(KpiCascadeError, match="exists; pass --force"):
        new_scorecard("acme-foods", "meridian-health", tmp_path)
    assert "northwind" in (tmp_path / "acme-foods.yaml").read_text()
    new_scorecard("acme-foods", "meridian-health", tmp_path, overwrite=True)
    assert "meridian" in (tmp_path / "acme-foods.yaml").read_text()


def test_an_unknown_example_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KpiCascadeError, match="no example scorecard named 'bakery'"):
        new_scorecard("acme-foods", "bakery", tmp_path)


def test_example_departments_are_read_in_file_order() -> None:
    departments = example_departments("brightloop-software")
    assert [d.id for d in departments] == ["exec", "finance", "sales", "revops", "marketing", "cs", "people"]
    assert departments[2] == Department("Sales", "Derek Okafor, Chief Revenue Officer", "sales")


#: (departments given, expected (id, name, owner) of the first departments written, then the example's kept ones)
GIVEN = [
    (
        [Department("Leadership", "Ana Ruiz, CEO"), Department("Revenue & Growth")],
        [("leadership", "Leadership", "Ana Ruiz, CEO"), ("revenue_growth", "Revenue & Growth", None)],
    ),
    ([Department("Finance"), Department("Finance")], [("finance", "Finance", None), ("finance_2", "Finance", None)]),
    ([Department("Café Ops"), Department("2030 Vision")], [("cafe_ops", "Café Ops", None), ("department_2030_vision",
                                                                                              "2030 Vision", None)]),
    ([Department("Sales")], [("sales_2", "Sales", None)]),  # the example's sales department is kept, so not reused
]  # fmt: skip


@pytest.mark.parametrize(("given", "expected"), GIVEN)
def test_given_departments_take_the_place_of_the_examples_in_order(
    tmp_path: Path, given: list[Department], expected: list[tuple[str, str, str | None]]
) -> None:
    new_scorecard("acme", "brightloop-software", tmp_path, departments=given)
    card = kpicascade.load(tmp_path / "acme.yaml")
    original = kpicascade.load(example_scorecards()["brightloop-software"])
    written = [(d.id, d.name, d.owner) for d in card.departments]
    kept = [(d.id, d.name, d.owner) for d in original.departments[len(given) :]]
    assert written == expected + kept
    moved = {old.id: new[0] for old, new in zip(original.departments, expected, strict=False)}
    assert [n.department for n in card.nodes] == [moved.get(str(n.department), n.department) for n in original.nodes]
    planned = plan_departments("brightloop-software", given)
    for old, new, plan in zip(original.departments, expected, planned, strict=False):
        assert (plan.example_name, plan.department_id) == (old.name, new[0])
        assert plan.nodes == sum(1 for n in original.nodes if n.department == old.id)


def test_departments_beyond_the_examples_are_added_with_no_nodes(tmp_path: Path) -> None:
    given = [Department(f"Region {i}") for i in range(1, 10)]  # the example has seven
    new_scorecard("acme", "brightloop-software", tmp_path, departments=given)
    card = kpicascade.load(tmp_path / "acme.yaml")
    assert [d.id for d in card.departments] == [f"region_{i}" for i in range(1, 10)]
    assert {n.department for n in card.nodes} <= {f"region_{i}" for i in range(1, 8)}
    plan = plan_departments("brightloop-software", given)
    assert [(p.example_name, p.nodes) for p in plan[7:]] == [("", 0), ("", 0)]
    assert sum(p.nodes for p in plan) == len(card.nodes)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ([Department("  ")], "the department needs a name"),
        ([Department("Sales\nteam")], "the department's name holds a control character"),
        ([Department("Sales", "Ana\x1b[31m")], "the department owner's name holds a control character"),
    ],
)
def test_a_department_that_cannot_be_written_plainly_is_refused(
    tmp_path: Path, given: list[Department], message: str
) -> None:
    with pytest.raises(KpiCascadeError, match=message):
        new_scorecard("acme", "brightloop-software", tmp_path, departments=given)
    assert list(tmp_path.iterdir()) == []
