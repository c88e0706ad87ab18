"""Editing one scalar of a YAML file in place: the token at the recorded place, or a key added beside it."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from kpicascade._exceptions import WorkbookError
from kpicascade.problems import Location
from kpicascade.roundtrip.yaml_edit import Edit, edit_text, scalar, token_end


@pytest.mark.parametrize(
    ("line", "start", "token"),
    [
        ("    status: in_progress\n", 12, "in_progress"),
        ("    status: in_progress   # comment\n", 12, "in_progress"),
        ("  - {id: a, due: 2026-05-15, status: done}\n", 17, "2026-05-15"),
        ('  text: "a \\"quoted\\" one", author: x}\n', 8, '"a \\"quoted\\" one"'),
        ("  text: 'it''s here'\n", 8, "'it''s here'"),
    ],
)
def test_token_end(line: str, start: int, token: str) -> None:
    assert line[start : token_end(line, start)] == token


@pytest.mark.parametrize(
    "value", ["in_progress", "2026-09-30", "yes", "no", "12", 'He said: "no"', "a: b", "#x", "Müller", "x\ny", "null"]
)
def test_scalar_reads_back_as_the_same_text(value: str) -> None:
    loaded = yaml.safe_load(f"k: {scalar(value)}")["k"]
    assert str(loaded) == value


BLOCK = "plan:\n  - id: a\n    due: 2026-05-15\n    status: planned\n  - id: b\n    due: 2026-06-01\n"
FLOW = "plan:\n  - {id: a, due: 2026-05-15, status: planned}\n  - {id: b, due: 2026-06-01}\n"

# (case, text, edits, expected text)
CASES = [
    ("replace in block", BLOCK, [Edit(Location("f", 4, 13), "planned", "done")], BLOCK.replace("planned", "done")),
    ("replace in flow", FLOW, [Edit(Location("f", 2, 38), "planned", "done")], FLOW.replace("planned", "done")),
    (
        "add a key in block",
        BLOCK,
        [Edit(Location("f", 6, 10), "2026-06-01", "blocked", key="status")],
        BLOCK + "    status: blocked\n",
    ),
    (
        "add a key in flow",
        FLOW,
        [Edit(Location("f", 3, 18), "2026-06-01", "done", key="status")],
        FLOW.replace("due: 2026-06-01}", "due: 2026-06-01, status: done}"),
    ),
    (
        "two edits on one line",
        FLOW,
        [Edit(Location("f", 2, 18), "2026-05-15", "2026-07-01"), Edit(Location("f", 2, 38), "planned", "done")],
        FLOW.replace("due: 2026-05-15, status: planned", "due: 2026-07-01, status: done"),
    ),
]


@pytest.mark.parametrize(("case", "text", "edits", "expected"), CASES, ids=[c[0] for c in CASES])
def test_edits(case: str, text: str, edits: list[Edit], expected: str) -> None:
    assert edit_text(text, edits) == expected


def test_a_value_not_where_it_was_is_refused() -> None:
    with pytest.raises(WorkbookError, match="edit it in the YAML by hand"):
        edit_text(BLOCK, [Edit(Location("f", 4, 13), "in_progress", "done")])


@given(st.text(min_size=1, max_size=200).filter(lambda t: t.strip() == t and t.strip()))
def test_any_text_written_as_a_scalar_reads_back_the_same(value: str) -> None:
    assert str(yaml.safe_load(f"k: {scalar(value)}")["k"]) == value


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=120))
def test_any_note_replaced_in_a_flow_row_reads_back(value: str) -> None:
    text = 'notes:\n  rows:\n    - {node: a, period: 2026-Q1, text: "old one", author: x}\n'
    edited = edit_text(text, [Edit(Location("f", 3, 40), "old one", scalar(value))])
    assert yaml.safe_load(edited)["notes"]["rows"][0] == {
        "node": "a",
        "period": "2026-Q1",
        "text": value,
        "author": "x",
    }
