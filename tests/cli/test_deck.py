"""kpicascade deck: one .pptx file, a company template, clean errors."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from pptx import Presentation

from kpicascade.cli import cli

EXAMPLE = Path(__file__).resolve().parents[2] / "scorecards" / "northwind-components.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["deck", *args])
    return result.exit_code, result.stdout, result.stderr


def test_writes_the_deck_at_the_period(tmp_path: Path) -> None:
    target = tmp_path / "qbr.pptx"
    code, out, err = run(str(EXAMPLE), "-o", str(target), "--period", "2026-Q2")
    assert code == 0, err
    assert out == f"wrote {target}\n"
    assert list(tmp_path.iterdir()) == [target]
    prs = Presentation(str(target))
    assert prs.slides[1].shapes[0].text_frame.text == "Northwind Components GmbH at a glance, 2026-Q2"


def test_cases_that_fail_cleanly(tmp_path: Path) -> None:
    broken = tmp_path / "brand.pptx"
    broken.write_text("not a deck", encoding="utf-8")
    cases = [
        (["-o", str(tmp_path / "qbr.pdf")], 2, "the deck is a .pptx file"),
        (["-o", str(tmp_path / "qbr.pptx"), "--period", "2031-Q1"], 1, "2031-Q1"),
        (["-o", str(tmp_path / "qbr.pptx"), "--template", str(broken)], 1, "not a PowerPoint template"),
    ]
    for args, code, message in cases:
        got, _, err = run(str(EXAMPLE), *args)
        assert (got, message in err) == (code, True), (args, err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brand.pptx"]
