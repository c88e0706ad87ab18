"""The command line and the build's workers collect garbage less often and leave what exists at start alone."""

from __future__ import annotations

import gc
import json
import subprocess
import sys

import pytest

from kpicascade.collector import YOUNG, paused

_CHECK = "import gc, json; print(json.dumps([gc.get_threshold()[0], gc.get_freeze_count() > 0]))"

# (case, code run in a fresh interpreter before the check)
CASES = [
    ("tune", "from kpicascade.collector import tune; tune()"),
    (
        "the command line",
        "import sys; from kpicascade.cli import main; sys.argv = ['kpicascade', '--version']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass",
    ),
    ("a build worker", "from kpicascade.portfolio.run import start_worker; start_worker()"),
]


@pytest.mark.parametrize(("case", "code"), CASES, ids=[c[0] for c in CASES])
def test_the_collector_is_tuned(case: str, code: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\n{_CHECK}"], capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(done.stdout.splitlines()[-1]) == [YOUNG, True], case


def test_python_starts_with_its_own_default() -> None:
    # the cases above would pass without tune() if Python's default were already ours
    done = subprocess.run([sys.executable, "-c", _CHECK], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(done.stdout) == [700, False]


def _fail_while_paused() -> None:
    with paused():
        assert not gc.isenabled()
        raise KeyError("a failing block")


def test_a_paused_block_collects_nothing_and_leaves_the_collector_as_it_was() -> None:
    assert gc.isenabled()
    with pytest.raises(KeyError):
        _fail_while_paused()
    assert gc.isenabled()
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
