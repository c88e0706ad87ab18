"""A stand-in for Chromium that speaks the DevTools pipe as it does, put first on PATH as `chromium`.

It answers the commands a print sends; the mode says how it misbehaves. Each start appends a line to
starts.log beside it, so a test can count the browsers a build started.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

SCRIPT = r"""#!{python}
import base64, json, os, sys, time
mode = {mode!r}
with open({log!r}, "a") as log:
    log.write(" ".join(sys.argv[1:]) + "\n")
if mode == "crash":
    sys.stderr.write("crashed\n")
    sys.exit(3)
commands, answers = os.fdopen(3, "rb", buffering=0), os.fdopen(4, "wb", buffering=0)
pdf = b"%PDF-1.4 a page\n%%EOF\n" if mode != "junk" else b"<html>not a pdf</html>"
buffer = b""
while True:
    chunk = commands.read(65536)
    if not chunk:
        sys.exit(0)  # the pipe closed: exit, as Chromium does
    buffer += chunk
    while b"\0" in buffer:
        line, _, buffer = buffer.partition(b"\0")
        message = json.loads(line)
        method, result = message["method"], {{}}
        if method == "Target.createTarget":
            result = {{"targetId": "T1"}}
        elif method == "Target.attachToTarget":
            result = {{"sessionId": "S1"}}
        elif method == "Page.navigate":
            loaded = {{"method": "Page.loadEventFired", "sessionId": "S1", "params": {{}}}}
            answers.write(json.dumps(loaded).encode() + b"\0")
            result = {{"frameId": "F1"}}
        elif method == "Page.printToPDF":
            if mode == "hang":
                continue
            if mode == "die":
                sys.stderr.write("renderer gone\n")
                sys.exit(5)
            result = {{"data": base64.b64encode(pdf).decode()}}
        answers.write(json.dumps({{"id": message["id"], "result": result}}).encode() + b"\0")
"""


def fake_chromium(folder: Path, monkeypatch: pytest.MonkeyPatch, mode: str = "prints") -> Path:
    """Put a fake chromium on PATH (modes: prints, crash, junk, hang, die); return the log of its starts."""
    bin_folder = folder / "bin"
    bin_folder.mkdir(exist_ok=True)
    log = folder / "starts.log"
    script = bin_folder / "chromium"
    script.write_text(SCRIPT.format(python=sys.executable, mode=mode, log=str(log)), encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_folder}{os.pathsep}{os.environ.get('PATH', '')}")
    return log


def starts(log: Path) -> int:
    """Return how many times the fake browser was started."""
    return len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0
