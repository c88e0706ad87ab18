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


#: Words a shortened title can do without.
_FILLERS = {"&", "and", "of", "the", "for", "a", "an", "-"}


def _abbreviated(word: str) -> str:
    return word[:4] + "." if len(word) > 6 and word[:4].isalpha() else word


def shorten(name: str, limit: int = MAX_TITLE) -> str:
    """Return name within limit characters, still readable: long words abbreviated (the last one last), then fillers
    dropped, and only then cut at a word.

    >>> shorten("Personal & Small Commercial Underwriting")
    'Pers. Small Comm. Underwriting'
    >>> shorten("Supply Chain & Logistics Excellence Office")
    'Supply Chain Logi. Exce. Office'
    """
    words = name.split()
    if len(name) <= limit:
        return name
    words = ["&" if w.lower() == "and" else w for w in words]
    # the last word usually names the thing (Underwriting, Operations): abbreviate the others first, longest first
    for k in sorted(range(len(words) - 1), key=lambda k: -len(words[k])):
        if len(" ".join(words)) <= limit:
            return " ".join(words)
        words[k] = _abbreviated(words[k])
    if len(" ".join(words)) > limit:
        words = [w for k, w in enumerate(words) if k == 0 or w.lower() not in _FILLERS]
    if len(" ".join(words)) > limit and len(words) > 1:
        words[-1] = _abbreviated(words[-1])
    text = " ".join(words)
    return text if len(text) <= limit else (text[:limit].rsplit(" ", 1)[0] or text[:limit]).rstrip()


def sheet_title(name: str, taken: set[str]) -> str:
    """Return a valid sheet title for name that is not in taken (compared without case), and add it.

    A name longer than Excel's 31 characters is shortened word by word (shorten), not cut mid-word.
    """
    base = " ".join(_BAD_TITLE.sub(" ", name).split()).strip("'").strip() or "Sheet"
    base = shorten(base)
    title, n = base, 2
    while title.lower() in taken or title.lower() == "history":
        suffix = f" ({n})"
        title, n = shorten(base, MAX_TITLE - len(suffix)) + suffix, n + 1
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


def put_formula_or_text(cell: Cell, value: str) -> Cell:
    """Write one of our own live cells: a formula we made ("=...") as a formula, any other text as text."""
    if value.startswith("="):
        cell.value = value
        return cell
    return put_text(cell, value)


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
