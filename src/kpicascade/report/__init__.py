"""The HTML account plan: a renderer that returns one self-contained HTML document as a str."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from kpicascade._exceptions import RenderError
from kpicascade.diagram.inline import inline_svg
from kpicascade.report.environment import REPORT, environment
from kpicascade.report.peer_rows import peer_rows
from kpicascade.report.sections import build
from kpicascade.scoring import Result
from kpicascade.scoring.review import Review
from kpicascade.whatif import Projection

__all__ = ["PAPERS", "render"]

#: Paper sizes the print layout is designed for, by option value: the CSS page size of each.
PAPERS = {"a4": "A4", "letter": "letter"}


def render(
    result: Result,
    *,
    diagram_svg: bytes | str | None = None,
    templates: Path | None = None,
    findings: Sequence[object] = (),
    surveys: Sequence[object] = (),
    scenarios: Sequence[Projection] = (),
    review: Review | None = None,
    upstream: Mapping[tuple[str, str], str] | None = None,
    paper: str = "a4",
    overview_svg: bytes | str | None = None,
    department_svgs: Mapping[str, bytes | str] | None = None,
    peers: Sequence[Mapping[str, Any]] = (),
) -> str:
    """Return the account plan of a scored scorecard as HTML, with the cascade SVG embedded if given.

    surveys are the survey drivers as records (report.evidence.from_surveys), shown after the findings;
    scenarios are what-if projections (kpicascade.whatif), shown as "what more adoption would be worth".
    With the review (what changed since the last review), a "since the last review" section follows
    the next steps. upstream gives, by (customer account id, objective id), the objective's status in
    the customer's own scorecard (a portfolio build finds it), shown beside the customers' objectives.
    paper ("a4" or "letter") is the page size the print layout asks for, in a browser or as a PDF.
    On screen the cascade section opens with overview_svg (the strategy map, fit to the page) and a
    link per department to its own drawing from department_svgs (by department id, at full size);
    the whole cascade (diagram_svg) follows, folded.
    peers are the account's standings among customers like it (scoring.peers.Standing as plain data), which a
    portfolio build computes; they make a "customers like you" section.

    The SVG is rebuilt from an allow-list before it goes in (see diagram.inline); every other value is
    escaped by the template's autoescape.
    """
    account = result.card.account
    diagram = Markup(inline_svg(diagram_svg, f"Cascade of {account}")) if diagram_svg else None
    overview = Markup(inline_svg(overview_svg, f"Strategy map of {account}", "overview-")) if overview_svg else None
    names = {d.id: d.name for d in result.card.departments}
    drawings = {
        ident: Markup(inline_svg(svg, f"{names.get(ident, ident)} in the cascade", f"department-{ident}-"))
        for ident, svg in (department_svgs or {}).items()
    }
    if paper not in PAPERS:
        raise RenderError(f"unknown paper size {paper!r}: use one of {', '.join(PAPERS)}")
    report = build(
        result,
        findings=findings,
        surveys=surveys,
        scenarios=scenarios,
        diagram=diagram,
        review=review,
        upstream=upstream,
        paper=PAPERS[paper],
        overview=overview,
        drawings=drawings,
    )
    try:
        return environment(templates).get_template(REPORT).render(r=report, peers=peer_rows(peers))
    except jinja2.TemplateError as exc:
        where = f" ({exc.filename}:{exc.lineno})" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        raise RenderError(f"the report template failed{where}: {exc}") from exc
