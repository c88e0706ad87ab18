"""Starting a scorecard from an example: new account, own empty actuals, the example's structure."""

from __future__ import annotations

from pathlib import Path

import pytest

import kpicascade
from kpicascade._exceptions import KpiCascadeError
from kpicascade.resources import TEMPLATE_ALIASES, example_scorecards
from kpicascade.starter import new_scorecard, starter_text


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
