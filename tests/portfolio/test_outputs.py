"""An account's outputs in a build carry what the single commands show (driver findings, what-if scenarios), each
drawing laid out once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import html  # type: ignore[import-untyped]
from openpyxl import load_workbook
from pptx import Presentation

import kpicascade
from kpicascade.diagram import layout
from kpicascade.layout_engines import in_process
from kpicascade.portfolio import build
from tests.conftest import EXAMPLES


def _departments(card: Path) -> set[str]:
    """Return the departments of a scorecard that have nodes (each gets a page)."""
    loaded = kpicascade.load(card)
    return {d.id for d in loaded.departments} & {n.department for n in loaded.nodes}


def test_a_builds_workbook_report_and_deck_show_the_scenarios_and_the_driver_findings(tmp_path: Path) -> None:
    cards = tmp_path / "cards"
    cards.mkdir()
    for path in EXAMPLES[0].parent.glob("northwind-components.*"):
        shutil.copy(path, cards / path.name)
    out = tmp_path / "out"
    report = build([cards], out, jobs=1)
    assert [o.state for o in report.outcomes] == ["built"]
    card = kpicascade.load(cards / "northwind-components.yaml")
    names = [s.name for s in card.scenarios]
    assert names  # the example carries scenarios
    folder = out / "northwind-components"
    sheets = load_workbook(folder / "scorecard.xlsx", read_only=True).sheetnames
    assert {"Drivers", "Scenarios"} <= set(sheets)
    page = html.fromstring((folder / "report.html").read_text(encoding="utf-8"))
    assert page.xpath('//section[@id="opportunity"]'), "no what-if section"
    shown = page.xpath('string(//section[@id="opportunity"])')
    assert all(name in shown for name in names)
    deck = Presentation(str(folder / "deck.pptx"))
    titles = [
        next((s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text), "")
        for slide in deck.slides
    ]
    assert [t for t in titles if t.startswith("What if: ")] == [f"What if: {n}" for n in names]


@pytest.mark.dot
def test_a_build_lays_out_each_drawing_once(cards: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    laid: list[str] = []

    def counted(source: str, fmt: str) -> tuple[bytes, str]:
        laid.append(source)
        return in_process(source, fmt)

    monkeypatch.setattr(layout, "in_process", counted)
    out = tmp_path / "out"
    build([cards], out, jobs=1)
    drawings = sorted(out.glob("*/*.svg"))
    # the cascade, the strategy map and a page per department: six views a graph each, the report reads them back
    assert len(drawings) == len(laid) == len(set(laid)) == sum(2 + len(_departments(p)) for p in EXAMPLES)
    laid.clear()
    (out / "northwind-components" / "report.html").unlink()
    assert [o.state for o in build([cards], out, jobs=1).outcomes].count("built") == 1
    assert laid == []
