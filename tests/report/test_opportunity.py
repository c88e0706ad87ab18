"""The report's "what more adoption would be worth": each scenario's change, what each link carries, its worth."""

from __future__ import annotations

from pathlib import Path

import kpicascade
from kpicascade import report
from kpicascade.report.opportunity import views
from kpicascade.whatif import projections
from tests.whatif.test_projection import write_exact

SCENARIOS = """  - {id: plus20, name: Planners +20%, signal: sig_users, percent: 20}
  - {id: hostile, name: "<script>alert(1)</script>", signal: sig_users, by: -10}"""


def test_each_scenario_in_words_and_figures(tmp_path: Path) -> None:
    card = kpicascade.load(write_exact(tmp_path, SCENARIOS))
    result = card.score()
    plus20, hostile = views(card, projections(result))
    assert plus20.change == "Weekly active planners: 134 now, +26.8"  # 20% of 134
    # OTIF moves 0.5 x 26.8 = 13.4 points, worth 13.4 x 10,000 a year, over a fee of 100,000
    assert plus20.worth == "Worth USD 134,000 a year, 134% of the annual fee."
    assert plus20.links == [
        ["OTIF", "confirmed", "13.4", "2026-02"],  # points: 37 -> 50.4
        ["Complaints handled", "too few periods", "nothing: not confirmed", "\u2013"],
    ]
    assert plus20.moved[0] == ["OTIF", "37", "50.4"]
    assert plus20.moved[1] == ["Reliable supplier (score)", "41%", "58%"]  # (0.425 + 0.4) / 2 -> (0.76 + 0.4) / 2
    assert hostile.worth == "Worth USD -50,000 a year, -50% of the annual fee."  # -10 x 0.5 x 10,000 over 100,000


def test_the_section_is_in_the_report_and_escapes_scorecard_text(tmp_path: Path) -> None:
    card = kpicascade.load(write_exact(tmp_path, SCENARIOS))
    result = card.score()
    page = report.render(result, scenarios=projections(result))
    assert '<section id="opportunity">' in page
    assert '<a href="#opportunity">What more adoption would be worth</a>' in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<td class="verdict verdict-confirmed">confirmed</td>' in page


def test_no_scenarios_no_section(tmp_path: Path) -> None:
    card = kpicascade.load(write_exact(tmp_path, "  []"))
    assert 'id="opportunity"' not in report.render(card.score())
