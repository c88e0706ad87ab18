"""The quarterly business review deck: a renderer that returns an editable PowerPoint presentation.

Every text is real text in a box measured to hold it, every chart a native chart with its own data, and a
company's template (its masters, layouts and theme) is used when given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kpicascade.deck.frame import Deck
from kpicascade.deck.saving import save
from kpicascade.deck.slides import SLIDES, Pack
from kpicascade.report.context import Builder
from kpicascade.report.peer_rows import peer_rows
from kpicascade.report.sections import build
from kpicascade.scoring import Result
from kpicascade.whatif import Projection

__all__ = ["render", "save"]


def render(
    result: Result,
    *,
    template: Path | None = None,
    findings: Sequence[object] = (),
    peers: Sequence[Mapping[str, Any]] = (),
    scenarios: Sequence[Projection] = (),
) -> Any:
    """Return the deck of a scored scorecard as a python-pptx Presentation, on a company template if given.

    peers are the account's standings among customers like it (as a portfolio build writes them); they add a
    "Customers like you" slide. scenarios are what-if projections (kpicascade.whatif): a slide each.
    """
    # one builder for the report's figures and the slides' own reads of them; the deck shows no sparklines, nor
    # the printed report's cascade outline
    builder = Builder(result, sparks=False)
    report = build(result, findings=findings, scenarios=scenarios, builder=builder, outline=False)
    deck = Deck(template, f"{report.account} · {report.period}")
    pack = Pack(report, builder, result, peer_rows(peers))
    for make in SLIDES:
        make(deck, pack)
    return deck.prs
