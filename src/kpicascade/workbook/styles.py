"""How the workbook looks: fonts, fills, number formats by unit, status colours, tables and print set-up."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import CellIsRule, DataBarRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

INK = "1F2937"
MUTED = "6B7280"
INPUT_BLUE = "1D4ED8"

TITLE = Font(name="Calibri", size=16, bold=True, color=INK)
SUBTITLE = Font(name="Calibri", size=11, italic=True, color=MUTED)
HEADER = Font(name="Calibri", size=11, bold=True, color="FFFFFF")
LABEL = Font(name="Calibri", size=11, bold=True, color=INK)
INPUT = Font(name="Calibri", size=11, color=INPUT_BLUE)
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
INPUT_FILL = PatternFill("solid", fgColor="FFF7D6")
BAND_FILL = PatternFill("solid", fgColor="F3F4F6")
THIN = Side(style="thin", color="D1D5DB")
UNDERLINE = Border(bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center")
HEADER_ALIGNMENT = Alignment(vertical="center", wrap_text=True)

#: Fill and font colour per status, as executives expect them (green, amber, red, grey).
STATUS_COLOURS = {
    "green": ("C6EFCE", "006100"),
    "amber": ("FFEB9C", "9C5700"),
    "red": ("FFC7CE", "9C0006"),
    "no data": ("E5E7EB", "374151"),
}
ARROWS = {"up": "↑", "down": "↓", "flat": "→"}

SCORE_FORMAT = "0%"
PERCENT_FORMAT = "0.0%"
_CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "CHF": "CHF "}


def currency_format(currency: str, decimals: int = 0) -> str:
    """Return a number format for money in the scorecard's currency.

    >>> currency_format("EUR"), currency_format("SEK", 2)
    ('"€"#,##0', '#,##0.00 "SEK"')
    """
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    symbol = _CURRENCY_SYMBOLS.get(currency)
    if symbol is None:
        return f'{digits} "{currency}"'
    return f'"{symbol}"{digits}'


def unit_format(unit: str | None, currency: str) -> str:
    """Return the number format for a metric's unit: percent, money, days, hours, counts.

    >>> unit_format("percent", "EUR"), unit_format("days", "EUR"), unit_format("count", "EUR")
    ('0.0%', '0.0 "days"', '#,##0')
    """
    if unit in {"percent", "%", "pct"}:
        return PERCENT_FORMAT
    if unit == "currency":
        return currency_format(currency, 2)
    if unit in {"days", "hours"}:
        return f'0.0 "{unit}"'
    if unit == "count":
        return "#,##0"
    return "#,##0.00"


class Stamp:
    """A cell style worked out once and given to many cells, through openpyxl's public style attributes."""

    def __init__(self, **style: Any) -> None:
        self.style = tuple(style.items())

    def __call__(self, cell: Cell) -> Cell:
        """Style the cell and return it; its own quote prefix (text that must stay text) is not touched."""
        for name, value in self.style:
            setattr(cell, name, value)
        return cell


class Looks:
    """The stamps of one workbook, by name: each style is worked out once, then copied."""

    def __init__(self) -> None:
        self._stamps: dict[str, Stamp] = {}

    def __call__(self, cell: Cell, name: str, **style: Any) -> Cell:
        """Give the cell the style called name (defined by style the first time it is used) and return it."""
        stamp = self._stamps.get(name)
        if stamp is None:
            stamp = self._stamps[name] = Stamp(**style)
        return stamp(cell)


def header_row(ws: Worksheet, row: int, titles: Sequence[str], first_column: int = 1) -> None:
    """Write a table's header row: white bold text on dark blue."""
    stamp = Stamp(font=HEADER, fill=HEADER_FILL, alignment=HEADER_ALIGNMENT)
    for offset, title in enumerate(titles):
        stamp(ws.cell(row=row, column=first_column + offset, value=title))


def widths(ws: Worksheet, sizes: Sequence[float], first_column: int = 1) -> None:
    """Set column widths in characters."""
    for offset, size in enumerate(sizes):
        ws.column_dimensions[get_column_letter(first_column + offset)].width = size


def text_width(texts: Iterable[str | None], low: float = 10, high: float = 60) -> float:
    """Return a column width that fits most of the texts, within low and high."""
    longest = max((len(t) for t in texts if t), default=0)
    return float(min(max(longest + 2, low), high))


def table(ws: Worksheet, header: int, last_row: int, last_column: int, *, freeze_column: int = 1) -> None:
    """Freeze the header (and first columns), filter the table and print it landscape, fit to width."""
    ws.freeze_panes = ws.cell(row=header + 1, column=freeze_column + 1)
    if last_row > header:
        ws.auto_filter.ref = f"A{header}:{get_column_letter(last_column)}{last_row}"
    print_setup(ws, header)


def print_setup(ws: Worksheet, header: int | None = None) -> None:
    """Print landscape on A4, fit to one page wide, with the header rows repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    if header is not None:
        ws.print_title_rows = f"1:{header}"


def status_colours(ws: Worksheet, cells: str) -> None:
    """Colour status text (green, amber, red, no data) in a range with conditional formatting."""
    for name, (fill, font) in STATUS_COLOURS.items():
        ws.conditional_formatting.add(
            cells,
            CellIsRule(
                operator="equal",
                formula=[f'"{name}"'],
                fill=PatternFill("solid", bgColor=fill),
                font=Font(color=font, bold=name != "no data"),
            ),
        )


def score_bars(ws: Worksheet, cells: str) -> None:
    """Draw a data bar in each score cell of a range, scaled from 0% to 120%."""
    ws.conditional_formatting.add(
        cells,
        DataBarRule(start_type="num", start_value=0, end_type="num", end_value=1.2, color="5B9BD5", showValue=True),
    )


def fit_rows(ws: Worksheet, first: int, last: int, columns: dict[int, float]) -> None:
    """Make each row tall enough for its wrapped text: columns maps a wrapped column to its width in characters.

    Spreadsheet programs size rows when they edit them, not when they open a file, so wrapped text would
    otherwise spill over the rows below.
    """
    for row in range(first, last + 1):
        lines = 1
        for column, width in columns.items():
            text = ws.cell(row=row, column=column).value
            if isinstance(text, str) and not text.startswith("="):
                lines = max(lines, sum(max(1, -(-len(part) // max(int(width) - 2, 1))) for part in text.split("\n")))
        if lines > 1:
            ws.row_dimensions[row].height = 15 * min(lines, 12)
