"""Read a build's outputs back, and digest them so that an old and a new version can be told apart."""

from __future__ import annotations

import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path

import defusedxml.ElementTree as SafeET
from openpyxl import load_workbook


def _html(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    HTMLParser().feed(text)
    assert text.rstrip().endswith("</html>"), f"{path} is cut short"


def open_output(path: Path) -> str:
    """Open an output as its client would (a truncated file fails) and return a digest of its content."""
    suffix = path.suffix
    if suffix == ".xlsx":
        wb = load_workbook(path, read_only=True)
        h = hashlib.sha256()
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                h.update(repr(row).encode())
        wb.close()
        return h.hexdigest()
    if suffix == ".pptx":
        from pptx import Presentation

        h = hashlib.sha256()
        for slide in Presentation(str(path)).slides:
            for shape in slide.shapes:
                h.update(repr(shape.text_frame.text if shape.has_text_frame else shape.shape_type).encode())
        return h.hexdigest()
    if suffix == ".svg":
        SafeET.parse(path)
    elif suffix == ".json":
        json.loads(path.read_text(encoding="utf-8"))
    elif suffix == ".html":
        _html(path)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def outputs_of(out: Path) -> dict[str, str]:
    """Return every output below out (not stamps, locks or temporaries) with its content digest."""
    found = {}
    for path in sorted(out.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            found[path.relative_to(out).as_posix()] = open_output(path)
    return found
