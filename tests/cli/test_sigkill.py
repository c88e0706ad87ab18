"""Kill single commands with SIGKILL at random moments: the old file or a whole new one, and no temporaries left."""

from __future__ import annotations

import io
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import EXAMPLES

#: Kills per command (each command takes a second or two; the portfolio build's test kills it twenty times).
KILLS = 4
STEM = "northwind-components"


def _pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF") and b"%%EOF" in data[-64:]


def _png(data: bytes) -> bool:
    return data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82")


def _html(data: bytes) -> bool:
    return data.rstrip().endswith(b"</html>")


def _xlsx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.testzip() is None and "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _pptx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.testzip() is None and "ppt/presentation.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


# (command, output file, whether bytes are a whole file of that kind)
COMMANDS: list[tuple[str, str, Callable[[bytes], bool]]] = [
    ("diagram", "plan.pdf", _pdf),
    ("diagram", "plan.png", _png),
    ("report", "plan.html", _html),
    ("report", "plan.pdf", _pdf),  # printed by headless Chromium, which the kill takes down with the command
    ("workbook", "plan.xlsx", _xlsx),
    ("deck", "plan.pptx", _pptx),
]


def _run(card: Path, command: str, target: Path) -> list[str]:
    return [sys.executable, "-m", "kpicascade", command, str(card), "-o", str(target)]


@pytest.mark.slow
@pytest.mark.dot
@pytest.mark.parametrize(("command", "name", "whole"), COMMANDS, ids=[f"{c} {n}" for c, n, _ in COMMANDS])
def test_a_killed_command_leaves_the_old_output_or_a_whole_new_one(
    tmp_path: Path, command: str, name: str, whole: Callable[[bytes], bool]
) -> None:
    source = next(p for p in EXAMPLES if p.stem == STEM)
    for part in source.parent.glob(f"{STEM}*"):
        shutil.copy(part, tmp_path / part.name)
    card, target = tmp_path / f"{STEM}.yaml", tmp_path / name
    scratch = tmp_path / "tmp"  # the system's temporary folder for these runs: where a print keeps Chromium's profile
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    subprocess.run(_run(card, command, target), check=True, capture_output=True, timeout=300, env=env)
    old = target.read_bytes()
    assert whole(old)
    card.write_text(card.read_text().replace("account: Northwind Components GmbH", "account: Northwind AG"))
    started = time.perf_counter()
    subprocess.run(
        _run(card, command, tmp_path / f"timing-{name}"), check=True, capture_output=True, timeout=300, env=env
    )
    full = time.perf_counter() - started
    rng = random.Random(f"{command} {name}")
    for attempt in range(KILLS):
        target.write_bytes(old)
        proc = subprocess.Popen(
            _run(card, command, target),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env=env,
        )
        time.sleep(rng.uniform(0.05, full))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        found = target.read_bytes()
        assert found == old or whole(found), f"kill {attempt}: {name} is neither the old file nor a whole new one"
    # the killed runs' temporaries are removed by the next run that writes the same file, and their print
    # folders (HTML and Chromium's profile) by the next print
    subprocess.run(_run(card, command, target), check=True, capture_output=True, timeout=300, env=env)
    assert whole(target.read_bytes())
    assert sorted(p.name for p in tmp_path.glob(f".{name}.*")) == []
    assert sorted(p.name for p in scratch.glob("kpicascade-print-*")) == []
