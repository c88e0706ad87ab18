"""Render one scorecard for the preview: its score tree, diagrams and account plan, or the problems that stop it."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from kpicascade import diagram, drivers, report
from kpicascade._exceptions import KpiCascadeError, MissingDependencyError, ScorecardError
from kpicascade.diagram.inline import inline_svg
from kpicascade.diagram.layout import lay_out
from kpicascade.format import number, percent
from kpicascade.hints import QUOTE_HINT
from kpicascade.loader import load
from kpicascade.problems import Location, Problem
from kpicascade.report.evidence import from_drivers, from_surveys
from kpicascade.scoring import Result
from kpicascade.whatif import projections

_ARROW = {"up": "\u2191", "down": "\u2193", "flat": "\u2192"}


@dataclass(frozen=True)
class TreeRow:
    """One line of the score tree: a node at its depth with its score, status and trend."""

    depth: int
    name: str
    kind: str
    score: str
    status: str
    arrow: str
    measured: str
    moment_of_truth: bool


@dataclass(frozen=True)
class Rendering:
    """A scorecard rendered for the preview; every text in it is plain and escaped where it is shown."""

    account: str
    period: str
    headline: str
    tree: list[TreeRow]
    diagrams: dict[str, str]  # title -> SVG rebuilt from an allow-list (diagram.inline)
    plan: str  # the account plan, a whole HTML document
    files: list[str]
    at: datetime = field(default_factory=datetime.now)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ShownProblem:
    """A problem as the page shows it: where, what and how to fix, with the line of the file it points at."""

    where: str
    severity: str
    message: str
    field: str
    code: str
    excerpt: str | None
    fix: str | None = None  # the line corrected, when the message gives one


def _excerpt(location: Location) -> str | None:
    """Return the source line a location points at, or None when it cannot be read."""
    if location.line is None or not location.file:
        return None
    try:
        lines = Path(location.file).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return lines[location.line - 1] if 0 < location.line <= len(lines) else None


def shown(problem: Problem) -> ShownProblem:
    """Return a problem as the page shows it."""
    loc = problem.location
    message, _, fix = problem.message.partition(QUOTE_HINT)
    return ShownProblem(
        str(loc), problem.severity, message, problem.path_text, problem.code, _excerpt(loc), fix or None
    )


def problems_of(path: Path, exc: KpiCascadeError) -> list[ShownProblem]:
    """Return the problems an error carries, or the error itself as one problem of the scorecard file."""
    if isinstance(exc, ScorecardError):
        return [shown(p) for p in exc.problems if p.severity == "error"]
    return [shown(Problem("error", type(exc).__name__, str(exc), Location(str(path))))]


def _tree(result: Result) -> list[TreeRow]:
    rows = []
    for depth, node in result.tree():
        n = result.node(node.id)
        measured = f"{number(n.actual, n.unit)} / {number(n.target, n.unit)}" if n.unit is not None else ""
        figures = (percent(n.score), n.status, _ARROW[n.trend_arrow], measured)
        rows.append(TreeRow(depth, n.name, n.kind, *figures, n.moment_of_truth))
    return rows


def _laid_out(result: Result, notes: list[str]) -> dict[str, bytes]:
    """Return the cascade and strategy map as SVG, or none with a note when no layout engine is installed."""
    graphs = {"Cascade": diagram.cascade(result, signals=True), "Strategy map": diagram.strategy_map(result)}
    drawn: dict[str, bytes] = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            drawn = {title: lay_out(graph.source, "svg") for title, graph in graphs.items()}
        except MissingDependencyError as exc:
            notes.append(f"no diagrams: {exc}")
    notes += [str(w.message) for w in caught]
    return drawn


def render_account(path: Path, templates: Path | None = None) -> Rendering:
    """Load, score and render the scorecard at path, raising KpiCascadeError when it cannot be."""
    card = load(path)
    result = card.score()
    notes = [str(p) for p in card.problems if p.severity == "warning"]
    drawn = _laid_out(result, notes)
    analysed = drivers.analyse([card])
    found, surveys = from_drivers(card, analysed), from_surveys(card, analysed)
    plan = report.render(
        result,
        diagram_svg=drawn.get("Cascade"),
        templates=templates,
        findings=found,
        surveys=surveys,
        scenarios=projections(result, findings=analysed),
    )
    return Rendering(
        account=card.account,
        period=str(result.period),
        headline=f"{percent(result.overall_score)} {result.overall_status}",
        tree=_tree(result),
        diagrams={title: inline_svg(svg, f"{title} of {card.account}") for title, svg in drawn.items()},
        plan=plan,
        files=card.input_files,
        notes=notes,
    )
