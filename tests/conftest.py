"""Shared fixtures: the bundled example scorecards double as test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

import kpicascade
from kpicascade.model import Scorecard

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "scorecards").glob("*.yaml"))


@pytest.fixture(params=EXAMPLES, ids=[p.stem for p in EXAMPLES])
def example_path(request: pytest.FixtureRequest) -> Path:
    """Each bundled example scorecard's path, one test per example."""
    path: Path = request.param
    return path


@pytest.fixture
def example(example_path: Path) -> Scorecard:
    """Each bundled example scorecard, loaded."""
    return kpicascade.load(example_path)
