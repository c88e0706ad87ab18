"""compare --since on a scorecard in git: the scorecard as committed then, and who changed a target."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from lxml import html  # type: ignore[import-untyped]

from kpicascade.cli import cli
from kpicascade.history import review, scorecard_at

EXAMPLES = Path(__file__).resolve().parent.parent / "scorecards"
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git program")


def _git(repo: Path, *args: str, author: str = "Dana Ruiz <dana@northwind.example>") -> None:
    name, email = author[: author.index(" <")], author[author.index("<") + 1 : -1]
    env = {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_AUTHOR_DATE": "2026-10-02T09:00:00+00:00",
        "GIT_COMMITTER_DATE": "2026-10-02T09:00:00+00:00",
        "HOME": str(repo),
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Northwind in a git repository: the Q2 review committed and tagged, then Q3's actuals and a target change."""
    for path in EXAMPLES.glob("northwind-components.*"):
        shutil.copy(path, tmp_path / path.name)
    actuals = tmp_path / "northwind-components.actuals.csv"
    full = actuals.read_text()
    actuals.write_text("".join(line for line in full.splitlines(keepends=True) if "2026-Q3" not in line))
    card = tmp_path / "northwind-components.yaml"
    yaml_text = card.read_text()
    # At the Q2 review the plan had no supplier collaboration yet.
    start = yaml_text.index("  - id: supplier_collaboration")
    end = yaml_text.index("  - id: expedite_review")
    card.write_text(yaml_text[:start] + yaml_text[end:])
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "Q2 review")
    _git(tmp_path, "tag", "q2-review")
    actuals.write_text(full)
    card.write_text(yaml_text)
    _git(
        tmp_path,
        "commit",
        "-q",
        "-am",
        "Q3 actuals and the supplier plan",
        author="Tomasz Wierzbicki <tw@northwind.example>",
    )
    # Then the CFO lowers the cost-to-serve target in a commit of her own.
    text = card.read_text()
    card.write_text(
        text.replace("      baseline: 0.094\n      target: 0.080\n", "      baseline: 0.094\n      target: 0.085\n")
    )
    _git(
        tmp_path,
        "commit",
        "-q",
        "-am",
        "Cost to serve: realistic target for 2026",
        author="Ingrid Baumann <ib@northwind.example>",
    )
    return tmp_path


def test_scorecard_at_a_revision_reads_its_files_as_committed(repo: Path) -> None:
    old = scorecard_at(repo / "northwind-components.yaml", "q2-review")
    assert "supplier_collaboration" not in {i.id for i in old.plan}
    assert str(old.score().period) == "2026-Q2"


def test_review_names_the_commit_and_author_of_a_target_change(repo: Path) -> None:
    found = review(repo / "northwind-components.yaml", "q2-review")
    assert (found.period_before, found.period) == ("2026-Q2", "2026-Q3")
    assert [n.id for n in found.targets] == ["kpi_cost_to_serve"]
    change = found.targets[0]
    assert (change.target_before, change.target) == (0.080, 0.085)
    assert change.changed_by is not None
    assert change.changed_by.author == "Ingrid Baumann"
    assert change.changed_by.subject == "Cost to serve: realistic target for 2026"
    assert change.changed_by.date == "2026-10-02"
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, check=True)
    assert change.changed_by.commit == head.stdout.strip()
    assert [a.id for a in found.new_actions] == ["supplier_collaboration"]


def test_an_uncommitted_target_change_says_so(repo: Path) -> None:
    card = repo / "northwind-components.yaml"
    card.write_text(card.read_text().replace("target: 0.085\n", "target: 0.083\n"))
    change = review(card, "HEAD").targets[0]
    assert change.changed_by is not None
    assert change.changed_by.author == "not committed yet"


def test_review_against_an_earlier_scores_json(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    saved = tmp_path_factory.mktemp("build") / "scores.json"
    old = scorecard_at(repo / "northwind-components.yaml", "q2-review").score().to_dict()
    saved.write_text(json.dumps(old))
    found = review(repo / "northwind-components.yaml", str(saved))
    assert found.period_before == "2026-Q2"
    assert found.targets == []  # a scores.json has no target definitions, and the periods differ
    assert [a.id for a in found.new_actions] == ["supplier_collaboration"]


def test_cli(repo: Path) -> None:
    result = CliRunner().invoke(
        cli, ["compare", str(repo / "northwind-components.yaml"), "--since", "q2-review"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "Ingrid Baumann" in result.stdout
    assert "Cost to serve: realistic target for 2026" in result.stdout
    data = json.loads(
        CliRunner()
        .invoke(cli, ["compare", str(repo / "northwind-components.yaml"), "--since", "q2-review", "--format", "json"])
        .stdout
    )
    assert data["nodes"][0]["id"]
    assert next(n for n in data["nodes"] if n["target_changed"])["changed_by"]["author"] == "Ingrid Baumann"


@pytest.mark.parametrize(
    ("since", "message"),
    [("no-such-tag", "is neither a revision in git nor a scores.json"), ("missing.json", "no such file")],
)
def test_a_bad_revision_is_a_clean_error(repo: Path, since: str, message: str) -> None:
    result = CliRunner().invoke(cli, ["compare", str(repo / "northwind-components.yaml"), "--since", since])
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_outside_git_says_what_to_pass(tmp_path: Path) -> None:
    for path in EXAMPLES.glob("northwind-components.*"):
        shutil.copy(path, tmp_path / path.name)
    result = CliRunner().invoke(cli, ["compare", str(tmp_path / "northwind-components.yaml"), "--since", "HEAD"])
    assert result.exit_code == 1
    assert "is not in a git repository" in result.stderr


def test_report_and_workbook_since_a_revision(repo: Path) -> None:
    card = str(repo / "northwind-components.yaml")
    page_path, book_path = repo / "plan.html", repo / "plan.xlsx"
    assert CliRunner().invoke(cli, ["report", card, "-o", str(page_path), "--since", "q2-review"]).exit_code == 0
    assert CliRunner().invoke(cli, ["workbook", card, "-o", str(book_path), "--since", "q2-review"]).exit_code == 0
    page = html.fromstring(page_path.read_text())
    row = page.xpath('//section[@id="since"]//tr[contains(., "Cost to serve")]')[0]
    assert "8.0% → 8.5%" in row.text_content()
    assert "by Ingrid Baumann" in row.text_content()
    assert "Put the top-40 castings" in page.xpath('string(//section[@id="since"])')
    sheet = openpyxl.load_workbook(book_path)["Since last review"]
    found = next(r for r in sheet.iter_rows(min_row=5, values_only=True) if r[1] == "kpi_cost_to_serve")
    assert found[7:9] == ("0.08", "0.085")
    assert str(found[9]).startswith("Ingrid Baumann, 2026-10-02, ")
