"""Every example's deck as LibreOffice Impress shows it: exported to PDF, a page per slide, every objective legible."""

from __future__ import annotations

from pathlib import Path

import pytest

import kpicascade
from kpicascade import deck
from tests.conftest import EXAMPLES
from tests.rendered import folded, pages, to_pdf

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, list[str]]]:
    """Each example's deck exported to PDF by LibreOffice: its slide count and the PDF's page texts."""
    folder = tmp_path_factory.mktemp("decks")
    counts, paths = {}, []
    for example in EXAMPLES:
        prs = deck.render(kpicascade.load(example).score())
        path = folder / f"{example.stem}.pptx"
        deck.save(prs, path)
        counts[example.stem] = len(prs.slides)
        paths.append(path)
    pdfs = to_pdf(paths, folder / "profile", folder / "pdf")
    return {p.stem: (counts[p.stem], pages(p)) for p in pdfs}


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_each_slide_is_a_page_naming_every_objective(exported: dict[str, tuple[int, list[str]]], example: Path) -> None:
    count, texts = exported[example.stem]
    assert len(texts) == count
    whole = " ".join(texts)
    card = kpicascade.load(example)
    assert folded(card.account) in whole
    for node in card.nodes:
        if node.kind == "objective":
            assert folded(node.name) in whole, node.name
    assert "###" not in whole
