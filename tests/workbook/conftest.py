"""Fixtures for the workbook tests: a coverage scorecard copied to a scratch folder, and LibreOffice."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import kpicascade
from kpicascade.workbook import render, save
from tests.workbook import libreoffice

CARDS = Path(__file__).resolve().parent / "cards"


@dataclass
class Made:
    """A scorecard copied to a scratch folder and the workbook made from it."""

    scorecard: Path
    csv: Path
    workbook: Path


def make(folder: Path, name: str = "coverage", period: str | None = None) -> Made:
    """Copy a test scorecard into folder and write its workbook to folder/out/NAME.xlsx."""
    folder.mkdir(parents=True, exist_ok=True)
    for part in CARDS.glob(f"{name}.*"):
        shutil.copy(part, folder / part.name)
    scorecard = folder / f"{name}.yaml"
    target = folder / "out" / f"{name}.xlsx"
    save(render(kpicascade.load(scorecard).score(period=period)), target, scorecard)
    return Made(scorecard, folder / f"{name}.actuals.csv", target)


@pytest.fixture
def coverage_path() -> Path:
    """The scorecard that uses every scoring method, roll-up and policy, with names that look like formulas."""
    return CARDS / "coverage.yaml"


@pytest.fixture
def made(tmp_path: Path) -> Made:
    """The coverage scorecard in a scratch folder, with its workbook saved beside it."""
    return make(tmp_path / "card")


@pytest.fixture(scope="session")
def recalculate(tmp_path_factory: pytest.TempPathFactory) -> Callable[[list[Path]], list[Path]]:
    """Return a function that recalculates workbooks in headless LibreOffice and returns the new files."""
    profile = libreoffice.profile(tmp_path_factory.mktemp("libreoffice-profile"))

    def run(paths: list[Path]) -> list[Path]:
        return libreoffice.recalculate(paths, profile, tmp_path_factory.mktemp("recalculated"))

    return run
