"""The portfolio summary: a workbook (heat map, value realised, red KPIs) and an HTML index of every account."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kpicascade.resources import templates_dir
from kpicascade.workbook.cells import put_number, put_text

# Okabe-Ito based fills: legible for colour-blind readers, with the status also written as text.
_FILLS = {"green": "B7E4C7", "amber": "FFE0A3", "red": "F4B6B6"}
_HEADER = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
MAX_OBJECTIVE_COLUMNS = 200


def _header(ws: Worksheet, titles: Sequence[str]) -> None:
    for col, title in enumerate(titles, start=1):
        cell = put_text(ws.cell(row=1, column=col), title)
        cell.font, cell.fill = _HEADER, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(titles))}1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _status_colours(ws: Worksheet, cells: str) -> None:
    for status, (low, high) in {"green": (0.9, 1e9), "amber": (0.7, 0.9), "red": (-1e9, 0.7)}.items():
        fill = PatternFill("solid", fgColor=_FILLS[status], bgColor=_FILLS[status])
        if status == "green":
            rule = CellIsRule(operator="greaterThanOrEqual", formula=[str(low)], fill=fill)
        elif status == "red":
            rule = CellIsRule(operator="lessThan", formula=[str(high)], fill=fill)
        else:
            rule = CellIsRule(operator="between", formula=[str(low), "0.8999999999"], fill=fill)
        ws.conditional_formatting.add(cells, rule)


def _objective_columns(accounts: list[dict[str, Any]]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for account in accounts:
        for obj in account["objectives"]:
            seen.setdefault(obj["id"], obj["name"])
    return sorted(seen.items())[:MAX_OBJECTIVE_COLUMNS]


def _heat_map(wb: Workbook, accounts: list[dict[str, Any]]) -> None:
    ws = wb.active
    ws.title = "Heat map"
    columns = _objective_columns(accounts)
    _header(ws, ["Account", "Period", "Overall", "Status", *[name for _, name in columns]])
    for row, account in enumerate(accounts, start=2):
        put_text(ws.cell(row=row, column=1), account["account"])
        put_text(ws.cell(row=row, column=2), account["period"])
        put_number(ws.cell(row=row, column=3), account["score"])
        put_text(ws.cell(row=row, column=4), account["status"])
        scores = {o["id"]: o["score"] for o in account["objectives"]}
        for col, (obj_id, _) in enumerate(columns, start=5):
            put_number(ws.cell(row=row, column=col), scores.get(obj_id))
    last_col = get_column_letter(4 + len(columns))
    for col in range(3, 5 + len(columns)):
        for cell in ws[get_column_letter(col)][1:]:
            cell.number_format = "0%"
    if accounts:
        _status_colours(ws, f"C2:C{len(accounts) + 1}")
        if columns:
            _status_colours(ws, f"E2:{last_col}{len(accounts) + 1}")
    ws.column_dimensions["A"].width = 32
    for col in range(5, 5 + len(columns)):
        ws.column_dimensions[get_column_letter(col)].width = 16
    ws.row_dimensions[1].height = 60


def _value(wb: Workbook, accounts: list[dict[str, Any]]) -> None:
    ws = wb.create_sheet("Value realised")
    _header(ws, ["Account", "Currency", "Value realised", "Annual fee", "ROI"])
    for row, account in enumerate(accounts, start=2):
        put_text(ws.cell(row=row, column=1), account["account"])
        put_text(ws.cell(row=row, column=2), account["currency"])
        put_number(ws.cell(row=row, column=3), account["value_realised"]).number_format = "#,##0"
        put_number(ws.cell(row=row, column=4), account["annual_fee"]).number_format = "#,##0"
        put_number(ws.cell(row=row, column=5), account["roi"]).number_format = "0%"
    ws.column_dimensions["A"].width = 32
    for letter in "CDE":
        ws.column_dimensions[letter].width = 16


def _red_kpis(wb: Workbook, accounts: list[dict[str, Any]]) -> None:
    ws = wb.create_sheet("Red KPIs")
    _header(ws, ["Account", "KPI", "Owner", "Actual", "Target", "Unit", "Score"])
    row = 2
    for account in accounts:
        for kpi in account["red_kpis"]:
            for col, text in enumerate([account["account"], kpi["name"], kpi["owner"]], start=1):
                put_text(ws.cell(row=row, column=col), text)
            put_number(ws.cell(row=row, column=4), kpi["actual"])
            put_number(ws.cell(row=row, column=5), kpi["target"])
            put_text(ws.cell(row=row, column=6), kpi["unit"])
            put_number(ws.cell(row=row, column=7), kpi["score"]).number_format = "0%"
            row += 1
    for letter, width in zip("ABC", (32, 40, 30), strict=True):
        ws.column_dimensions[letter].width = width


def portfolio_workbook(accounts: list[dict[str, Any]]) -> Workbook:
    """Return the portfolio workbook: accounts x objectives heat map, value realised, red KPIs."""
    wb = Workbook()
    _heat_map(wb, accounts)
    _value(wb, accounts)
    _red_kpis(wb, accounts)
    return wb


def portfolio_index(accounts: list[dict[str, Any]], failures: list[dict[str, Any]], templates: Path | None = None
                    ) -> str:
    """Return the HTML index of the portfolio: every account with its figures and links to its outputs."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates or templates_dir())),
                             autoescape=True, undefined=jinja2.StrictUndefined)
    return env.get_template("portfolio.html.j2").render(accounts=accounts, failures=failures)
