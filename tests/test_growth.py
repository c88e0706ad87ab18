"""Every step's work grows linearly with a scorecard's size: counted, not timed, at two small sizes.

Work is counted as the calls made anywhere plus the lines run in kpicascade's own code (a loop inside a
comprehension counts once per item), while each step runs on the synthetic scorecard of
benchmarks/bench_growth.py at 100 and 400 nodes. A lookup that scans the scorecard for each node makes
the count grow with the square of the size, an exponent near 2; every step must stay near 1.
"""

from __future__ import annotations

import importlib.util
import json
import math
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any

import pytest

import kpicascade
from kpicascade import drivers, report, validate, workbook
from kpicascade.diagram import cascade
from kpicascade.report.evidence import from_drivers

ROOT = Path(__file__).resolve().parents[1]
OURS = (str(ROOT / "src"), str(ROOT / "tests"))
SIZES = (100, 400)
#: Linear work with a fixed part grows with an exponent below 1; a scan per node would be near 2.
MOST = 1.15


def _bench() -> ModuleType:
    """Return benchmarks/bench_growth.py as a module (it writes the scorecard the benchmark measures)."""
    spec = importlib.util.spec_from_file_location("bench_growth", ROOT / "benchmarks" / "bench_growth.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))  # which it added, for its `from synthetic import scorecard`
    return module


def counted(work: Callable[[], object]) -> int:
    """Return the calls made while work runs, plus the lines it runs in our own code (src and tests)."""
    count = 0

    def lines(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        count += 1
        return lines

    def calls(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        count += 1
        return lines if frame.f_code.co_filename.startswith(OURS) else None

    sys.settrace(calls)
    try:
        work()
    finally:
        sys.settrace(None)
    return count


def _steps(path: Path) -> dict[str, Callable[[], object]]:
    state: dict[str, Any] = {"card": kpicascade.load(path)}
    state["result"] = state["card"].score()
    state["findings"] = drivers.analyse([state["card"]])

    def diagram() -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cascade(state["result"], signals=True).source  # noqa: B018 (the DOT text is the work)

    return {
        "load": lambda: kpicascade.load(path),
        "validate": lambda: validate.validate(state["card"], lint=False),
        "lint": lambda: validate._lint(validate._Report(state["card"])),
        "score": lambda: state["card"].score(),
        "to_dict": lambda: json.dumps(state["result"].to_dict(), default=str),
        "workbook": lambda: workbook.render(state["result"]),
        "diagram": diagram,
        "report": lambda: report.render(state["result"], findings=from_drivers(state["card"], state["findings"])),
        "drivers": lambda: drivers.analyse([state["card"]]),
    }


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[int]]:
    bench = _bench()
    found: dict[str, list[int]] = {}
    for size in SIZES:
        folder = tmp_path_factory.mktemp(f"n{size}")
        for step, run in _steps(bench.write_card(size, folder)).items():
            run()  # once first: one-off work (imports, compiling templates, a result's cached views) is not counted
            found.setdefault(step, []).append(counted(run))
    return found


STEPS = ["load", "validate", "lint", "score", "to_dict", "workbook", "diagram", "report", "drivers"]


@pytest.mark.slow
@pytest.mark.parametrize("step", STEPS)
def test_work_grows_linearly(step: str, work: dict[str, list[int]]) -> None:
    small, large = work[step]
    exponent = math.log(large / small) / math.log(SIZES[1] / SIZES[0])
    assert small > 1000, f"{step} did almost nothing: {small}"
    assert exponent <= MOST, f"{step}: {small:,} -> {large:,} steps, exponent {exponent:.2f}"


@pytest.mark.slow
def test_a_scan_per_node_would_be_caught() -> None:
    # the measure itself: a lookup that builds a map of every node, once per node, grows with the square
    def scans(card: kpicascade.Scorecard) -> Callable[[], object]:
        return lambda: [{n.id: n for n in card.nodes}[node.id] for node in card.nodes]

    bench = _bench()
    small, large = (counted(scans(bench.scorecard(size))) for size in SIZES)
    assert math.log(large / small) / math.log(SIZES[1] / SIZES[0]) > 1.8


@pytest.mark.slow
def test_a_scorecard_of_20000_nodes_loads_as_one_file(tmp_path: Path) -> None:
    path = _bench().write_card(20_000, tmp_path)
    card = kpicascade.load(path)
    assert len(card.nodes) == 20_000
    assert card.files == [str(path)]
