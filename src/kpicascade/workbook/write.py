"""Save a workbook atomically, recording where its scorecard is relative to it."""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook

from kpicascade.workbook.hidden_sheet import set_scorecard
from kpicascade.workbook.placement import META
from kpicascade.writing import write_with


def save(wb: Workbook, target: Path, scorecard: Path | None = None) -> None:
    """Write the workbook to target through a temporary file, so a failed write leaves no broken file."""
    if scorecard is not None and META in wb.sheetnames:
        relative = os.path.relpath(scorecard.resolve(), target.resolve().parent)
        set_scorecard(wb, Path(relative).as_posix())
    write_with(target, wb.save)
