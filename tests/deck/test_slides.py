"""The deck read back with python-pptx: every slide in order, every objective named, native charts, text that fits."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx.enum.chart import XL_CHART_TYPE

import kpicascade
from kpicascade import deck
from kpicascade.scoring import Result
from tests.deck.conftest import card
from tests.deck.measure import overflows, texts


def titles(prs: object) -> list[str]:
    """Return each slide's first text: its title."""
    out = []
    for slide in prs.slides:  # type: ignore[attr-defined]
        boxes = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text.strip()]
        out.append(boxes[0].text_frame.text if boxes else "")
    return out


def test_every_example_names_every_objective_and_no_text_overflows(example_path: Path) -> None:
    result = kpicascade.load(example_path).score()
    prs = deck.render(result)
    words = texts(prs)
    for node in result.card.nodes:
        if node.kind == "objective":
            assert node.name in words, node.name
    assert overflows(prs) == []
    assert 10 <= len(prs.slides) <= 40


def test_the_slides_run_in_the_order_of_a_review(small: Result) -> None:
    got = titles(deck.render(small))
    assert got == [
        "Fjord Foods ASA",
        "Fjord Foods ASA at a glance, 2026-Q2",
        "Moments of truth",
        "Customer: objectives and what feeds them",
        "Why it moved since 2026-Q1",
        "Value and return on the fee",
        "Evidence from usage",
        "Off track: measures and their owners",
        "Next steps",
    ]


def test_the_objective_chart_is_native_and_holds_the_score(small: Result) -> None:
    prs = deck.render(small)
    charts = [s.chart for slide in prs.slides for s in slide.shapes if s.has_chart]
    assert len(charts) == 1
    chart = charts[0]
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert list(chart.plots[0].categories) == ["Be the most reliable supplier"]
    # (150 - 100) / (200 - 100) = 0.5 and (120 - 100) / 100 = 0.2, weighted equally: 0.35
    assert list(chart.plots[0].series[0].values) == [pytest.approx(0.35)]


@pytest.mark.parametrize(
    "name",
    [
        "<a:t>not markup</a:t> & friends",
        '=HYPERLINK("http://x")',
        "Supercalifragilisticexpialidocious-without-any-space-at-all-so-it-must-break-inside-the-word-somewhere",
        "名前の長い指標 " * 6,
    ],
)
def test_any_name_stays_text_and_fits(tmp_path: Path, name: str) -> None:
    prs = deck.render(card(tmp_path, name, [(name, 150)]))
    assert name.strip() in texts(prs)
    assert overflows(prs) == []


def test_a_long_table_continues_on_more_slides_without_losing_a_row(tmp_path: Path) -> None:
    names = [f"Measure number {i} with a name long enough to wrap over two lines in its cell" for i in range(60)]
    prs = deck.render(card(tmp_path, "Serve every order", [(n, 110) for n in names]))
    got = titles(prs)
    assert "Moments of truth (continued)" in got
    assert "Off track: measures and their owners (continued)" in got
    words = texts(prs)
    assert all(n in words for n in names)
    assert overflows(prs) == []


def test_the_deck_is_written_atomically_and_reads_back(small: Result, tmp_path: Path) -> None:
    from pptx import Presentation

    target = tmp_path / "deck.pptx"
    deck.save(deck.render(small), target)
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".pptx"] == ["deck.pptx"]
    assert len(Presentation(str(target)).slides) == 9


PLAN = """\
plan:
  - {id: late, action: Weekly expedite review, owner: "Lars Berg", side: customer, due: 2026-09-30, nodes: [k0]}
  - {id: first, action: Carrier scorecards in Lattice, owner: "Ida Moe", due: 2026-07-15, status: in_progress,
     nodes: [k0], expect: {node: k0, to: 180, by: 2026-Q4}}
  - {id: closed, action: Dock schedule, owner: "Ida Moe", due: 2026-06-01, status: done, nodes: [k1]}
notes:
  rows:
    - {node: k0, period: 2026-Q2, text: Two carriers failed in the storms, author: Lars Berg}
"""


def rows_of(prs: object, heading: str) -> list[list[str]]:
    """Return the table rows (cell texts, one string per paragraph) of the slides whose title starts with heading."""
    found = []
    for slide, title in zip(prs.slides, titles(prs), strict=True):  # type: ignore[attr-defined]
        if title.startswith(heading):
            for shape in slide.shapes:
                if shape.has_table:
                    found += [[c.text for c in row.cells] for row in list(shape.table.rows)[1:]]
    return found


def test_next_steps_are_the_plans_open_actions_by_due_day_then_what_has_none(tmp_path: Path) -> None:
    card(tmp_path, "Serve every order", [("On time in full", 150), ("Orders shipped complete", 120)])
    path = tmp_path / "card.yaml"
    path.write_text(path.read_text(encoding="utf-8") + PLAN, encoding="utf-8")
    prs = deck.render(kpicascade.load(path).score(period="2026-Q2"))
    steps = rows_of(prs, "Next steps")
    # open items by due day (first before late); the done one is not a next step; k1 is red with no open action
    assert [row[0].split("\n")[0] for row in steps] == [
        "Carrier scorecards in Lattice",
        "Weekly expedite review",
        "No action yet: agree one to bring Orders shipped complete from 120 orders to 200 orders",
    ]
    assert steps[0][1:3] == ["Ida Moe\nvendor side", "2026-07-15"]
    assert steps[1][1:3] == ["Lars Berg\ncustomer side", "2026-09-30"]
    assert "moves On time in full" in steps[0][0]
    # each measure's cell: its name (after the moment-of-truth mark), kind and owner, department, note, actions
    off = {row[0].split("\n")[0].split(" ", 1)[1]: row[0] for row in rows_of(prs, "Off track")}
    assert "Note: Two carriers failed in the storms (Lars Berg)" in off["On time in full"]
    assert "Action: Carrier scorecards in Lattice (Ida Moe, due 2026-07-15, in progress)" in off["On time in full"]
    assert "No open action yet" in off["Orders shipped complete"]
    assert overflows(prs) == []


def test_each_scenario_gets_a_what_if_slide_that_carries_only_confirmed_links(example_path: Path) -> None:
    from kpicascade import drivers
    from kpicascade.whatif import projections

    result = kpicascade.load(example_path).score()
    found = projections(result, findings=drivers.analyse([result.card]))
    prs = deck.render(result, scenarios=found)
    slides = {t: slide for slide, t in zip(prs.slides, titles(prs), strict=True) if t.startswith("What if: ")}
    assert list(slides) == [f"What if: {s.name}" for s in result.card.scenarios]
    for projection in found:
        slide = slides[f"What if: {projection.scenario.name}"]
        text = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        for link in projection.links:
            line = next(x for x in text.split("\n") if x.startswith(f"{link.name}: "))
            assert line.endswith("so it carries nothing") is (not link.contributes), line
        tables = [s for s in slide.shapes if s.has_table]
        # a table of the figures it moves only when a confirmed link moves one
        assert bool(tables) is bool(projection.measures)
        if not any(link.contributes for link in projection.links):
            assert "Worth nothing the data support yet: no link of this signal is confirmed." in text
    assert overflows(prs) == []
