"""A scored scorecard in Jupyter: the cascade diagram and a status table."""

from __future__ import annotations

import pytest
from defusedxml import ElementTree

from kpicascade.diagram import layout
from kpicascade.scoring import Result


@pytest.mark.dot
def test_repr_svg_is_the_cascade(scored: Result) -> None:
    svg = scored._repr_svg_()
    assert svg is not None
    ids = {e.get("id") for e in ElementTree.fromstring(svg).iter()}
    assert {f"node-{n.id}" for n in scored.card.nodes} <= ids
    assert scored._repr_svg_() is svg  # laid out once per result


@pytest.mark.dot
def test_repr_html_holds_the_diagram_and_a_status_table(scored: Result) -> None:
    page = scored._repr_html_()
    assert page.count("<svg") == 1
    assert "<script" not in page
    assert page.count("<tr>") == 1 + len(scored.card.nodes)
    assert "▲ AT RISK" in page
    assert "Acme Analytics, 2025-Q4: overall 77%" in page


def test_repr_without_an_engine_still_shows_the_table(scored: Result, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout, "_has_pygraphviz", lambda: False)
    monkeypatch.setattr("shutil.which", lambda name: None)
    assert scored._repr_svg_() is None
    page = scored._repr_html_()
    assert "pip install pygraphviz" in page
    assert "Logo churn" in page
