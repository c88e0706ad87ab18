"""The Scenarios sheet: what more adoption would be worth, with the scenario's change as a live input cell.

Each scenario is a block: the signal's level now and the change (a yellow input cell, in the scenario's own
terms: a percentage, an amount or a level); one row per link of the signal, where a confirmed link carries
effect x change (and its range) and any other carries 0; the measures it moves, projected, scored by the same
formula the Calc sheet uses, and valued; the nodes above them, moved by their share of each measure's score
change (from the engine: exact where the roll-ups are weighted means); the worth a year and its return on the
fee. Every figure is a formula of the input, so typing +30% moves the whole block.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kpicascade.scoring import Result
from kpicascade.scoring.prepare import band_tolerance
from kpicascade.scoring.value import money_per_unit
from kpicascade.whatif import Projection
from kpicascade.workbook import formulas
from kpicascade.workbook.cells import put_text
from kpicascade.workbook.styles import (
    INPUT,
    INPUT_FILL,
    LABEL,
    SCORE_FORMAT,
    SUBTITLE,
    TITLE,
    header_row,
    print_setup,
    widths,
)

SCENARIOS = "Scenarios"
NUMBER = "#,##0.00"
MONEY = "#,##0"
#: measure id -> (score now, its row on the sheet)
Scores = dict[str, tuple[float, int]]


def _ref(row: int, column: int) -> str:
    return f"${get_column_letter(column)}${row}"


def _put(ws: Worksheet, row: int, column: int, value: object, number_format: str | None = None) -> None:
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str) and not value.startswith("="):
        put_text(cell, value)
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format


def _change_formula(p: Projection, now: str, given: str) -> str:
    s = p.scenario
    if s.percent is not None:
        return f"={now}*{given}/100"
    if s.to is not None:
        return f"={given}-{now}"
    return f"={given}"


def _input(p: Projection) -> tuple[str, float]:
    s = p.scenario
    if s.percent is not None:
        return "Change (%)", s.percent
    if s.to is not None:
        return "Move to", s.to
    return "Move by", s.by or 0.0


def _block(ws: Worksheet, result: Result, p: Projection, top: int) -> int:
    """Write one scenario's block from row top; return the first free row after it."""
    names = {n.id: n.name for n in result.card.nodes} | {s.id: s.name for s in result.card.signals}
    put_text(ws.cell(row=top, column=1), p.scenario.name).font = LABEL
    row = top + 1
    label, given = _input(p)
    for column, text in ((1, "Signal"), (3, "Now"), (5, label), (7, "Signal moves by")):
        put_text(ws.cell(row=row, column=column), text).font = LABEL
    _put(ws, row, 2, names.get(p.signal, p.signal))
    _put(ws, row, 4, p.signal_now, NUMBER)
    cell = ws.cell(row=row, column=6, value=given)
    cell.font, cell.fill = INPUT, INPUT_FILL
    now, given_ref = _ref(row, 4), _ref(row, 6)
    _put(ws, row, 8, _change_formula(p, now, given_ref), NUMBER)
    change = _ref(row, 8)
    row += 2
    header_row(
        ws, row, ["Measure", "Verdict", "Effect per unit", "Low", "High", "Lag", "From", "Carries", "Low", "High"]
    )
    carried: dict[str, list[int]] = {}
    for link in p.links:
        row += 1
        _put(ws, row, 1, link.name)
        _put(ws, row, 2, link.verdict)
        _put(ws, row, 6, link.lag)
        if link.effect is None or link.change is None:
            _put(ws, row, 7, "carries nothing: not confirmed")
            for column in (8, 9, 10):
                _put(ws, row, column, 0, NUMBER)
            continue
        _put(ws, row, 3, link.effect.value, "0.0000")
        _put(ws, row, 4, link.effect.low, "0.0000")
        _put(ws, row, 5, link.effect.high, "0.0000")
        _put(ws, row, 7, link.arrives)
        e, lo, hi = _ref(row, 3), _ref(row, 4), _ref(row, 5)
        _put(ws, row, 8, f"={e}*{change}", NUMBER)
        _put(ws, row, 9, f"=MIN({lo}*{change},{hi}*{change})", NUMBER)
        _put(ws, row, 10, f"=MAX({lo}*{change},{hi}*{change})", NUMBER)
        carried.setdefault(link.node, []).append(row)
    row += 2
    scores: Scores = {}
    worth_rows = _measures(ws, result, p, carried, row, scores)
    row = worth_rows[1] + 2
    row = _upper(ws, result, p, scores, row)
    return _worth(ws, result, worth_rows, row)


def _measures(
    ws: Worksheet,
    result: Result,
    p: Projection,
    carried: dict[str, list[int]],
    top: int,
    scores: dict[str, tuple[float, int]],
) -> tuple[int, int]:
    """Write the moved measures: projected level, score and value a year, each with its range."""
    titles = ["Measure", "Now", "Projected", "Low", "High", "Score now", "Projected score", "Low", "High"]
    header_row(ws, top, [*titles, "Worth a year", "Low", "High"])
    arrays, row = result.arrays, top
    for measure in p.measures:
        i = result.card.nodes.index(next(n for n in result.card.nodes if n.id == measure.id))
        node, metric = result.card.nodes[i], result.card.nodes[i].metric
        if metric is None or measure.now is None or measure.id not in carried:
            continue
        row += 1
        _put(ws, row, 1, measure.name)
        _put(ws, row, 2, measure.now, NUMBER)
        base = _ref(row, 2)
        for k, column in enumerate((8, 9, 10)):
            sources = "+".join(_ref(r, column) for r in carried[measure.id])
            _put(ws, row, 3 + k, f"={base}+{sources}", NUMBER)
        _put(ws, row, 6, result.node(node.id).score, SCORE_FORMAT)
        terms = formulas.Terms.of(
            metric,
            result.card.scoring,
            float(arrays.baseline[i]),
            float(arrays.low[i]),
            float(arrays.high[i]),
            band_tolerance(metric),
        )
        target, baseline = float(arrays.target[i, result.t]), float(arrays.baseline_at[i, result.t])
        for k in range(3):
            _put(ws, row, 7 + k, formulas.own(terms, _ref(row, 3 + k), target, baseline), SCORE_FORMAT)
        money = money_per_unit(metric.value_per_unit or 0.0, metric.aggregation, result.card.calendar)
        sign = {"increase": 1.0, "decrease": -1.0}.get(metric.direction, 0.0) * money
        for k in range(3):
            _put(ws, row, 10 + k, f"=({_ref(row, 3 + k)}-{base})*{formulas.num(sign)}", MONEY)
        scores[measure.id] = (result.node(node.id).score or 0.0, row)
    return top + 1, row


def _upper(ws: Worksheet, result: Result, p: Projection, scores: Scores, top: int) -> int:
    """Write the nodes above the moved measures: score now plus each measure's score change times its share."""
    header_row(ws, top, ["Up the cascade", "Score now", "Projected score", "Low", "High"])
    shares: dict[str, list[tuple[str, float]]] = {}
    for node, measure, share in p.shares:
        if measure in scores:
            shares.setdefault(node, []).append((measure, share))
    row = top
    nodes = [(m.id, m.name, m.now) for m in p.scores if m.id in shares]
    if p.overall is not None and "overall" in shares:
        nodes.append(("overall", "Overall", p.overall.now))
    for ident, name, now in nodes:
        row += 1
        _put(ws, row, 1, name)
        _put(ws, row, 2, now, SCORE_FORMAT)
        for k in range(3):
            terms = "+".join(
                f"{formulas.num(share)}*({_ref(scores[m][1], 7 + k)}-{_ref(scores[m][1], 6)})"
                for m, share in shares[ident]
            )
            _put(ws, row, 3 + k, f"={_ref(row, 2)}+{terms}", SCORE_FORMAT)
    return row + 2


def _worth(ws: Worksheet, result: Result, measure_rows: tuple[int, int], top: int) -> int:
    """Write the worth a year and its return on the fee, with their ranges; return the next free row."""
    first, last = measure_rows
    fee = result.card.annual_fee
    put_text(ws.cell(row=top, column=1), f"Worth a year ({result.card.currency})").font = LABEL
    put_text(ws.cell(row=top + 1, column=1), "Return on the annual fee").font = LABEL
    for k, column in enumerate((2, 3, 4)):
        span = f"{get_column_letter(10 + k)}{first}:{get_column_letter(10 + k)}{max(last, first)}"
        _put(ws, top, column, f"=SUM({span})", MONEY)
        if fee:
            _put(ws, top + 1, column, f"={_ref(top, column)}/{formulas.num(fee)}", "0%")
    for k, text in enumerate(("projected", "low", "high")):
        put_text(ws.cell(row=top - 1, column=2 + k), text).font = LABEL
    return top + 4


def scenarios_sheet(wb: Workbook, result: Result, projections: Sequence[Projection]) -> Worksheet:
    """Add the Scenarios sheet: one live block per scenario."""
    ws = wb.create_sheet(SCENARIOS)
    put_text(ws.cell(row=1, column=1), "Scenarios: what more adoption would be worth").font = TITLE
    put_text(
        ws.cell(row=2, column=1),
        "Type a new change in a yellow cell and the projection follows. Only links the data confirm carry a "
        "change; low and high are the ends of the effects' 95% ranges.",
    ).font = SUBTITLE
    row = 4
    for p in projections:
        row = _block(ws, result, p, row)
    widths(ws, [34.0, 26.0, 16.0, 12.0, 12.0, 14.0, 28.0, 14.0, 12.0, 14.0, 12.0, 12.0])
    print_setup(ws)
    return ws
