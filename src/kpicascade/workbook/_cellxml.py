"""Write each cell's XML as text while a workbook is saved: the same bytes as openpyxl's writer, in half the time.

openpyxl without lxml builds an `xml.etree` element for every cell and serialises it through
et_xmlfile's namespace-aware writer, about 10 µs a cell and most of a workbook's save. While
`fast_cells()` is active, openpyxl's worksheet writer calls `write_cell` below instead, which formats
the values kpicascade writes (numbers, text, formulas, errors, empty styled cells) as text and hands
anything else (dates, booleans, rich text, hyperlinks, array formulas) to openpyxl's own writer.
It replaces a private function, so it does so only on the openpyxl it was checked against (3.1, no
lxml); tests compare every sheet's bytes with and without it.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape

import openpyxl
from openpyxl.cell import _writer as cell_writer
from openpyxl.compat.strings import safe_string
from openpyxl.worksheet import _writer as sheet_writer

_original = cell_writer.etree_write_cell
_lock = threading.Lock()
_users = 0
#: The cell types written as text, and the Python types their values may have; all else goes to openpyxl.
_PLAIN = {"s": (str,), "f": (str,), "e": (str,), "n": (int, float)}


def supported() -> bool:
    """Return whether this openpyxl is the one the text writer reproduces byte for byte."""
    return (
        openpyxl.__version__.startswith("3.1.")
        and not openpyxl.LXML
        and sheet_writer.write_cell in (_original, write_cell)
    )


def write_cell(xf: Any, worksheet: Any, cell: Any, styled: bool | None = None) -> None:
    """Write one cell's `<c>` element as openpyxl's etree writer would."""
    value, kind, write = cell._value, cell.data_type, getattr(xf, "_file", None)
    if write is None or cell.hyperlink or kind not in _PLAIN or not (value is None or type(value) in _PLAIN[kind]):
        _original(xf, worksheet, cell, styled)
        return
    head = f'<c r="{cell.coordinate}" s="{cell.style_id}"' if styled else f'<c r="{cell.coordinate}"'
    if kind == "s":
        head += ' t="inlineStr"'
    elif kind != "f":
        head += f' t="{kind}"'
    if value is None or value == "":
        write(head + " />")
    elif kind == "f":
        write(f"{head}><f>{escape(value[1:])}</f><v /></c>")
    elif kind == "s":
        stripped = value.strip()
        space = ' xml:space="preserve"' if stripped and stripped != value else ""
        write(f"{head}><is><t{space}>{escape(value)}</t></is></c>")
    else:
        text = safe_string(value)
        write(f"{head}><v>{escape(text)}</v></c>" if text else f"{head}><v /></c>")


@contextlib.contextmanager
def fast_cells() -> Iterator[None]:
    """Let workbooks saved in this block write their cells with the text writer (when this openpyxl allows it)."""
    global _users
    with _lock:
        active = supported()
        if active:
            _users += 1
            sheet_writer.write_cell = write_cell
    try:
        yield
    finally:
        if active:
            with _lock:
                _users -= 1
                if not _users:
                    sheet_writer.write_cell = _original
