"""Cell addresses and safe cell values: references for formulas, and text that stays text."""

from __future__ import annotations

import math
import re
from functools import lru_cache

from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter

#: Characters Excel forbids in sheet titles, and the longest title it allows.
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
MAX_TITLE = 31
_PLAIN_SHEET = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_LOOKS_LIKE_CELL = re.compile(r"([A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*)")
#: Leading characters that make spreadsheet programs read typed text as a formula.
_FORMULA_START = ("=", "+", "-", "@")


def sheet_title(name: str, taken: set[str]) -> str:
    """Return a valid sheet title for name that is not in taken (compared without case), and add it."""
    base = " ".join(_BAD_TITLE.sub(" ", name).split()).strip("'").strip() or "Sheet"
    base = base[:MAX_TITLE].rstrip()
    title, n = base, 2
    while title.lower() in taken or title.lower() == "history":
        suffix = f" ({n})"
        title, n = base[: MAX_TITLE - len(suffix)].rstrip() + suffix, n + 1
    taken.add(title.lower())
    return title


@lru_cache(maxsize=1024)
def quote_sheet(title: str) -> str:
    """Return a sheet title as formulas write it: quoted only when it has to be."""
    if _PLAIN_SHEET.fullmatch(title) and not _LOOKS_LIKE_CELL.fullmatch(title):
        return title
    return "'" + title.replace("'", "''") + "'"


def address(column: int, row: int, *, absolute: bool = False) -> str:
    """Return an A1 address, absolute ($A$1) when asked.

    >>> address(3, 12), address(28, 2, absolute=True)
    ('C12', '$AB$2')
    """
    letter = get_column_letter(column)
    return f"${letter}${row}" if absolute else f"{letter}{row}"


def ref(sheet: str, column: int, row: int, *, absolute: bool = False) -> str:
    """Return a reference to one cell of a sheet, like 'Supply chain'!H7."""
    return f"{quote_sheet(sheet)}!{address(column, row, absolute=absolute)}"


def span(sheet: str, column: int, first: int, last: int, *, absolute_column: bool = False) -> str:
    """Return a reference to rows first..last of one column of a sheet."""
    letter = get_column_letter(column)
    if absolute_column:
        return f"{quote_sheet(sheet)}!${letter}${first}:${letter}${last}"
    return f"{quote_sheet(sheet)}!{letter}{first}:{letter}{last}"


def put_text(cell: Cell, text: str | None) -> Cell:
    """Write text from a scorecard into a cell so that it can never become a formula."""
    cell.value = text
    if text is None:
        return cell
    # openpyxl turns any string that starts with "=" into a formula; force the type back to text,
    # and mark text that a person retyping it would turn into a formula with Excel's quote prefix.
    cell.data_type = "s"
    if text.startswith(_FORMULA_START):
        cell.quotePrefix = True
    return cell


def put_number(cell: Cell, value: float | None) -> Cell:
    """Write a number, or leave the cell empty for a missing one."""
    cell.value = None if value is None or math.isnan(value) else float(value)
    return cell
