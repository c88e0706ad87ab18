"""The portfolio summary: many accounts' scorecards in one workbook, an accounts sheet and an objectives sheet."""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from kpicascade.scoring import Result
from kpicascade.workbook.cells import put_number, put_text
from kpicascade.workbook.figures import ObjectiveFigures, objective_figures
from kpicascade.workbook.styles import (
    ARROWS,
    CENTER,
    SCORE_FORMAT,
    TITLE,
    Looks,
    currency_format,
    header_row,
    score_bars,
    status_colours,
    table,
    widths,
)

ACCOUNTS, OBJECTIVES = "Accounts", "Objectives"
HEADER = 3
ACCOUNT_COLUMNS = ("Account", "Account ID", "Period", "Overall score", "Status", "Value realised", "Annual fee",
                   "Return on fee", "Objectives", "Green", "Amber", "Red", "No data")
OBJECTIVE_COLUMNS = ("Account", "Account ID", "Perspective", "Objective", "ID", "Owner", "Score", "Status", "Trend",
                     "Value realised")


def _mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def _account_row(ws: Worksheet, looks: Looks, row: int, result: Result, figures: list[ObjectiveFigures],
                 perspectives: list[str]) -> None:
    card = result.card
    money = currency_format(card.currency)
    put_text(ws.cell(row=row, column=1), card.account)
    ws.cell(row=row, column=2, value=card.account_id)
    ws.cell(row=row, column=3, value=str(result.period))
    looks(put_number(ws.cell(row=row, column=4), result.overall_score), "score", number_format=SCORE_FORMAT)
    looks(ws.cell(row=row, column=5, value=result.overall_status), "centre", alignment=CENTER)
    looks(put_number(ws.cell(row=row, column=6), result.value_realised), money, number_format=money)
    looks(put_number(ws.cell(row=row, column=7), card.annual_fee), money, number_format=money)
    looks(put_number(ws.cell(row=row, column=8), result.roi), "score", number_format=SCORE_FORMAT)
    ws.cell(row=row, column=9, value=len(figures))
    for offset, status in enumerate(("green", "amber", "red", "no data")):
        ws.cell(row=row, column=10 + offset, value=sum(f.status == status for f in figures))
    for offset, perspective in enumerate(perspectives):
        score = _mean([f.score for f in figures if f.perspective == perspective])
        looks(put_number(ws.cell(row=row, column=len(ACCOUNT_COLUMNS) + 1 + offset), score), "score",
              number_format=SCORE_FORMAT)


def _objective_row(ws: Worksheet, looks: Looks, row: int, result: Result, figure: ObjectiveFigures) -> None:
    put_text(ws.cell(row=row, column=1), result.card.account)
    ws.cell(row=row, column=2, value=result.card.account_id)
    for column, text in ((3, figure.perspective), (4, figure.name), (6, figure.owner)):
        put_text(ws.cell(row=row, column=column), text)
    ws.cell(row=row, column=5, value=figure.id)
    looks(put_number(ws.cell(row=row, column=7), figure.score), "score", number_format=SCORE_FORMAT)
    looks(ws.cell(row=row, column=8, value=figure.status), "centre", alignment=CENTER)
    looks(ws.cell(row=row, column=9, value=ARROWS[figure.trend]), "centre", alignment=CENTER)
    money = currency_format(result.card.currency)
    looks(put_number(ws.cell(row=row, column=10), figure.value_realised), money, number_format=money)


def portfolio(results: Iterable[Result]) -> Workbook:
    """Return the portfolio workbook: one row per account, and one row per account and objective."""
    scored = [(r, objective_figures(r)) for r in results]
    perspectives: list[str] = []
    for _result, figures in scored:
        perspectives += [f.perspective for f in figures if f.perspective not in perspectives]
    wb = Workbook()
    accounts = wb.active
    accounts.title = ACCOUNTS
    accounts["A1"].value = f"Portfolio: {len(scored)} accounts"
    accounts["A1"].font = TITLE
    header_row(accounts, HEADER, [*ACCOUNT_COLUMNS, *perspectives])
    objectives = wb.create_sheet(OBJECTIVES)
    objectives["A1"].value = "Objectives of every account"
    objectives["A1"].font = TITLE
    header_row(objectives, HEADER, OBJECTIVE_COLUMNS)
    row = HEADER + 1
    looks = Looks()
    for k, (result, figures) in enumerate(scored):
        _account_row(accounts, looks, HEADER + 1 + k, result, figures, perspectives)
        for figure in figures:
            _objective_row(objectives, looks, row, result, figure)
            row += 1
    last_account, last_objective = HEADER + len(scored), row - 1
    if scored:
        status_colours(accounts, f"E{HEADER + 1}:E{last_account}")
        score_bars(accounts, f"D{HEADER + 1}:D{last_account}")
    if last_objective > HEADER:
        status_colours(objectives, f"H{HEADER + 1}:H{last_objective}")
        score_bars(objectives, f"G{HEADER + 1}:G{last_objective}")
    widths(accounts, [36, 22, 10, 12, 10, 16, 14, 12, 11, 8, 8, 8, 9, *[14] * len(perspectives)])
    widths(objectives, [30, 22, 18, 50, 24, 28, 10, 10, 7, 16])
    table(accounts, HEADER, last_account, len(ACCOUNT_COLUMNS) + len(perspectives), freeze_column=1)
    table(objectives, HEADER, last_objective, len(OBJECTIVE_COLUMNS), freeze_column=1)
    return wb
