"""The Notes sheet: each node's figure at the period beside its note, which an executive may edit and import."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kpicascade.periods import Period
from kpicascade.workbook.cells import address, put_text, ref
from kpicascade.workbook.department_sheet import KIND_LABELS
from kpicascade.workbook.placement import (
    D_ACTUAL,
    D_STATUS,
    D_TARGET,
    N_AUTHOR,
    N_NOTE,
    NOTES,
    NOTES_COLUMNS,
    NOTES_HEADER,
    Layout,
)
from kpicascade.workbook.styles import (
    INPUT,
    INPUT_FILL,
    SUBTITLE,
    TITLE,
    TOP,
    WRAP,
    fit_rows,
    header_row,
    status_colours,
    table,
    text_width,
    widths,
)

#: A note holds at most this many characters, as any text of the format.
MAX_NOTE = 2000


def _text_only() -> DataValidation:
    return DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1=str(MAX_NOTE),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Note",
        error=f"A note holds at most {MAX_NOTE} characters.",
        promptTitle="Note",
        prompt="Why the figure is where it is this period; import-actuals writes it back.",
        showInputMessage=True,
    )


def notes_sheet(wb: Workbook, lay: Layout) -> tuple[Worksheet, list[list[object]]]:
    """Add the Notes sheet, a row per node in cascade order; return it and its rows (id, row, note, author)."""
    result, looks = lay.result, lay.looks
    card = result.card
    # notes are kept in the scorecard's own periods: a quarter's view of a monthly scorecard edits its last month
    written_in = card.notes_period(result.period)
    period = str(written_in)
    seen = "" if written_in == result.period else f" (the last month of {result.period})"
    ws = wb.create_sheet(NOTES)
    put_text(ws.cell(row=1, column=1), f"Notes: {card.account}, {period}{seen}").font = TITLE
    how = (
        "Type a note beside any figure (yellow) and run kpicascade import-actuals."
        if not seen
        else "A workbook by quarter is for reading: type notes in the workbook by month to import them."
    )
    put_text(ws.cell(row=2, column=1), how).font = SUBTITLE
    header_row(ws, NOTES_HEADER, NOTES_COLUMNS)
    placed = {
        node: (sheet.title, sheet.row_of(k)) for sheet in lay.departments for k, (node, _) in enumerate(sheet.rows)
    }
    earlier: dict[str, list[str]] = {}
    for before in card.commentary:
        when = Period.parse(before.period, card.calendar)
        if when < written_in:
            earlier.setdefault(before.node, []).append(f"{before.period}: {before.text}")
    editable: list[list[object]] = []
    check = _text_only()
    nodes = [card.nodes[i] for i in lay.order]
    for k, node in enumerate(nodes):
        row = NOTES_HEADER + 1 + k
        # every cell at the top of its row, where the wrapped name and note start
        looks(put_text(ws.cell(row=row, column=1), node.id), "top", alignment=TOP)
        looks(put_text(ws.cell(row=row, column=2), node.name), "wrap", alignment=WRAP)
        looks(put_text(ws.cell(row=row, column=3), KIND_LABELS[node.kind]), "top", alignment=TOP)
        home = placed.get(result.index[node.id])
        if home is not None:
            title, at = home
            unit = lay.number_format(result.index[node.id]) if node.metric else None
            if node.metric is not None:
                actual = ref(title, D_ACTUAL, at)
                figure = f"n top {unit}"
                looks(
                    ws.cell(row=row, column=4, value=f'=IF({actual}="","",{actual})'),
                    figure,
                    number_format=unit,
                    alignment=TOP,
                )
                looks(
                    ws.cell(row=row, column=5, value=f"={ref(title, D_TARGET, at)}"),
                    figure,
                    number_format=unit,
                    alignment=TOP,
                )
            looks(ws.cell(row=row, column=6, value=f"={ref(title, D_STATUS, at)}"), "top", alignment=TOP)
        found = card.note(node.id, period)
        text, author = (found.text, found.author) if found else (None, None)
        looks(
            put_text(ws.cell(row=row, column=N_NOTE), text), "input wrap", fill=INPUT_FILL, font=INPUT, alignment=WRAP
        )
        looks(
            put_text(ws.cell(row=row, column=N_AUTHOR), author), "input top", fill=INPUT_FILL, font=INPUT, alignment=TOP
        )
        if node.id in earlier:
            looks(put_text(ws.cell(row=row, column=9), "\n".join(earlier[node.id])), "wrap", alignment=WRAP)
        editable.append([node.id, row, text, author])
    last = NOTES_HEADER + len(nodes)
    if nodes:  # one range for the column: openpyxl checks each added cell against every range before it
        check.add(f"{address(N_NOTE, NOTES_HEADER + 1)}:{address(N_NOTE, last)}")
        ws.add_data_validation(check)
    status_colours(ws, f"F{NOTES_HEADER + 1}:F{max(last, NOTES_HEADER + 1)}")
    sizes = [text_width([n.id for n in nodes], 10, 30), 40, 10, 12, 12, 10, 60, 18, 50]
    widths(ws, sizes)
    fit_rows(ws, NOTES_HEADER + 1, last, {2: sizes[1], N_NOTE: sizes[N_NOTE - 1], 9: sizes[8]})
    table(ws, NOTES_HEADER, last, len(NOTES_COLUMNS), freeze_column=2)
    return ws, editable
