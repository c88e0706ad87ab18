"""The README's format example is a real scorecard: it loads without a problem and scores."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

import kpicascade
from kpicascade.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _format_files() -> dict[str, str]:
    """Return the YAML blocks of the format section by the file name on their first line."""
    section = README.split("## The format by example", 1)[1].split("<!-- format -->", 1)[0]
    blocks = re.findall(r"```yaml\n(.*?)```", section, flags=re.DOTALL)
    return {re.match(r"# ([\w.-]+\.yaml)", block)[1]: block for block in blocks}  # type: ignore[index]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The README's example files, with an actuals CSV beside them."""
    for name, text in _format_files().items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "acme-foods.actuals.csv").write_text("id,period,value\nkpi_otif,2026-Q2,0.87\n", encoding="utf-8")
    notes = "node,period,text,author\nkpi_otif,2026-Q2,Back on track after the storms,Dana Ruiz\n"
    (tmp_path / "acme-foods.notes.csv").write_text(notes, encoding="utf-8")
    return tmp_path


def test_the_example_has_a_main_file_and_a_part() -> None:
    assert sorted(_format_files()) == ["acme-foods.yaml", "acme-sales.yaml"]


def test_the_format_example_loads_clean_and_scores(folder: Path) -> None:
    card = kpicascade.load(folder / "acme-foods.yaml")
    assert card.problems == []
    assert card.files == [str(folder / "acme-foods.yaml"), str(folder / "acme-sales.yaml")]
    kinds = {n.kind for n in card.nodes}
    assert kinds == {"objective", "kpi", "kpm", "mbo"}
    methods = {n.metric.scoring_method for n in card.nodes if n.metric}
    assert methods == {"linear", "clamped", "band", "thresholds", "binary"}
    result = card.score(period="2026-Q2")
    assert result.node("kpi_otif").actual == pytest.approx(0.87)
    assert result.node("kpi_otif").note == "Back on track after the storms"
    assert result.node("kpm_expedited").actions == ["expedite_review"]
    assert CliRunner().invoke(cli, ["check", "--strict", str(folder / "acme-foods.yaml")]).exit_code == 0


def test_every_top_level_key_of_the_format_is_shown() -> None:
    shown = set(re.findall(r"^#?\s*([a-z_]+):", "\n".join(_format_files().values()), flags=re.MULTILINE))
    wanted = set(kpicascade.Scorecard.model_fields) - {"survey", "description"}
    assert wanted <= shown, wanted - shown


class _DaysAsText(yaml.SafeLoader):
    """PyYAML's safe loader reading days as text, as YAML 1.2 editors and the kpicascade loader do."""


_DaysAsText.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@pytest.mark.parametrize(("name", "options"), [("acme-foods.yaml", []), ("acme-sales.yaml", ["--part"])])
def test_each_example_file_satisfies_the_schema_an_editor_applies_to_it(name: str, options: list[str]) -> None:
    schema = json.loads(CliRunner().invoke(cli, ["schema", *options]).stdout)
    data = yaml.load(_format_files()[name], Loader=_DaysAsText)  # a safe loader, as editors read YAML 1.2
    assert [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)] == []
