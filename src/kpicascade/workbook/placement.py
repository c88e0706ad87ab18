"""Where everything goes: which sheet and row holds each node, signal and cascade link.

Formulas on one sheet point at cells on others, so every sheet's rows are decided here, once,
before anything is written.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kpicascade.model import Department, Node
from kpicascade.scoring import Result
from kpicascade.scoring.engine import MISSING, ROLLUP
from kpicascade.scoring.prepare import COVERS
from kpicascade.workbook.cells import sheet_title
from kpicascade.workbook.styles import Looks, magnitude, unit_format

SUMMARY, TRENDS, SIGNALS, DEFINITIONS = "Summary", "Trends", "Signals", "Definitions"
PLAN, NOTES, CUSTOMERS, SINCE = "Plan", "Notes", "Customers", "Since last review"
CALC, LINKS, META = "Calc", "Links", "_kpicascade"
#: The Value sheet: each valued measure traced, and the total, attributed and evidenced figures.
VALUE = "Value"
#: The Peers sheet: the account's standings among customers like it (only when a portfolio build gave some).
PEERS = "Peers"

#: Calc: one row per node; blocks of one column per period, in this order, then the value column.
ACTUAL, OWN, CHILDREN, SCORE, STATUS = range(5)
BLOCK_NAMES = ("Actual", "Own score", "Children's score", "Score", "Status code")
CALC_FIRST_ROW, CALC_FIRST_COLUMN = 3, 4
#: Links: one row per scored cascade link, grouped by parent; a value block and a status block.
LINK_VALUE, LINK_STATUS = range(2)
LINKS_FIRST_ROW, LINKS_FIRST_COLUMN = 3, 4
#: Department sheets: header row and columns.
DEPT_HEADER = 4
DEPT_COLUMNS = (
    "Node",
    "ID",
    "Kind",
    "Owner",
    "Unit",
    "Baseline",
    "Target",
    "Actual",
    "Progress",
    "Score",
    "Status",
    "Trend",
    "Data",
)
D_NODE, D_ID, D_KIND, D_OWNER, D_UNIT, D_BASELINE, D_TARGET, D_ACTUAL, D_PROGRESS, D_SCORE, D_STATUS, D_TREND = range(
    1, 13
)
#: What a node's figures rest on when incomplete: "3 of 4 reported", "held from the last report", "2 of 3 months".
D_DATA = 13
#: Plan and Notes: header row; Plan's editable due and status columns; Notes' editable note and author columns.
PLAN_HEADER = 4
PLAN_COLUMNS = ("ID", "Action", "Kind", "Owner", "Side", "Moves", "Expected effect", "Due", "Status", "Flags")
P_ID, P_DUE, P_STATUS = 1, 8, 9
NOTES_HEADER = 4
NOTES_COLUMNS = ("ID", "Node", "Kind", "Actual", "Target", "Status", "Note", "Author", "Earlier notes")
N_ID, N_NOTE, N_AUTHOR = 1, 7, 8
#: Trends and Signals: header row and the first period column.
SERIES_HEADER, SERIES_FIRST_COLUMN = 4, 5


@dataclass
class DepartmentSheet:
    """One department's sheet: its title and its nodes top-down, each with its depth in the department."""

    title: str
    department: Department | None
    rows: list[tuple[int, int]] = field(default_factory=list)

    def row_of(self, position: int) -> int:
        """Return the sheet row of the position-th node."""
        return DEPT_HEADER + 1 + position


@dataclass
class Layout:
    """Every sheet title and the row of every node, link and signal (and the workbook's cell styles)."""

    result: Result
    order: list[int]
    children: dict[int, list[int]]
    parents: dict[int, list[int]]
    departments: list[DepartmentSheet]
    home: dict[int, tuple[str, int]]
    trends_row: dict[int, int]
    target_row: dict[int, int]
    signal_row: dict[int, int]
    link_rows: dict[int, tuple[int, int]]
    inputs: set[int]
    sum_parents: set[int]
    worst_parents: set[int]
    tops: list[int]
    history: set[int] = field(default_factory=set)
    #: The cascade of scored links only (align-only left out): value roll-ups follow it.
    scored_children: dict[int, list[int]] = field(default_factory=dict)
    status_history: set[int] = field(default_factory=set)
    looks: Looks = field(default_factory=Looks)
    _calc_rows: dict[int, int] = field(init=False, default_factory=dict)
    _formats: dict[int, str] = field(init=False, default_factory=dict)

    @property
    def period_count(self) -> int:
        """Return the number of periods in the horizon."""
        return len(self.result.periods)

    def calc_row(self, node: int) -> int:
        """Return the Calc row of a node."""
        return self._calc_rows[node]

    def number_format(self, node: int) -> str:
        """Return the number format of a node's figures: its unit's, with the decimals its largest figure needs."""
        found = self._formats.get(node)
        if found is None:
            metric, arrays = self.result.card.nodes[node].metric, self.result.arrays
            if metric is None:
                found = unit_format(None, self.result.card.currency)
            else:
                rows = (arrays.baseline_at[node], arrays.target[node], arrays.actual[node], arrays.measured[node])
                biggest = magnitude(float(x) for row in rows for x in row)
                found = unit_format(metric.unit, self.result.card.currency, biggest)
            self._formats[node] = found
        return found

    def calc_column(self, block: int, t: int) -> int:
        """Return the Calc column of one block (actual, own, ...) at period t."""
        return CALC_FIRST_COLUMN + block * self.period_count + t

    @property
    def value_column(self) -> int:
        """Return the Calc column of each node's value realised at the viewed period."""
        return CALC_FIRST_COLUMN + 5 * self.period_count

    def links_column(self, block: int, t: int) -> int:
        """Return the Links column of the value or status block at period t."""
        return LINKS_FIRST_COLUMN + block * self.period_count + t

    def series_column(self, t: int) -> int:
        """Return the Trends or Signals column of period t."""
        return SERIES_FIRST_COLUMN + t

    def __post_init__(self) -> None:
        self._calc_rows = {node: CALC_FIRST_ROW + k for k, node in enumerate(self.order)}

    def periods_of(self, node: int) -> range:
        """Return the periods Calc computes for a node: the viewed one, and every one before it under a carry."""
        t = self.result.t
        return range(t + 1) if node in self.history else range(t, t + 1)

    def status_periods(self, node: int) -> range:
        """Return the periods Calc gives a node a status in: the viewed one, and earlier ones a worst-of reads."""
        t = self.result.t
        return range(t + 1) if node in self.status_history else range(t, t + 1)

    def link_periods(self, parent: int) -> range:
        """Return the periods Links computes for a parent's links: its own, and all before under a carry."""
        t = self.result.t
        carry = self.result.arrays.cascade.missing[parent] == MISSING["carry"]
        return range(t + 1) if carry or parent in self.history else range(t, t + 1)

    def holds(self, node: int, t: int) -> int:
        """Return how many periods back from t (t included) a held metric's report may come from, 0 if not held.

        A metric reported less often than the scorecard (frequency: quarter on a monthly scorecard) holds its
        last report for the periods one report covers, never past the last period with data, as the engine.
        """
        arrays = self.result.arrays
        last = arrays.cascade.last_data
        metric = self.result.card.nodes[node].metric
        covers = COVERS.get((self.result.period.calendar, metric.frequency)) if metric and metric.frequency else None
        if covers is None or last is None or t > last:
            return 0
        return min(covers, t + 1)

    def carried_from(self, parent: int, t: int) -> list[int]:
        """Return the earlier periods, newest first, a carry parent may take a missing child's value from at t.

        At most max_age of them, and none after the last period with data, as the engine carries.
        """
        cascade = self.result.arrays.cascade
        if cascade.missing[parent] != MISSING["carry"] or cascade.last_data is None or t > cascade.last_data:
            return []
        return list(range(t - 1, max(-1, t - 1 - cascade.max_age), -1))


def _cascade_maps(
    nodes: list[Node], index: dict[str, int], links: list[tuple[str, str]]
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    children: dict[int, list[int]] = defaultdict(list)
    parents: dict[int, list[int]] = defaultdict(list)
    for child, parent in links:
        children[index[parent]].append(index[child])
        parents[index[child]].append(index[parent])
    for lists in (children, parents):
        for key in lists:
            lists[key] = sorted(set(lists[key]))
    return dict(children), dict(parents)


def top_down(
    nodes: list[Node], children: dict[int, list[int]], parents: dict[int, list[int]]
) -> list[tuple[int, list[int]]]:
    """Return each node once, top-down depth first, with the path of nodes above it where first met."""
    out: list[tuple[int, list[int]]] = []
    seen: set[int] = set()

    def walk(node: int, path: list[int]) -> None:
        if node in seen:
            return
        seen.add(node)
        out.append((node, path))
        for child in children.get(node, []):
            walk(child, [*path, node])

    for i in range(len(nodes)):
        if not parents.get(i):
            walk(i, [])
    for i in range(len(nodes)):  # nodes only reachable through a cycle; validation forbids them
        walk(i, [])
    return out


#: A department sheet lists its objectives first, then KPIs, KPMs and MBOs that head their own part of the cascade.
_KIND_RANK = {"objective": 0, "kpi": 1, "kpm": 2, "mbo": 3}


def department_rows(nodes: list[Node], walk: list[tuple[int, list[int]]]) -> dict[str | None, list[tuple[int, int]]]:
    """Return each department's nodes top-down with their depth in it, the department's own tops objectives first.

    A node hangs below the nearest node above it (where the walk first met it) of the same department; the
    department's tops keep the walk's order within a kind.
    """
    under: dict[int, list[int]] = defaultdict(list)
    tops: dict[str | None, list[int]] = defaultdict(list)
    for node, path in walk:
        dept = nodes[node].department
        above = next((a for a in reversed(path) if nodes[a].department == dept), None)
        if above is None:
            tops[dept].append(node)
        else:
            under[above].append(node)
    out: dict[str | None, list[tuple[int, int]]] = {}
    for dept, heads in tops.items():
        rows: list[tuple[int, int]] = []
        ordered = sorted(heads, key=lambda n: _KIND_RANK[nodes[n].kind])
        stack = [(node, 0) for node in ordered[::-1]]
        while stack:
            node, depth = stack.pop()
            rows.append((node, depth))
            stack += [(child, depth + 1) for child in reversed(under.get(node, []))]
        out[dept] = rows
    return out


def _department_sheets(result: Result, walk: list[tuple[int, list[int]]], taken: set[str]) -> list[DepartmentSheet]:
    card = result.card
    by_department = department_rows(card.nodes, walk)
    sheets = [
        DepartmentSheet(sheet_title(d.name, taken), d, by_department[d.id])
        for d in card.departments
        if by_department.get(d.id)
    ]
    known = {d.id for d in card.departments}
    strays = [row for dept, rows in by_department.items() if dept not in known for row in rows]
    if strays:
        sheets.append(DepartmentSheet(sheet_title("Other", taken), None, strays))
    return sheets


def _tops(result: Result) -> list[int]:
    scored = {int(c) for c in result.arrays.cascade.child}  # a child only through align-only links is a top
    roots = [i for i in range(len(result.card.nodes)) if i not in scored]
    objectives = [i for i in roots if result.card.nodes[i].kind == "objective"]
    return objectives or roots


def history(result: Result, sum_parents: set[int]) -> set[int]:
    """Return the nodes whose earlier periods matter: sum nodes, and those beneath a carry parent or a sum node.

    Everything at the viewed period is computed; a carry-forward parent also reads its children's
    last score before it, so those children (and all beneath them) are computed for every period
    up to the viewed one. A sum node's actual is shown on Trends for every period, so it and everything
    beneath it are computed for every period too. Parents come before children in descending order of level.
    """
    cascade = result.arrays.cascade
    parents_of: dict[int, list[int]] = {}
    for child, parent in zip(cascade.child, cascade.parent, strict=True):
        parents_of.setdefault(int(child), []).append(int(parent))
    carry = {int(p) for p in cascade.parent if cascade.missing[p] == MISSING["carry"]} | sum_parents
    found: set[int] = set(sum_parents)
    for node in sorted(range(cascade.size), key=lambda n: -int(cascade.levels[n])):
        if any(p in found or p in carry for p in parents_of.get(node, [])):
            found.add(node)
    return found


def layout(result: Result) -> Layout:
    """Return where every node, link and signal of a scored scorecard goes in the workbook."""
    card = result.card
    index = result.index
    all_links = [(link.from_, link.to) for link in card.links.contributes]
    children, parents = _cascade_maps(card.nodes, index, all_links)
    walk = top_down(card.nodes, children, parents)
    taken = {
        t.lower()
        for t in (SUMMARY, TRENDS, SIGNALS, DEFINITIONS, PLAN, NOTES, CUSTOMERS, SINCE, CALC, LINKS, META, VALUE, PEERS)
    }
    departments = _department_sheets(result, walk, taken)
    cascade = result.arrays.cascade
    scored_parents = {int(p) for p in cascade.parent}
    sum_parents = {p for p in scored_parents if cascade.rollup[p] == ROLLUP["sum"]}
    worst_parents = {p for p in scored_parents if cascade.rollup[p] == ROLLUP["worst"]}
    inputs = {i for i, n in enumerate(card.nodes) if n.metric is not None and i not in sum_parents}
    home = {
        node: (sheet.title, sheet.row_of(k))
        for sheet in departments
        for k, (node, _depth) in enumerate(sheet.rows)
        if node in inputs
    }
    measured = [node for sheet in departments for node, _depth in sheet.rows if card.nodes[node].metric]
    trends_row = {node: SERIES_HEADER + 1 + k for k, node in enumerate(measured)}
    charted = [node for node in measured if card.nodes[node].kind == "kpi"]
    first_target = SERIES_HEADER + len(measured) + 4
    target_row = {node: first_target + k for k, node in enumerate(charted)}
    signal_row = {k: SERIES_HEADER + 1 + k for k in range(len(card.signals))}
    link_rows: dict[int, tuple[int, int]] = {}
    for k, parent in enumerate(int(p) for p in cascade.parent):
        first, _last = link_rows.get(parent, (LINKS_FIRST_ROW + k, 0))
        link_rows[parent] = (first, LINKS_FIRST_ROW + k)
    lay = Layout(
        result,
        [node for node, _path in walk],
        children,
        parents,
        departments,
        home,
        trends_row,
        target_row,
        signal_row,
        link_rows,
        inputs,
        sum_parents,
        worst_parents,
        _tops(result),
        history(result, sum_parents),
    )
    for child, parent in zip(cascade.child, cascade.parent, strict=True):
        lay.scored_children.setdefault(int(parent), []).append(int(child))
    lay.status_history = {
        int(c)
        for c, p in zip(cascade.child, cascade.parent, strict=True)
        if int(p) in worst_parents and len(lay.link_periods(int(p))) > 1
    }
    return lay
