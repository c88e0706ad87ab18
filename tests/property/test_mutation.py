"""Mutate the example scorecards at random: loading and checking give clean errors, never another exception."""

from __future__ import annotations

import copy
import math
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpicascade
from kpicascade.cli import cli
from kpicascade.problems import Problem

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "scorecards").glob("*.yaml"))
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

GARBAGE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["", "yes", "2026-Q5", "2026-13", "-1", "1e999", "nan", "[", "*x", "!!x"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def _data(example: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(example.read_text(encoding="utf-8"))
    return data


def _places(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Yield the path of every value in the tree."""
    yield path
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, child in items:
        yield from _places(child, (*path, key))


def _ids(node: Any) -> list[str]:
    return [
        v
        for p in _places(node)
        if p and p[-1] in ("id", "from", "to", "node", "signal") and isinstance(v := _get(node, p), str)
    ]


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        node = node[key]
    return node


@st.composite
def mutated(draw: st.DrawFn, example: Path) -> dict[str, Any]:
    """Return the example's data with one to four random changes."""
    data = copy.deepcopy(_data(example))
    for _ in range(draw(st.integers(1, 4))):
        places = [p for p in _places(data) if p]
        path = draw(st.sampled_from(places))
        parent, key = _get(data, path[:-1]), path[-1]
        action = draw(st.sampled_from(["delete", "replace", "swap ids", "add key", "duplicate"]))
        if action == "delete":
            del parent[key]
        elif action == "replace":
            parent[key] = draw(GARBAGE)
        elif action == "swap ids" and isinstance(parent[key], str):
            parent[key] = draw(st.sampled_from(_ids(data) or ["x"]))
        elif action == "add key" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=12))] = draw(GARBAGE)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
    return data


def _dump(data: dict[str, Any]) -> str:
    # safe_dump writes NaN and infinity as .nan and .inf, so they reach the loader as YAML gives them
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def _folder(example: Path) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="kpicascade-mutation-"))
    for csv in example.parent.glob(f"{example.stem}*.csv"):
        shutil.copy(csv, folder / csv.name)
    return folder


def _errors(path: Path) -> list[Problem]:
    """Return the errors loading path raises, or [] after scoring what loads."""
    try:
        card = kpicascade.load(path)
    except kpicascade.ScorecardError as exc:
        return exc.problems
    assert all(p.severity == "warning" for p in card.problems)
    result = card.score()
    assert result.overall_score is None or math.isfinite(result.overall_score)
    return []


def _load_cleanly(path: Path) -> None:
    errors = _errors(path)
    assert all(p.severity in ("error", "warning") and p.code and p.message for p in errors)
    assert all(p.location.file for p in errors)
    assert not errors or any(p.severity == "error" for p in errors)


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_mutated_examples_load_or_fail_cleanly(example: Path) -> None:
    folder = _folder(example)
    path = folder / example.name

    @SETTINGS
    @given(data=mutated(example))
    def check(data: dict[str, Any]) -> None:
        path.write_text(_dump(data), encoding="utf-8")
        _load_cleanly(path)

    try:
        check()
    finally:
        shutil.rmtree(folder)


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_damaged_text_loads_or_fails_cleanly(example: Path) -> None:
    folder = _folder(example)
    path = folder / example.name
    original = example.read_bytes()

    @SETTINGS
    @given(at=st.integers(0, len(original)), cut=st.integers(0, 200), junk=st.binary(max_size=40))
    def check(at: int, cut: int, junk: bytes) -> None:
        path.write_bytes(original[:at] + junk + original[at + cut :])
        _load_cleanly(path)

    try:
        check()
    finally:
        shutil.rmtree(folder)


@pytest.mark.parametrize("example", EXAMPLES[:1], ids=[p.stem for p in EXAMPLES[:1]])
def test_check_on_mutated_examples_exits_0_or_1_without_a_traceback(example: Path) -> None:
    folder = _folder(example)
    path = folder / example.name

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=mutated(example))
    def check(data: dict[str, Any]) -> None:
        path.write_text(_dump(data), encoding="utf-8")
        result = CliRunner().invoke(cli, ["check", str(path), "--format", "json"])
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert "Traceback" not in result.output

    try:
        check()
    finally:
        shutil.rmtree(folder)
