"""One account's build: whatever goes wrong is that account's failure, reported, never the build's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kpicascade.portfolio import account as accounts
from kpicascade.portfolio.account import Task, build_account
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
