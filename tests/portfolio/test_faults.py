"""Kill the build with SIGKILL at random moments: every output still opens and is the old or the new one."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kpicascade.portfolio import build
from tests.portfolio.conftest import change_actuals
from tests.portfolio.outputs import outputs_of

KILLS = 20


def _command(cards: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "kpicascade", "build", str(cards), "-o", str(out), "--jobs", "2", "--no-pdf"]


@pytest.mark.slow
def test_sigkill_leaves_each_output_old_or_new(cards: Path, tmp_path: Path) -> None:
    old_out, new_out, out = tmp_path / "old", tmp_path / "new", tmp_path / "out"
    build([cards], old_out, jobs=2)
    old = outputs_of(old_out)
    for stem in ("northwind-components", "brightloop-software", "meridian-health"):
        change_actuals(cards, stem)
    build([cards], new_out, jobs=2)
    new = outputs_of(new_out)
    start = time.perf_counter()
    subprocess.run(_command(cards, tmp_path / "timing"), check=True, capture_output=True)
    full = time.perf_counter() - start
    rng = random.Random(20261122)
    for attempt in range(KILLS):
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(old_out, out)
        proc = subprocess.Popen(
            _command(cards, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        time.sleep(rng.uniform(0.05, full))
        os.killpg(proc.pid, signal.SIGKILL)  # the build and its worker processes, at once
        proc.wait()
        for name, digest in outputs_of(out).items():
            assert digest in {old.get(name), new.get(name)}, f"kill {attempt}: {name} is neither old nor new"
    subprocess.run(_command(cards, out), check=True, capture_output=True)
    assert outputs_of(out) == new
    assert not list(out.rglob(".*.tmp"))
