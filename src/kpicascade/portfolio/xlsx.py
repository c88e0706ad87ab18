"""The portfolio summary workbook: accounts, an accounts x objectives heat map, objectives, value and red KPIs.

It is made from each account's summary record (`workbook.summaries.summarise`), never from scored results, and
its rows are streamed (openpyxl's write-only mode), so memory stays flat however many accounts there are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kpicascade.diagram import palette
from kpicascade.workbook.cells import address, put_number, put_text
from kpicascade.workbook.styles import (
    ARROWS,
    CENTER,
    HEADER_ALIGNMENT,
    HEADER_FILL,
    SCORE_FORMAT,
    STATUS_COLOURS,
    SUBTITLE,
    TITLE,
    Looks,
    currency_format,
    print_setup,
    score_bars,
    status_colours,
    text_width,
    unit_format,
    widths,
)
from kpicascade.workbook.styles import HEADER as HEADER_FONT

Account = Mapping[str, Any]
Row = list[Cell | int | None]

ACCOUNTS, HEAT_MAP, OBJECTIVES, VALUE, RED_KPIS = "Accounts", "Heat map", "Objectives", "Value", "Red KPIs"
#: Every sheet: title in row 1, a note in row 2, the table's header in row 3.
HEADER = 3
STATUSES = ("green", "amber", "red", "no data")
ACCOUNT_COLUMNS = (
    "Account",
    "Account ID",
    "Period",
    "Overall score",
    "Status",
    "Total improvement value",
    "Attributed value",
    "Evidenced value",
    "Annual fee",
    "Return on fee (attributed)",
    "Return on fee (evidenced)",
    "Objectives",
    "Green",
    "Amber",
    "Red",
    "No data",
    "Red KPIs",
)
HEAT_COLUMNS = ("Account", "Account ID", "Period", "Overall")
OBJECTIVE_COLUMNS = (
    "Account",
    "Account ID",
    "Perspective",
    "Objective",
    "ID",
    "Owner",
    "Score",
    "Status",
    "Trend",
    "Improvement value beneath",
)
VALUE_COLUMNS = (
    "Account",
    "Account ID",
    "Period",
    "Total improvement value",
    "Attributed value",
    "Return on fee (attributed)",
    "Evidenced value",
    "Return on fee (evidenced)",
    "Annual fee",
    "Currency",
    "In words",
)
RED_COLUMNS = (
    "Account",
    "Account ID",
    "KPI",
    "ID",
    "Perspective",
    "Owner",
    "Actual",
    "Target",
    "Unit",
    "Score",
    "Trend",
)
#: Objectives beyond this many (the least shared) are left off the heat map; the Objectives sheet has them all.
MAX_HEAT_COLUMNS = 200
#: The diagrams' status glyphs, written into the heat map's number formats so status never rests on colour alone.
GLYPHS = {name: style.glyph for name, style in palette.STATUSES.items()}
#: Each status's fill, ink and alignment on the heat map, made once (openpyxl's style objects are slow to build).
_HEAT = {
    status: {"fill": PatternFill("solid", fgColor=fill), "font": Font(color=ink), "alignment": CENTER}
    for status, (fill, ink) in STATUS_COLOURS.items()
}
LEGEND = (
    "✔ on track, ▲ at risk, ✖ off track, ○ no data, as each account's own thresholds judge it; "
    "an empty cell: the account has no such objective."
)


class _Sheet:
    """A streamed sheet: title, note and header first, then rows; styles are stamped from one workbook's looks."""

    def __init__(self, wb: Workbook, looks: Looks, title: str, sizes: Sequence[float]) -> None:
        self.ws: Worksheet = wb.create_sheet(title)
        self.looks = looks
        self.rows = 0
        # A streamed sheet writes its columns, panes and page properties before its first row.
        widths(self.ws, sizes)
        self.ws.freeze_panes = address(2, HEADER + 1)
        print_setup(self.ws, HEADER)

    def top(self, heading: str, note: str, columns: Sequence[str], height: float = 30) -> None:
        """Write the title, the note and the header row (height in points, for wrapped titles)."""
        self.ws.row_dimensions[HEADER].height = height
        self.ws.append([self.looks(self.text(heading), "title", font=TITLE)])
        self.ws.append([self.looks(self.text(note), "note", font=SUBTITLE)])
        self.ws.append(
            [
                self.looks(self.text(c), "header", font=HEADER_FONT, fill=HEADER_FILL, alignment=HEADER_ALIGNMENT)
                for c in columns
            ]
        )

    def add(self, row: Row) -> None:
        """Append a row of the table."""
        self.ws.append(row)
        self.rows += 1

    def column(self, column: int) -> str:
        """Return the range of one column's table cells, as conditional formatting wants it."""
        return f"{address(column, HEADER + 1)}:{address(column, HEADER + max(self.rows, 1))}"

    def finish(self, columns: int) -> None:
        """Filter the table."""
        if self.rows:
            self.ws.auto_filter.ref = f"A{HEADER}:{get_column_letter(columns)}{HEADER + self.rows}"

    def text(self, text: str | None) -> Cell:
        """Return a cell holding text that can never become a formula."""
        return put_text(WriteOnlyCell(self.ws), text)

    def centred(self, text: str | None) -> Cell:
        """Return a centred text cell (a status, a trend arrow)."""
        return self.looks(self.text(text), "centre", alignment=CENTER)

    def number(self, value: float | None, number_format: str) -> Cell:
        """Return a number cell in a number format."""
        cell = put_number(WriteOnlyCell(self.ws), value)
        return self.looks(cell, f"number {number_format}", number_format=number_format)

    def score(self, value: float | None) -> Cell:
        """Return a score cell (a percentage)."""
        return self.number(value, SCORE_FORMAT)

    def status(self, score: float | None, status: str) -> Cell:
        """Return a heat map cell: the score with its status's glyph and colours, or the status when no score."""
        style = _HEAT[status]
        if score is None:
            return self.looks(self.text(f"{GLYPHS[status]} {status}"), f"heat text {status}", **style)
        return self.looks(
            put_number(WriteOnlyCell(self.ws), score), f"heat {status}", number_format=f'"{GLYPHS[status]} "0%', **style
        )


def _perspectives(accounts: Sequence[Account]) -> list[str]:
    seen: dict[str, None] = {}
    for account in accounts:
        for objective in account["objectives"]:
            seen.setdefault(objective["perspective"], None)
    return list(seen)


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def heat_columns(accounts: Sequence[Account]) -> list[tuple[str, str]]:
    """Return the heat map's objective columns as (id, title): the most shared ones, grouped by perspective."""
    rank = {p: k for k, p in enumerate(_perspectives(accounts))}
    seen: dict[str, tuple[str, str]] = {}
    count: dict[str, int] = {}
    for account in accounts:
        for objective in account["objectives"]:
            seen.setdefault(objective["id"], (objective["name"], objective["perspective"]))
            count[objective["id"]] = count.get(objective["id"], 0) + 1
    first = {ident: k for k, ident in enumerate(seen)}
    kept = sorted(seen, key=lambda i: (-count[i], first[i]))[:MAX_HEAT_COLUMNS]
    kept.sort(key=lambda i: (rank[seen[i][1]], -count[i], first[i]))
    names = [seen[i][0] for i in kept]
    return [(i, name if names.count(name) == 1 else f"{name} ({i})") for i, name in zip(kept, names, strict=True)]


def _account_width(accounts: Sequence[Account]) -> float:
    return text_width((a["account"] for a in accounts), 20, 40)


def _accounts(wb: Workbook, looks: Looks, accounts: Sequence[Account]) -> None:
    perspectives = _perspectives(accounts)
    columns = [*ACCOUNT_COLUMNS, *perspectives]
    sheet = _Sheet(
        wb,
        looks,
        ACCOUNTS,
        [
            _account_width(accounts),
            22,
            10,
            12,
            10,
            16,
            16,
            16,
            14,
            14,
            14,
            11,
            8,
            8,
            8,
            9,
            9,
            *[14] * len(perspectives),
        ],
    )
    sheet.top(
        f"Portfolio: {len(accounts)} accounts",
        "Each account at its viewed period; perspective columns hold the mean score of its objectives.",
        columns,
    )
    for a in accounts:
        money = currency_format(a["currency"])
        objectives = a["objectives"]
        counts = [sum(o["status"] == status for o in objectives) for status in STATUSES]
        means = [_mean(o["score"] for o in objectives if o["perspective"] == p) for p in perspectives]
        sheet.add(
            [
                sheet.text(a["account"]),
                sheet.text(a["account_id"]),
                sheet.text(a["period"]),
                sheet.score(a["score"]),
                sheet.centred(a["status"]),
                sheet.number(a["value_realised"], money),
                sheet.number(a["value_attributed"], money),
                sheet.number(a["value_evidenced"], money),
                sheet.number(a["annual_fee"], money),
                sheet.score(a["roi"]),
                sheet.score(a["roi_evidenced"]),
                len(objectives),
                *counts,
                len(a["red_kpis"]),
                *[sheet.score(m) for m in means],
            ]
        )
    if accounts:
        status_colours(sheet.ws, sheet.column(5))
        score_bars(sheet.ws, sheet.column(4))
    sheet.finish(len(columns))


def _heat_map(wb: Workbook, looks: Looks, accounts: Sequence[Account]) -> None:
    objectives = heat_columns(accounts)
    every = len({o["id"] for a in accounts for o in a["objectives"]})
    left_off = (
        f" The {every - len(objectives)} least shared objectives are on the Objectives sheet only."
        if every > len(objectives)
        else ""
    )
    sheet = _Sheet(wb, looks, HEAT_MAP, [_account_width(accounts), 22, 10, 11, *[16] * len(objectives)])
    sheet.top(
        "Accounts x objectives", LEGEND + left_off, [*HEAT_COLUMNS, *[title for _, title in objectives]], height=90
    )
    for a in accounts:
        by_id = {o["id"]: o for o in a["objectives"]}
        cells = [sheet.status(by_id[i]["score"], by_id[i]["status"]) if i in by_id else None for i, _ in objectives]
        sheet.add(
            [
                sheet.text(a["account"]),
                sheet.text(a["account_id"]),
                sheet.text(a["period"]),
                sheet.status(a["score"], a["status"]),
                *cells,
            ]
        )
    sheet.finish(len(HEAT_COLUMNS) + len(objectives))


def _objectives(wb: Workbook, looks: Looks, accounts: Sequence[Account]) -> None:
    names = text_width((o["name"] for a in accounts for o in a["objectives"]), 30, 60)
    owners = text_width((o["owner"] for a in accounts for o in a["objectives"]), 12, 36)
    sheet = _Sheet(wb, looks, OBJECTIVES, [_account_width(accounts), 22, 18, names, 24, owners, 10, 10, 7, 16])
    sheet.top(
        "Objectives of every account",
        "The top of each account's cascade, with the improvement value counted beneath it (whoever caused it).",
        OBJECTIVE_COLUMNS,
    )
    for a in accounts:
        money = currency_format(a["currency"])
        for o in a["objectives"]:
            sheet.add(
                [
                    sheet.text(a["account"]),
                    sheet.text(a["account_id"]),
                    sheet.text(o["perspective"]),
                    sheet.text(o["name"]),
                    sheet.text(o["id"]),
                    sheet.text(o["owner"]),
                    sheet.score(o["score"]),
                    sheet.centred(o["status"]),
                    sheet.centred(ARROWS[o["trend"]]),
                    sheet.number(o["value_realised"], money),
                ]
            )
    if sheet.rows:
        status_colours(sheet.ws, sheet.column(8))
        score_bars(sheet.ws, sheet.column(7))
    sheet.finish(len(OBJECTIVE_COLUMNS))


def _return(account: Account) -> tuple[bool, float]:
    return (account["roi"] is None, -(account["roi"] or 0.0))


def _value(wb: Workbook, looks: Looks, accounts: Sequence[Account]) -> None:
    sheet = _Sheet(wb, looks, VALUE, [_account_width(accounts), 22, 10, 16, 16, 14, 16, 14, 14, 9, 80])
    sheet.top(
        "Value",
        "Yearly run rates beyond noise: the total improvement (whoever caused it), the share the customer agreed to "
        "credit to the vendor, the part usage data evidence; returns on the fee never on the total. Best "
        "attributed return first (each account in its own currency).",
        VALUE_COLUMNS,
    )
    for a in sorted(accounts, key=_return):
        money = currency_format(a["currency"])
        sheet.add(
            [
                sheet.text(a["account"]),
                sheet.text(a["account_id"]),
                sheet.text(a["period"]),
                sheet.number(a["value_realised"], money),
                sheet.number(a["value_attributed"], money),
                sheet.score(a["roi"]),
                sheet.number(a["value_evidenced"], money),
                sheet.score(a["roi_evidenced"]),
                sheet.number(a["annual_fee"], money),
                sheet.text(a["currency"]),
                sheet.text(a["value_summary"]),
            ]
        )
    sheet.finish(len(VALUE_COLUMNS))


def _red_kpis(wb: Workbook, looks: Looks, accounts: Sequence[Account]) -> None:
    names = text_width((k["name"] for a in accounts for k in a["red_kpis"]), 30, 60)
    owners = text_width((k["owner"] for a in accounts for k in a["red_kpis"]), 12, 36)
    sheet = _Sheet(wb, looks, RED_KPIS, [_account_width(accounts), 22, names, 20, 18, owners, 12, 12, 10, 10, 7])
    count = sum(len(a["red_kpis"]) for a in accounts)
    sheet.top("Red KPIs", f"{count} KPIs off track across the portfolio, with their owners.", RED_COLUMNS)
    for a in accounts:
        for k in a["red_kpis"]:
            unit = unit_format(k["unit"], a["currency"])
            sheet.add(
                [
                    sheet.text(a["account"]),
                    sheet.text(a["account_id"]),
                    sheet.text(k["name"]),
                    sheet.text(k["id"]),
                    sheet.text(k["perspective"]),
                    sheet.text(k["owner"]),
                    sheet.number(k["actual"], unit),
                    sheet.number(k["target"], unit),
                    sheet.text(k["unit"]),
                    sheet.status(k["score"], "red"),
                    sheet.centred(ARROWS[k["trend"]]),
                ]
            )
    sheet.finish(len(RED_COLUMNS))


BENCHMARKS = "Benchmarks"
BENCHMARK_COLUMNS = (
    "Account",
    "Account ID",
    "KPI",
    "Benchmark key",
    "Cohort",
    "Customers",
    "Value",
    "Unit",
    "Percentile",
    "Quartile",
    "Cohort median",
    "Lower quartile",
    "Upper quartile",
)


def _benchmarks(wb: Workbook, looks: Looks, accounts: Sequence[Account]) -> None:
    names = text_width((s["name"] for a in accounts for s in a.get("peers", [])), 24, 50)
    sheet = _Sheet(wb, looks, BENCHMARKS, [_account_width(accounts), 22, names, 22, 24, 10, 12, 9, 11, 16, 13, 13, 13])
    sheet.top(
        "Peer benchmarks",
        "Each account's standing among customers like it on the KPIs they define alike (percentile 100 is the best; "
        "cohorts under the minimum size are left out).",
        BENCHMARK_COLUMNS,
    )
    for a in accounts:
        for s in a.get("peers", []):
            unit = unit_format(s["unit"], a["currency"])
            sheet.add(
                [
                    sheet.text(a["account"]),
                    sheet.text(a["account_id"]),
                    sheet.text(s["name"]),
                    sheet.text(s["key"]),
                    sheet.text(s["cohort"]),
                    sheet.number(s["size"], "0"),
                    sheet.number(s["value"], unit),
                    sheet.text(s["unit"]),
                    sheet.number(s["percentile"], "0"),
                    sheet.text(s["quartile"]),
                    sheet.number(s["median"], unit),
                    sheet.number(s["lower_quartile"], unit),
                    sheet.number(s["upper_quartile"], unit),
                ]
            )
    if sheet.rows:
        sheet.ws.conditional_formatting.add(
            sheet.column(9),
            ColorScaleRule(start_type="num", start_value=0, start_color="F4B6B6", mid_type="num", mid_value=50,
                           mid_color="FFFFFF", end_type="num", end_value=100, end_color="74C69D"),
        )  # fmt: skip
    sheet.finish(len(BENCHMARK_COLUMNS))


def portfolio(accounts: Iterable[Account]) -> Workbook:
    """Return the portfolio workbook made from the accounts' summary records; it can be saved once."""
    records = list(accounts)
    wb = Workbook(write_only=True)
    looks = Looks()
    for sheet in (_accounts, _heat_map, _objectives, _value, _red_kpis):
        sheet(wb, looks, records)
    if any(a.get("peers") for a in records):  # a portfolio whose accounts share no KPI has no benchmarks
        _benchmarks(wb, looks, records)
    wb.properties.title = f"Portfolio summary: {len(records)} accounts"
    wb.properties.creator = "kpicascade"
    return wb
