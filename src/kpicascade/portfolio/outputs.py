"""The outputs a build writes for each account, found through a plain dict, each the same small shape."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kpicascade.portfolio.account import Task, write_scores
from kpicascade.portfolio.paths import safe_name
from kpicascade.scoring import Result
from kpicascade.writing import write_text

Writer = Callable[[Result, Path, Path], list[Path]]


def write_workbook(result: Result, folder: Path, scorecard: Path) -> list[Path]:
    """Write the executive scorecard workbook."""
    from kpicascade import workbook

    path = folder / "scorecard.xlsx"
    workbook.save(workbook.render(result), path, scorecard)
    return [path]


def write_diagrams(result: Result, folder: Path, scorecard: Path) -> list[Path]:
    """Write every view: the cascade with its signals, the strategy map, and one page per department."""
    from kpicascade import diagram
    from kpicascade.diagram.files import save

    pages = {"cascade.svg": diagram.cascade(result, signals=True), "strategy-map.svg": diagram.strategy_map(result)}
    for dept_id, graph in diagram.departments(result).items():
        pages[f"department-{safe_name(dept_id)}.svg"] = graph
    return [save(graph, folder / name) for name, graph in sorted(pages.items())]


def write_report(result: Result, folder: Path, scorecard: Path) -> list[Path]:
    """Write the HTML account plan, embedding the cascade diagram written just before it."""
    from kpicascade import diagram, report
    from kpicascade.diagram.layout import lay_out

    drawn = folder / "cascade.svg"
    svg = drawn.read_bytes() if drawn.is_file() else lay_out(diagram.cascade(result, signals=True).source, "svg")
    path = folder / "report.html"
    write_text(path, report.render(result, diagram_svg=svg))
    return [path]


def write_deck(result: Result, folder: Path, scorecard: Path) -> list[Path]:
    """Write the quarterly business review deck."""
    from kpicascade import deck

    path = folder / "deck.pptx"
    deck.save(deck.render(result), path)
    return [path]


#: Output kind -> the function that writes it (in this order: the report embeds the cascade diagram).
OUTPUTS: dict[str, Writer] = {
    "scores": write_scores,
    "workbook": write_workbook,
    "diagrams": write_diagrams,
    "report": write_report,
    "deck": write_deck,
}

#: Output kind -> what it depends on besides the scorecard's own files and the tool's version.
OUTPUT_INPUTS: dict[str, Callable[[Task], str]] = {kind: (lambda task: "") for kind in OUTPUTS}
OUTPUT_INPUTS["report"] = lambda task: task.templates_digest
