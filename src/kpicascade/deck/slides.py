"""The deck's slides, one function each, in the order a quarterly business review runs.

Each slide function takes the deck and the pack (the report's formatted figures, a row maker, the scored
result) and adds one slide, or several when its table continues. SLIDES lists them in order: a new slide is
one more function in that list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from kpicascade.deck import charts
from kpicascade.deck.frame import BAND, MUTED, PAD, RULE, Box, Deck, block
from kpicascade.deck.tables import Cell, Column, Rows, cell, flow
from kpicascade.deck.textfit import height
from kpicascade.diagram import palette
from kpicascade.report.context import Builder, PlanEntry, Report, Row
from kpicascade.report.peer_rows import PeerRow
from kpicascade.scoring import Result
from kpicascade.scoring.peers import ALL

MEASURED = ("kpi", "kpm", "mbo")


@dataclass
class Pack:
    """What the slides show: the report's figures, formatted, and the result they came from."""

    report: Report
    builder: Builder
    result: Result
    #: The account's standings among customers like it, as the report shows them (none outside a portfolio build).
    peers: list[PeerRow] = field(default_factory=list)

    @cached_property
    def red(self) -> list[Row]:
        """Return the rows of the measures off track at the period, in scorecard order (made once, shown twice)."""
        rows = []
        for node in self.result.card.nodes:
            if node.kind in MEASURED and self.builder.score(node.id).status == "red":
                rows.append(self.builder.row(node))
        return rows


def status(row: Row) -> Cell:
    """Return a status cell: glyph and word on the status's colour."""
    return cell(row.badge, size=9, bold=True, fill=row.colour.lstrip("#"), ink=row.ink.lstrip("#"))


def named(row: Row, *more: str) -> Cell:
    """Return a node's name cell: the name, then its kind and owner, and anything more, smaller."""
    mark = f"{palette.MOMENT_OF_TRUTH} " if row.moment_of_truth else ""
    about = " · ".join(x for x in (row.kind, row.owner) if x)
    return cell(mark + row.name, about, *more, bold=True)


def figure(text: str) -> Cell:
    """Return a right-aligned figure cell, an en dash when empty."""
    return cell(text or palette.DASH)


def tile(deck: Deck, slide: Any, box: Box, label: str, value: str, note: str = "") -> None:
    """Add a figure tile: a label, the figure large, an optional note."""
    block(slide, box, BAND, RULE)
    inner = Box(box.left + 6, box.top + 4, box.width - 12, 18)
    deck.fitted(slide, inner, label.upper(), (10.0, 9.0, 8.0), bold=True, colour=MUTED)
    deck.fitted(slide, Box(inner.left, inner.bottom, inner.width, 34), value, (24.0, 20.0, 16.0, 14.0), bold=True)
    if note:
        deck.fitted(
            slide,
            Box(inner.left, inner.bottom + 34, inner.width, box.bottom - inner.bottom - 38),
            note,
            (10.0, 9.0, 8.0),
            colour=MUTED,
        )


def tiles(deck: Deck, slide: Any, box: Box, figures: list[tuple[str, str, str]]) -> Box:
    """Add a row of tiles across the top of box; return the box left beneath them."""
    gap, tall = 12.0, 86.0
    each = (box.width - gap * (len(figures) - 1)) / len(figures)
    for i, (label, value, note) in enumerate(figures):
        tile(deck, slide, Box(box.left + i * (each + gap), box.top, each, tall), label, value, note)
    return box.below(tall, 14)


def note(deck: Deck, text: str) -> Callable[[Any, Box], Box]:
    """Return a first-slide drawer that writes a short muted line above the table."""

    def draw(slide: Any, box: Box) -> Box:
        deck.fitted(slide, Box(box.left, box.top, box.width, 22), text, (12.0, 11.0, 10.0, 9.0), colour=MUTED)
        return box.below(22, 6)

    return draw


def empty(deck: Deck, title: str, text: str) -> None:
    """Add a slide that says why it has nothing to show."""
    slide, box = deck.slide(title)
    deck.fitted(slide, Box(box.left, box.top, box.width, 60), text, (16.0, 14.0, 12.0), colour=MUTED)


def title(deck: Deck, pack: Pack) -> None:
    """Add the title slide: the account, the review and its period, the vendor."""
    r = pack.report
    deck.title_slide(r.account, f"Quarterly business review · {r.period}\n{r.vendor} · horizon {r.horizon}")


def at_a_glance(deck: Deck, pack: Pack) -> None:
    """Add the scorecard at a glance: the overall figures, then every objective's status by perspective."""
    r = pack.report
    counts = " · ".join(f"{e.badge} {r.counts[e.status]}" for e in r.legend)
    figures = [("Overall score", r.overall, r.overall_badge), *money_tiles(r)]
    columns = [
        Column("Perspective", 1.3),
        Column("Objective", 3.6),
        Column("Status", 1.3),
        Column("Score", 0.8, True),
        Column("Change", 1.0, True),
    ]
    rows = [
        [cell(p.name), named(o.row), status(o.row), figure(o.row.score), figure(o.row.change)]
        for p in r.perspectives
        for o in p.objectives
    ]

    def first(slide: Any, box: Box) -> Box:
        rest = tiles(deck, slide, box, figures)
        return note(deck, f"Measures by status: {counts}")(slide, rest)

    flow(deck, f"{r.account} at a glance, {r.period}", Rows(columns, rows), first)


def moments_of_truth(deck: Deck, pack: Pack) -> None:
    """Add the moments of truth: where the customer may leave if expectations are not met."""
    r = pack.report
    heading = "Moments of truth"
    if not r.moments:
        empty(deck, heading, "No measure is tagged as a moment of truth.")
        return
    columns = [
        Column("Status", 1.2),
        Column("Moment of truth", 3.6),
        Column("Actual", 1.1, True),
        Column("Target", 1.1, True),
        Column("Progress", 0.9, True),
        Column("Change", 1.0, True),
    ]
    rows = [
        [status(m), named(m), figure(m.actual or m.score), figure(m.target), figure(m.progress), figure(m.change)]
        for m in r.moments
    ]
    flow(
        deck,
        heading,
        Rows(columns, rows),
        note(deck, f"Points in the customer journey where {r.account} may leave if expectations are not met."),
    )


def showstoppers(deck: Deck, pack: Pack) -> None:
    """Add the showstoppers with what each costs the customer in time, money and effort (only when there are any)."""
    stops = pack.report.showstoppers
    if not stops:
        return
    columns = [
        Column("Status", 1.2),
        Column("Blocker", 4.0),
        Column("Time", 1.0, True),
        Column("Money", 1.2, True),
        Column("Effort", 0.9),
    ]
    rows = [
        [status(s.row), named(s.row, s.description), figure(s.hours), figure(s.money), cell(s.effort)] for s in stops
    ]
    flow(deck, "Showstoppers", Rows(columns, rows), note(deck, "What it costs the customer to get past each blocker."))


def perspectives(deck: Deck, pack: Pack) -> None:
    """Add a slide per perspective: a native chart of its objectives' scores beside what feeds them."""
    for p in pack.report.perspectives:
        rows: list[list[Cell]] = []
        for o in p.objectives:
            rows.append([named(o.row), status(o.row), figure(o.row.score), figure(o.row.change)])
            for c in o.contributors:
                rows.append(
                    [
                        cell("   " + c.name, "   " + " · ".join(x for x in (c.kind, c.owner) if x), size=10),
                        status(c),
                        figure(c.actual or c.score),
                        figure(c.target),
                    ]
                )
        for other in p.others:
            rows.append([named(other), status(other), figure(other.actual or other.score), figure(other.target)])
        columns = [
            Column("Objective, and what feeds it", 3.4),
            Column("Status", 1.3),
            Column("Actual / score", 1.1, True),
            Column("Target / change", 1.1, True),
        ]
        objectives = p.objectives

        def chart(slide: Any, box: Box, objectives: list[Any] = objectives) -> Box:
            if not objectives:
                return box
            left, right = box.split(0.42)
            tall = min(left.height, 60 + 44 * len(objectives))
            charts.scores(
                slide,
                Box(left.left, left.top, left.width, tall),
                [o.row.name for o in objectives],
                [pack.builder.score(o.row.id).score for o in objectives],
                [o.row.colour for o in objectives],
            )
            return right

        flow(deck, f"{p.name}: objectives and what feeds them", Rows(columns, rows), chart)


def why_it_moved(deck: Deck, pack: Pack) -> None:
    """Add why each objective moved since the previous period: its largest contributions."""
    r = pack.report
    heading = f"Why it moved since {r.previous}" if r.previous else "Why it moved"
    moved = [o for p in r.perspectives for o in p.objectives if o.reasons]
    if not moved:
        said = (
            "This is the first period with data: there is nothing to compare with yet."
            if not r.previous
            else "No objective's score moved."
        )
        empty(deck, heading, said)
        return
    columns = [
        Column("Objective", 2.6),
        Column("Score", 0.8, True),
        Column("Change", 1.0, True),
        Column("Largest contributions", 4.0),
    ]
    rows = [
        [
            named(o.row),
            figure(o.row.score),
            figure(o.row.change),
            cell("\n".join(f"{x.name}: {x.text}" for x in o.reasons), size=10),
        ]
        for o in moved
    ]
    flow(deck, heading, Rows(columns, rows))


#: The value figures' labels on a tile (the vendor's name would not fit).
SHORT_LABELS = {"total": "Improvement", "attributed": "Attributed (agreed)", "evidenced": "Evidenced by data"}


def money_tiles(r: Report) -> list[tuple[str, str, str]]:
    """Return the three value figures as tiles: amount, then its return on the fee or why there is none."""
    out = []
    for f in r.value_figures:
        if f.roi:
            note = f"return on the fee {f.roi}"
        elif f.key == "total":
            note = f"a year, {f.range}" if f.range else "nothing moved beyond noise"
        else:
            note = "no return claimed"  # why is in the headline on the value slide
        out.append((SHORT_LABELS[f.key], f.amount, note))
    return out


def value(deck: Deck, pack: Pack) -> None:
    """Add the value: total, attributed and evidenced with their returns, and each valued measure's trace."""
    r = pack.report
    figures = [*money_tiles(r), ("Annual fee", r.annual_fee, "")]
    columns = [
        Column("Measure", 2.6),
        Column("Level against baseline", 1.6),
        Column("Value a year", 1.5, True),
        Column("Attributed", 1.6),
        Column("Evidenced", 2.2),
    ]
    rows = [
        [
            cell(v.name, v.window, bold=True),
            cell(f"{v.level} against {v.baseline}", v.noise, size=10),
            cell(v.value, v.range, v.state),
            cell(v.attributed, f"“{v.basis}”" if v.basis else "", size=10),
            cell(v.evidenced, *v.evidence, size=10),
        ]
        for v in r.value_lines
    ]
    if rows:
        total, attributed, evidenced = r.value_figures
        rows.append(
            [
                cell("Total across the account", bold=True),
                cell(""),
                cell(total.amount, total.range, bold=True),
                cell(attributed.amount, attributed.range, bold=True),
                cell(evidenced.amount, evidenced.range, bold=True),
            ]
        )

    def first(slide: Any, box: Box) -> Box:
        rest = tiles(deck, slide, box, figures)
        words = Box(rest.left, rest.top, rest.width, 52)
        deck.fitted(slide, words, r.value_headline, (12.0, 11.0, 10.0, 9.0), colour=MUTED)
        rest = rest.below(52, 6)
        if not rows:
            deck.fitted(
                slide, Box(rest.left, rest.top, rest.width, 30), "No measure carries a value per unit.", (14.0, 12.0)
            )
        return rest

    flow(deck, "Value and return on the fee", Rows(columns, rows), first)


def evidence(deck: Deck, pack: Pack) -> None:
    """Add the evidence from usage: each signal's latest value and change, and what it is expected to move."""
    r = pack.report
    if not r.signals:
        empty(deck, "Evidence from usage", "No usage signal is defined for this account.")
        return
    columns = [
        Column("Usage signal", 2.4),
        Column("Latest", 1.0, True),
        Column("Change", 0.9, True),
        Column("Expected to move (sign, lag)", 3.6),
    ]
    rows = [
        [
            cell(s.name, bold=True),
            figure(s.latest),
            figure(s.change),
            cell(
                "\n".join(f"{d.badge} {d.name} ({d.sign}, lag {d.lag})" for d in s.drives) or "linked to nothing yet",
                size=10,
            ),
        ]
        for s in r.signals
    ]
    flow(
        deck,
        "Evidence from usage",
        Rows(columns, rows),
        note(deck, f"{r.vendor}'s product usage at {r.account}, and the measures each signal should move."),
    )
    found = r.findings
    if found.rows:
        shares = [1.0] * len(found.titles)
        flow(
            deck,
            "What the data says about each link",
            Rows(
                [Column(t, s) for t, s in zip(found.titles, shares, strict=True)],
                [[cell(v, size=10) for v in row] for row in found.rows],
            ),
        )


def _carried(link: str, verdict: str, change: str, arrives: str) -> str:
    """Return what one link of a scenario carries, in a line: nothing unless the data confirm it."""
    if verdict != "confirmed":
        return f"{link}: {verdict}, so it carries nothing"
    return f"{link}: confirmed; carries {change}, from {arrives}"


def what_if(deck: Deck, pack: Pack) -> None:
    """Add a slide per scenario: the usage change, what each link carries, the figures it moves and its worth."""
    for scenario in pack.report.scenarios:
        columns = [Column("Figure", 3.6), Column("Now", 1.6, True), Column("With the change (range)", 2.6, True)]
        rows = [[cell(name, bold=True), figure(now), figure(projected)] for name, now, projected in scenario.moved]
        text = "\n".join([scenario.change, scenario.worth, *(_carried(*link) for link in scenario.links)])

        def first(slide: Any, box: Box, text: str = text) -> Box:
            size = 11.0
            tall = height(text, box.width - 2 * PAD, size) + 2 * PAD
            deck.textbox(slide, Box(box.left, box.top, box.width, tall), text, size, colour=MUTED)
            return box.below(tall, 6)

        title = f"What if: {scenario.name}"
        if rows:
            flow(deck, title, Rows(columns, rows), first)
        else:
            first(*deck.slide(title))


def off_track(deck: Deck, pack: Pack) -> None:
    """Add the measures off track with their owners, actuals and targets, the note on each and its open actions."""
    red = pack.red
    heading = "Off track: measures and their owners"
    if not red:
        empty(deck, heading, "No measure is off track at this period.")
        return
    columns = [
        Column("Measure, note and open actions", 3.4),
        Column("Owner", 1.6),
        Column("Actual", 1.0, True),
        Column("Target", 1.0, True),
        Column("Progress", 0.9, True),
    ]
    rows = []
    for m in red:
        said = f"Note: {m.commentary}" + (f" ({m.commentary_author})" if m.commentary_author else "")
        actions = [f"Action: {a}" for a in m.actions] or ["No open action yet"]
        about = [m.department, *([said] if m.commentary else []), *actions]
        rows.append(
            [named(m, *about), cell(m.owner or palette.DASH), figure(m.actual), figure(m.target), figure(m.progress)]
        )
    flow(deck, heading, Rows(columns, rows))


def _planned(entry: PlanEntry) -> list[Cell]:
    """Return a plan item's row: the action with what it moves and expects, its owner, its due day and status."""
    moves = " · ".join(x for x in (f"moves {entry.moves}" if entry.moves else "", entry.effect, entry.flags) if x)
    due = cell(entry.due, "overdue", bold=True) if entry.overdue else cell(entry.due)
    owner = cell(entry.owner or palette.DASH, f"{entry.side} side" if entry.side else "")
    now = cell(entry.badge, size=9, bold=True, fill=entry.colour.lstrip("#"), ink=entry.ink.lstrip("#"))
    return [cell(entry.action, moves, bold=True), owner, due, cell(entry.status_word, size=10), now]


def _unplanned(step: Cell, row: Row) -> list[Cell]:
    """Return a next step that no plan item covers yet: no due day, no action status, the measure's status now."""
    return [step, cell(row.owner or palette.DASH), cell(palette.DASH), cell(palette.DASH), status(row)]


def next_steps(deck: Deck, pack: Pack) -> None:
    """Add the next steps: the plan's open actions by due day, then what has none yet (red, blockers, at risk)."""
    r = pack.report
    steps = [_planned(entry) for entry in r.plan]
    for m in pack.red:
        if not m.actions:
            goal = f"from {m.actual or palette.DASH} to {m.target or palette.DASH}"
            steps.append(_unplanned(cell(f"No action yet: agree one to bring {m.name} {goal}", bold=True), m))
    for s in r.showstoppers:
        cost = f"costs {s.hours}, {s.money}, effort {s.effort}"
        steps.append(_unplanned(cell(f"Remove the blocker: {s.description}", cost), s.row))
    for m in r.moments:
        if m.status in ("amber", "no data"):
            steps.append(_unplanned(cell(f"Protect the moment of truth {m.name}"), m))
    if not steps:
        empty(deck, "Next steps", "Every measure is on track: keep the cadence and review again next period.")
        return
    columns = [
        Column("Next step", 3.5),
        Column("Owner", 1.5),
        Column("Due", 0.9),
        Column("Action status", 0.9),
        Column("Measures now", 1.0),
    ]
    flow(deck, "Next steps", Rows(columns, steps))


SlideMaker = Callable[[Deck, Pack], None]


#: The slides in order.
def customers_like_you(deck: Deck, pack: Pack) -> None:
    """Add where the account stands among all customers, KPI by KPI (only when a portfolio build gave standings).

    One row per KPI keeps the slide readable; the report lists the account's other cohorts (industry, size, region).
    """
    overall = [p for p in pack.peers if p.cohort == ALL]
    if not overall:
        return
    columns = [
        Column("KPI", 3.4),
        Column("Customers", 1.1, True),
        Column(pack.report.account, 1.4, True),
        Column("Percentile", 1.1, True),
        Column("Quartile", 1.6),
        Column("Median", 1.2, True),
        Column("Middle half", 1.8, True),
    ]
    rows = []
    for p in overall:
        fill = "EEF7EE" if p.top else None
        texts = (str(p.size), p.value, p.percentile, p.quartile, p.median, p.middle_half)
        rows.append([cell(p.name, bold=True, fill=fill), *(cell(t, fill=fill) for t in texts)])
    flow(
        deck,
        "Customers like you",
        Rows(columns, rows),
        note(
            deck,
            "Among all the vendor's customers reporting each KPI. Percentile: the share doing worse (100 is best).",
        ),
    )


SLIDES: list[SlideMaker] = [
    title,
    at_a_glance,
    moments_of_truth,
    showstoppers,
    perspectives,
    why_it_moved,
    value,
    customers_like_you,
    evidence,
    what_if,
    off_track,
    next_steps,
]
