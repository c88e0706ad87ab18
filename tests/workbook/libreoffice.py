"""Recalculate workbooks in headless LibreOffice Calc, the stand-in for Excel, and read the values back.

LibreOffice keeps the cached values of an .xlsx file unless its OOXMLRecalcMode setting is 0
(always recalculate); a fresh profile with that setting in registrymodifications.xcu makes every
conversion recompute every formula.
"""

from __future__ import annotations

import shutil
import subprocess
import warnings
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <item oor:path="/org.openoffice.Office.Calc/Formula/Load">
    <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop>
  </item>
  <item oor:path="/org.openoffice.Office.Calc/Formula/Load">
    <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop>
  </item>
</oor:items>
"""


def profile(directory: Path) -> Path:
    """Return a fresh LibreOffice profile in directory that recalculates every file it loads."""
    (directory / "user").mkdir(parents=True, exist_ok=True)
    (directory / "user" / "registrymodifications.xcu").write_text(SETTINGS, encoding="utf-8")
    return directory


def recalculate(paths: list[Path], profile_dir: Path, out: Path) -> list[Path]:
    """Open each workbook in LibreOffice Calc, recalculate it and save it as .xlsx into out."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice is not installed: apt-get install libreoffice-calc-nogui (.ci/run does)")
    out.mkdir(parents=True, exist_ok=True)
    command = [
        soffice,
        f"-env:UserInstallation={profile_dir.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(out),
        *(str(p) for p in paths),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    converted = [out / p.name for p in paths]
    missing = [p for p in converted if not p.is_file()]
    if done.returncode or missing:
        pytest.fail(f"LibreOffice failed ({done.returncode}): {done.stdout} {done.stderr}")
    return converted


def load(path: Path, *, values: bool) -> Workbook:
    """Return a workbook LibreOffice wrote, with cached values or with formulas."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl drops LibreOffice's extension parts, with a warning
        return openpyxl.load_workbook(path, data_only=values)
