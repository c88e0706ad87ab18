"""kpicascade drivers: test every signal -> node link against the data, and rank survey drivers."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.markup import escape

from kpicascade._exceptions import KpiCascadeError, ScorecardError
from kpicascade.cli._console import EXIT_OK, FORMAT_OPTION, console, fail, print_json
from kpicascade.discover import scorecard_files

if TYPE_CHECKING:
    from rich.table import Table

    from kpicascade.drivers import Correlation, Findings, Importance, LinkFinding, SurveyFinding
    from kpicascade.model import Scorecard

_VERDICT_STYLE = {
    "confirmed": "green",
    "contradicted": "bold red",
    "no sign of an effect yet": "yellow",
    "too few periods": "dim",
    "too few respondents": "dim",
}


def _r(c: Correlation | None) -> str:
    return "-" if c is None or c.r is None else f"{c.r:+.2f}"


def _ci(c: Correlation) -> str:
    return "-" if c.low is None or c.high is None else f"{c.low:+.2f} to {c.high:+.2f}"


def _n(c: Correlation) -> str:
    """Return the number of pairs, and what they are worth when autocorrelation makes them fewer."""
    if c.n_eff is None or c.n_eff > c.n - 0.5:
        return str(c.n)
    return f"{c.n} (~{c.n_eff:.0f})"


def _verdict(word: str) -> str:
    return f"[{_VERDICT_STYLE[word]}]{word}[/]"


def _links_table(links: list[LinkFinding]) -> Table:
    from rich.table import Table

    table = Table(title="Signal -> node links (period-on-period changes unless --levels)")
    for column in ("signal", "node", "expected", "accounts", "r", "95% CI", "n (worth)", "best lag", "verdict"):
        table.add_column(column, justify="right" if column in ("r", "n (worth)") else "left")
    for f in links:
        scope = f"portfolio of {len(f.accounts)}" if f.scope == "portfolio" else f.accounts[0]
        best = "-" if f.best_lag is None else f"{f.best_lag} ({_r(f.best)})"
        table.add_row(
            escape(f.signal),
            escape(f.node),
            f"{f.sign} lag {f.lag}",
            escape(scope),
            _r(f.at_lag),
            _ci(f.at_lag),
            _n(f.at_lag),
            best,
            _verdict(f.verdict),
        )
    return table


def _importance_table(item: Importance) -> Table:
    from rich.table import Table

    scope = f"portfolio of {len(item.accounts)}" if item.scope == "portfolio" else item.accounts[0]
    r2 = "-" if item.r2 is None else f"{item.r2:.2f}"
    table = Table(
        title=f"Relative importance for {escape(item.node)} ({escape(scope)}): R² {r2}, n = {item.n}",
        caption=escape(item.note) or None,
    )
    for column in ("driver", "lag", "weight", "share of R²", "Shapley", "beta", "r"):
        table.add_column(column, justify="left" if column == "driver" else "right")
    for w in item.weights:
        shapley = "-" if w.shapley is None else f"{w.shapley:.3f}"
        table.add_row(
            escape(w.driver),
            str(w.lag),
            f"{w.weight:.3f}",
            f"{w.share:.0%}",
            shapley,
            f"{w.beta:+.2f}",
            _r(w.correlation),
        )
    return table


def _survey_table(found: SurveyFinding) -> Table:
    from rich.table import Table

    r2 = "-" if found.r2 is None else f"{found.r2:.2f}"
    table = Table(
        title=f"Survey drivers of {escape(found.outcome)} for {escape(found.account)}: "
        f"{found.respondents} respondents, R² {r2}",
        caption=escape(found.note) or None,
    )
    columns = ("rank", "question", "coefficient", "95% CI", "r", "n", "share of R²", "verdict", "measurements under it")
    for column in columns:
        table.add_column(
            column, justify="left" if column in ("question", "verdict", "measurements under it") else "right"
        )
    for d in found.drivers:
        share = "-" if d.share is None else f"{d.share:.0%}"
        beta = "-" if d.beta is None else f"{d.beta:+.2f}"
        span = "-" if d.beta_low is None or d.beta_high is None else f"{d.beta_low:+.2f} to {d.beta_high:+.2f}"
        table.add_row(
            str(d.rank),
            escape(d.question),
            beta,
            span,
            _r(d.correlation),
            str(d.correlation.n),
            share,
            _verdict(d.verdict),
            escape(", ".join(d.measurements)) or "-",
        )
    return table


def show(findings: Findings, out: Console, per_account: bool) -> None:
    """Print the findings as tables: links, relative importance, survey drivers."""
    portfolio = any(f.scope == "portfolio" for f in findings.links)
    links = [f for f in findings.links if per_account or not portfolio or f.scope == "portfolio"]
    out.print(_links_table(links))
    for item in findings.importance:
        if per_account or not portfolio or item.scope == "portfolio":
            out.print(_importance_table(item))
    for found in findings.surveys:
        out.print(_survey_table(found))


def _load(paths: tuple[Path, ...]) -> list[Scorecard]:
    from kpicascade.loader import load

    cards, problems = [], []
    for path in scorecard_files(paths):
        try:
            cards.append(load(path))
        except ScorecardError as exc:
            problems += [p for p in exc.problems if p.severity == "error"]
    if problems:
        fail(ScorecardError(problems))
    return cards


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@FORMAT_OPTION
@click.option(
    "--window",
    default=4,
    show_default=True,
    type=click.IntRange(0, 24),
    help="Look for the best lag from 0 to this many periods.",
)
@click.option("--levels", is_flag=True, help="Correlate levels instead of period-on-period changes.")
@click.option(
    "--survey",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Survey responses CSV, instead of each scorecard's survey.file.",
)
@click.option("--per-account", is_flag=True, help="Also list each account's findings for a portfolio.")
def drivers(
    paths: tuple[Path, ...], output_format: str, window: int, levels: bool, survey: Path | None, per_account: bool
) -> None:
    """Test every signal -> node link against the actuals: confirmed, contradicted, no sign of an effect yet.

    Correlates each signal, lagged as declared, with its node, with n and a 95% interval; pools the
    accounts of a portfolio; weighs the drivers of a KPI against each other; ranks survey drivers.

    \b
    Example:
      kpicascade drivers scorecards/northwind-components.yaml
      kpicascade drivers portfolio/ --window 6 --format json
      kpicascade drivers acme.yaml --survey nps-2025.csv
    """
    from kpicascade.drivers import analyse

    cards = _load(paths)
    try:
        findings = analyse(cards, window=window, levels=levels, survey=survey)
    except KpiCascadeError as exc:
        fail(exc)
    if output_format == "json":
        print_json(findings.to_dict())
    else:
        show(findings, console(), per_account)
    sys.exit(EXIT_OK)
