"""The portfolio's HTML index: every account with its figures and links to its outputs (the workbook is
`workbook.portfolio`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from kpicascade.diagram import palette
from kpicascade.portfolio.chains import chains
from kpicascade.portfolio.peer_heat import by_kpi, by_perspective
from kpicascade.resources import templates_dir


def portfolio_index(
    accounts: list[dict[str, Any]],
    failures: list[dict[str, Any]],
    templates: Path | None = None,
    *,
    period: str | None = None,
) -> str:
    """Return the HTML index of the portfolio: every account with its figures and links, and its end-customer chains.

    period is the review period all accounts are viewed at; statuses wear the glyphs of every output.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates or templates_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    periods = sorted({str(a["period"]) for a in accounts})
    return env.get_template("portfolio.html.j2").render(
        accounts=accounts,
        failures=failures,
        chains=chains(accounts),
        kpi_heat=by_kpi(accounts),
        perspective_heat=by_perspective(accounts),
        period=period or (periods[0] if len(periods) == 1 else None),
        mixed=periods if len(periods) > 1 else [],
        statuses=palette.STATUSES,
    )
