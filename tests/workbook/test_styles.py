"""Number formats, widths that fit them, chart axes in thousands and millions, and rows tall enough for wrapped text."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill

from kpicascade.workbook.cells import put_text
from kpicascade.workbook.styles import (
    Stamp,
    axis_format,
    figure_width,
    shown_length,
    unit_format,
    wrapped_lines,
)


@pytest.mark.parametrize(
    ("unit", "currency", "biggest", "expected"),
    [
        ("currency", "USD", 0.84, '"$"#,##0.00'),  # cents below 100, as format.number
        ("currency", "USD", 99.5, '"$"#,##0.00'),
        ("currency", "USD", 3_244_025, '"$"#,##0'),
        ("currency", "SEK", 3_244_025, '#,##0 "SEK"'),
        ("percent", "EUR", 12.0, "0.0%"),
        ("days", "EUR", 70.0, '0.0 "days"'),
        ("count", "EUR", 3.0, "#,##0"),
        (None, "EUR", 1.04, "#,##0.00"),
        (None, "EUR", 14_400_000, "#,##0"),  # not 1.44e+07
    ],
)
def test_unit_formats_keep_the_digits_their_figures_need(
    unit: str | None, currency: str, biggest: float, expected: str
) -> None:
    assert unit_format(unit, currency, biggest) == expected


@pytest.mark.parametrize(
    ("value", "number_format", "length"),
    [
        (3_244_025.0, '"$"#,##0', len("$3,244,025")),
        (3_244_025.0, '"$"#,##0.00', len("$3,244,025.00")),
        (0.123, "0.0%", len("12.3%")),
        (-0.5, "0%", len("-50%")),
        (38.25, '0.0 "days"', len("38.3 days")),
        (14_400_000.0, "#,##0", len("14,400,000")),
        (None, "#,##0", 0),
    ],
)
def test_shown_length_counts_the_characters_of_the_formatted_number(
    value: float | None, number_format: str, length: int
) -> None:
    assert shown_length(value, number_format) == length


def test_figure_width_fits_the_longest_figure_with_room_for_padding() -> None:
    # "$16,500,000" is 11 characters; 3 more for the cell's padding and the filter button
    assert figure_width([(16_500_000.0, '"$"#,##0'), (0.5, "0.0%")]) == 11 + 3
    assert figure_width([(1.0, "0%")], low=10) == 10
    assert figure_width([(1e15, "#,##0")], high=24) == 24


@pytest.mark.parametrize(
    ("cells", "width"),
    [
        # "-1,234.50" (9) is longer than "999.00" (6): the most negative figure can be the longest
        ([(999.0, "#,##0.00"), (-1234.5, "#,##0.00"), (5.0, "#,##0.00")], 9 + 3),
        # 0.9996 shows "100.0%" (6), longer than "-1.0%" and "12.3%" (5): the largest figure, not the longest typed
        ([(0.9996, "0.0%"), (-0.01, "0.0%"), (0.12345, "0.0%")], 6 + 3),
        # each format measured on its own: "12,345,678" (10) beats "-5.0%" (5)
        ([(12_345_678.0, "#,##0"), (-0.05, "0.0%"), (None, "0.0%"), (float("nan"), "#,##0")], 10 + 3),
    ],
)
def test_figure_width_measures_each_format_at_its_extremes(cells: list[tuple[float | None, str]], width: int) -> None:
    assert figure_width(cells, low=0, high=100) == width


@pytest.mark.parametrize(
    ("unit", "currency", "biggest", "expected"),
    [
        ("currency", "USD", 16_500_000, '"$"#,##0.0,,"M"'),  # 16.5M, not $16,500,000.00
        ("currency", "EUR", 480_000, '"€"#,##0,"K"'),
        ("currency", "CAD", 480_000, '#,##0,"K"'),
        ("count", "EUR", 12_000, '#,##0,"K"'),
        ("count", "EUR", 1_500, "#,##0"),
        ("percent", "EUR", 1.0, "0%"),
        ("currency", "USD", 0.84, '"$"0.00'),
        (None, "USD", 2.4, "General"),
    ],
)
def test_axes_read_in_thousands_and_millions(unit: str | None, currency: str, biggest: float, expected: str) -> None:
    assert axis_format(unit, currency, biggest) == expected


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("short", 20, 1),
        # 19 characters in 10 usable: ceil(19 / 10) = 2, but no two words share a line: 3
        ("aaaaaaa bbbbbbb ccc", 12, 3),
        ("Active users (+, lag 1); Orders (-, lag 2)", 20, 3),  # "Active users (+," / "lag 1); Orders (-," / "lag 2)"
        ("one\ntwo\nthree", 40, 3),
        ("x" * 45, 22, 3),  # one long word is broken: 45 / 20 -> 3 lines
    ],
)
def test_wrapped_lines_break_at_words(text: str, width: float, lines: int) -> None:
    assert wrapped_lines(text, width) == lines


def test_a_stamp_gives_its_style_to_plain_and_styled_cells_and_keeps_a_quote_prefix(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    red, yellow = Font(bold=True, color="FF0000"), PatternFill("solid", fgColor="FFF7D6")
    stamp = Stamp(font=red, fill=yellow, number_format="0.0%")
    stamp(ws.cell(row=1, column=1, value=0.25))
    stamp(put_text(ws.cell(row=2, column=1), "=HYPERLINK(1)"))
    styled = ws.cell(row=3, column=1, value=3)
    styled.alignment = Alignment(wrap_text=True)
    stamp(styled)
    Stamp(alignment=Alignment(horizontal="center"))(ws.cell(row=4, column=1, value="x"))
    path = tmp_path / "stamped.xlsx"
    wb.save(path)
    back = load_workbook(path).active
    assert back is not None
    for row in (1, 2, 3):
        cell = back.cell(row=row, column=1)
        assert (cell.font.b, cell.font.color.rgb, cell.fill.fgColor.rgb, cell.number_format) == (
            True,
            "00FF0000",
            "00FFF7D6",
            "0.0%",
        )
    assert back["A2"].quotePrefix
    assert (back["A2"].value, back["A2"].data_type) == ("=HYPERLINK(1)", "s")
    assert not back["A1"].quotePrefix
    assert back["A3"].alignment.wrap_text  # its own style is kept under the stamp's
    # what a stamp does not name is the workbook's default: Calibri 11, no fill, General
    assert (back["A4"].font.name, back["A4"].font.sz, back["A4"].alignment.horizontal) == ("Calibri", 11, "center")
    assert (back["A4"].fill.fill_type, back["A4"].number_format) == (None, "General")
