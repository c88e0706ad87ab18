"""The HTML account plan: a renderer that returns one self-contained HTML document as a str."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import jinja2
from markupsafe import Markup

from kpicascade._exceptions import RenderError
from kpicascade.diagram.inline import inline_svg
from kpicascade.report.environment import REPORT, environment
from kpicascade.report.sections import build
from kpicascade.scoring import Result

__all__ = ["render"]


def render(
    result: Result,
    *,
    diagram_svg: bytes | str | None = None,
    templates: Path | None = None,
    findings: Sequence[object] = (),
) -> str:
    """Return the account plan of a scored scorecard as HTML, with the cascade SVG embedded if given.

    The SVG is rebuilt from an allow-list before it goes in (see diagram.inline); every other value is
    escaped by the template's autoescape.
    """
    diagram = Markup(inline_svg(diagram_svg, f"Cascade of {result.card.account}")) if diagram_svg else None
    report = build(result, findings=findings, diagram=diagram)
    try:
        return environment(templates).get_template(REPORT).render(r=report)
    except jinja2.TemplateError as exc:
        where = f" ({exc.filename}:{exc.lineno})" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        raise RenderError(f"the report template failed{where}: {exc}") from exc
