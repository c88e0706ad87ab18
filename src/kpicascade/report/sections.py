"""Build each section of the report from a scored result."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from markupsafe import Markup

from kpicascade.diagram import palette
from kpicascade.diagram.labels import measure
from kpicascade.diagram.structure import Structure, structure
from kpicascade.format import percent
from kpicascade.model import SHOWSTOPPER, Node
from kpicascade.report import money
from kpicascade.report.context import (
    Branch,
    Builder,
    CustomerEntry,
    DepartmentView,
    Drive,
    LegendEntry,
    Moved,
    Objective,
    Perspective,
    PlanEntry,
    Reason,
    Report,
    Row,
    Server,
    Showstopper,
    SignalRow,
    SinceReview,
    TreeLine,
    points,
)
from kpicascade.report.evidence import table
from kpicascade.report.opportunity import views
from kpicascade.report.sparkline import sparkline
from kpicascade.scoring import Result
from kpicascade.scoring.actions import STATUS_WORDS, plan_rows
from kpicascade.scoring.chain import customer_rows
from kpicascade.scoring.review import Review
from kpicascade.whatif import Projection

#: "Why it moved" names at most this many contributors per objective, largest moves first.
REASONS = 3
#: "Since the last review" lists at most this many moves: new reds, status changes, targets, then the largest.
SINCE_ROWS = 15


def reasons(builder: Builder, objective_id: str) -> list[Reason]:
    """Return the largest contributions to an objective's score change since the previous period."""
    result = builder.result
    if result.t == 0:
        return []
    previous = result.periods[result.t - 1]
    moves = [c for c in result.attribution(objective_id, previous) if abs(c.contribution) >= 0.0005]
    moves.sort(key=lambda c: (-abs(c.contribution), c.id))
    out = []
    for c in moves[:REASONS]:
        own = " (its own measure)" if c.id == objective_id else ""
        span = f"{percent(c.before)} → {percent(c.after)}"
        out.append(Reason(result.card.node(c.id).name + own, c.contribution, f"{points(c.contribution)} ({span})"))
    return out


def perspectives(builder: Builder, shape: Structure) -> list[Perspective]:
    """Return objectives and what contributes to them, by perspective, top perspective first."""
    card = builder.card
    placed: set[str] = set()
    anchored: set[str] = set()

    def row(node: Node) -> Row:
        """Return the node's row; a node already shown (under another objective) has no anchor of its own."""
        made = builder.row(node)
        if node.id in anchored:
            return dataclasses.replace(made, anchor=False)
        anchored.add(node.id)
        return made

    out = []
    order = {ident: i for i, ident in enumerate(shape.nodes)}
    for perspective in card.perspectives:
        objectives = []
        for node in card.nodes:
            if node.kind == "objective" and node.perspective == perspective.id:
                below = sorted(set(shape.children[node.id]) & order.keys(), key=order.__getitem__)
                children = [shape.nodes[c] for c in below]
                placed.update(c.id for c in children)
                objectives.append(Objective(row(node), [row(c) for c in children], reasons(builder, node.id)))
        out.append(Perspective(perspective.id, perspective.name, objectives, []))
    by_id = {p.id: p for p in out}
    for node in card.nodes:
        if node.kind == "kpi" and node.id not in placed and node.perspective in by_id:
            by_id[node.perspective].others.append(row(node))
    return [p for p in out if p.objectives or p.others]


def branches(builder: Builder, shape: Structure) -> list[Branch]:
    """Return the cascade as one branch per top node, each node beneath it as an indented line.

    A node that contributes to several parents is drawn with its own subtree under the first one reached
    and named, with that parent, under the others: the printed cascade grows with the nodes, not the paths.
    """
    card = builder.card
    signal_names = {s.id: s.name for s in card.signals}
    driven: dict[str, list[str]] = {}
    for link in card.links.signals:
        driven.setdefault(link.node, []).append(signal_names.get(link.signal, link.signal))
    drawn: dict[str, str] = {}
    out = []
    for root in shape.roots():
        drawn[root] = ""
        lines: list[TreeLine] = []
        # Depth first without recursion: a chain thousands of nodes deep is a long list, not a deep stack.
        stack = [(child, 1, root) for child in reversed(shape.children[root])]
        while stack:
            ident, depth, parent = stack.pop()
            node = shape.nodes[ident]
            if ident in drawn:
                lines.append(TreeLine(builder.row(node), depth, [], shape.nodes[drawn[ident]].name))
                continue
            drawn[ident] = parent
            lines.append(TreeLine(builder.row(node), depth, driven.get(ident, [])))
            stack.extend((child, depth + 1, ident) for child in reversed(shape.children[ident]))
        out.append(Branch(builder.row(shape.nodes[root]), lines))
    return out


def showstoppers(builder: Builder) -> list[Showstopper]:
    """Return the blockers the customer must get past: what each costs in time, money and effort."""
    out = []
    for node in builder.card.nodes:
        if node.showstopper is None and SHOWSTOPPER not in node.tags:
            continue
        stop = node.showstopper
        out.append(
            Showstopper(
                builder.row(node),
                stop.description if stop else node.description or node.name,
                f"{stop.hours:,.0f} hours" if stop and stop.hours is not None else palette.DASH,
                measure(stop.money, "currency", builder.card.currency)
                if stop and stop.money is not None
                else palette.DASH,
                stop.effort if stop and stop.effort else palette.DASH,
            )
        )
    return out


def signals(builder: Builder) -> list[SignalRow]:
    """Return each usage signal with its trend and the nodes it is expected to move."""
    result, card = builder.result, builder.card
    upto = result.t + 1
    names = {n.id: n for n in card.nodes}
    out = []
    for signal in card.signals:
        values = result.signal_series(signal.id)[:upto]
        now = values[-1] if values else None
        before = values[-2] if len(values) > 1 else None
        change = (
            ""
            if now is None or not before
            else f"{'+' if now >= before else palette.MINUS}{percent(abs(now / before - 1))}"
        )
        drives = []
        for link in card.links.signals:
            if link.signal == signal.id and link.node in names:
                look = palette.style(builder.score(link.node).status)
                sign = "+" if link.sign == "+" else palette.MINUS
                drives.append(Drive(names[link.node].name, sign, link.lag, look.badge, look.colour, look.ink))
        label = f"{signal.name} by period"
        out.append(
            SignalRow(
                signal.id,
                signal.name,
                measure(now, signal.unit, card.currency),
                change,
                Markup(sparkline(values, colour=palette.SIGNAL, label=label)),
                drives,
            )
        )
    return out


def plan(result: Result) -> tuple[list[PlanEntry], list[PlanEntry]]:
    """Return the plan's open items by due date (the next steps), and its done items."""
    entries = []
    for row in plan_rows(result):
        look = palette.style(row.worst_status)
        entries.append(
            PlanEntry(
                id=row.id,
                due=row.due,
                status=row.status,
                status_word=STATUS_WORDS[row.status],
                overdue=row.overdue,
                action=row.action,
                kind=row.kind,
                owner=row.owner,
                side=row.side,
                moves=", ".join(row.node_names),
                effect=row.effect,
                flags=", ".join(f for f in row.flags if f != "overdue"),
                badge=look.badge,
                colour=look.colour,
                ink=look.ink,
            )
        )
    return [e for e in entries if e.status != "done"], [e for e in entries if e.status == "done"]


def customers(result: Result, upstream: Mapping[tuple[str, str], str] | None = None) -> list[CustomerEntry]:
    """Return the account's customers' objectives, each with the status of the nodes serving it (and its own)."""
    out = []
    upstream = upstream or {}
    for row in customer_rows(result):
        look = palette.style(row.status)
        servers = []
        for s in row.served_by:
            seen = palette.style(s.status)
            servers.append(Server(s.name, percent(s.score), seen.badge, seen.colour, seen.ink))
        own = upstream.get((row.account_id or "", row.objective), "")
        out.append(
            CustomerEntry(row.account, row.account_id or "", row.name, look.badge, look.colour, look.ink, servers, own)
        )
    return out


def _target_text(value: object, unit: str | None, currency: str) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{p}: {measure(v, unit, currency)}" for p, v in value.items())
    return measure(value if isinstance(value, int | float) else None, unit, currency)


def since(review: Review, currency: str) -> SinceReview:
    """Return what changed since the last review, formatted: moves, new reds, targets and who changed them, actions."""
    moved = []
    ranked = sorted(
        review.nodes,
        key=lambda n: (not n.new_red, not n.status_changed, not n.target_changed, -abs(n.points or 0)),
    )
    for n in ranked[:SINCE_ROWS]:
        before, now = palette.style(n.status_before), palette.style(n.status)
        target = ""
        if n.target_changed:
            target = f"{_target_text(n.target_before, n.unit, currency)} → {_target_text(n.target, n.unit, currency)}"
        who = n.changed_by
        changed_by = ""
        if who is not None:
            changed_by = who.author + (f", {who.date}, commit {who.commit[:10]}: {who.subject}" if who.commit else "")
        score = f"{percent(n.score_before)} → {percent(n.score)}" + (f" ({points(n.points)})" if n.points else "")
        moved.append(
            Moved(
                n.name,
                before.badge,
                before.colour,
                before.ink,
                now.badge,
                now.colour,
                now.ink,
                score,
                n.new_red,
                target,
                changed_by,
            )
        )
    return SinceReview(
        since=review.since,
        period_before=review.period_before,
        overall=f"{percent(review.overall_before)} → {percent(review.overall)}",
        moved=moved,
        more=max(0, len(ranked) - SINCE_ROWS),
        new_actions=[f"{a.action} ({a.owner}, due {a.due})" for a in review.new_actions],
        closed_actions=[f"{a.action} ({a.owner})" for a in review.closed_actions],
    )


def legend() -> list[LegendEntry]:
    """Return the status legend in order: badge, colours and meaning of each status."""
    meaning = {"green": "on track", "amber": "at risk", "red": "off track", "no data": "no actual for the period"}
    return [
        LegendEntry(s.status, s.badge, s.colour, s.ink, s.fill, meaning[s.status]) for s in palette.STATUSES.values()
    ]


def department_views(builder: Builder, drawings: Mapping[str, Markup]) -> list[DepartmentView]:
    """Return each department that has nodes, with its nodes' counts by status and its drawing if given."""
    card = builder.card
    counted: dict[str, list[str]] = {}
    for node in card.nodes:
        if node.department is not None:
            counted.setdefault(node.department, []).append(builder.score(node.id).status)
    entries = legend()
    return [
        DepartmentView(
            d.id,
            d.name,
            d.owner or "",
            [(e, counted[d.id].count(e.status)) for e in entries if e.status in counted[d.id]],
            drawings.get(d.id),
        )
        for d in card.departments
        if d.id in counted
    ]


def build(
    result: Result,
    *,
    findings: Sequence[object] = (),
    surveys: Sequence[object] = (),
    scenarios: Sequence[Projection] = (),
    diagram: Markup | None = None,
    review: Review | None = None,
    upstream: Mapping[tuple[str, str], str] | None = None,
    paper: str = "A4",
    overview: Markup | None = None,
    drawings: Mapping[str, Markup] | None = None,
    builder: Builder | None = None,
    outline: bool = True,
) -> Report:
    """Return everything the report shows for a scored result; paper is the printed page size (A4 or letter).

    overview is the screen's picture of the whole cascade, drawings each department's, by department id. builder,
    if given, is the result's Builder to read the nodes through (the deck's, which draws no sparklines and reads
    the same figures again for its charts). Without outline the report leaves out the cascade as indented lines,
    which only the printed report shows.
    """
    builder, card = builder if builder is not None else Builder(result), result.card
    shape = structure(card)
    look = palette.style(result.overall_status)
    statuses = [builder.score(n.id).status for n in card.nodes]
    previous = str(result.periods[result.t - 1]) if result.t > 0 else None
    fee = card.annual_fee
    valued = result.valuation
    open_items, done_items = plan(result)
    return Report(
        account=card.account,
        account_id=card.account_id,
        vendor=card.vendor,
        description=card.description or "",
        period=result.period_label,
        previous=previous,
        horizon=f"{card.horizon.start} to {card.horizon.end}",
        currency=card.currency,
        overall=percent(result.overall_score),
        overall_status=result.overall_status,
        overall_badge=look.badge,
        overall_colour=look.colour,
        overall_ink=look.ink,
        value_realised=money.figure(valued.total, "Total improvement value", card.currency).amount,
        annual_fee=measure(fee, "currency", card.currency) if fee is not None else palette.DASH,
        roi=percent(result.roi) if result.roi is not None else palette.DASH,
        value_headline=valued.headline,
        value_figures=money.figures(valued),
        value_lines=money.lines(valued, {s.id: s.name for s in card.signals}),
        counts={s: statuses.count(s) for s in palette.STATUSES},
        moments=[builder.row(n) for n in card.nodes if n.moment_of_truth],
        perspectives=perspectives(builder, shape),
        showstoppers=showstoppers(builder),
        signals=signals(builder),
        findings=table(findings),
        surveys=table(surveys),
        scenarios=views(card, scenarios),
        legend=legend(),
        diagram=diagram,
        files=[f.rsplit("/", 1)[-1] for f in card.files],
        plan=open_items,
        done=done_items,
        customers=customers(result, upstream),
        since=since(review, card.currency) if review is not None else None,
        branches=branches(builder, shape) if outline else [],
        overview=overview,
        departments=department_views(builder, drawings or {}),
        paper=paper,
    )
