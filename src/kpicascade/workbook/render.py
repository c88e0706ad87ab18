"""Build the executive workbook for a scored scorecard: a value, no files written."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook

from kpicascade.scoring import Result
from kpicascade.scoring.review import Review
from kpicascade.whatif import Projection
from kpicascade.workbook.build_figures import trend_terms
from kpicascade.workbook.calc import calc_sheet, links_sheet
from kpicascade.workbook.customers_sheet import customers_sheet
from kpicascade.workbook.definitions_sheet import definitions_sheet
from kpicascade.workbook.department_sheet import department_sheet
from kpicascade.workbook.drivers_sheet import drivers_sheet
from kpicascade.workbook.fingerprint import fingerprint
from kpicascade.workbook.hidden_sheet import meta_sheet
from kpicascade.workbook.notes_sheet import notes_sheet
from kpicascade.workbook.peers_sheet import peers_sheet
from kpicascade.workbook.placement import layout
from kpicascade.workbook.plan_sheet import plan_sheet
from kpicascade.workbook.scenarios_sheet import scenarios_sheet
from kpicascade.workbook.signals_sheet import signals_sheet
from kpicascade.workbook.since_sheet import since_sheet
from kpicascade.workbook.summary_sheet import summary_sheet
from kpicascade.workbook.trends_sheet import trends_sheet
from kpicascade.workbook.value_sheet import value_sheet


def render(
    result: Result,
    *,
    findings: Sequence[object] | None = None,
    surveys: Sequence[object] | None = None,
    scenarios: Sequence[Projection] | None = None,
    review: Review | None = None,
    peers: Sequence[Mapping[str, Any]] = (),
) -> Workbook:
    """Return the workbook: Summary, a sheet per department, Trends, Signals, Plan, Notes, Customers, Definitions.

    With findings from the driver analysis or survey drivers (records, as report.evidence makes them), a
    Drivers sheet follows Signals; with scenario projections (kpicascade.whatif), a Scenarios sheet whose
    change cells are live inputs follows it; with peer standings (where the account stands among customers like
    it, as a portfolio build writes them: scoring.peers.Standing as plain data), a Peers sheet follows those; with
    a review (what changed since the last review), a Since last review sheet follows the Summary. Plan (when the
    scorecard has one) and Notes hold cells an executive may edit and import back: due dates, statuses, notes.

    Progress, scores, statuses and roll-ups are formulas over the actual cells (on the hidden Calc
    and Links sheets), so they recompute when someone edits an actual; the workbook asks Excel to
    calculate everything when it opens it.
    """
    lay = layout(result)
    trend = trend_terms(result)
    wb = Workbook()
    summary_sheet(wb, lay, trend)
    if review is not None:
        since_sheet(wb, lay, review)
    for sheet in lay.departments:
        department_sheet(wb, lay, sheet, trend)
    value_sheet(wb, result)
    trends_sheet(wb, lay)
    signals_sheet(wb, lay)
    if findings or surveys:
        drivers_sheet(wb, findings or (), surveys=surveys or ())
    if scenarios:
        scenarios_sheet(wb, result, scenarios)
    if peers:
        peers_sheet(wb, result, peers)
    editable: dict[str, object] = {}
    if result.card.plan:
        editable["plan"] = plan_sheet(wb, lay)[1]
    editable["notes"] = {"period": str(result.card.notes_period(result.period)), "rows": notes_sheet(wb, lay)[1]}
    if result.card.customers:
        customers_sheet(wb, lay)
    definitions_sheet(wb, lay)
    calc_sheet(wb, lay)
    links_sheet(wb, lay)
    files = result.card.files
    meta_sheet(wb, lay, fingerprint(result.card), files[0] if files else "", editable)
    wb.calculation.fullCalcOnLoad = True
    wb.properties.title = f"Balanced scorecard: {result.card.account}"[:250]
    wb.properties.creator = "kpicascade"
    return wb
