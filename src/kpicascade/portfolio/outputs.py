"""The outputs a build writes for each account, found through a plain dict, each the same small shape."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kpicascade.portfolio.account import SCORES, Task, last_review, read_peers, write_scores
from kpicascade.portfolio.paths import safe_name
from kpicascade.portfolio.stamps import combine
from kpicascade.writing import write_text

if TYPE_CHECKING:
    import graphviz

    from kpicascade.scoring import Result
    from kpicascade.whatif import Projection

Writer = Callable[["Result", Path, Path], list[Path]]
#: The account plan as HTML, and printed (the PDF is made from the HTML).
REPORT_HTML, REPORT_PDF = "report.html", "report.pdf"


def evidence(result: Result) -> tuple[list[dict[str, object]], list[Projection]]:
    """Return the account's driver findings as the outputs show them, and its scenarios' projections.

    Both rest on the driver analysis the value figures already ran (result.findings, computed once per account);
    scenarios move the scorecard's own periods, so a view in another grain has none.
    """
    from kpicascade.report.evidence import from_drivers
    from kpicascade.whatif import projections

    analysed = result.findings
    own_calendar = result.period.calendar == result.card.calendar
    return from_drivers(result.card, analysed), projections(result, findings=analysed) if own_calendar else []


def write_workbook(result: Result, folder: Path, scorecard: Path) -> list[Path]:
    """Write the executive scorecard workbook."""
    from kpicascade import workbook

    found, scenarios = evidence(result)
    review = last_review(result, folder)
    book = workbook.render(result, findings=found, scenarios=scenarios, review=review, peers=read_peers(folder))
    path = folder / "scorecard.xlsx"
    workbook.save(book, path, scorecard)
    return [path]


def write_diagrams(result: Result, folder: Path, scorecard: Path) -> list[Path]:
    """Write every view: the cascade with its signals, the strategy map, and one page per department."""
    from kpicascade import diagram
    from kpicascade.diagram.files import save_all

    pages = {"cascade.svg": diagram.cascade(result, signals=True), "strategy-map.svg": diagram.strategy_map(result)}
    for dept_id, graph in diagram.departments(result).items():
        pages[f"department-{safe_name(dept_id)}.svg"] = graph
    # one after another in a build's worker processes (one per core already); several at once when built alone
    return list(save_all((folder / name, graph) for name, graph in sorted(pages.items())))


#: The customer objectives an account's report showed, with the status each had then (a report's own file).
CUSTOMER_VIEW = "customers.json"


def customer_statuses(keys: list[tuple[str, str]], out: Path) -> dict[tuple[str, str], str]:
    """Return the status of each (customer account id, objective) in the customer's own scores, where built.

    A customer's scores are looked for in the folder named by its account id (as a scorecard file named
    by its account id is built), and used only when they are that account's.
    """
    found: dict[tuple[str, str], str] = {}
    for account_id in sorted({a for a, _ in keys}):
        scores = out / safe_name(account_id) / SCORES
        try:
            data = json.loads(scores.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict) or data.get("account_id") != account_id:
            continue
        nodes = {n.get("id"): n for n in data.get("nodes", []) if isinstance(n, dict)}
        for _, objective in ((a, o) for a, o in keys if a == account_id):
            if objective in nodes:
                found[(account_id, objective)] = f"{nodes[objective].get('status')} at {data.get('period')}"
    return found


def served(result: Result) -> list[tuple[str, str]]:
    """Return the (customer account id, objective) pairs the account serves in customers that have an account id."""
    return [(c.account_id, c.objective) for c in result.card.customers if c.account_id is not None]


def _drawn(folder: Path, name: str, graph: Callable[[], graphviz.Digraph]) -> bytes:
    """Return a drawing write_diagrams left in folder, or lay it out when it is not there."""
    from kpicascade.diagram.layout import lay_out

    path = folder / name
    return path.read_bytes() if path.is_file() else lay_out(graph().source, "svg")


def write_report(result: Result, folder: Path, scorecard: Path, *, paper: str = "a4") -> list[Path]:
    """Write the HTML account plan with the drawings written just before it; paper is its printed page size."""
    from kpicascade import diagram, report

    keys = served(result)
    upstream = customer_statuses(keys, folder.parent)
    departments = {
        d.id: _drawn(folder, f"department-{safe_name(d.id)}.svg", functools.partial(diagram.department, result, d.id))
        for d in result.card.departments
        if any(n.department == d.id for n in result.card.nodes)
    }
    found, scenarios = evidence(result)
    html = report.render(
        result,
        findings=found,
        scenarios=scenarios,
        diagram_svg=_drawn(folder, "cascade.svg", lambda: diagram.cascade(result, signals=True)),
        overview_svg=_drawn(folder, "strategy-map.svg", lambda: diagram.strategy_map(result)),
        department_svgs=departments,
        review=last_review(result, folder),
        upstream=upstream,
        paper=paper,
        peers=read_peers(folder),
    )
    path = folder / REPORT_HTML
    write_text(path, html)
    if not keys:
        return [path]
    # what the report showed of each customer's objectives, so the build can tell when a customer built later
    # (or changed since) makes it out of date
    view = folder / CUSTOMER_VIEW
    write_text(view, json.dumps([[a, o, upstream.get((a, o), "")] for a, o in keys], ensure_ascii=False))
    return [path, view]


def write_pdf(result: Result, folder: Path, scorecard: Path, *, paper: str = "a4") -> list[Path]:
    """Print the HTML account plan written just before it to PDF (headless Chromium); render it if it is missing."""
    from kpicascade.report.printing import print_pdf

    html = folder / REPORT_HTML
    if not html.is_file():
        write_report(result, folder, scorecard, paper=paper)
    path = folder / REPORT_PDF
    print_pdf(html.read_text(encoding="utf-8"), path)
    return [path]


def write_deck(result: Result, folder: Path, scorecard: Path) -> list[Path]:
    """Write the quarterly business review deck."""
    from kpicascade import deck

    found, scenarios = evidence(result)
    path = folder / "deck.pptx"
    deck.save(deck.render(result, findings=found, scenarios=scenarios, peers=read_peers(folder)), path)
    return [path]


#: Output kind -> the function that writes it (in this order: the report embeds the cascade diagram).
OUTPUTS: dict[str, Writer] = {
    "scores": write_scores,
    "workbook": write_workbook,
    "diagrams": write_diagrams,
    "report": write_report,
    "deck": write_deck,
}

#: The outputs that show the account's peer standings (peers.json): their stamps depend on it, and a first build
#: holds them back until the standings are known (account.held).
SHOWS_PEERS = frozenset({"workbook", "report", "pdf", "deck"})
#: Output kind -> what it depends on besides the scorecard's own files and the tool's version, from the task and
#: the digest of the account's peer standings (account.peers_digest, worked out once for every kind).
OUTPUT_INPUTS: dict[str, Callable[[Task, str], str]] = {kind: (lambda task, peers: "") for kind in OUTPUTS}
OUTPUT_INPUTS["workbook"] = lambda task, peers: peers
OUTPUT_INPUTS["report"] = lambda task, peers: combine(f"{task.templates_digest};paper={task.paper}", peers)
OUTPUT_INPUTS["pdf"] = OUTPUT_INPUTS["report"]
OUTPUT_INPUTS["deck"] = lambda task, peers: peers


def outputs_for(task: Task) -> dict[str, Writer]:
    """Return the writers a task runs, in order: the report on the task's paper, then its PDF unless turned off."""
    writers = dict(OUTPUTS)
    writers["report"] = functools.partial(write_report, paper=task.paper)
    if task.pdf:
        writers["pdf"] = functools.partial(write_pdf, paper=task.paper)
    return writers
