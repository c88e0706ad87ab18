"""Check a scorecard's meaning: references, ids, cycles, kind rules, targets, periods, and lint."""

from __future__ import annotations

import difflib
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date

from kpicascade._exceptions import PeriodError
from kpicascade.measurements import Measurement
from kpicascade.model import Node, Scorecard
from kpicascade.periods import Period, period_range
from kpicascade.problems import FieldPath, Problem, Severity

#: The most one account's scorecard may hold: far above any real account (hundreds of nodes), low enough that
#: every output of one account is made in minutes; a portfolio of many accounts has no such limit.
MAX_NODES = 20_000
MAX_DEPARTMENTS = 500
#: Periods in a horizon (a workbook lays out columns per period, and a worksheet ends at column 16,384).
MAX_PERIODS = 1_000
#: A child may feed a parent of the same or a higher level, never a lower one.
LEVEL = {"objective": 0, "kpi": 1, "kpm": 2, "mbo": 3}


class _Report:
    def __init__(self, card: Scorecard) -> None:
        self.card = card
        self.problems: list[Problem] = []

    def add(self, severity: Severity, code: str, message: str, path: FieldPath, key: bool = False) -> None:
        self.problems.append(Problem(severity, code, message, self.card.source.locate(path, key=key), path))

    def error(self, code: str, message: str, path: FieldPath, key: bool = False) -> None:
        self.add("error", code, message, path, key)

    def warn(self, code: str, message: str, path: FieldPath) -> None:
        self.add("warning", code, message, path)


def _ids(card: Scorecard) -> Iterator[tuple[str, FieldPath]]:
    for section in ("departments", "nodes", "signals"):
        for i, item in enumerate(getattr(card, section)):
            yield item.id, (section, i, "id")


def _check_ids(r: _Report) -> None:
    seen: dict[str, FieldPath] = {}
    for ident, path in _ids(r.card):
        if ident in seen:
            first = r.card.source.locate(seen[ident])
            r.error("duplicate-id", f"id {ident!r} is used twice (first at {first})", path)
        else:
            seen[ident] = path
    perspectives = Counter(p.id for p in r.card.perspectives)
    for i, p in enumerate(r.card.perspectives):
        if perspectives[p.id] > 1:
            r.error("duplicate-id", f"perspective {p.id!r} is listed twice", ("perspectives", i, "id"))


def _check_references(r: _Report) -> None:
    card = r.card
    nodes = {n.id for n in card.nodes}
    signals = {s.id for s in card.signals}
    departments = {d.id for d in card.departments}
    perspectives = {p.id for p in card.perspectives}

    def need(ident: str, known: set[str], what: str, path: FieldPath) -> None:
        if ident not in known:
            r.error("unknown-reference", f"unknown {what} {ident!r}{_hint(ident, known, what, signals, nodes)}", path)

    for i, node in enumerate(card.nodes):
        need(node.perspective, perspectives, "perspective", ("nodes", i, "perspective"))
        if node.department is not None:
            need(node.department, departments, "department", ("nodes", i, "department"))
    for kind in ("contributes", "drives"):
        for i, link in enumerate(getattr(card.links, kind)):
            need(link.from_, nodes, "node", ("links", kind, i, "from"))
            need(link.to, nodes, "node", ("links", kind, i, "to"))
    for i, sig in enumerate(card.links.signals):
        need(sig.signal, signals, "signal", ("links", "signals", i, "signal"))
        need(sig.node, nodes, "node", ("links", "signals", i, "node"))
    for i, customer in enumerate(card.customers):
        for j, ident in enumerate(customer.served_by):
            need(ident, nodes, "node", ("customers", i, "served_by", j))
    for i, item in enumerate(card.plan):
        for j, ident in enumerate(item.nodes):
            need(ident, nodes, "node", ("plan", i, "nodes", j))
        if item.expect is not None:
            need(item.expect.node, nodes, "node", ("plan", i, "expect", "node"))
    for i, scenario in enumerate(card.scenarios):
        need(scenario.signal, signals, "signal", ("scenarios", i, "signal"))
    if card.survey is not None:
        if card.survey.node is not None:
            need(card.survey.node, nodes, "node", ("survey", "node"))
        for question, ids in card.survey.drivers.items():
            for j, ident in enumerate(ids):
                need(ident, nodes, "node", ("survey", "drivers", question, j))


def _hint(ident: str, known: set[str], what: str, signals: set[str], nodes: set[str]) -> str:
    if what == "node" and ident in signals:
        return " (it is a signal; link signals under links: signals)"
    if what == "signal" and ident in nodes:
        return " (it is a node)"
    close = difflib.get_close_matches(ident, sorted(known), n=1, cutoff=0.75)
    return f"; did you mean {close[0]!r}?" if close else ""


def _check_links(r: _Report) -> None:
    card = r.card
    kinds = {n.id: n.kind for n in card.nodes}
    pairs: Counter[tuple[str, str]] = Counter()
    for i, link in enumerate(card.links.contributes):
        path: FieldPath = ("links", "contributes", i)
        pairs[(link.from_, link.to)] += 1
        if pairs[(link.from_, link.to)] == 2:
            r.error("duplicate-link", f"{link.from_} -> {link.to} is linked twice", path)
        if link.from_ == link.to:
            r.error("cycle", f"{link.from_} contributes to itself", path)
        child, parent = kinds.get(link.from_), kinds.get(link.to)
        if child and parent and LEVEL[child] < LEVEL[parent]:
            r.error(
                "kind-rule",
                f"{child} {link.from_!r} cannot feed {parent} {link.to!r}: "
                "a child must be at the same or a lower level than its parent",
                path,
            )
    for i, drive in enumerate(card.links.drives):
        if drive.from_ == drive.to:
            r.error("drives-itself", f"{drive.from_} cannot drive itself", ("links", "drives", i))
    signal_pairs: Counter[tuple[str, str]] = Counter()
    for i, sig in enumerate(card.links.signals):
        signal_pairs[(sig.signal, sig.node)] += 1
        if signal_pairs[(sig.signal, sig.node)] == 2:
            r.error("duplicate-link", f"signal {sig.signal} -> {sig.node} is linked twice", ("links", "signals", i))


def _check_plan(r: _Report, horizon: set[Period] | None) -> None:
    seen: dict[str, int] = {}
    for i, item in enumerate(r.card.plan):
        if item.id in seen:
            r.error(
                "duplicate-id",
                f"plan item {item.id!r} is listed twice (first as plan[{seen[item.id]}])",
                ("plan", i, "id"),
            )
        seen.setdefault(item.id, i)
        try:
            date.fromisoformat(item.due)
        except ValueError:
            r.error(
                "bad-date", f"due date {item.due!r} is not a day of the calendar (write 2026-09-30)", ("plan", i, "due")
            )
        if not item.nodes and item.expect is None:
            r.warn("plan-no-node", f"plan item {item.id!r} names no node it is meant to move", ("plan", i))
        effect = item.expect
        if effect is None:
            continue
        node = next((n for n in r.card.nodes if n.id == effect.node), None)
        if node is not None and node.metric is None:
            r.error("kind-rule", f"{effect.node!r} has no metric, so no value to expect", ("plan", i, "expect", "node"))
        if effect.by is not None:
            try:
                by = Period.parse(effect.by, r.card.calendar)
            except PeriodError as exc:
                r.error("period", str(exc), ("plan", i, "expect", "by"))
                continue
            if horizon is not None and by not in horizon:
                r.error("period", f"period {effect.by} is outside the horizon", ("plan", i, "expect", "by"))


def _check_scenarios(r: _Report) -> None:
    seen: dict[str, int] = {}
    linked = {link.signal for link in r.card.links.signals}
    known = {s.id for s in r.card.signals}
    for i, scenario in enumerate(r.card.scenarios):
        if scenario.id in seen:
            r.error(
                "duplicate-id",
                f"scenario {scenario.id!r} is listed twice (first as scenarios[{seen[scenario.id]}])",
                ("scenarios", i, "id"),
            )
        seen.setdefault(scenario.id, i)
        if scenario.start is not None:
            try:
                Period.parse(scenario.start, r.card.calendar)
            except PeriodError as exc:
                r.error("period", str(exc), ("scenarios", i, "from"))
        if scenario.signal in known and scenario.signal not in linked:
            r.warn(
                "scenario-unlinked",
                f"scenario {scenario.id!r} moves {scenario.signal!r}, which is linked to no node: it can move nothing",
                ("scenarios", i, "signal"),
            )


def _feeders(card: Scorecard) -> dict[str, list[str]]:
    """Return each id in the cascade (nodes, and ids links name) with the ids that contribute to it."""
    signals = {s.id for s in card.signals} - {n.id for n in card.nodes}
    feeders: dict[str, list[str]] = {n.id: [] for n in card.nodes}
    for link in card.links.contributes:
        if link.from_ not in signals and link.to not in signals:
            feeders.setdefault(link.from_, [])
            feeders.setdefault(link.to, []).append(link.from_)
    return feeders


def _find_cycle(card: Scorecard) -> list[str] | None:
    """Return the ids of one cycle in the cascade, child to parent, first id repeated at the end, or None."""
    parents: dict[str, list[str]] = defaultdict(list)
    for parent, children in _feeders(card).items():
        for child in children:
            parents[child].append(parent)
    state: dict[str, int] = {}  # 1 while on the walk's path, 2 when finished
    for start in [n.id for n in card.nodes] + list(parents):
        if start in state:
            continue
        path, walks = [start], [iter(parents[start])]
        state[start] = 1
        while walks:
            step = next(walks[-1], None)
            if step is None:
                state[path.pop()] = 2
                walks.pop()
            elif state.get(step) == 1:
                return [*path[path.index(step) :], step]
            elif step not in state:
                state[step] = 1
                path.append(step)
                walks.append(iter(parents[step]))
    return None


def _check_cycle(r: _Report) -> bool:
    cycle = _find_cycle(r.card)
    if cycle is None:
        return False
    if len(cycle) == 2:
        return True  # a node that contributes to itself, reported by _check_links
    index = {(link.from_, link.to): i for i, link in enumerate(r.card.links.contributes)}
    first = index.get((cycle[0], cycle[1]), 0)
    r.error("cycle", "the cascade has a cycle: " + " -> ".join(cycle), ("links", "contributes", first))
    return True


def _horizon(r: _Report) -> set[Period] | None:
    card = r.card
    bounds = []
    for end in ("start", "end"):
        try:
            bounds.append(Period.parse(getattr(card.horizon, end), card.calendar))
        except PeriodError as exc:
            r.error("period", str(exc), ("horizon", end))
    if len(bounds) < 2:
        return None
    if bounds[1] < bounds[0]:
        r.error("period", f"the horizon ends ({bounds[1]}) before it starts ({bounds[0]})", ("horizon", "end"))
        return None
    if (span := bounds[1] - bounds[0] + 1) > MAX_PERIODS:
        r.error("too-large", f"the horizon spans {span:,} periods; at most {MAX_PERIODS:,}", ("horizon", "end"))
        return None
    return set(period_range(bounds[0], bounds[1]))


def _check_size(r: _Report) -> None:
    for section, found, most in (
        ("nodes", r.card.nodes, MAX_NODES),
        ("departments", r.card.departments, MAX_DEPARTMENTS),
    ):
        if len(found) > most:
            r.error("too-large", f"{len(found):,} {section}; one scorecard may hold at most {most:,}", (section,))


def _check_metric(r: _Report, i: int, node: Node, horizon: set[Period] | None) -> None:
    metric = node.metric
    if metric is None:
        return
    path: FieldPath = ("nodes", i, "metric")
    method = metric.scoring_method
    if metric.direction == "band" or method == "band":
        band = metric.band
        if band is None or band.low is None or band.high is None:
            r.error("band-bounds", "a band metric needs band: {low, high}", (*path, "band"))
        elif band.low > band.high:
            r.error("band-bounds", f"band low {band.low} is above high {band.high}", (*path, "band"))
    # on a node naming a catalogue entry, the calendar's own frequency overrides the entry's (a survey the account
    # runs every month though the entry's is quarterly); anywhere else it says nothing and is a mistake
    if metric.frequency is not None and metric.frequency == r.card.calendar and node.catalog is None:
        r.error(
            "frequency",
            f"frequency: {metric.frequency} is the scorecard's own calendar; it is for a metric reported less "
            "often (quarter on a monthly scorecard): leave it out",
            (*path, "frequency"),
        )
    if method == "thresholds" and not metric.rules:
        r.error("rules-missing", "the thresholds method needs rules", (*path, "rules"))
    if method in {"linear", "clamped", "binary"}:
        # a catalogue entry defines the metric; the account's own baseline and target are the node's to give
        own = f" of the account's own (catalog {node.catalog} gives only the definition)" if node.catalog else ""
        if metric.target is None:
            r.error("target-missing", f"the {method} method needs a target{own}", (*path, "target"))
        if metric.baseline is None and method != "binary":
            r.error("baseline-missing", f"the {method} method needs a baseline{own}", (*path, "baseline"))
    targets = metric.target if isinstance(metric.target, dict) else {}
    if isinstance(metric.target, dict) and not metric.target:
        r.error("target-missing", "a time-phased target needs at least one period: {2026-Q4: 0.95}", (*path, "target"))
    if method in {"linear", "clamped", "binary"} and metric.baseline is not None:
        _check_target_values(r, path, metric.direction, metric.baseline, metric.target)
    for text in targets:
        try:
            period = Period.parse(text, r.card.calendar)
        except PeriodError as exc:
            r.error("period", str(exc), (*path, "target", text), key=True)
            continue
        if horizon is not None and period not in horizon:
            r.error(
                "period",
                f"target period {period} is outside the horizon {r.card.horizon.start}..{r.card.horizon.end}",
                (*path, "target", text),
                key=True,
            )


def _check_target_values(
    r: _Report, path: FieldPath, direction: str, baseline: float, target: float | dict[str, float] | None
) -> None:
    phased = target if isinstance(target, dict) else {}
    found: list[tuple[FieldPath, float]] = [((*path, "target", k), v) for k, v in phased.items()]
    if isinstance(target, float | int):
        found.append(((*path, "target"), target))
    for where, value in found:
        if value == baseline:
            r.error(
                "target-equals-baseline",
                f"target {value:g} equals the baseline: progress from baseline to target would divide by zero; "
                f"to hold {value:g} steady, write direction: band with band: {{low: ..., high: ...}} around it, "
                "or a binary method (met when at or beyond the target)",
                where,
            )
        elif direction != "band" and (direction == "decrease") == (value > baseline):
            side, better = ("above", "lower") if direction == "decrease" else ("below", "higher")
            r.error(
                "target-direction",
                f"target {value:g} is {side} the baseline {baseline:g}, but the direction is "
                f"{direction} ({better} is better): swap them or change the direction",
                where,
            )


def _check_nodes(r: _Report, horizon: set[Period] | None) -> None:
    for i, node in enumerate(r.card.nodes):
        if node.kind == "mbo" and not node.owner:
            r.error("mbo-owner", f"MBO {node.id!r} needs an owner (an individual or a role)", ("nodes", i))
        if node.level is not None and node.kind != "objective":
            r.error("kind-rule", "only objectives have a level (strategic or business)", ("nodes", i, "level"))
        if node.combine in {"own", "blend"} and node.metric is None:
            r.error("combine", f"combine: {node.combine} needs the node's own metric", ("nodes", i, "combine"))
        if node.rollup == "sum" and node.metric is None:
            r.error(
                "rollup-sum",
                "rollup: sum adds the children's values into the node's own measure, so the node needs a metric",
                ("nodes", i, "rollup"),
            )
        _check_metric(r, i, node, horizon)


class _Beneath:
    """What lies beneath each node of an acyclic cascade, the node included: found children first, once per link."""

    def __init__(self, card: Scorecard) -> None:
        signalled = {s.node for s in card.links.signals}
        self.measured: dict[str, bool] = {}
        self.signalled: dict[str, bool] = {}
        #: the first three ids (sorted) of the nodes strictly beneath that carry value_per_unit
        self.valued: dict[str, list[str]] = {}
        feeders = _feeders(card)
        valued = {n.id for n in card.nodes if _valued(n)}
        measured = {n.id for n in card.nodes if n.metric is not None}
        for ident in _children_first(feeders):
            children = feeders[ident]
            self.measured[ident] = ident in measured or any(self.measured[c] for c in children)
            self.signalled[ident] = ident in signalled or any(self.signalled[c] for c in children)
            # the three smallest of a union are among the three smallest of each part, so three per node suffice
            found = {v for c in children for v in self.valued[c]} | {c for c in children if c in valued}
            self.valued[ident] = sorted(found)[:3]


def _children_first(feeders: dict[str, list[str]]) -> list[str]:
    """Return the ids of an acyclic cascade, each after every id that feeds it."""
    waiting = {ident: len(set(children)) for ident, children in feeders.items()}
    parents: dict[str, set[str]] = defaultdict(set)
    for ident, children in feeders.items():
        for child in children:
            parents[child].add(ident)
    order = [ident for ident, count in waiting.items() if count == 0]
    for ident in order:  # grows while it is walked
        for parent in parents[ident]:
            waiting[parent] -= 1
            if waiting[parent] == 0:
                order.append(parent)
    return order


def _lint(r: _Report) -> None:
    card = r.card
    beneath = _Beneath(card)
    linked_signals = {s.signal for s in card.links.signals}
    for i, node in enumerate(card.nodes):
        if node.kind == "objective" and not beneath.measured[node.id]:
            r.warn(
                "unmeasured-objective",
                f"objective {node.id!r} has no measured node beneath it, so it cannot be managed",
                ("nodes", i),
            )
        if node.kind == "kpi" and not beneath.signalled[node.id]:
            r.warn(
                "kpi-without-signal",
                f"no usage signal is linked to KPI {node.id!r} or below it: no proof of the vendor's value",
                ("nodes", i),
            )
        if not card.owner_of(node):
            r.warn("no-owner", f"{node.kind} {node.id!r} has no owner (nor does its department)", ("nodes", i))
        if node.metric is not None and node.metric.value_per_unit is not None:
            valued = beneath.valued[node.id]
            if valued:
                r.warn(
                    "value-counted-twice",
                    f"{node.id!r} and {', '.join(map(repr, valued))} beneath it both "
                    "carry value_per_unit, so one improvement is counted twice in value realised",
                    ("nodes", i, "metric", "value_per_unit"),
                )
        if node.attribution is not None and not _valued(node):
            r.warn(
                "attribution-without-value",
                f"{node.id!r} declares an attribution but no value_per_unit, so there is no value to attribute",
                ("nodes", i, "attribution"),
            )
    for i, signal in enumerate(card.signals):
        if signal.id not in linked_signals:
            r.warn("signal-unlinked", f"signal {signal.id!r} is linked to nothing", ("signals", i))
    _lint_weights(r)


def _valued(node: Node) -> bool:
    return node.metric is not None and node.metric.value_per_unit is not None


def _meant_total(weights: list[float]) -> float | None:
    """Return the round total (100 or 1) that sibling weights seem meant to reach but miss by up to 10%."""
    total = sum(weights)
    for aim, fits in ((100.0, all(w > 1 for w in weights)), (1.0, all(w < 1 for w in weights))):
        off = abs(total - aim)
        if len(weights) >= 2 and fits and aim * 1e-9 < off <= aim * 0.1 + 1e-9:
            return aim
    return None


def _lint_sum_weights(r: _Report) -> None:
    sums = {n.id for n in r.card.nodes if n.rollup == "sum"}
    for i, link in enumerate(r.card.links.contributes):
        if link.to in sums and not link.align_only and link.weight != 1:
            r.warn(
                "sum-weight",
                f"{link.to!r} adds up its children's actuals, so weight {link.weight:g} multiplies "
                f"{link.from_!r}'s actual (a conversion), it does not weigh it against its siblings",
                ("links", "contributes", i, "weight"),
            )


def _lint_weights(r: _Report) -> None:
    _lint_sum_weights(r)
    siblings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, link in enumerate(r.card.links.contributes):
        if not link.align_only:
            siblings[link.to].append((i, link.weight))
    for parent, links in siblings.items():
        weights = [w for _, w in links]
        aim = _meant_total(weights)
        if aim is not None:
            r.warn(
                "weights-typo",
                f"weights into {parent!r} sum to {sum(weights):g}, not {aim:g}: a typo?",
                ("links", "contributes", links[0][0], "weight"),
            )
        elif len(weights) >= 3:
            for i, w in links:
                others = statistics.median([x for j, x in links if j != i])
                if w >= 10 * others:
                    r.warn(
                        "weights-typo",
                        f"weight {w:g} into {parent!r} is {w / others:.0f}x its siblings' ({others:g}): a typo?",
                        ("links", "contributes", i, "weight"),
                    )


#: An actual farther outside the range of its series' other values than this many times that range looks like a
#: typo (0.41 among 0.93 to 0.95); a step change (7.4 before 3.7 after an improvement) stays inside the range.
TYPO_RANGES = 3.0
#: The range never counts as less than this share of the median, so a steady series (5, 5, 5, 6 hours) is not flagged.
TYPO_MIN_RANGE = 0.1
#: A series needs this many other values before one of them can look out of place.
TYPO_MIN_VALUES = 4


def looks_like_typo(value: float, others: list[float]) -> bool:
    """Return whether value lies far outside the range of the other values of its series.

    >>> looks_like_typo(0.41, [0.93, 0.94, 0.95, 0.94]), looks_like_typo(7.4, [7.2, 6.7, 5.3, 3.7, 3.4])
    (True, False)
    """
    if len(others) < TYPO_MIN_VALUES:
        return False
    low, high = min(others), max(others)
    outside = max(low - value, value - high, 0.0)
    scale = max(high - low, TYPO_MIN_RANGE * abs(statistics.median(others)))
    return scale > 0 and outside > TYPO_RANGES * scale


def _lint_typos(card: Scorecard) -> Iterator[Problem]:
    by_id: dict[str, list[Measurement]] = defaultdict(list)
    for m in card.measurements:
        by_id[m.id].append(m)
    for ident, rows in by_id.items():
        values = [r.value for r in rows]
        least, most = min(values), max(values)
        alone = {v for v in (least, most) if values.count(v) == 1}
        for k, m in enumerate(rows):
            if m.value not in alone:
                continue  # within the range of the others: an equal or more extreme value stays among them
            others = values[:k] + values[k + 1 :]
            if looks_like_typo(m.value, others):
                low, high, middle = min(others), max(others), statistics.median(others)
                yield Problem(
                    "warning",
                    "actual-typo",
                    f"{ident} {m.period} is {m.value:g}, far outside its other values ({low:g} to {high:g}, "
                    f"median {middle:g}): a typo?",
                    m.location,
                    ("value",),
                )


def _check_grain(card: Scorecard) -> Iterator[Problem]:
    first: dict[tuple[str, str], Measurement] = {}
    for m in card.measurements:
        first.setdefault((m.id, m.period.calendar), m)
    for (ident, calendar), m in first.items():
        other = first.get((ident, "quarter"))
        if calendar == "month" and other is not None:
            yield Problem(
                "error",
                "actuals-grain",
                f"{ident} has monthly rows ({m.period} here) and quarterly rows ({other.period} at {other.location}): "
                "give one grain per id, months or quarters",
                m.location,
                ("period",),
            )


def _lint_sum_actuals(card: Scorecard) -> Iterator[Problem]:
    summed = {link.to for link in card.links.contributes if not link.align_only}
    sums = {n.id for n in card.nodes if n.rollup == "sum" and n.id in summed}
    reported: set[str] = set()
    for m in card.measurements:
        if m.id in sums and m.id not in reported:
            reported.add(m.id)
            yield Problem(
                "warning",
                "sum-actual-ignored",
                f"{m.id} adds up its children's actuals (rollup: sum), so its own actuals, like {m.period} here, "
                "are not used: drop them, or drop rollup: sum",
                m.location,
                ("id",),
            )


#: Units whose values are fractions (0.12 is 12%).
_PERCENT_UNITS = {"percent", "%", "pct"}


def _lint_percent_points(card: Scorecard) -> Iterator[Problem]:
    percent_ids = {n.id for n in card.nodes if n.metric is not None and n.metric.unit in _PERCENT_UNITS}
    values: dict[str, list[Measurement]] = defaultdict(list)
    for m in card.measurements:
        if m.id in percent_ids:
            values[m.id].append(m)
    for ident, rows in values.items():
        middle = statistics.median(abs(m.value) for m in rows)
        if middle > 1.5:
            first = next(m for m in rows if abs(m.value) > 1.5)
            yield Problem(
                "warning",
                "percent-as-points",
                f"{ident} is in percent, written as fractions (0.12 is 12%), but its values look like points "
                f"({first.value:g} would show as {first.value * 100:g}%): divide them by 100, or use unit: points",
                first.location,
                ("value",),
            )


def check_actuals(card: Scorecard, *, lint: bool = True) -> list[Problem]:
    """Return every error (and, with lint, every warning) about the scorecard's actuals: mixed grain, typos."""
    problems = list(_check_grain(card))
    if lint:
        problems += list(_lint_typos(card)) + list(_lint_sum_actuals(card)) + list(_lint_percent_points(card))
    return problems


def validate(card: Scorecard, *, lint: bool = True) -> list[Problem]:
    """Return every error (and, with lint, every warning) about the scorecard's meaning."""
    r = _Report(card)
    _check_size(r)
    if r.problems:
        return r.problems  # a scorecard past the limits is not checked further: that would take minutes
    _check_ids(r)
    _check_references(r)
    _check_links(r)
    horizon = _horizon(r)
    _check_nodes(r, horizon)
    _check_plan(r, horizon)
    _check_scenarios(r)
    has_cycle = _check_cycle(r)
    if lint and not has_cycle and not any(p.severity == "error" for p in r.problems):
        _lint(r)
    return r.problems
