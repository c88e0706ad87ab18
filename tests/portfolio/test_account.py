"""One account's build: whatever goes wrong is that account's failure, reported, never the build's."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from lxml import html  # type: ignore[import-untyped]

from kpicascade.portfolio import account as accounts
from kpicascade.portfolio.account import REVIEWS, Task, build_account
from kpicascade.portfolio.outputs import OUTPUTS
from kpicascade.portfolio.stamps import STAMP

STEM = "northwind-components"


def _task(cards: Path, out: Path) -> Task:
    return Task(cards / f"{STEM}.yaml", out / STEM, "templates", "tool")


def _raise(exc: Exception):  # type: ignore[no-untyped-def]
    def writer(*args: object) -> list[Path]:
        raise exc

    return writer


# (case, what the workbook writer raises, words in the reported problem)
FAULTS = [
    ("a bug in a renderer", KeyError("nodes"), "internal error (KeyError: 'nodes'); please report it"),
    ("a full disk", OSError(28, "No space left on device"), "No space left on device"),
    ("a value openpyxl refuses", ValueError("Cannot convert to Excel"), "internal error (ValueError"),
]


@pytest.mark.parametrize(("case", "exc", "words"), FAULTS, ids=[c[0] for c in FAULTS])
def test_a_fault_while_writing_is_the_account_s_failure(
    cards: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, exc: Exception, words: str
) -> None:
    monkeypatch.setitem(OUTPUTS, "workbook", _raise(exc))
    outcome = build_account(_task(cards, tmp_path))
    assert outcome.state == "failed"
    assert [words in p for p in outcome.problems] == [True]
    assert outcome.problems[0].startswith(str(cards / f"{STEM}.yaml"))
    assert not (tmp_path / STEM / STAMP).exists()  # the next build tries again


def test_an_account_folder_that_is_a_file_is_the_account_s_failure(cards: Path, tmp_path: Path) -> None:
    (tmp_path / STEM).write_text("in the way")
    outcome = build_account(_task(cards, tmp_path))
    assert outcome.state == "failed"
    assert "cannot write" in outcome.problems[0]


@pytest.mark.parametrize(
    "damage",
    [
        {"summary": "text"},
        {"summary": {"format": 2, "account": ["x"]}},
        {"inputs": ["a"]},
        {"files": {"workbook": "scorecard.xlsx"}},
        {"outputs": {"scores": 3}},
    ],
)
def test_a_hand_edited_stamp_means_build_again(cards: Path, tmp_path: Path, damage: dict[str, object]) -> None:
    task = _task(cards, tmp_path)
    assert build_account(task).state == "built"
    assert build_account(task).state == "unchanged"
    stamp = tmp_path / STEM / STAMP
    stamp.write_text(json.dumps({**json.loads(stamp.read_text()), **damage}))
    assert accounts.unchanged(task) is None
    assert build_account(task).state == "built"
    assert build_account(task).state == "unchanged"


def test_the_build_keeps_each_review_and_shows_what_changed_since(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parents[2] / "scorecards"
    cards = tmp_path / "cards"
    cards.mkdir()
    for path in examples.glob("northwind-components.*"):
        shutil.copy(path, cards / path.name)
    actuals = cards / "northwind-components.actuals.csv"
    full = actuals.read_text()
    actuals.write_text("".join(line for line in full.splitlines(keepends=True) if "2026-Q3" not in line))
    task = Task(cards / "northwind-components.yaml", tmp_path / "out", "t", "t")
    task.folder.mkdir()
    assert build_account(task).state == "built"
    assert sorted(p.name for p in (task.folder / REVIEWS).iterdir()) == ["2026-Q2.json"]
    page = html.fromstring((task.folder / "report.html").read_text())
    assert not page.xpath('//section[@id="since"]')  # no earlier review yet
    actuals.write_text(full)  # the Q3 actuals arrive
    assert build_account(task).state == "built"
    assert sorted(p.name for p in (task.folder / REVIEWS).iterdir()) == ["2026-Q2.json", "2026-Q3.json"]
    assert json.loads((task.folder / REVIEWS / "2026-Q2.json").read_text())["period"] == "2026-Q2"
    page = html.fromstring((task.folder / "report.html").read_text())
    intro = page.xpath('string(//section[@id="since"]/p[@class="intro"])')
    assert intro.startswith("Compared with the 2026-Q2 review (2026-Q2 → 2026-Q3)")
    # The expedite MBO: binary; 4.56% at Q2 meets the 5% target (green), 5.43% at Q3 does not (red): a new red.
    red = page.xpath('//section[@id="since"]//tr[contains(@class, "new-red")]')
    assert [r.xpath("string(td[1]/strong)") for r in red] == ["VP Supply Chain: expedited shipments below 5%"]
    book = openpyxl.load_workbook(task.folder / "scorecard.xlsx")
    assert book.sheetnames[1] == "Since last review"
    first = [c.value for c in book["Since last review"][5]]
    assert first[:4] == ["VP Supply Chain: expedited shipments below 5%", "mbo_vp_sc_expedite", "green", "red"]
