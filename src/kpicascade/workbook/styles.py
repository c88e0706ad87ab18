"""How the workbook looks: fonts, fills, number formats by unit, status colours, tables and print set-up."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, LineChart
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, TwoCellAnchor
from openpyxl.formatting.rule import CellIsRule, DataBarRule, Rule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.styles.numbers import NumberFormat
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet.worksheet import Worksheet

from kpicascade.diagram import palette
from kpicascade.workbook import formulas

INK = "1F2937"
MUTED = "6B7280"
INPUT_BLUE = "1D4ED8"

TITLE = Font(name="Calibri", size=16, bold=True, color=INK)
SUBTITLE = Font(name="Calibri", size=11, italic=True, color=MUTED)
HEADER = Font(name="Calibri", size=11, bold=True, color="FFFFFF")
LABEL = Font(name="Calibri", size=11, bold=True, color=INK)
NOTE = Font(name="Calibri", size=10, italic=True, color=MUTED)
INPUT = Font(name="Calibri", size=11, color=INPUT_BLUE)
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
INPUT_FILL = PatternFill("solid", fgColor="FFF7D6")
BAND_FILL = PatternFill("solid", fgColor="F3F4F6")
THIN = Side(style="thin", color="D1D5DB")
UNDERLINE = Border(bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center")
#: Rows with wrapped text read from the top: every cell of them aligned there.
TOP = Alignment(vertical="top")
CENTER_TOP = Alignment(horizontal="center", vertical="top")
HEADER_ALIGNMENT = Alignment(vertical="center", wrap_text=True)

#: Fill and font colour per status, as executives expect them (green, amber, red, grey).
STATUS_COLOURS = {
    "green": ("C6EFCE", "006100"),
    "amber": ("FFEB9C", "9C5700"),
    "red": ("FFC7CE", "9C0006"),
    "no data": ("E5E7EB", "374151"),
}

#: About how many characters of column width a landscape A4 page holds at full size (Calibri 11).
PAGE_CHARACTERS = 150
ARROWS = palette.TREND_ARROWS
#: Number format ids of the finer score formats in conditional formats (custom ids start at 164).
_SCORE_FORMAT_IDS = {"0.0%": 170, "0.00%": 10}
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


def unit_format(unit: str | None, currency: str, magnitude: float = 0.0) -> str:
    """Return the number format for a metric's unit: percent, money, days, hours, counts.

    magnitude is the largest figure the cells will hold: money keeps its cents below 100 and plain numbers
    their decimals below 1,000, as the other outputs show them (format.number), so $3,244,025 fits its column.

    >>> unit_format("percent", "EUR"), unit_format("days", "EUR"), unit_format("count", "EUR")
    ('0.0%', '0.0 "days"', '#,##0')
    >>> unit_format("currency", "USD", 0.84), unit_format("currency", "USD", 3_244_025), unit_format(None, "USD", 1500)
    ('"$"#,##0.00', '"$"#,##0', '#,##0')
    """
    if unit in {"percent", "%", "pct"}:
        return PERCENT_FORMAT
    if unit == "currency":
        return currency_format(currency, 0 if magnitude >= 100 else 2)
    if unit in {"days", "hours"}:
        return f'0.0 "{unit}"'
    if unit == "count" or magnitude >= 1000:
        return "#,##0"
    return "#,##0.00"


def axis_format(unit: str | None, currency: str, biggest: float) -> str:
    """Return a chart axis's number format: millions as "16.5M", thousands as "12K", money with its symbol.

    >>> axis_format("currency", "USD", 16_500_000), axis_format("count", "EUR", 48_000)
    ('"$"#,##0.0,,"M"', '#,##0,"K"')
    """
    if unit in {"percent", "%", "pct"}:
        return "0%"
    symbol = _CURRENCY_SYMBOLS.get(currency, "") if unit == "currency" else ""
    prefix = f'"{symbol}"' if symbol else ""
    if biggest >= 1_000_000:
        return f'{prefix}#,##0.0,,"M"'
    if biggest >= 10_000:
        return f'{prefix}#,##0,"K"'
    if biggest >= 100 or unit == "count":
        return f"{prefix}#,##0"
    return f"{prefix}0.00" if unit == "currency" else "General"


def magnitude(values: Iterable[float | None]) -> float:
    """Return the largest absolute figure among values, missing ones left out (0 when there is none).

    >>> magnitude([0.84, None, float("nan"), -120.0])
    120.0
    """
    return max((abs(v) for v in values if v is not None and not math.isnan(v)), default=0.0)


def shown_length(value: float | None, number_format: str) -> int:
    """Return how many characters a number takes in one of our number formats (percent, grouped, literal text).

    >>> shown_length(3244025.0, '"$"#,##0'), shown_length(0.123, "0.0%"), shown_length(12.5, '0.0 "days"')
    (10, 5, 9)
    """
    if value is None or math.isnan(value):
        return 0
    plain = number_format.split(";")[0]
    literal = sum(len(part) for part in plain.split('"')[1::2])
    digits = plain.split('"')[0::2]
    code = "".join(digits)
    decimals = len(code.split(".", 1)[1].rstrip("%")) if "." in code else 0
    shown = value * 100 if "%" in code else value
    text = f"{shown:,.{decimals}f}" if "," in code else f"{shown:.{decimals}f}"
    return len(text) + literal + ("%" in code)


def _signed(value: float) -> tuple[float, float]:
    return value, math.copysign(1.0, value)


def figure_width(cells: Iterable[tuple[float | None, str]], low: float = 10, high: float = 24) -> float:
    """Return a column width that shows every (value, number format) without "###", within low and high.

    Only the smallest and largest figure of each format are measured: a format's text grows with a figure's size,
    so the longest is the largest figure's or, with its minus sign, the most negative one's.
    """
    ends: dict[str, tuple[float, float]] = {}
    for value, number_format in cells:
        if value is None or math.isnan(value):
            continue
        least, most = ends.get(number_format, (value, value))
        # -0.0 shows its sign: below 0.0 here, though equal to it as a number
        ends[number_format] = (min(least, value, key=_signed), max(most, value))
    longest = max((shown_length(x, fmt) for fmt, pair in ends.items() for x in pair), default=0)
    return float(min(max(longest + 3, low), high))


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


def print_across(ws: Worksheet, columns: str, sizes: Sequence[float]) -> None:
    """Print a wide sheet at a readable size over as many pages across as it needs, columns repeated on each page.

    Fitted to one page wide, 24 columns would print at a third of their size: allow one page across per
    PAGE_CHARACTERS of column width instead.
    """
    ws.page_setup.fitToWidth = max(1, math.ceil(sum(sizes) / PAGE_CHARACTERS))
    ws.page_setup.pageOrder = "overThenDown"
    ws.print_title_cols = columns


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


def score_formats(ws: Worksheet, cells: Sequence[tuple[str, tuple[float, ...]]]) -> None:
    """Show more digits in score cells whose whole percent would cross a status threshold (0.8977: 89.8%, not 90%).

    cells are (address, the thresholds judging that cell); runs of cells one below the other with the same
    thresholds share a rule, whose formula is relative to the run's first cell.
    """
    runs: list[tuple[str, str, tuple[float, ...]]] = []
    for cell, thresholds in sorted(cells, key=lambda c: coordinate_to_tuple(c[0])[::-1]):
        row, column = coordinate_to_tuple(cell)
        if runs and runs[-1][2] == thresholds:
            last_row, last_column = coordinate_to_tuple(runs[-1][1])
            if (last_row + 1, last_column) == (row, column):
                runs[-1] = (runs[-1][0], cell, thresholds)
                continue
        runs.append((cell, cell, thresholds))
    for first, last, thresholds in runs:
        for digits, shown in ((1, "0.00%"), (0, "0.0%")):  # the more digits first: the first rule that holds wins
            test = f"AND(ISNUMBER({first}),{formulas.crosses(first, thresholds, digits)})"
            style = DifferentialStyle(numFmt=NumberFormat(numFmtId=_SCORE_FORMAT_IDS[shown], formatCode=shown))
            ws.conditional_formatting.add(f"{first}:{last}", Rule(type="expression", dxf=style, formula=[test]))


def score_bars(ws: Worksheet, cells: str) -> None:
    """Draw a data bar in each score cell of a range, scaled from 0% to 120%."""
    ws.conditional_formatting.add(
        cells,
        DataBarRule(start_type="num", start_value=0, end_type="num", end_value=1.2, color="5B9BD5", showValue=True),
    )


def wrapped_lines(text: str, width: float) -> int:
    """Return how many lines text takes when wrapped at word breaks in a column width characters wide.

    >>> wrapped_lines("Active users (+, lag 1); Orders automated (+, lag 2)", 30), wrapped_lines("a\\nb", 30)
    (2, 2)
    """
    room = max(int(width) - 2, 1)
    return sum(max(1, len(textwrap.wrap(part, room, break_long_words=True))) for part in text.split("\n"))


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
                lines = max(lines, wrapped_lines(text, width))
        if lines > 1:
            ws.row_dimensions[row].height = 15 * min(lines, 12)


def place_chart(ws: Worksheet, chart: BarChart | LineChart, first: tuple[int, int], last: tuple[int, int]) -> None:
    """Put a chart over the cells from first to last (column, row), both included, sized by them.

    LibreOffice draws a chart anchored at one cell smaller than its stated size; anchored at two cells,
    it fills them in Excel and LibreOffice alike.
    """
    start = AnchorMarker(col=first[0] - 1, row=first[1] - 1)
    chart.anchor = TwoCellAnchor(_from=start, to=AnchorMarker(col=last[0], row=last[1]))
    ws.add_chart(chart)
