"""The hidden sheet read back: anything damaged or hand-edited in it is one clear error, never a traceback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kpicascade._exceptions import WorkbookError
from kpicascade.roundtrip import plan_import
from kpicascade.workbook.hidden_sheet import KEYS
from kpicascade.workbook.placement import META
from tests.workbook.conftest import Made, make

INPUTS_ROW = KEYS.index("inputs") + 1
Damage = Callable[[dict[str, Any]], object]


def _set(key: str, value: object) -> Damage:
    def damage(inputs: dict[str, Any]) -> object:
        inputs[key] = value
        return inputs

    return damage


def _first_node(change: Callable[[list[Any]], object]) -> Damage:
    def damage(inputs: dict[str, Any]) -> object:
        inputs["nodes"][0] = change(inputs["nodes"][0])
        return inputs

    return damage


def _row(value: object) -> Callable[[list[Any]], object]:
    return lambda node: [node[0], value, *node[2:]]


# (case, what becomes of the input map, words in the message)
INPUT_MAPS: list[tuple[str, Damage, str]] = [
    ("deleted", lambda inputs: None, "damaged"),
    ("not JSON", lambda inputs: "{nodes:", "damaged"),
    ("a list", lambda inputs: [1, 2], "damaged"),
    ("no nodes", lambda inputs: {k: v for k, v in inputs.items() if k != "nodes"}, "nodes: Field required"),
    ("an unknown key", _set("formula", "=1"), "formula: Extra inputs are not permitted"),
    ("a node of three parts", _first_node(lambda node: node[:3]), "nodes.0"),
    ("row 0", _first_node(_row(0)), "nodes.0.1: Input should be greater than or equal to 1"),
    ("row past the last", _first_node(_row(2_000_000)), "nodes.0.1: Input should be less than or equal to 1048576"),
    ("row as text", _first_node(_row("5")), "nodes.0.1: Input should be a valid integer"),
    ("first column as text", _set("first_column", "x"), "first_column: Input should be a valid integer"),
    ("periods past the last column", _set("first_column", 16_380), "do not fit in a worksheet"),
    ("too few values", _first_node(lambda node: [*node[:3], node[3][:-1]]), "does not have one value for each"),
    ("NaN", _first_node(lambda node: [*node[:3], [float("nan")] * len(node[3])]), "finite number"),
    ("an unknown sheet", _first_node(lambda node: [*node[:2], ["Nowhere", "D5"], node[3]]), "sheet(s) the workbook"),
    ("a bad address", _first_node(lambda node: [*node[:2], [node[2][0], "ZZZZ0"], node[3]]), "String should match"),
    ("an id that clears the terminal", _first_node(lambda node: ["\x1b[2J", *node[1:]]), "nodes.0.0: String should"),
    ("a signal of two parts", lambda inputs: {**inputs, "signals": [["sig", 5]]}, "signals.0"),
    ("no periods", _set("periods", []), "periods: List should have at least 1 item"),
]


def _rewrite(made: Made, text: str | None) -> None:
    book = openpyxl.load_workbook(made.workbook)
    ws = book[META]
    for column in range(2, ws.max_column + 1):
        ws.cell(row=INPUTS_ROW, column=column).value = None
    ws.cell(row=INPUTS_ROW, column=2).value = text
    book.save(made.workbook)


@pytest.fixture
def made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Made:
    monkeypatch.chdir(tmp_path)
    return make(tmp_path / "card")


def _inputs(made: Made) -> dict[str, Any]:
    ws = openpyxl.load_workbook(made.workbook)[META]
    parts = [ws.cell(row=INPUTS_ROW, column=c).value for c in range(2, ws.max_column + 1)]
    return dict(json.loads("".join(p for p in parts if p)))


@pytest.mark.parametrize(("case", "damage", "words"), INPUT_MAPS, ids=[c[0] for c in INPUT_MAPS])
def test_a_damaged_input_map_is_one_clear_error(made: Made, case: str, damage: Damage, words: str) -> None:
    before = made.csv.read_bytes()
    changed = damage(_inputs(made))
    _rewrite(made, None if changed is None else changed if isinstance(changed, str) else json.dumps(changed))
    with pytest.raises(WorkbookError, match="the hidden sheet _kpicascade is damaged") as caught:
        plan_import(made.workbook)
    assert words in str(caught.value)
    assert made.csv.read_bytes() == before


def test_input_map_nested_past_the_recursion_limit_is_one_clear_error(made: Made) -> None:
    _rewrite(made, "[" * 30_000)  # one cell holds 30,000 characters
    with pytest.raises(WorkbookError, match="damaged"):
        plan_import(made.workbook)


# (case, the key, its new value, words in the message)
FIELDS = [
    ("fingerprint as a number", "fingerprint", 42, "fingerprint is not what a workbook we made holds"),
    ("no account", "account_id", None, "account_id is missing"),
    ("a period that is no period", "period", "tomorrow", "period is not what"),
    ("a calendar we do not have", "calendar", "week", "calendar is not what"),
    ("sheets that are not a list", "sheets", '{"a": 1}', "sheets is not a list of sheet names"),
    ("sheets that are not JSON", "sheets", "[Summary", "damaged"),
    ("a sheet name too long", "sheets", json.dumps(["x" * 40]), "not a sheet name"),
]


@pytest.mark.parametrize(("case", "key", "value", "words"), FIELDS, ids=[c[0] for c in FIELDS])
def test_a_damaged_field_is_one_clear_error(made: Made, case: str, key: str, value: object, words: str) -> None:
    book = openpyxl.load_workbook(made.workbook)
    book[META].cell(row=KEYS.index(key) + 1, column=2).value = value
    book.save(made.workbook)
    with pytest.raises(WorkbookError, match="damaged") as caught:
        plan_import(made.workbook)
    assert words in str(caught.value)


# (case, the scorecard path the workbook records, words in the message)
PATHS = [
    ("far outside", "../../../../../../../../etc/hostname", "outside the workbook's folder and the current folder"),
    ("absolute", "/etc/passwd", "outside the workbook's folder"),
    ("not YAML", "coverage.actuals.csv", "which is not a .yaml file"),
    ("missing", "nowhere.yaml", "was not found next to"),
]


@pytest.mark.parametrize(("case", "recorded", "words"), PATHS, ids=[c[0] for c in PATHS])
def test_a_recorded_scorecard_path_is_followed_only_to_a_scorecard_nearby(
    made: Made, case: str, recorded: str, words: str
) -> None:
    book = openpyxl.load_workbook(made.workbook)
    book[META].cell(row=KEYS.index("scorecard") + 1, column=2).value = (
        recorded if case != "not YAML" else f"../{recorded}"
    )
    book.save(made.workbook)
    with pytest.raises(WorkbookError, match="pass --scorecard") as caught:
        plan_import(made.workbook)
    assert words in str(caught.value)
    assert plan_import(made.workbook, made.scorecard).changes == []  # given explicitly, it is trusted
