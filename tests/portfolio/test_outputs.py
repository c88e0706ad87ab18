"""An account's outputs in a build carry what the single commands show: driver findings and what-if scenarios."""

from __future__ import annotations

import shutil
from pathlib import Path

from lxml import html  # type: ignore[import-untyped]
from openpyxl import load_workbook
from pptx import Presentation

import kpicascade
from kpicascade.portfolio import build

EXAMPLES = Path(__file__).resolve().parents[2] / "scorecards"


def test_a_builds_workbook_report_and_deck_show_the_scenarios_and_the_driver_findings(tmp_path: Path) -> None:
    cards = tmp_path / "cards"
    cards.mkdir()
    for path in EXAMPLES.glob("northwind-components.*"):
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
